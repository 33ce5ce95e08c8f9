import { useSignal } from '@preact/signals';
import {
  declineReasons,
  etagOf,
  may,
  optionCategories,
  participantRoles,
  planNext,
  type CaseFull,
  type DeclineReason,
  type LoopStatus,
  type Option,
  type OptionCategory,
  type ParticipantRole,
  type PlanItem,
  type PlanStatus,
} from '../../api/types';
import { t } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { useAppState } from '../../state/app';
import { problemText } from '../Async/problem';
import { LoadState } from '../Async/LoadState';
import { useAsync } from '../Async/useAsync';
import { Availability } from './Availability';

/** PlanSection: the chosen options of the case, their status steps and linked goals, and adding one. */
export function PlanSection({ c, open }: { c: CaseFull; open: boolean }) {
  const { api } = useAppState();
  const plan = useAsync(() => api.GET('/api/v1/cases/{id}/plan', { params: { path: { id: c.id } } }), [c.id]);
  const message = useSignal<string | null>(null);
  const adding = useSignal(false);
  const items = plan.data.value?.items ?? null;
  const canRecord = open && may(c.allowed_actions, 'case.referral');

  function replace(data: PlanItem) {
    if (plan.data.value) plan.data.value = { items: plan.data.value.items.map((i) => (i.id === data.id ? data : i)) };
  }

  async function patch(item: PlanItem, body: { status?: PlanStatus; goal_ids?: number[] }) {
    message.value = null;
    try {
      const { data, error, response } = await api.PATCH('/api/v1/plan/{id}', {
        params: { path: { id: item.id }, header: { 'If-Match': `"${item.version}"` } },
        body,
      });
      if (data) replace(data);
      else {
        message.value = problemText(response.status, error);
        if (response.status === 412) void plan.reload();
      }
    } catch {
      message.value = problemText('network');
    }
  }

  return (
    <section class="card" aria-labelledby="case-plan">
      <div class="section-head">
        <h2 id="case-plan">{t('plan.title')}</h2>
        {open && !adding.value && (
          <button type="button" class="button" onClick={() => (adding.value = true)}>
            {t('plan.add')}
          </button>
        )}
      </div>
      <div class="alert" role="alert" hidden={!message.value}>
        {message.value}
      </div>
      {adding.value && (
        <AddPlanItem
          c={c}
          onDone={(added) => {
            adding.value = false;
            if (added && plan.data.value) plan.data.value = { items: [...plan.data.value.items, added] };
          }}
        />
      )}
      <LoadState loading={plan.loading.value && !items} error={plan.error.value} onRetry={() => void plan.reload()} />
      {items && items.length === 0 && <p class="muted">{t('plan.empty')}</p>}
      {items && items.length > 0 && (
        <ul class="plan">
          {items.map((item) => (
            <li key={item.id} class="plan__item">
              <div class="plan__head">
                <strong>{item.title}</strong>
                <span class="tag">{t(`category.${item.category}`)}</span>
              </div>
              <p class="muted small">
                {t('plan.arrangedBy', { who: t(`participant.${item.arranged_by}`) })}
                {item.arranged_note && ` — ${item.arranged_note}`}
                {item.start_on && ` · ${t('plan.startOn', { date: formatDate(item.start_on) })}`}
              </p>
              <div class="plan__controls">
                <div class="field field--inline">
                  <label for={`plan-status-${item.id}`}>{t('plan.status')}</label>
                  <select
                    id={`plan-status-${item.id}`}
                    value={item.status}
                    disabled={!open || planNext[item.status].length === 0}
                    onChange={(e) => void patch(item, { status: e.currentTarget.value as PlanStatus })}
                  >
                    {[item.status, ...planNext[item.status]].map((s) => (
                      <option key={s} value={s}>
                        {t(`plan.status.${s}`)}
                      </option>
                    ))}
                  </select>
                </div>
                {c.goals.length > 0 && (
                  <fieldset class="chips">
                    <legend>{t('plan.goals')}</legend>
                    {c.goals.map((g) => (
                      <label key={g.id} class="chip">
                        <input
                          type="checkbox"
                          disabled={!open}
                          checked={item.goal_ids.includes(g.id)}
                          onChange={(e) =>
                            void patch(item, {
                              goal_ids: e.currentTarget.checked ? [...item.goal_ids, g.id] : item.goal_ids.filter((x) => x !== g.id),
                            })
                          }
                        />
                        {g.text}
                      </label>
                    ))}
                  </fieldset>
                )}
              </div>
              {(item.loop || item.status === 'chosen') && (
                <LoopPanel
                  item={item}
                  canRecord={canRecord}
                  onSaved={replace}
                  onStale={() => void plan.reload()}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** LoopPanel: where the request of a chosen plan item to its provider stands, its dated history, and the next steps the policy allows. */
function LoopPanel({ item, canRecord, onSaved, onStale }: { item: PlanItem; canRecord: boolean; onSaved: (p: PlanItem) => void; onStale: () => void }) {
  const { api } = useAppState();
  const l = item.loop;
  const next: LoopStatus[] = l ? l.next : item.status === 'chosen' ? ['requested'] : [];
  const declining = useSignal(false);
  const reason = useSignal<DeclineReason>('no_places');
  const reasonText = useSignal('');
  const on = useSignal('');
  const message = useSignal<string | null>(null);
  const busy = useSignal(false);

  async function record(status: LoopStatus) {
    message.value = null;
    busy.value = true;
    try {
      const body = {
        status,
        ...(status === 'declined' ? { reason: reason.value, ...(reason.value === 'other' && reasonText.value.trim() ? { reason_text: reasonText.value.trim() } : {}) } : {}),
        ...(on.value ? { on: on.value } : {}),
      };
      const { data, error, response } = await api.POST('/api/v1/plan/{id}/loop', {
        params: { path: { id: item.id }, header: { 'If-Match': `"${item.version}"` } },
        body,
      });
      if (data) {
        declining.value = false;
        reasonText.value = '';
        onSaved(data);
      } else {
        message.value = problemText(response.status, error);
        if (response.status === 412) onStale();
      }
    } catch {
      message.value = problemText('network');
    } finally {
      busy.value = false;
    }
  }

  const id = `loop-${item.id}`;
  return (
    <div class="loop" aria-labelledby={`${id}-h`}>
      <p id={`${id}-h`} class="small">
        <strong>{t('loop.title')}</strong>{' '}
        <span class="tag tag--state" data-loop-status={l?.status ?? 'none'}>
          {l ? t(`loop.status.${l.status}`) : t('loop.notRequested')}
          {l?.reason && ` — ${t(`loop.reason.${l.reason}`)}`}
        </span>
      </p>
      {l && l.steps.length > 0 && (
        <ol class="loop__steps small" aria-label={t('loop.history')}>
          {l.steps.map((st, i) => (
            <li key={i}>
              {formatDate(st.on)} · {t(`loop.status.${st.status}`)}
              {st.reason && ` (${t(`loop.reason.${st.reason}`)}${st.reason_text ? `: ${st.reason_text}` : ''})`} ·{' '}
              {t('loop.by', { who: st.by.display_name, role: t(`role.short.${st.by.role as 'poh'}`) })}
            </li>
          ))}
        </ol>
      )}
      <div class="alert" role="alert" hidden={!message.value}>
        {message.value}
      </div>
      {canRecord && next.length > 0 && (
        <div class="loop__actions">
          <div class="field field--inline">
            <label for={`${id}-on`}>{t('loop.on')}</label>
            <input id={`${id}-on`} type="date" class="input--date" value={on.value} onChange={(e) => (on.value = e.currentTarget.value)} />
          </div>
          {next.map((s) =>
            s === 'declined' ? (
              <button key={s} type="button" class="button" aria-expanded={declining.value} onClick={() => (declining.value = !declining.value)}>
                {t('loop.action.declined')}
              </button>
            ) : (
              <button key={s} type="button" class="button" disabled={busy.value} onClick={() => void record(s)}>
                {t(`loop.action.${s}`)}
              </button>
            ),
          )}
        </div>
      )}
      {canRecord && declining.value && (
        <form
          class="loop__actions subform"
          onSubmit={(e) => {
            e.preventDefault();
            void record('declined');
          }}
        >
          <div class="field field--inline">
            <label for={`${id}-reason`}>{t('loop.reason')}</label>
            <select id={`${id}-reason`} value={reason.value} onChange={(e) => (reason.value = e.currentTarget.value as DeclineReason)}>
              {declineReasons.map((r) => (
                <option key={r} value={r}>
                  {t(`loop.reason.${r}`)}
                </option>
              ))}
            </select>
          </div>
          {reason.value === 'other' && (
            <div class="field field--inline">
              <label for={`${id}-text`}>{t('loop.reasonText')}</label>
              <input id={`${id}-text`} maxLength={500} value={reasonText.value} onInput={(e) => (reasonText.value = e.currentTarget.value)} />
            </div>
          )}
          <button type="submit" class="button button--primary" disabled={busy.value}>
            {t('loop.recordDeclined')}
          </button>
        </form>
      )}
    </div>
  );
}

function AddPlanItem({ c, onDone }: { c: CaseFull; onDone: (added: PlanItem | null) => void }) {
  const { api } = useAppState();
  const options = useAsync(() => api.GET('/api/v1/options', { params: { query: { limit: 200 } } }), []);
  const optionId = useSignal<string>('');
  const title = useSignal('');
  const category = useSignal<OptionCategory>('other');
  const arrangedBy = useSignal<ParticipantRole>('resident');
  const message = useSignal<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    const fromCatalogue = optionId.value !== '';
    if (!fromCatalogue && !title.value.trim()) {
      message.value = t('plan.add.missing');
      return;
    }
    try {
      const { data, error, response } = await api.POST('/api/v1/cases/{id}/plan', {
        params: { path: { id: c.id } },
        body: fromCatalogue
          ? { option_id: Number(optionId.value), arranged_by: arrangedBy.value, status: 'chosen' }
          : { title: title.value.trim(), category: category.value, arranged_by: arrangedBy.value, status: 'chosen' },
      });
      if (data) {
        void etagOf(response, data.version);
        onDone(data);
      } else message.value = problemText(response.status, error);
    } catch {
      message.value = problemText('network');
    }
  }

  const chosen = (options.data.value?.items ?? []).find((o) => String(o.id) === optionId.value);
  const byCat = new Map<OptionCategory, Option[]>();
  for (const o of options.data.value?.items ?? []) byCat.set(o.category, [...(byCat.get(o.category) ?? []), o]);
  return (
    <form class="form subform" onSubmit={(e) => void submit(e)}>
      <div class="alert" role="alert" hidden={!message.value}>
        {message.value}
      </div>
      <div class="field">
        <label for="plan-option">{t('plan.add.option')}</label>
        <select id="plan-option" value={optionId.value} onChange={(e) => (optionId.value = e.currentTarget.value)}>
          <option value="">{t('plan.add.freeText')}</option>
          {optionCategories
            .filter((cat) => byCat.has(cat))
            .map((cat) => (
              <optgroup key={cat} label={t(`category.${cat}`)}>
                {byCat.get(cat)!.map((o) => (
                  <option key={o.id} value={String(o.id)}>
                    {o.name}
                  </option>
                ))}
              </optgroup>
            ))}
        </select>
        {chosen && <Availability o={chosen} />}
      </div>
      {optionId.value === '' && (
        <div class="split">
          <div class="field">
            <label for="plan-title">{t('plan.add.title')}</label>
            <input id="plan-title" value={title.value} onInput={(e) => (title.value = e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="plan-category">{t('plan.add.category')}</label>
            <select id="plan-category" value={category.value} onChange={(e) => (category.value = e.currentTarget.value as OptionCategory)}>
              {optionCategories.map((cat) => (
                <option key={cat} value={cat}>
                  {t(`category.${cat}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      <div class="field">
        <label for="plan-arranged">{t('plan.add.arrangedBy')}</label>
        <select id="plan-arranged" value={arrangedBy.value} onChange={(e) => (arrangedBy.value = e.currentTarget.value as ParticipantRole)}>
          {participantRoles.map((r) => (
            <option key={r} value={r}>
              {t(`participant.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="button-row">
        <button type="submit" class="button button--primary">
          {t('plan.add.submit')}
        </button>
        <button type="button" class="button" onClick={() => onDone(null)}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
