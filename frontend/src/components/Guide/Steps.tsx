import { useSignal } from '@preact/signals';
import { Fragment } from 'preact';
import {
  goalStatuses,
  lifeDomains,
  optionCategories,
  participantRoles,
  type CaseFull,
  type GoalStatus,
  type LifeDomain,
  type Option,
  type OptionCategory,
  type ParticipantRole,
  type Sections,
} from '../../api/types';
import { t, type MessageKey } from '../../i18n';
import { Radar } from '../Charts/Radar';
import { agreementGap } from './completeness';
import { EntryList } from './EntryList';
import { RowList } from './RowList';
import { Availability } from '../Case/Availability';

/** StepProps: every step edits the draft's sections and may be read-only (a final conversation). */
export interface StepProps {
  s: Sections;
  set: (fn: (s: Sections) => Sections) => void;
  readOnly: boolean;
}

/** allSteps in the order of the conversation; 'previous' opens a follow-up, when there was a conversation before. */
export const allSteps = ['previous', 'story', 'domains', 'network', 'strengths', 'goals', 'needs', 'options', 'agreements'] as const;
export type Step = (typeof allSteps)[number];

/** stepsFor lists the steps of a conversation: with "last time" first when there was one. */
export function stepsFor(hasPrevious: boolean): readonly Step[] {
  return hasPrevious ? allSteps : allSteps.slice(1);
}

const MAX_PRIORITIES = 3;

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
        rows={8}
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

/**
 * DomainsStep puts all nine life domains on one screen: one tap per score,
 * last time's score marked beside it, a web chart that grows as the resident
 * scores, up to three domains marked "hier wil ik over praten", and a note
 * per domain that opens when wanted. In resident mode (the resident holds
 * the tablet) it speaks to the resident and shows no staff notes.
 */
