import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import {
  conversationKinds,
  conversationLocations,
  type Appointment,
  type AppointmentOutcome,
  type AppointmentParticipant,
  type AppointmentParticipantInput,
  type CaseFull,
  type ConversationKind,
  type ConversationLocation,
  type Participant,
} from '../../api/types';
import { t } from '../../i18n';
import { formatDate, formatDateTime, today } from '../../i18n/format';
import { useAppState } from '../../state/app';
import { LoadState } from '../Async/LoadState';
import { saveBlob } from '../Async/download';
import { problemText } from '../Async/problem';
import { useAsync } from '../Async/useAsync';

/** durations are the lengths the form offers, in minutes (the API takes 15–240). */
export const durations = [30, 45, 60, 75, 90, 120] as const;

/** localParts splits an RFC 3339 moment into the local date (YYYY-MM-DD) and time (HH:MM) the inputs show. */
export function localParts(iso: string): { date: string; time: string } {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return { date: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`, time: `${p(d.getHours())}:${p(d.getMinutes())}` };
}

/** toInstant reads a local date and time as an RFC 3339 moment (UTC), or null when either is missing. */
export function toInstant(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const d = new Date(`${date}T${time}:00`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** toConversationParticipants turns the people invited to an appointment into the conversation's
 * participants: everyone who did not decline, staff by user id, the network by name. */
export function toConversationParticipants(parts: readonly AppointmentParticipant[]): Participant[] {
  return parts
    .filter((p) => p.status !== 'declined')
    .map((p) => (p.user_id ? { user_id: p.user_id, role: p.role } : p.name ? { role: p.role, name: p.name } : { role: p.role }));
}

interface Props {
  c: CaseFull;
  /** open: the user may plan and change appointments (case.content.write). */
  open: boolean;
  /** onStarted is called after a conversation was started from an appointment. */
  onStarted: () => void;
}

/**
 * Appointments is the case page's "Afspraken": the planned joint talks with
 * who is invited and their answers, a form to plan one ("Gesprek plannen") or
 * change it (PATCH with If-Match; a 412 reloads the list and keeps what was
 * typed), recording held / cancelled / no-show, and starting the conversation
 * from a planned talk with its date, place and people filled in.
 */
export function Appointments({ c, open, onStarted }: Props) {
  const { api, auth } = useAppState();
  const { route } = useLocation();
  const me = auth.user.value;
  const list = useAsync(() => api.GET('/api/v1/cases/{id}/appointments', { params: { path: { id: c.id } } }), [c.id]);
  const editing = useSignal<Appointment | 'new' | null>(null);
  const message = useSignal<string | null>(null);
  const done = useSignal('');
  const busy = useSignal(false);
  const heading = useRef<HTMLHeadingElement>(null);

  const items = list.data.value?.items ?? [];
  const names = new Map<number, string>(c.team.map((p) => [p.user_id, p.display_name]));
  if (me) names.set(me.id, me.display_name);
  const nameOf = (p: AppointmentParticipant) =>
    p.role === 'resident' ? t('participant.resident') : p.name ? p.name : ((p.user_id && names.get(p.user_id)) ?? t(`participant.${p.role}`));

  async function setOutcome(a: Appointment, outcome: AppointmentOutcome) {
    if (busy.value) return;
    busy.value = true;
    message.value = null;
    done.value = '';
    try {
      const { data, error, response } = await api.PATCH('/api/v1/appointments/{id}', {
        params: { path: { id: a.id }, header: { 'If-Match': `"${a.version}"` } },
        body: { outcome },
      });
      if (data) done.value = t(`appt.outcomeDone.${outcome}`);
      else message.value = response.status === 412 ? t('appt.stale') : problemText(response.status, error);
      await list.reload();
    } catch {
      message.value = problemText('network');
    } finally {
      busy.value = false;
    }
  }

  async function start(a: Appointment) {
    if (busy.value) return;
    busy.value = true;
    message.value = null;
    try {
      const { data, error, response } = await api.POST('/api/v1/cases/{id}/conversations', {
        params: { path: { id: c.id } },
        body: {
          held_on: localParts(a.starts_at).date,
          kind: a.kind,
          location: a.location,
          participants: toConversationParticipants(a.participants),
        },
      });
      if (data) {
        onStarted();
        route(`/gesprekken/${data.id}`);
      } else message.value = problemText(response.status, error);
    } catch {
      message.value = problemText('network');
    } finally {
      busy.value = false;
    }
  }

  async function ics(a: Appointment) {
    message.value = null;
    try {
      const { data, response } = await api.GET('/api/v1/appointments/{id}/ics', { params: { path: { id: a.id } }, parseAs: 'blob' });
      if (data) saveBlob(data, `hoi-afspraak-${a.id}.ics`);
      else message.value = problemText(response.status);
    } catch {
      message.value = problemText('network');
    }
  }

  const planned = items.filter((a) => !a.outcome);
  const current = editing.value === 'new' ? null : editing.value ? (items.find((a) => a.id === (editing.value as Appointment).id) ?? null) : null;

  return (
    <section class="card appointments" aria-labelledby="case-appts">
      <div class="section-head">
        <h2 id="case-appts" ref={heading} tabIndex={-1}>
          {t('appt.title')}
        </h2>
        {open && !editing.value && (
          <button type="button" class="button button--primary" onClick={() => (editing.value = 'new')}>
            {t('appt.plan')}
          </button>
        )}
      </div>
      <div class="alert" role="alert" hidden={!message.value}>
        {message.value}
      </div>
      <p class="small" role="status">
        {done.value}
      </p>
      {editing.value && (
        <AppointmentForm
          c={c}
          appt={editing.value === 'new' ? null : (current ?? editing.value)}
          names={names}
          onCancel={() => {
            editing.value = null;
            heading.current?.focus();
          }}
          onSaved={async (a, isNew) => {
            editing.value = null;
            done.value = isNew ? t('appt.planned', { when: formatDateTime(a.starts_at) }) : t('appt.saved');
            await list.reload();
            heading.current?.focus();
          }}
          onStale={() => list.reload()}
        />
      )}
      <LoadState loading={list.loading.value && !list.data.value} error={list.error.value} onRetry={() => void list.reload()} />
      {list.data.value && items.length === 0 && <p class="muted">{t('appt.none')}</p>}
      {items.length > 0 && (
        <ul class="appt-list">
          {items.map((a) => (
            <li key={a.id} class={`appt${a.outcome ? ' appt--closed' : ''}`}>
              <p class="appt__when">
                <strong>{formatDateTime(a.starts_at)}</strong> · {t('appt.minutes', { count: a.duration_minutes })} · {t(`kind.${a.kind}`)}
              </p>
              <p class="appt__where">
                {t(`location.${a.location}`)}
                {a.place && ` · ${a.place}`}
              </p>
              <ul class="plain appt__people" aria-label={t('appt.participants')}>
                {a.participants.map((p, i) => (
                  <li key={`${p.user_id ?? p.role}-${p.name ?? ''}-${i}`}>
                    {nameOf(p)} <span class="muted small">({t(`participant.${p.role}`)})</span>{' '}
                    {p.role === 'resident' || p.role === 'other' ? null : <span class={`badge badge--ps-${p.status}`}>{t(`appt.status.${p.status}`)}</span>}
                  </li>
                ))}
              </ul>
              {a.outcome ? (
                <p>
                  <span class={`badge badge--ao-${a.outcome}`}>{t(`appt.outcome.${a.outcome}`)}</span>
                </p>
              ) : (
                open && (
                  <div class="button-row appt__actions">
                    <button type="button" class="button button--primary" aria-disabled={busy.value} onClick={() => void start(a)}>
                      {t('appt.start')}
                    </button>
                    <button type="button" class="button" aria-disabled={busy.value} onClick={() => (editing.value = a)}>
                      {t('appt.edit')}
                    </button>
                    <button type="button" class="button button--small" onClick={() => void ics(a)}>
                      {t('appt.ics')}
                    </button>
                    {/* Held or missed only once it has begun (the server says so too); before that, cancel or move it. */}
                    {(Date.parse(a.starts_at) <= Date.now() ? (['held', 'no_show', 'cancelled'] as const) : (['cancelled'] as const)).map((o) => (
                      <button key={o} type="button" class="button button--small" aria-disabled={busy.value} onClick={() => void setOutcome(a, o)}>
                        {t(`appt.record.${o}`)}
                      </button>
                    ))}
                  </div>
                )
              )}
            </li>
          ))}
        </ul>
      )}
      {planned.length === 0 && items.length > 0 && open && <p class="muted small">{t('appt.noneOpen')}</p>}
    </section>
  );
}

interface FormProps {
  c: CaseFull;
  appt: Appointment | null;
  names: Map<number, string>;
  onCancel: () => void;
  onSaved: (a: Appointment, isNew: boolean) => Promise<void>;
  /** onStale reloads the list after a 412, so the form saves against the newest version next time. */
  onStale: () => Promise<void>;
}

type Staff = { user_id: number; role: AppointmentParticipantInput['role'] };

function AppointmentForm({ c, appt, names, onCancel, onSaved, onStale }: FormProps) {
  const { api, auth } = useAppState();
  const me = auth.user.value;
  const initial = appt ? localParts(appt.starts_at) : { date: today(), time: '10:00' };
  const date = useSignal(initial.date);
  const time = useSignal(initial.time);
  const duration = useSignal(String(appt?.duration_minutes ?? 60));
  const kind = useSignal<ConversationKind>(appt?.kind ?? 'exploratory');
  const location = useSignal<ConversationLocation>(appt?.location ?? 'gp_practice');
  const place = useSignal(appt?.place ?? '');
  // The staff who can be invited: me (the planner) and the case team.
  const staff: Staff[] = [];
  if (me && (me.role === 'poh' || me.role === 'peer' || me.role === 'coach' || me.role === 'gp')) staff.push({ user_id: me.id, role: me.role });
  for (const p of c.team) if (!staff.some((s) => s.user_id === p.user_id)) staff.push({ user_id: p.user_id, role: p.role as Staff['role'] });
  for (const p of appt?.participants ?? [])
    if (p.user_id && !staff.some((s) => s.user_id === p.user_id)) staff.push({ user_id: p.user_id, role: p.role });
  const invited = useSignal<Set<number>>(
    new Set(appt ? appt.participants.filter((p) => p.user_id).map((p) => p.user_id as number) : staff.map((s) => s.user_id)),
  );
  const resident = useSignal(appt ? appt.participants.some((p) => p.role === 'resident') : true);
  const network = useSignal(
    appt
      ? appt.participants
          .filter((p) => p.role === 'other' && p.name)
          .map((p) => p.name)
          .join(', ')
      : '',
  );
  const message = useSignal<string | null>(null);
  const busy = useSignal(false);
  const ids = appt ? `appt-${appt.id}` : 'appt-new';

  function body() {
    const starts = toInstant(date.value, time.value);
    const participants: AppointmentParticipantInput[] = staff.filter((s) => invited.value.has(s.user_id)).map((s) => ({ user_id: s.user_id, role: s.role }));
    if (resident.value) participants.push({ role: 'resident' });
    for (const n of network.value.split(',').map((x) => x.trim()).filter(Boolean)) participants.push({ role: 'other', name: n.slice(0, 80) });
    return { starts, participants };
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy.value) return;
    const { starts, participants } = body();
    if (!starts) {
      message.value = t('appt.whenMissing');
      return;
    }
    busy.value = true;
    message.value = null;
    const fields = {
      kind: kind.value,
      starts_at: starts,
      duration_minutes: Number(duration.value),
      location: location.value,
      place: place.value.trim(),
      participants,
    };
    try {
      if (!appt) {
        const { data, error, response } = await api.POST('/api/v1/cases/{id}/appointments', { params: { path: { id: c.id } }, body: fields });
        if (data) await onSaved(data, true);
        else message.value = problemText(response.status, error);
      } else {
        const { data, error, response } = await api.PATCH('/api/v1/appointments/{id}', {
          params: { path: { id: appt.id }, header: { 'If-Match': `"${appt.version}"` } },
          body: fields,
        });
        if (data) await onSaved(data, false);
        else if (response.status === 412) {
          // Someone changed it meanwhile: load the newest version; what was typed stays in the form.
          message.value = t('appt.stale');
          await onStale();
        } else message.value = problemText(response.status, error);
      }
    } catch {
      message.value = problemText('network');
    } finally {
      busy.value = false;
    }
  }

  const staffName = (s: Staff) => (s.user_id === me?.id ? t('appt.me', { name: me.display_name }) : (names.get(s.user_id) ?? t(`participant.${s.role}`)));

  return (
    <form class="form subform appt-form" aria-labelledby={`${ids}-h`} onSubmit={(e) => void submit(e)}>
      <h3 id={`${ids}-h`}>{appt ? t('appt.editTitle') : t('appt.plan')}</h3>
      <div class="inline-form">
        <div class="field">
          <label for={`${ids}-date`}>{t('appt.date')}</label>
          <input id={`${ids}-date`} type="date" required value={date.value} onInput={(e) => (date.value = e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for={`${ids}-time`}>{t('appt.time')}</label>
          <input id={`${ids}-time`} type="time" required step={300} value={time.value} onInput={(e) => (time.value = e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for={`${ids}-duration`}>{t('appt.duration')}</label>
          <select id={`${ids}-duration`} value={duration.value} onChange={(e) => (duration.value = e.currentTarget.value)}>
            {[...new Set([...durations, Number(duration.value)])].sort((a, b) => a - b).map((m) => (
              <option key={m} value={String(m)}>
                {t('appt.minutes', { count: m })}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="inline-form">
        <div class="field">
          <label for={`${ids}-kind`}>{t('appt.kind')}</label>
          <select id={`${ids}-kind`} value={kind.value} onChange={(e) => (kind.value = e.currentTarget.value as ConversationKind)}>
            {conversationKinds.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={`${ids}-location`}>{t('appt.location')}</label>
          <select id={`${ids}-location`} value={location.value} onChange={(e) => (location.value = e.currentTarget.value as ConversationLocation)}>
            {conversationLocations.map((k) => (
              <option key={k} value={k}>
                {t(`location.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={`${ids}-place`}>{t('appt.place')}</label>
          <input id={`${ids}-place`} type="text" maxLength={200} value={place.value} onInput={(e) => (place.value = e.currentTarget.value)} />
        </div>
      </div>
      <fieldset class="chips">
        <legend>{t('appt.participants')}</legend>
        {staff.map((s) => (
          <label key={s.user_id} class="chip">
            <input
              type="checkbox"
              checked={invited.value.has(s.user_id)}
              onChange={(e) => {
                const next = new Set(invited.value);
                if (e.currentTarget.checked) next.add(s.user_id);
                else next.delete(s.user_id);
                invited.value = next;
              }}
            />
            {staffName(s)} <span class="muted small">· {t(`participant.${s.role}`)}</span>
          </label>
        ))}
        <label class="chip">
          <input type="checkbox" checked={resident.value} onChange={(e) => (resident.value = e.currentTarget.checked)} />
          {t('participant.resident')}
        </label>
      </fieldset>
      <div class="field">
        <label for={`${ids}-network`}>{t('appt.network')}</label>
        <p class="hint small" id={`${ids}-network-hint`}>
          {t('appt.networkHint')}
        </p>
        <input
          id={`${ids}-network`}
          type="text"
          aria-describedby={`${ids}-network-hint`}
          value={network.value}
          onInput={(e) => (network.value = e.currentTarget.value)}
        />
      </div>
      {c.consent.status !== 'given' && c.team.length > 0 && <p class="notice small">{t('appt.beforeConsent')}</p>}
      {appt && <p class="muted small">{t('appt.moveNote', { date: formatDate(appt.starts_at) })}</p>}
      <div class="alert" role="alert" hidden={!message.value}>
        {message.value}
      </div>
      <div class="button-row">
        <button type="submit" class="button button--primary" aria-disabled={busy.value}>
          {appt ? t('appt.save') : t('appt.submit')}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
