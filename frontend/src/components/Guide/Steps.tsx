import { useSignal } from '@preact/signals';
import { goalStatuses, lifeDomains, optionCategories, type CaseFull, type GoalStatus, type LifeDomain, type Option, type OptionCategory, type Sections } from '../../api/types';
import { t, type MessageKey } from '../../i18n';
import { EntryList } from './EntryList';
import { RowList } from './RowList';

/** StepProps: every step edits the draft's sections and may be read-only (a final conversation). */
export interface StepProps {
  s: Sections;
  set: (fn: (s: Sections) => Sections) => void;
  readOnly: boolean;
}

/** steps in the order of the conversation; each may be visited in any order. */
export const steps = ['story', 'domains', 'network', 'strengths', 'goals', 'needs', 'options', 'agreements'] as const;
export type Step = (typeof steps)[number];

export function StoryStep({ s, set, readOnly }: StepProps) {
  return (
    <div class="field">
      <label for="story">{t('guide.story.label')}</label>
      <p class="hint" id="story-hint">
        {t('guide.story.hint')}
      </p>
      <textarea
        id="story"
        class="textarea--large"
        rows={12}
        aria-describedby="story-hint"
        value={s.story}
        readOnly={readOnly}
        onInput={(e) => {
          const v = e.currentTarget.value;
          set((x) => ({ ...x, story: v }));
        }}
      />
    </div>
  );
}

export function DomainsStep({ s, set, readOnly }: StepProps) {
  function put(d: LifeDomain, patch: { text?: string; score?: number | null }) {
    set((x) => {
      const cur = x.domains[d] ?? { text: '', score: null };
      return { ...x, domains: { ...x.domains, [d]: { ...cur, ...patch } } };
    });
  }
  return (
    <div class="domains">
      <p class="hint">{t('guide.domains.hint')}</p>
      {lifeDomains.map((d) => {
        const entry = s.domains[d] ?? { text: '', score: null };
        return (
          <fieldset key={d} class="domain">
            <legend>{t(`domain.${d}`)}</legend>
            <p class="hint small">{t(`domain.hint.${d}`)}</p>
            <div class="field">
              <label for={`domain-${d}`}>{t('guide.domains.text', { domain: t(`domain.${d}`) })}</label>
              <textarea id={`domain-${d}`} rows={2} value={entry.text} readOnly={readOnly} onInput={(e) => put(d, { text: e.currentTarget.value })} />
            </div>
            <div class="score" role="radiogroup" aria-label={t('guide.domains.score', { domain: t(`domain.${d}`) })}>
              {[1, 2, 3, 4, 5].map((n) => (
                <label key={n} class="score__option">
                  <input type="radio" name={`score-${d}`} value={n} checked={entry.score === n} disabled={readOnly} onChange={() => put(d, { score: n })} />
                  <span>{n}</span>
                </label>
              ))}
              <label class="score__option score__option--none">
                <input type="radio" name={`score-${d}`} value="" checked={entry.score == null} disabled={readOnly} onChange={() => put(d, { score: null })} />
                <span>{t('guide.domains.noScore')}</span>
              </label>
            </div>
          </fieldset>
        );
      })}
      <p class="muted small">{t('guide.domains.scale')}</p>
    </div>
  );
}

export function NetworkStep({ s, set, readOnly }: StepProps) {
  return (
    <div>
      <p class="hint">{t('guide.network.hint')}</p>
      <RowList
        rows={s.network}
        onChange={(network) => set((x) => ({ ...x, network }))}
        readOnly={readOnly}
        itemLabel={(i) => t('guide.network.who', { n: i + 1 })}
        addLabel={t('guide.network.add')}
        blank={{ who: '', meaning: '' }}
        firstFieldId={(i) => `net-who-${i}`}
        fields={(r, i, put) => (
          <>
            <div class="field">
              <label for={`net-who-${i}`}>{t('guide.network.who', { n: i + 1 })}</label>
              <input id={`net-who-${i}`} value={r.who} readOnly={readOnly} onInput={(e) => put({ who: e.currentTarget.value })} />
            </div>
            <div class="field entry-row__text">
              <label for={`net-meaning-${i}`}>{t('guide.network.meaning')}</label>
              <input id={`net-meaning-${i}`} value={r.meaning} readOnly={readOnly} onInput={(e) => put({ meaning: e.currentTarget.value })} />
            </div>
          </>
        )}
      />
    </div>
  );
}

export function StrengthsStep({ s, set, readOnly }: StepProps) {
  return (
    <div class="split split--2">
      <section aria-labelledby="h-strengths">
        <h3 id="h-strengths">{t('case.strengths')}</h3>
        <p class="hint">{t('guide.strengths.hint')}</p>
        <EntryList id="strength" itemLabel="guide.strength.item" addLabel="guide.strength.add" rows={s.strengths} readOnly={readOnly} onChange={(rows) => set((x) => ({ ...x, strengths: rows }))} />
      </section>
      <section aria-labelledby="h-sensitivities">
        <h3 id="h-sensitivities">{t('case.sensitivities')}</h3>
        <p class="hint">{t('guide.sensitivities.hint')}</p>
        <EntryList
          id="sensitivity"
          itemLabel="guide.sensitivity.item"
          addLabel="guide.sensitivity.add"
          rows={s.sensitivities}
          readOnly={readOnly}
          onChange={(rows) => set((x) => ({ ...x, sensitivities: rows }))}
        />
      </section>
    </div>
  );
}

