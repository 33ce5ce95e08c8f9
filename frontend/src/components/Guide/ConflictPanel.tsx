import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n';
import { diffDrafts, mergeDrafts, type Conflict, type DraftBody, type FieldPath, type MergeChoice } from '../../state/draft';

/** show turns a field's value into readable text for the side-by-side view. */
function show(v: unknown): string {
  if (v == null || v === '') return '—';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v))
    return v.length
      ? v.map((x: Record<string, unknown>) => Object.values(x).filter((y) => y != null && y !== '' && typeof y !== 'boolean').join(' — ')).join('\n')
      : '—';
  return JSON.stringify(v);
}

function fieldName(path: FieldPath): string {
  const m = /^domains\.(\w+)\.(text|score)$/.exec(path);
  if (m) return `${t(`domain.${m[1] as 'body'}`)} (${m[2] === 'score' ? t('conflict.score') : t('conflict.text')})`;
  const known: Record<string, Parameters<typeof t>[0]> = {
    story: 'guide.step.story',
    network: 'guide.step.network',
    strengths: 'case.strengths',
    sensitivities: 'case.sensitivities',
    goals: 'guide.goals.new',
    goal_updates: 'guide.goals.existing',
    needs: 'guide.step.needs',
    options: 'guide.step.options',
    agreements: 'guide.step.agreements',
    next_follow_up_on: 'guide.nextFollowUp',
    held_on: 'guide.heldOn',
    kind: 'guide.kind',
    location: 'guide.location',
    participants: 'guide.participants',
  };
  return known[path] ? t(known[path]) : path;
}

/**
 * ConflictPanel shows, after a 412, both versions of every field that differs:
 * the user's own text (kept, and the default) and the version saved in the
 * meantime. The user picks per field, or keeps both; nothing is thrown away
 * until they save their choice.
 */
export function ConflictPanel({ conflict, mine, onResolve }: { conflict: Conflict; mine: DraftBody; onResolve: (merged: DraftBody) => void }) {
  const choices = useSignal<Record<FieldPath, MergeChoice>>({});
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const diffs = diffDrafts(mine, conflict.theirs);
  return (
    <section class="card conflict" aria-labelledby="conflict-h">
      <h2 id="conflict-h" ref={heading} tabIndex={-1}>
        {t('conflict.title')}
      </h2>
      <p>{t('conflict.explain')}</p>
      {diffs.map((d) => {
        const choice = choices.value[d.path] ?? 'mine';
        const canBoth = typeof d.mine === 'string' || Array.isArray(d.mine);
        return (
          <fieldset key={d.path} class="conflict__field">
            <legend>{fieldName(d.path)}</legend>
            <div class="conflict__sides">
              <div class="conflict__side">
                <p class="conflict__who">{t('conflict.mine')}</p>
                <pre class="conflict__text">{show(d.mine)}</pre>
              </div>
              <div class="conflict__side">
                <p class="conflict__who">{t('conflict.theirs')}</p>
                <pre class="conflict__text">{show(d.theirs)}</pre>
              </div>
            </div>
            <div class="chips" role="radiogroup" aria-label={t('conflict.keep', { field: fieldName(d.path) })}>
              {(['mine', 'theirs', ...(canBoth ? (['both'] as const) : [])] as MergeChoice[]).map((c) => (
                <label key={c} class="chip">
                  <input
                    type="radio"
                    name={`conflict-${d.path}`}
                    checked={choice === c}
                    onChange={() => (choices.value = { ...choices.value, [d.path]: c })}
                  />
                  {t(`conflict.choice.${c}`)}
                </label>
              ))}
            </div>
          </fieldset>
        );
      })}
      <button type="button" class="button button--primary" onClick={() => onResolve(mergeDrafts(mine, conflict.theirs, choices.value))}>
        {t('conflict.save')}
      </button>
    </section>
  );
}
