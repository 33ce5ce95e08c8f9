import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n';
import { resolveConflict, type Conflict, type DraftBody, type FieldPath, type MergeChoice } from '../../state/draft';

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
    priorities: 'guide.domains.prioritiesTitle',
  };
  return known[path] ? t(known[path]) : path;
}

/**
 * ConflictPanel shows, after a 412, only the fields both versions changed,
 * differently (everything changed on one side only is already merged): the
 * user's own text and the other version side by side, nothing preselected.
 * Saving waits until every field has a choice; nothing is thrown away
 * before that. When the other version came from the same user, it says
 * "another tab of yours".
 */
export function ConflictPanel({ conflict, meId, onResolve }: { conflict: Conflict; meId: number; onResolve: (merged: DraftBody) => void }) {
  const choices = useSignal<Record<FieldPath, MergeChoice>>({});
  const tried = useSignal(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const sameUser = conflict.theirsBy != null && conflict.theirsBy === meId;
  const get = (d: DraftBody, path: FieldPath) => diffValue(d, path);
  const missing = conflict.fields.filter((f) => !choices.value[f]);
  return (
    <section class="card conflict" aria-labelledby="conflict-h">
      <h2 id="conflict-h" ref={heading} tabIndex={-1}>
        {t('conflict.title')}
      </h2>
      <p>{t(sameUser ? 'conflict.explainSelf' : 'conflict.explain', { count: conflict.fields.length })}</p>
      {conflict.fields.map((path) => {
        const mine = get(conflict.mine, path);
        const theirs = get(conflict.theirs, path);
        const canBoth = typeof mine === 'string' || Array.isArray(mine);
        const unchosen = tried.value && !choices.value[path];
        return (
          <fieldset key={path} class={unchosen ? 'conflict__field conflict__field--missing' : 'conflict__field'}>
            <legend>{fieldName(path)}</legend>
            <div class="conflict__sides">
              <div class="conflict__side">
                <p class="conflict__who">{t('conflict.mine')}</p>
                <pre class="conflict__text">{show(mine)}</pre>
              </div>
              <div class="conflict__side">
                <p class="conflict__who">{t(sameUser ? 'conflict.theirsSelf' : 'conflict.theirs')}</p>
                <pre class="conflict__text">{show(theirs)}</pre>
              </div>
            </div>
            <div class="chips" role="radiogroup" aria-label={t('conflict.keep', { field: fieldName(path) })}>
              {(['mine', 'theirs', ...(canBoth ? (['both'] as const) : [])] as MergeChoice[]).map((c) => (
                <label key={c} class="chip">
                  <input type="radio" name={`conflict-${path}`} checked={choices.value[path] === c} onChange={() => (choices.value = { ...choices.value, [path]: c })} />
                  {t(sameUser && c === 'theirs' ? 'conflict.choice.theirsSelf' : `conflict.choice.${c}`)}
                </label>
              ))}
            </div>
            {unchosen && <p class="field-error">{t('conflict.choose')}</p>}
          </fieldset>
        );
      })}
      <button
        type="button"
        class="button button--primary"
        onClick={() => {
          tried.value = true;
          if (missing.length === 0) onResolve(resolveConflict(conflict, choices.value));
        }}
      >
        {t('conflict.save')}
      </button>
    </section>
  );
}

/** diffValue reads one field of a draft by its path, as diffDrafts names it. */
function diffValue(d: DraftBody, path: FieldPath): unknown {
  const m = /^domains\.(\w+)\.(text|score)$/.exec(path);
  if (m) {
    const e = d.sections.domains[m[1] as 'body'];
    return m[2] === 'score' ? (e?.score ?? null) : (e?.text ?? '');
  }
  if (path in d.sections) return (d.sections as unknown as Record<string, unknown>)[path];
  return (d as unknown as Record<string, unknown>)[path];
}