export function GoalsStep({ s, set, readOnly, c }: StepProps & { c: CaseFull | null }) {
  const existing = c?.goals.filter((g) => g.status === 'open' || g.status === 'working_on' || s.goal_updates.some((u) => u.goal_id === g.id)) ?? [];
  function setUpdate(goalId: number, status: GoalStatus | '') {
    set((x) => {
      const rest = x.goal_updates.filter((u) => u.goal_id !== goalId);
      return { ...x, goal_updates: status ? [...rest, { goal_id: goalId, status }] : rest };
    });
  }
  return (
    <div>
      {existing.length > 0 && (
        <section aria-labelledby="h-goal-updates" class="subsection">
          <h3 id="h-goal-updates">{t('guide.goals.existing')}</h3>
          <p class="hint">{t('guide.goals.existingHint')}</p>
          <ul class="rows">
            {existing.map((g) => {
              const upd = s.goal_updates.find((u) => u.goal_id === g.id);
              return (
                <li key={g.id} class="goal">
                  <span>
                    {g.text} <span class="muted small">({t(`goal.${g.status}`)})</span>
                  </span>
                  <span class="field field--inline">
                    <label for={`goal-upd-${g.id}`}>{t('guide.goals.newStatus')}</label>
                    <select id={`goal-upd-${g.id}`} value={upd?.status ?? ''} disabled={readOnly} onChange={(e) => setUpdate(g.id, e.currentTarget.value as GoalStatus | '')}>
                      <option value="">{t('guide.goals.unchanged')}</option>
                      {goalStatuses.map((st) => (
                        <option key={st} value={st}>
                          {t(`goal.${st}`)}
                        </option>
                      ))}
                    </select>
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <section aria-labelledby="h-goals-new" class="subsection">
        <h3 id="h-goals-new">{t('guide.goals.new')}</h3>
        <p class="hint">{t('guide.goals.hint')}</p>
        <EntryList id="goal" itemLabel="guide.goal.item" addLabel="guide.goal.add" rows={s.goals} readOnly={readOnly} onChange={(rows) => set((x) => ({ ...x, goals: rows }))} />
      </section>
    </div>
  );
}

export function NeedsStep({ s, set, readOnly }: StepProps) {
  return (
    <div>
      <p class="question-prompt">{t('guide.needs.question')}</p>
      <EntryList id="need" itemLabel="guide.need.item" addLabel="guide.need.add" rows={s.needs} readOnly={readOnly} onChange={(rows) => set((x) => ({ ...x, needs: rows }))} />
    </div>
  );
}

export function OptionsStep({ s, set, readOnly, catalogue }: StepProps & { catalogue: Option[] }) {
  const q = useSignal('');
  const freeText = useSignal('');
  const freeCat = useSignal<OptionCategory>('other');
  const needle = q.value.trim().toLowerCase();
  const matches = catalogue.filter((o) => !needle || `${o.name} ${o.provider} ${o.description}`.toLowerCase().includes(needle));
  const picked = (o: Option) => s.options.find((x) => x.option_id === o.id);

  function toggle(o: Option, on: boolean) {
    set((x) => ({
      ...x,
      options: on ? [...x.options, { option_id: o.id, text: o.name, category: o.category, chosen: false }] : x.options.filter((y) => y.option_id !== o.id),
    }));
  }
  function setChosen(i: number, chosen: boolean) {
    set((x) => ({ ...x, options: x.options.map((y, j) => (j === i ? { ...y, chosen } : y)) }));
  }

  return (
    <div class="options-step">
      {s.options.length > 0 && (
        <section aria-labelledby="h-considered" class="subsection">
          <h3 id="h-considered">{t('guide.options.considered')}</h3>
          <ul class="rows">
            {s.options.map((o, i) => (
              <li key={`${o.option_id ?? 'free'}-${i}`} class="considered">
                <span>
                  {o.text} <span class="tag">{t(`category.${o.category as OptionCategory}`)}</span>
                </span>
                <label class="chip">
                  <input type="checkbox" checked={o.chosen} disabled={readOnly} onChange={(e) => setChosen(i, e.currentTarget.checked)} />
                  {t('guide.options.chosen')}
                </label>
                {!readOnly && (
                  <button
                    type="button"
                    class="button button--small"
                    aria-label={t('guide.removeRow', { what: o.text })}
                    onClick={() => set((x) => ({ ...x, options: x.options.filter((_, j) => j !== i) }))}
                  >
                    {t('action.remove')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {!readOnly && (
        <>
          <section aria-labelledby="h-free" class="subsection">
            <h3 id="h-free">{t('guide.options.free')}</h3>
            <div class="inline-form">
              <div class="field">
                <label for="free-option">{t('guide.options.freeLabel')}</label>
                <input id="free-option" value={freeText.value} onInput={(e) => (freeText.value = e.currentTarget.value)} />
              </div>
              <div class="field">
                <label for="free-category">{t('plan.add.category')}</label>
                <select id="free-category" value={freeCat.value} onChange={(e) => (freeCat.value = e.currentTarget.value as OptionCategory)}>
                  {optionCategories.map((c) => (
                    <option key={c} value={c}>
                      {t(`category.${c}`)}
                    </option>
                  ))}
                </select>
              </div>
              <button
                type="button"
                class="button"
                onClick={() => {
                  const text = freeText.value.trim();
                  if (!text) return;
                  set((x) => ({ ...x, options: [...x.options, { option_id: null, text, category: freeCat.value, chosen: false }] }));
                  freeText.value = '';
                }}
              >
                {t('guide.options.addFree')}
              </button>
            </div>
          </section>
          <section aria-labelledby="h-catalogue" class="subsection">
            <h3 id="h-catalogue">{t('guide.options.catalogue')}</h3>
            <div class="field">
              <label for="option-search">{t('guide.options.search')}</label>
              <input id="option-search" type="search" value={q.value} onInput={(e) => (q.value = e.currentTarget.value)} />
            </div>
            <p class="muted small" role="status">
              {t('guide.options.found', { count: matches.length })}
            </p>
            {optionCategories.map((cat) => {
              const inCat = matches.filter((o) => o.category === cat);
              if (!inCat.length) return null;
              return (
                <details key={cat} class="option-group" open={!!needle}>
                  <summary>
                    {t(`category.${cat}`)} <span class="count">{inCat.length}</span>
                  </summary>
                  <ul class="plain">
                    {inCat.map((o) => (
                      <li key={o.id} class="option">
                        <label class="option__pick">
                          <input type="checkbox" checked={!!picked(o)} onChange={(e) => toggle(o, e.currentTarget.checked)} />
                          <span>
                            <strong>{o.name}</strong>
                            {o.provider && <span class="muted"> · {o.provider}</span>}
                            <span class="muted small option__desc">
                              {t(`cost.${o.cost}`)}
                              {o.specialist && ` · ${t('option.specialist')}`}
                              {o.description && ` · ${o.description}`}
                            </span>
                          </span>
                        </label>
                      </li>
                    ))}
                  </ul>
                </details>
              );
            })}
          </section>
        </>
      )}
    </div>
  );
}

export function AgreementsStep({ s, set, readOnly }: StepProps) {
  return (
    <div>
      <p class="hint">{t('guide.agreements.hint')}</p>
      <RowList
        rows={s.agreements}
        onChange={(agreements) => set((x) => ({ ...x, agreements }))}
        readOnly={readOnly}
        itemLabel={(i) => t('guide.agreements.who', { n: i + 1 })}
        addLabel={t('guide.agreements.add')}
        blank={{ who: '', what: '', due_on: null }}
        firstFieldId={(i) => `agr-who-${i}`}
        rowClass="entry-row--agreement"
        fields={(r, i, put) => (
          <>
            <div class="field">
              <label for={`agr-who-${i}`}>{t('guide.agreements.who', { n: i + 1 })}</label>
              <input id={`agr-who-${i}`} value={r.who} readOnly={readOnly} onInput={(e) => put({ who: e.currentTarget.value })} />
            </div>
            <div class="field entry-row__text">
              <label for={`agr-what-${i}`}>{t('guide.agreements.what')}</label>
              <input id={`agr-what-${i}`} value={r.what} readOnly={readOnly} onInput={(e) => put({ what: e.currentTarget.value })} />
            </div>
            <div class="field">
              <label for={`agr-due-${i}`}>{t('guide.agreements.due')}</label>
              <input id={`agr-due-${i}`} type="date" value={r.due_on ?? ''} readOnly={readOnly} onInput={(e) => put({ due_on: e.currentTarget.value || null })} />
            </div>
          </>
        )}
      />
      <div class="field field--narrow follow-up">
        <label for="next-follow-up">{t('guide.nextFollowUp')}</label>
        <input
          id="next-follow-up"
          type="date"
          value={s.next_follow_up_on ?? ''}
          readOnly={readOnly}
          onInput={(e) => {
            const v = e.currentTarget.value || null;
            set((x) => ({ ...x, next_follow_up_on: v }));
          }}
        />
      </div>
    </div>
  );
}

/** stepTitle and stepDone let the step list show where one is and what has content. */
export function stepTitle(step: Step): MessageKey {
  return `guide.step.${step}`;
}

export function stepDone(step: Step, s: Sections): boolean {
  switch (step) {
    case 'story':
      return s.story.trim() !== '';
    case 'domains':
      return Object.values(s.domains).some((d) => d && (d.text.trim() !== '' || d.score != null));
    case 'network':
      return s.network.length > 0;
    case 'strengths':
      return s.strengths.length + s.sensitivities.length > 0;
    case 'goals':
      return s.goals.length + s.goal_updates.length > 0;
    case 'needs':
      return s.needs.length > 0;
    case 'options':
      return s.options.length > 0;
    case 'agreements':
      return s.agreements.length > 0 || !!s.next_follow_up_on;
  }
}
