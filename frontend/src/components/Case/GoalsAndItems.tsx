import type { CaseFull, CaseItem } from '../../api/types';
import { t, type MessageKey } from '../../i18n';

/** GoalsAndItems lists the case's goals with their status, and its strengths, sensitivities and needs. */
export function GoalsAndItems({ c }: { c: CaseFull }) {
  const groups: [MessageKey, CaseItem[]][] = [
    ['case.strengths', c.strengths],
    ['case.sensitivities', c.sensitivities],
    ['case.needs', c.needs],
  ];
  return (
    <section class="card" aria-labelledby="case-goals">
      <h2 id="case-goals">{t('case.goals')}</h2>
      {c.goals.length === 0 ? (
        <p class="muted">{t('case.goals.empty')}</p>
      ) : (
        <ul class="rows">
          {c.goals.map((g) => (
            <li key={g.id} class="goal">
              <span>{g.text}</span>
              <span class="muted small">{g.domain ? t(`domain.${g.domain}`) : ''}</span>
              <span class={`badge badge--goal-${g.status}`}>{t(`goal.${g.status}`)}</span>
            </li>
          ))}
        </ul>
      )}
      <div class="split">
        {groups.map(([title, items]) => (
          <div key={title}>
            <h3>{t(title)}</h3>
            {items.length === 0 ? (
              <p class="muted">—</p>
            ) : (
              <ul class="plain">
                {items.map((i) => (
                  <li key={i.id}>{i.text}</li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
