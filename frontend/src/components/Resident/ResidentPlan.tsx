import { useSignal } from '@preact/signals';
import type { ApiClient } from '../../api/client';
import { useStoredSignal } from '../Async/useStoredSignal';
import { t } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { ratings, type Rating, type ResidentCase } from './api';

type PlanItem = ResidentCase['plan'][number];

/**
 * ResidentPlan is the resident's own plan: what was agreed, the chosen
 * options with whom to contact, their goals in their own words and the next
 * talk; per option they can say how it goes, with optional words.
 */
export function ResidentPlan({ api, c, onCase, onEnded }: { api: ApiClient; c: ResidentCase; onCase: (c: ResidentCase) => void; onEnded: () => void }) {
  const empty = c.plan.length === 0 && c.agreements.length === 0 && c.goals.length === 0;
  return (
    <div class="inwoner-plan">
      {c.next_follow_up_on && <p class="notice">{t('inwoner.plan.next', { date: formatDate(c.next_follow_up_on) })}</p>}
      {empty && <p>{t('inwoner.plan.empty')}</p>}
      {c.agreements.length > 0 && (
        <section aria-labelledby="ip-agreements">
          <h2 id="ip-agreements">{t('inwoner.plan.agreements')}</h2>
          <ul class="plain rows">
            {c.agreements.map((a, i) => (
              <li key={i} class="card">
                <strong>{a.who}</strong>: {a.what}
                {a.due_on && <span class="muted"> · {t('inwoner.plan.before', { date: formatDate(a.due_on) })}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {c.plan.length > 0 && (
        <section aria-labelledby="ip-plan">
          <h2 id="ip-plan">{t('inwoner.plan.items')}</h2>
          {c.plan.map((it) => (
            <Item key={it.id} api={api} it={it} c={c} onCase={onCase} onEnded={onEnded} />
          ))}
        </section>
      )}
      {c.goals.length > 0 && (
        <section aria-labelledby="ip-goals">
          <h2 id="ip-goals">{t('inwoner.plan.goals')}</h2>
          <ul class="plain rows">
            {c.goals.map((g) => (
              <li key={g.id} class="card">
                {g.text} <span class="tag">{t(`goal.${g.status}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function Item({ api, it, c, onCase, onEnded }: { api: ApiClient; it: PlanItem; c: ResidentCase; onCase: (c: ResidentCase) => void; onEnded: () => void }) {
  const rating = useSignal<Rating | null>(null);
  const words = useStoredSignal(`hoi.inwoner.feedback.${it.id}`);
  const message = useSignal<string | null>(null);
  const done = useSignal(false);
  const h = `ip-item-${it.id}`;

  async function send(e: Event) {
    e.preventDefault();
    if (!rating.value) {
      message.value = t('inwoner.fb.pick');
      return;
    }
    try {
      const { data, response } = await api.POST('/api/v1/resident/plan/{id}/feedback', { params: { path: { id: it.id } }, body: { rating: rating.value, words: words.value.trim() } });
      if (data) {
        onCase({ ...c, plan: c.plan.map((p) => (p.id === it.id ? { ...p, feedback: data } : p)) });
        words.value = '';
        rating.value = null;
        message.value = null;
        done.value = true;
      } else if (response.status === 401) onEnded();
      else message.value = t('inwoner.failed');
    } catch {
      message.value = t('inwoner.network');
    }
  }

  return (
    <article class="card inwoner-item" aria-labelledby={h}>
      <h3 id={h}>{it.title}</h3>
      <dl class="facts">
        {it.provider && (
          <div>
            <dt>{t('inwoner.plan.provider')}</dt>
            <dd>{it.provider}</dd>
          </div>
        )}
        {it.contact && (
          <div>
            <dt>{t('inwoner.plan.contact')}</dt>
            <dd class="said">{it.contact}</dd>
          </div>
        )}
        {it.start_on && (
          <div>
            <dt>{t('inwoner.plan.start')}</dt>
            <dd>{formatDate(it.start_on)}</dd>
          </div>
        )}
      </dl>
      {it.feedback && (
        <p class={done.value ? 'notice notice--ok' : 'muted'} role={done.value ? 'status' : undefined}>
          {done.value ? t('inwoner.fb.thanks') + ' ' : ''}
          {t('inwoner.fb.last', { answer: t(`inwoner.rating.${it.feedback.rating}`), date: formatDate(it.feedback.at) })}
        </p>
      )}
      <form class="form" onSubmit={(e) => void send(e)} noValidate>
        <fieldset class="sc-ratings">
          <legend>{t('inwoner.fb.question', { what: it.title })}</legend>
          {ratings.map((r) => (
            <label key={r} class="chip sc-rating">
              <input type="radio" name={`fb-${it.id}`} value={r} checked={rating.value === r} onChange={() => (rating.value = r)} />
              {t(`inwoner.rating.${r}`)}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for={`fb-words-${it.id}`}>{t('inwoner.fb.words')}</label>
          <textarea id={`fb-words-${it.id}`} rows={3} maxLength={2000} value={words.value} onInput={(e) => (words.value = e.currentTarget.value)} />
        </div>
        <div class="alert" role="alert" hidden={!message.value}>
          {message.value}
        </div>
        <button type="submit" class="button button--primary button--large">
          {t('inwoner.fb.send')}
        </button>
      </form>
    </article>
  );
}
