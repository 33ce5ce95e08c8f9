import { useSignal } from '@preact/signals';
import { lifeDomains, planNext, type Conversation, type LifeDomain, type PlanItem, type PlanStatus } from '../../api/types';
import { t } from '../../i18n';
import { formatDate } from '../../i18n/format';
import type { components } from '../../api/schema';
import { useAppState } from '../../state/app';
import { problemText } from '../Async/problem';

/** Feedback is one "does it help?" of the resident on a plan item. */
export type Feedback = components['schemas']['Feedback'];

/**
 * PreviousStep opens a follow-up from last time: the agreements made then,
 * the plan with each item's status (changeable here, saved at once with
 * If-Match), and last time's scores.
 */
export function PreviousStep({
  previous,
  scores,
  plan,
  feedback = [],
  canWrite,
  onPlanItem,
}: {
  previous: Conversation | null;
  scores: Map<LifeDomain, number>;
  plan: PlanItem[];
  /** The resident's answers, newest first; the newest per item is shown. */
  feedback?: Feedback[];
  canWrite: boolean;
  onPlanItem: (item: PlanItem) => void;
}) {
  const { api } = useAppState();
  const message = useSignal<string | null>(null);
  const latest = new Map<number, Feedback>();
  for (const f of feedback) if (!latest.has(f.plan_item_id)) latest.set(f.plan_item_id, f);
  async function setStatus(item: PlanItem, status: PlanStatus) {
    try {
      const { data, error, response } = await api.PATCH('/api/v1/plan/{id}', {
        params: { path: { id: item.id }, header: { 'If-Match': `"${item.version}"` } },
        body: { status },
      });
      if (data) {
        onPlanItem(data);
        message.value = t('guide.previous.statusSaved', { what: data.title, status: t(`plan.status.${status}`) });
      } else message.value = problemText(response.status, error);
    } catch {
      message.value = problemText('network');
    }
  }
  return (
    <div class="previous">
      {previous && <p class="hint">{t('guide.previous.intro', { date: formatDate(previous.held_on) })}</p>}
      <div class="split split--2">
        <section aria-labelledby="h-prev-agreements">
          <h3 id="h-prev-agreements">{t('guide.previous.agreements')}</h3>
          {previous && previous.sections.agreements.length > 0 ? (
            <ul class="plain">
              {previous.sections.agreements.map((a, i) => (
                <li key={i}>
                  <strong>{a.who}</strong>: {a.what}
                  {a.due_on && <span class="muted"> · {formatDate(a.due_on)}</span>}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('guide.previous.noAgreements')}</p>
          )}
        </section>
        <section aria-labelledby="h-prev-scores">
          <h3 id="h-prev-scores">{t('guide.previous.scores')}</h3>
          {scores.size ? (
            <table class="table table--compact">
              <caption class="visually-hidden">{t('guide.previous.scores')}</caption>
              <tbody>
                {lifeDomains
                  .filter((d) => scores.has(d))
                  .map((d) => (
                    <tr key={d}>
                      <th scope="row">{t(`domain.${d}`)}</th>
                      <td>{scores.get(d)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">{t('guide.previous.noScores')}</p>
          )}
        </section>
      </div>
      <section aria-labelledby="h-prev-plan" class="subsection">
        <h3 id="h-prev-plan">{t('guide.previous.plan')}</h3>
        {plan.length ? (
          <ul class="plain rows">
            {plan.map((p) => (
              <li key={p.id} class="plan-row">
                <span>
                  <strong>{p.title}</strong> <span class="tag">{t(`category.${p.category as 'other'}`)}</span>{' '}
                  <span class="muted small">{t('guide.previous.arrangedBy', { who: t(`participant.${p.arranged_by as 'other'}`) })}</span>
                  <ResidentSays f={latest.get(p.id)} />
                </span>
                {canWrite && planNext[p.status].length > 0 ? (
                  <span class="field field--inline">
                    <label for={`plan-status-${p.id}`}>{t('guide.previous.status', { what: p.title })}</label>
                    <select id={`plan-status-${p.id}`} value={p.status} onChange={(e) => void setStatus(p, e.currentTarget.value as PlanStatus)}>
                      {[p.status, ...planNext[p.status]].map((st) => (
                        <option key={st} value={st}>
                          {t(`plan.status.${st}`)}
                        </option>
                      ))}
                    </select>
                  </span>
                ) : (
                  <span class="tag tag--state">{t(`plan.status.${p.status}`)}</span>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('guide.previous.noPlan')}</p>
        )}
        <p role="status" class="muted small">
          {message.value}
        </p>
      </section>
    </div>
  );
}

/** ResidentSays is the resident's own newest answer on a plan item, marked as theirs. */
function ResidentSays({ f }: { f: Feedback | undefined }) {
  if (!f) return <span class="resident-says muted small">{t('guide.previous.feedbackNone')}</span>;
  return (
    <span class="resident-says">
      <span class="own-score">{t('guide.previous.feedback', { answer: t(`inwoner.rating.${f.rating}`), date: formatDate(f.at) })}</span>
      {f.words && <q class="said"> {f.words}</q>}
    </span>
  );
}
