import { useSignal } from '@preact/signals';
import type { AgendaItem } from '../api/types';
import { LoadState } from '../components/Async/LoadState';
import { problemText } from '../components/Async/problem';
import { useAsync } from '../components/Async/useAsync';
import { Layout } from '../components/Layout/Layout';
import { t } from '../i18n';
import { formatDate, formatDateTime, locale } from '../i18n/format';
import { useAppState } from '../state/app';

type View = 'day' | 'week';
type Answer = 'accepted' | 'tentative' | 'declined';

/** startOfDay is local midnight of d. */
function startOfDay(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

/** addDays moves a local day by n calendar days (daylight saving keeps midnight). */
function addDays(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
}

/** rangeOf is the [from, to) of the day or the ISO week (Monday first) around anchor, in local time. */
export function rangeOf(view: View, anchor: Date): { from: Date; to: Date } {
  const day = startOfDay(anchor);
  if (view === 'day') return { from: day, to: addDays(day, 1) };
  const monday = addDays(day, -((day.getDay() + 6) % 7));
  return { from: monday, to: addDays(monday, 7) };
}

function dayKey(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function timeOf(iso: string | Date): string {
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' }).format(typeof iso === 'string' ? new Date(iso) : iso);
}

function weekday(d: Date): string {
  return new Intl.DateTimeFormat(locale(), { weekday: 'long', day: 'numeric', month: 'long' }).format(d);
}

/**
 * AgendaPage is the signed-in staff member's own agenda (GET /agenda) by day
 * or by week: double bookings are flagged, an invitation not yet answered can
 * be accepted, answered "maybe" or declined there, and the private calendar
 * feed for Outlook or Google Calendar is made or revoked.
 */
export function AgendaPage() {
  const { api } = useAppState();
  const view = useSignal<View>('week');
  const anchor = useSignal(startOfDay(new Date()));
  const { from, to } = rangeOf(view.value, anchor.value);
  const res = useAsync(
    () => api.GET('/api/v1/agenda', { params: { query: { from: from.toISOString(), to: to.toISOString() } } }),
    [view.value, from.getTime()],
  );
  const message = useSignal<string | null>(null);
  const done = useSignal('');
  const busy = useSignal(false);

  async function answer(a: AgendaItem, status: Answer) {
    if (busy.value) return;
    busy.value = true;
    message.value = null;
    done.value = '';
    try {
      const { data, error, response } = await api.POST('/api/v1/appointments/{id}/response', { params: { path: { id: a.id } }, body: { status } });
      if (data) done.value = t('agenda.answered', { status: t(`appt.status.${status}`) });
      else message.value = problemText(response.status, error);
      await res.reload();
    } catch {
      message.value = problemText('network');
    } finally {
      busy.value = false;
    }
  }

  const items = res.data.value?.items ?? [];
  const days: Date[] = [];
  for (let d = from; d < to; d = addDays(d, 1)) days.push(d);
  const byDay = new Map<string, AgendaItem[]>();
  for (const a of items) {
    const k = dayKey(new Date(a.starts_at));
    byDay.set(k, [...(byDay.get(k) ?? []), a]);
  }
  const step = view.value === 'day' ? 1 : 7;
  const last = addDays(to, -1);

  return (
    <Layout title={t('agenda.title')}>
      <section class="card" aria-labelledby="agenda-h">
        <h2 id="agenda-h" class="visually-hidden">
          {t('agenda.title')}
        </h2>
        <div class="agenda-toolbar">
          <fieldset class="chips">
            <legend class="visually-hidden">{t('agenda.view')}</legend>
            {(['day', 'week'] as const).map((v) => (
              <label key={v} class="chip">
                <input type="radio" name="agenda-view" checked={view.value === v} onChange={() => (view.value = v)} />
                {t(`agenda.${v}`)}
              </label>
            ))}
          </fieldset>
          <div class="button-row">
            <button type="button" class="button" onClick={() => (anchor.value = addDays(anchor.value, -step))}>
              {t('agenda.prev')}
            </button>
            <button type="button" class="button" onClick={() => (anchor.value = startOfDay(new Date()))}>
              {t('agenda.today')}
            </button>
            <button type="button" class="button" onClick={() => (anchor.value = addDays(anchor.value, step))}>
              {t('agenda.next')}
            </button>
          </div>
          <p class="muted" aria-live="polite">
            {view.value === 'day' ? weekday(from) : t('agenda.range', { from: formatDate(dayKey(from)), to: formatDate(dayKey(last)) })}
          </p>
        </div>
        <div class="alert" role="alert" hidden={!message.value}>
          {message.value}
        </div>
        <p class="small" role="status">
          {done.value}
        </p>
        <LoadState loading={res.loading.value && !res.data.value} error={res.error.value} onRetry={() => void res.reload()} />
        {res.data.value && items.length === 0 && <p class="muted">{t('agenda.empty')}</p>}
        {res.data.value &&
          items.length > 0 &&
          days.map((d) => {
            const list = byDay.get(dayKey(d)) ?? [];
            if (view.value === 'week' && list.length === 0) return null;
            return (
              <div key={dayKey(d)} class="agenda-day">
                <h3>{weekday(d)}</h3>
                {list.length === 0 ? (
                  <p class="muted">{t('agenda.emptyDay')}</p>
                ) : (
                  <ul class="appt-list">
                    {list.map((a) => (
                      <AgendaEntry key={a.id} a={a} busy={busy.value} onAnswer={(s) => void answer(a, s)} />
                    ))}
                  </ul>
                )}
              </div>
            );
          })}
      </section>
      <CalendarFeed />
    </Layout>
  );
}

function AgendaEntry({ a, busy, onAnswer }: { a: AgendaItem; busy: boolean; onAnswer: (s: Answer) => void }) {
  const end = new Date(new Date(a.starts_at).getTime() + a.duration_minutes * 60_000);
  const when = formatDateTime(a.starts_at);
  const open = !a.outcome;
  return (
    <li class={`appt${a.double_booked ? ' appt--double' : ''}${a.outcome ? ' appt--closed' : ''}`}>
      <p class="appt__when">
        <strong>
          {timeOf(a.starts_at)}–{timeOf(end)}
        </strong>{' '}
        · <a href={`/casussen/${a.case_id}`}>{a.label}</a> · {t(`kind.${a.kind}`)}
      </p>
      <p class="appt__where">
        {t(`location.${a.location}`)}
        {a.place && ` · ${a.place}`}
      </p>
      <p>
        {a.double_booked && (
          <span class="badge badge--warn" title={t('agenda.doubleBookedWith')}>
            {t('agenda.doubleBooked')}
          </span>
        )}{' '}
        {a.outcome ? (
          <span class="badge">{t('agenda.closed', { outcome: t(`appt.outcome.${a.outcome}`) })}</span>
        ) : (
          <span class={`badge badge--ps-${a.my_status}`}>{t('agenda.myAnswer', { status: t(`appt.status.${a.my_status}`) })}</span>
        )}
      </p>
      {a.double_booked && <p class="small">{t('agenda.doubleBookedWith')}</p>}
      {open && a.my_status === 'needs_action' && (
        <div class="button-row appt__actions">
          {(
            [
              ['accepted', 'agenda.accept', 'button button--primary'],
              ['tentative', 'agenda.tentative', 'button'],
              ['declined', 'agenda.decline', 'button'],
            ] as const
          ).map(([s, label, cls]) => (
            <button
              key={s}
              type="button"
              class={cls}
              aria-disabled={busy}
              aria-label={t('agenda.answerFor', { answer: t(label), label: a.label, when })}
              onClick={() => onAnswer(s)}
            >
              {t(label)}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}

/** CalendarFeed makes (or remakes) and revokes the private calendar address; it is shown once, to copy. */
function CalendarFeed() {
  const { api } = useAppState();
  const url = useSignal<string | null>(null);
  const message = useSignal<string | null>(null);
  const done = useSignal('');
  const busy = useSignal(false);

  async function make() {
    if (busy.value) return;
    busy.value = true;
    message.value = null;
    done.value = '';
    try {
      const { data, error, response } = await api.POST('/api/v1/me/calendar-feed');
      if (data) url.value = new URL(data.url, location.origin).toString();
      else message.value = problemText(response.status, error);
    } catch {
      message.value = problemText('network');
    } finally {
      busy.value = false;
    }
  }

  async function revoke() {
    if (busy.value) return;
    busy.value = true;
    message.value = null;
    done.value = '';
    try {
      const { error, response } = await api.DELETE('/api/v1/me/calendar-feed');
      if (response.ok) {
        url.value = null;
        done.value = t('feed.revoked');
      } else if (response.status === 404) done.value = t('feed.noFeed');
      else message.value = problemText(response.status, error);
    } catch {
      message.value = problemText('network');
    } finally {
      busy.value = false;
    }
  }

  async function copy() {
    if (!url.value) return;
    try {
      await navigator.clipboard.writeText(url.value);
      done.value = t('feed.copied');
    } catch {
      done.value = t('feed.copyFailed');
    }
  }

  return (
    <section class="card" aria-labelledby="feed-h">
      <h2 id="feed-h">{t('feed.title')}</h2>
      <p class="muted">{t('feed.intro')}</p>
      {url.value && (
        <div class="field">
          <label for="feed-url">{t('feed.url')}</label>
          <input id="feed-url" class="feed-url" type="text" readOnly value={url.value} onFocus={(e) => e.currentTarget.select()} aria-describedby="feed-once" />
          <p class="hint small" id="feed-once">
            {t('feed.onceOnly')}
          </p>
        </div>
      )}
      <div class="alert" role="alert" hidden={!message.value}>
        {message.value}
      </div>
      <div class="button-row">
        {url.value && (
          <button type="button" class="button button--primary" onClick={() => void copy()}>
            {t('feed.copy')}
          </button>
        )}
        <button type="button" class={url.value ? 'button' : 'button button--primary'} aria-disabled={busy.value} onClick={() => void make()}>
          {url.value ? t('feed.remake') : t('feed.make')}
        </button>
        <button type="button" class="button" aria-disabled={busy.value} onClick={() => void revoke()}>
          {t('feed.revoke')}
        </button>
      </div>
      <p class="small" role="status">
        {done.value}
      </p>
    </section>
  );
}
