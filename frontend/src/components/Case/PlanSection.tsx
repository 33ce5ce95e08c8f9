import { useSignal } from '@preact/signals';
import { etagOf, optionCategories, participantRoles, planNext, type CaseFull, type Option, type OptionCategory, type ParticipantRole, type PlanItem, type PlanStatus } from '../../api/types';
import { t } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { useAppState } from '../../state/app';
import { problemText } from '../Async/problem';
import { LoadState } from '../Async/LoadState';
import { useAsync } from '../Async/useAsync';

/** PlanSection: the chosen options of the case, their status steps and linked goals, and adding one. */
export function PlanSection({ c, open }: { c: CaseFull; open: boolean }) {
  const { api } = useAppState();
  const plan = useAsync(() => api.GET('/api/v1/cases/{id}/plan', { params: { path: { id: c.id } } }), [c.id]);
  const message = useSignal<string | null>(null);
  const adding = useSignal(false);
  const items = plan.data.value?.items ?? null;

  async function patch(item: PlanItem, body: { status?: PlanStatus; goal_ids?: number[] }) {
    message.value = null;
    try {
      const { data, error, response } = await api.PATCH('/api/v1/plan/{id}', {
        params: { path: { id: item.id }, header: { 'If-Match': `"${item.version}"` } },
        body,
      });
      if (data && plan.data.value) plan.data.value = { items: plan.data.value.items.map((i) => (i.id === data.id ? data : i)) };
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
            </li>
          ))}
        </ul>
      )}
    </section>
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