export function DomainsStep({
  s,
  set,
  readOnly,
  previous,
  own = new Map(),
  resident = false,
}: StepProps & { previous: Map<LifeDomain, number>; own?: Map<LifeDomain, number>; resident?: boolean }) {
  // own: the resident's scores from their self-check, shown beside the talk's and never copied into them.
  const ownShown = !resident && own.size > 0;
  const open = useSignal<Record<string, boolean>>({});
  const priorities = s.priorities ?? [];
  function put(d: LifeDomain, patch: { text?: string; score?: number | null }) {
    set((x) => {
      const cur = x.domains[d] ?? { text: '', score: null };
      return { ...x, domains: { ...x.domains, [d]: { ...cur, ...patch } } };
    });
  }
  function togglePriority(d: LifeDomain, on: boolean) {
    set((x) => {
      const cur = x.priorities ?? [];
      return { ...x, priorities: on ? [...cur.filter((p) => p !== d), d].slice(0, MAX_PRIORITIES) : cur.filter((p) => p !== d) };
    });
  }
  const latest = new Map<LifeDomain, number>();
  for (const d of lifeDomains) {
    const v = s.domains[d]?.score;
    if (v != null) latest.set(d, v);
  }
  const scored = latest.size;
  return (
    <div class={resident ? 'domains domains--resident' : 'domains'}>
      <p class="scale-legend" id="scale-legend">
        <span class="scale-legend__end">{t(resident ? 'resident.scale' : 'guide.domains.scale')}</span>
        {previous.size > 0 && (
          <span class="scale-legend__prev">
            <span class="prev-mark" aria-hidden="true" /> {t('guide.domains.previousLegend')}
          </span>
        )}
        {ownShown && <span class="scale-legend__own">{t('guide.own.legend')}</span>}
      </p>
      <div class="domains__layout">
        <table class="domain-grid">
          <caption class="visually-hidden">{t(resident ? 'resident.domains.caption' : 'guide.domains.caption')}</caption>
          <tbody>
            {lifeDomains.map((d) => {
              const entry = s.domains[d] ?? { text: '', score: null };
              const prev = previous.get(d);
              const name = t(`domain.${d}`);
              const isPriority = priorities.includes(d);
              const question = resident ? t(`resident.q.${d}`) : name;
              return (
                <Fragment key={d}>
                <tr class={isPriority ? 'domain-row domain-row--priority' : 'domain-row'}>
                  <th scope="row" class="domain-row__name">
                    <span id={`dname-${d}`}>{question}</span>
                    {!resident && <span class="domain-row__hint">{t(`domain.hint.${d}`)}</span>}
                    {prev != null && <span class="domain-row__prev">{t('guide.domains.previous', { score: prev })}</span>}
                    {ownShown && own.has(d) && (
                      <span class="own-score" data-source="resident">
                        {t('guide.own.resident', { score: own.get(d)! })}
                      </span>
                    )}
                  </th>
                  <td class="domain-row__scores">
                    {ownShown && (
                      <span class="source-mark" aria-hidden="true">
                        {t('guide.own.talk')}
                      </span>
                    )}
                    <div
                      class="score"
                      role="radiogroup"
                      aria-label={ownShown ? `${t('guide.domains.score', { domain: name })} (${t('guide.own.talk')})` : t('guide.domains.score', { domain: name })}
                      aria-describedby="scale-legend"
                    >
                      {[1, 2, 3, 4, 5].map((n) => (
                        <label key={n} class={prev === n ? 'score__option score__option--prev' : 'score__option'}>
                          <input
                            type="radio"
                            name={`score-${d}`}
                            value={n}
                            checked={entry.score === n}
                            disabled={readOnly}
                            onClick={() => entry.score === n && put(d, { score: null })}
                            onChange={() => put(d, { score: n })}
                          />
                          <span>{n}</span>
                        </label>
                      ))}
                    </div>
                  </td>
                  <td class="domain-row__extra">
                    <label class="chip chip--priority">
                      <input
                        type="checkbox"
                        checked={isPriority}
                        disabled={readOnly || (!isPriority && priorities.length >= MAX_PRIORITIES)}
                        onChange={(e) => togglePriority(d, e.currentTarget.checked)}
                      />
                      <span aria-hidden="true">★</span>
                      <span class="visually-hidden">{t(resident ? 'resident.priority' : 'guide.domains.priority', { domain: name })}</span>
                    </label>
                    {!resident && (
                      <button
                        type="button"
                        class="button button--small"
                        aria-expanded={!!open.value[d] || !!entry.text}
                        aria-controls={`domain-note-${d}`}
                        onClick={() => (open.value = { ...open.value, [d]: !open.value[d] })}
                      >
                        {t('guide.domains.note')}
                        <span class="visually-hidden"> {name}</span>
                      </button>
                    )}
                  </td>
                </tr>
                {!resident && (open.value[d] || entry.text) && (
                  <tr class="domain-note-row" id={`domain-note-${d}`}>
                    <td colSpan={3}>
                      <label for={`domain-${d}`}>{t('guide.domains.text', { domain: name })}</label>
                      <textarea id={`domain-${d}`} rows={2} value={entry.text} readOnly={readOnly} onInput={(e) => put(d, { text: e.currentTarget.value })} />
                    </td>
                  </tr>
                )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
        <figure class="radar-figure domains__radar">
          <Radar
            first={previous}
            latest={latest}
            label={t('guide.domains.radar', {
              count: scored,
              scores: lifeDomains
                .filter((d) => latest.has(d))
                .map((d) => `${t(`domain.${d}`)} ${latest.get(d)}`)
                .join('; '),
            })}
          />
          <figcaption class="muted small">
            {t('guide.domains.scored', { count: scored })}
            {' · '}
            {t('guide.domains.priorities', { count: priorities.length })}
          </figcaption>
        </figure>
      </div>
    </div>
  );
}

/** PriorityNote shows the domains the resident wants to talk about first, in the later steps. */
export function PriorityNote({ s }: { s: Sections }) {
  const p = s.priorities ?? [];
  if (!p.length) return null;
  return (
    <p class="priority-note">
      <span aria-hidden="true">★ </span>
      {t('guide.priorities.note', { domains: p.map((d) => t(`domain.${d}`)).join(', ') })}
    </p>
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
        gap={(r) => (!r.who.trim() && r.meaning.trim() ? t('gap.row.networkWho') : null)}
        fields={(r, i, put) => (
          <>
            <div class="field">
              <label for={`net-who-${i}`}>{t('guide.network.who', { n: i + 1 })}</label>
              <input
                id={`net-who-${i}`}
                value={r.who}
                readOnly={readOnly}
                aria-invalid={!r.who.trim() && !!r.meaning.trim()}
                aria-describedby={!r.who.trim() && r.meaning.trim() ? `net-who-${i}-gap` : undefined}
                onInput={(e) => put({ who: e.currentTarget.value })}
              />
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
  const pr = s.priorities ?? [];
  return (
    <div class="split split--2">
      <section aria-labelledby="h-strengths">
        <h3 id="h-strengths">{t('case.strengths')}</h3>
        <p class="hint">{t('guide.strengths.hint')}</p>
        <EntryList id="strength" itemLabel="guide.strength.item" addLabel="guide.strength.add" rows={s.strengths} priorities={pr} readOnly={readOnly} onChange={(rows) => set((x) => ({ ...x, strengths: rows }))} />
      </section>
      <section aria-labelledby="h-sensitivities">
        <h3 id="h-sensitivities">{t('case.sensitivities')}</h3>
        <p class="hint">{t('guide.sensitivities.hint')}</p>
        <EntryList
          id="sensitivity"
          itemLabel="guide.sensitivity.item"
          addLabel="guide.sensitivity.add"
          rows={s.sensitivities}
          priorities={pr}
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
        <EntryList
          id="goal"
          itemLabel="guide.goal.item"
          addLabel="guide.goal.add"
          rows={s.goals}
          priorities={s.priorities ?? []}
          readOnly={readOnly}
          onChange={(rows) => set((x) => ({ ...x, goals: rows, options: relinkGoals(x, rows.length) }))}
        />
      </section>
    </div>
  );
}

/** relinkGoals drops option links to goals that no longer exist (after a goal row is removed, its place is gone). */
function relinkGoals(x: Sections, count: number): Sections['options'] {
  return x.options.map((o) => ({ ...o, goals: (o.goals ?? []).filter((g) => g < count) }));
}

export function NeedsStep({ s, set, readOnly }: StepProps) {
  return (
    <div>
      <p class="question-prompt">{t('guide.needs.question')}</p>
      <EntryList id="need" itemLabel="guide.need.item" addLabel="guide.need.add" rows={s.needs} priorities={s.priorities ?? []} readOnly={readOnly} onChange={(rows) => set((x) => ({ ...x, needs: rows }))} />
    </div>
  );
}

const arrangers: readonly ParticipantRole[] = participantRoles;

/**
 * OptionsStep is the palette: a tick means chosen (the usual case), with
 * "alleen besproken" for an option only talked about, and who arranges it
 * asked right there. Chosen options become plan items when the conversation
 * is finalised, on the server.
 */
export function OptionsStep({ s, set, readOnly, catalogue }: StepProps & { catalogue: Option[] }) {
  const q = useSignal('');
  const freeText = useSignal('');
  const freeCat = useSignal<OptionCategory>('other');
  const needle = q.value.trim().toLowerCase();
  const matches = catalogue.filter((o) => !needle || `${o.name} ${o.provider} ${o.description}`.toLowerCase().includes(needle));
  const picked = (o: Option) => s.options.some((x) => x.option_id === o.id);

  const blankOption = { chosen: true, arranged_by: '' as const, goals: [], goal_ids: [] };
  function toggle(o: Option, on: boolean) {
    set((x) => (on ? { ...x, options: [...x.options, { ...blankOption, option_id: o.id, text: o.name, category: o.category }] } : removeOption(x, x.options.findIndex((y) => y.option_id === o.id))));
  }
  function put(i: number, patch: Partial<Sections['options'][number]>) {
    set((x) => ({ ...x, options: x.options.map((y, j) => (j === i ? { ...y, ...patch } : y)) }));
  }
  function addFree() {
    const text = freeText.value.trim();
    if (!text) return;
    set((x) => ({ ...x, options: [...x.options, { ...blankOption, option_id: null, text, category: freeCat.value }] }));
    freeText.value = '';
  }

  return (
    <div class="options-step">
      <PriorityNote s={s} />
      {s.options.length > 0 && (
        <section aria-labelledby="h-considered" class="subsection">
          <h3 id="h-considered">{t('guide.options.considered')}</h3>
          <ul class="plain considered-list">
            {s.options.map((o, i) => (
              <li key={`${o.option_id ?? 'free'}-${i}`} class={o.chosen && !o.arranged_by ? 'considered considered--gap' : 'considered'}>
                <div class="considered__head">
                  <strong id={`opt-name-${i}`}>{o.text}</strong> <span class="tag">{t(`category.${o.category as OptionCategory}`)}</span>
                  <span class="tag tag--state">{t(o.chosen ? 'guide.options.isChosen' : 'guide.options.isDiscussed')}</span>
                </div>
                <div class="considered__controls">
                  <fieldset class="chips considered__who" id={`opt-who-${i}`} tabIndex={-1} aria-describedby={o.chosen && !o.arranged_by ? `opt-gap-${i}` : undefined}>
                    <legend>{t('guide.options.who', { what: o.text })}</legend>
                    {arrangers.map((r) => (
                      <label key={r} class="chip">
                        <input type="radio" name={`opt-who-${i}`} checked={o.arranged_by === r} disabled={readOnly} onChange={() => put(i, { arranged_by: r })} />
                        {t(`participant.${r}`)}
                      </label>
                    ))}
                  </fieldset>
                  {o.chosen && !o.arranged_by && (
                    <p class="entry-row__gap" id={`opt-gap-${i}`}>
                      {t('gap.row.optionWho')}
                    </p>
                  )}
                  <div class="considered__more">
                    <label class="chip">
                      <input type="checkbox" checked={!o.chosen} disabled={readOnly} onChange={(e) => put(i, { chosen: !e.currentTarget.checked })} />
                      {t('guide.options.onlyDiscussed')}
                    </label>
                    {s.goals.some((g) => g.text.trim()) && (
                      <fieldset class="chips considered__goals">
                        <legend>{t('guide.options.forGoals')}</legend>
                        {s.goals.map((g, gi) =>
                          g.text.trim() ? (
                            <label key={gi} class="chip">
                              <input
                                type="checkbox"
                                checked={(o.goals ?? []).includes(gi)}
                                disabled={readOnly}
                                onChange={(e) => put(i, { goals: e.currentTarget.checked ? [...(o.goals ?? []), gi] : (o.goals ?? []).filter((x) => x !== gi) })}
                              />
                              {g.text}
                            </label>
                          ) : null,
                        )}
                      </fieldset>
                    )}
                    {!readOnly && (
                      <button type="button" class="button button--small" aria-label={t('guide.removeRow', { what: o.text })} onClick={() => set((x) => removeOption(x, i))}>
                        {t('action.remove')}
                      </button>
                    )}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      {!readOnly && (
        <>
          <section aria-labelledby="h-catalogue" class="subsection">
            <h3 id="h-catalogue">{t('guide.options.catalogue')}</h3>
            <p class="hint">{t('guide.options.tickHint')}</p>
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
                          <input type="checkbox" checked={picked(o)} onChange={(e) => toggle(o, e.currentTarget.checked)} />
                          <span>
                            <strong>{o.name}</strong>
                            {o.provider && <span class="muted"> · {o.provider}</span>}
                            <span class="muted small option__desc">
                              {t(`cost.${o.cost}`)}
                              {o.specialist && ` · ${t('option.specialist')}`}
                              {o.description && ` · ${o.description}`}
                            </span>
                            <Availability o={o} />
                          </span>
                        </label>
                      </li>
                    ))}
                  </ul>
                </details>
              );
            })}
          </section>
          <section aria-labelledby="h-free" class="subsection">
            <h3 id="h-free">{t('guide.options.free')}</h3>
            <form
              class="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                addFree();
              }}
            >
              <div class="field inline-form__grow">
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
              <button type="submit" class="button">
                {t('guide.options.addFree')}
              </button>
            </form>
          </section>
        </>
      )}
    </div>
  );
}

/** removeOption removes option i and keeps the agreements that point at options right. */
function removeOption(x: Sections, i: number): Sections {
  if (i < 0) return x;
  return {
    ...x,
    options: x.options.filter((_, j) => j !== i),
    agreements: x.agreements.map((a) => ({ ...a, option: a.option == null || a.option === i ? null : a.option > i ? a.option - 1 : a.option })),
  };
}

export function AgreementsStep({ s, set, readOnly }: StepProps) {
  const gapText = (a: Sections['agreements'][number]) => {
    const g = agreementGap(a);
    return g === 'who' ? t('gap.row.agreementWho') : g === 'what' ? t('gap.row.agreementWhat') : g === 'both' ? t('gap.row.agreementBoth') : null;
  };
  return (
    <div>
      <PriorityNote s={s} />
      <p class="hint">{t('guide.agreements.hint')}</p>
      <RowList
        rows={s.agreements}
        onChange={(agreements) => set((x) => ({ ...x, agreements }))}
        readOnly={readOnly}
        itemLabel={(i) => t('guide.agreements.item', { n: i + 1 })}
        addLabel={t('guide.agreements.add')}
        blank={{ who: '', what: '', due_on: null, option: null }}
        firstFieldId={(i) => `agr-who-${i}`}
        rowClass="entry-row--agreement"
        gap={(r) => gapText(r)}
        fields={(r, i, put) => {
          const g = agreementGap(r);
          return (
            <>
              <div class="field">
                <label for={`agr-who-${i}`}>{t('guide.agreements.who', { n: i + 1 })}</label>
                <input
                  id={`agr-who-${i}`}
                  value={r.who}
                  readOnly={readOnly}
                  aria-invalid={g === 'who' || g === 'both'}
                  aria-describedby={g ? `agr-who-${i}-gap` : undefined}
                  onInput={(e) => put({ who: e.currentTarget.value })}
                />
              </div>
              <div class="field entry-row__text">
                <label for={`agr-what-${i}`}>{t('guide.agreements.what', { n: i + 1 })}</label>
                <input
                  id={`agr-what-${i}`}
                  value={r.what}
                  readOnly={readOnly}
                  aria-invalid={g === 'what' || g === 'both'}
                  aria-describedby={g ? `agr-who-${i}-gap` : undefined}
                  onInput={(e) => put({ what: e.currentTarget.value })}
                />
              </div>
              <div class="field">
                <label for={`agr-due-${i}`}>{t('guide.agreements.due', { n: i + 1 })}</label>
                <input id={`agr-due-${i}`} type="date" value={r.due_on ?? ''} readOnly={readOnly} onInput={(e) => put({ due_on: e.currentTarget.value || null })} />
              </div>
              {s.options.length > 0 && (
                <div class="field">
                  <label for={`agr-opt-${i}`}>{t('guide.agreements.option', { n: i + 1 })}</label>
                  <select id={`agr-opt-${i}`} value={r.option ?? ''} disabled={readOnly} onChange={(e) => put({ option: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })}>
                    <option value="">{t('guide.agreements.noOption')}</option>
                    {s.options.map((o, oi) => (
                      <option key={oi} value={oi}>
                        {o.text}
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </>
          );
        }}
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
    case 'previous':
      return false;
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
