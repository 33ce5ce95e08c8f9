import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { etagOf, type CaseFull, type CaseView, type Person, type TeamCandidate } from '../../api/types';
import { t } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { useAppState } from '../../state/app';
import { problemText } from '../Async/problem';

/** maxTeam mirrors TeamInput.members maxItems in openapi.yaml. */
export const maxTeam = 10;

interface Props {
  c: CaseFull;
  /** etag is the case's current ETag: a team change is a conditional update like every other edit. */
  etag: string;
  /** canEdit: the POH on an open case may add and remove peers and coaches. */
  canEdit: boolean;
  onChange: (c: CaseView, etag?: string) => void;
  /** refresh reloads the case (after 410/412, so the page shows what is true now). */
  refresh: () => Promise<void>;
}

/**
 * TeamPicker lists the team of a case and lets the POH add peer experts and
 * neighbourhood coaches of the region (GET /team-candidates) or remove them
 * (PUT /cases/{id}/team with the whole new list and the case's ETag as
 * If-Match, so two POHs cannot silently undo each other). A native select and buttons,
 * so it works with the keyboard and screen readers as is; results are
 * announced in a polite live region and focus never falls back to the page.
 */
export function TeamPicker({ c, etag, canEdit, onChange, refresh }: Props) {
  const { api } = useAppState();
  const candidates = useSignal<TeamCandidate[] | null>(null);
  // overCap is the candidate at their caseload cap waiting for a reason before being added.
  const overCap = useSignal<TeamCandidate | null>(null);
  const reason = useSignal('');
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const loadFailed = useSignal(false);
  const chosen = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const done = useSignal('');
  const select = useRef<HTMLSelectElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!canEdit) return;
    let live = true;
    loadFailed.value = false;
    api.GET('/api/v1/team-candidates').then(
      ({ data }) => {
        if (!live) return;
        if (data) candidates.value = data.items;
        else loadFailed.value = true;
      },
      () => {
        if (live) loadFailed.value = true;
      },
    );
    return () => {
      live = false;
    };
  }, [canEdit]);

  async function save(members: number[], announce: string, overCapReason?: string): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    error.value = null;
    done.value = '';
    try {
      const { data, error: problem, response } = await api.PUT('/api/v1/cases/{id}/team', {
        params: { path: { id: c.id }, header: { 'If-Match': etag } },
        body: { members, ...(overCapReason ? { over_cap_reason: overCapReason } : {}) },
      });
      if (data) {
        onChange(data, etagOf(response, data.view === 'full' ? data.version : 0));
        done.value = announce;
        return true;
      }
      if (response.status === 422) {
        // At their cap after all (the count moved since we read it): ask for a reason.
        const p = candidates.value?.find((x) => members.includes(x.user_id) && !c.team.some((m) => m.user_id === x.user_id));
        if (p) {
          overCap.value = p;
          setTimeout(() => reasonRef.current?.focus(), 0);
          return false;
        }
      }
      error.value = problemText(response.status, problem);
      // 412: someone changed the case or its team since we read it; show what is true now.
      if (response.status === 410 || response.status === 412) await refresh();
    } catch {
      error.value = problemText('network');
    } finally {
      busy.value = false;
    }
    return false;
  }

  async function add(e: Event) {
    e.preventDefault();
    const p = candidates.value?.find((x) => String(x.user_id) === chosen.value);
    if (!p) {
      error.value = t('case.team.chooseFirst');
      select.current?.focus();
      return;
    }
    if (p.caseload_cap != null && p.active_cases >= p.caseload_cap && overCap.value?.user_id !== p.user_id) {
      overCap.value = p;
      error.value = null;
      setTimeout(() => reasonRef.current?.focus(), 0);
      return;
    }
    if (overCap.value?.user_id === p.user_id && !reason.value.trim()) {
      error.value = t('case.team.overCapMissing');
      reasonRef.current?.focus();
      return;
    }
    const why = overCap.value?.user_id === p.user_id ? reason.value.trim().slice(0, 300) : undefined;
    if (await save([...c.team.map((m) => m.user_id), p.user_id], t('case.team.added', { name: p.display_name }), why)) {
      chosen.value = '';
      overCap.value = null;
      reason.value = '';
    }
  }

  function load(p: TeamCandidate): string {
    const cases =
      p.caseload_cap == null
        ? t('case.team.load', { active: p.active_cases })
        : `${t('case.team.loadCap', { active: p.active_cases, cap: p.caseload_cap })}${p.active_cases >= p.caseload_cap ? ` · ${t('case.team.atCap')}` : ''}`;
    const slot = p.next_free_slot ? t('case.team.freeFrom', { when: formatDateTime(p.next_free_slot) }) : t('case.team.noFreeSlot');
    return `${cases} · ${slot}`;
  }

  async function remove(p: Person) {
    const ok = await save(
      c.team.filter((m) => m.user_id !== p.user_id).map((m) => m.user_id),
      t('case.team.removed', { name: p.display_name }),
    );
    // The pressed button is gone: keep focus in the team, on the picker or the heading.
    if (ok) setTimeout(() => (select.current ?? heading.current)?.focus(), 0);
  }

  const onTeam = new Set(c.team.map((m) => m.user_id));
  const available = (candidates.value ?? []).filter((p) => !onTeam.has(p.user_id));
  const full = c.team.length >= maxTeam;

  return (
    <div class="team">
      <h3 id="team-h" ref={heading} tabIndex={-1}>
        {t('case.team')}
      </h3>
      {c.team.length === 0 ? (
        <p class="muted">{t('case.team.empty')}</p>
      ) : (
        <ul class="plain" aria-labelledby="team-h">
          {c.team.map((p) => (
            <li key={p.user_id} class="team-member">
              <span>
                {p.display_name} <span class="muted">· {t(`role.short.${p.role}`)}</span>
              </span>
              {canEdit && (
                <button
                  type="button"
                  class="button button--small"
                  aria-label={t('case.team.remove', { name: p.display_name })}
                  aria-disabled={busy.value}
                  onClick={() => void remove(p)}
                >
                  {t('action.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <>
          <div class="alert" role="alert" hidden={!error.value && !loadFailed.value}>
            {error.value ?? (loadFailed.value ? t('case.team.candidatesFailed') : '')}
          </div>
          {full ? (
            <p class="muted small">{t('case.team.full', { max: maxTeam })}</p>
          ) : candidates.value && available.length === 0 ? (
            <p class="muted small">{t('case.team.noCandidates')}</p>
          ) : (
            candidates.value && (
              <form class="team-add" onSubmit={(e) => void add(e)}>
                <div class="field">
                  <label for="team-add">{t('case.team.add')}</label>
                  <p class="hint small" id="team-add-hint">
                    {t('case.team.addHint')}
                  </p>
                  <select
                    id="team-add"
                    ref={select}
                    aria-describedby="team-add-hint"
                    value={chosen.value}
                    onChange={(e) => {
                      chosen.value = e.currentTarget.value;
                      if (overCap.value && String(overCap.value.user_id) !== chosen.value) overCap.value = null;
                    }}
                  >
                    <option value="">{t('case.team.choose')}</option>
                    {available.map((p) => (
                      <option key={p.user_id} value={String(p.user_id)}>
                        {p.display_name} · {t(`role.short.${p.role}`)} · {load(p)}
                      </option>
                    ))}
                  </select>
                </div>
                {overCap.value && (
                  <div class="field team-overcap">
                    <p class="notice" id="team-overcap-title">
                      {t('case.team.overCapTitle', { name: overCap.value.display_name, active: overCap.value.active_cases, cap: overCap.value.caseload_cap ?? 0 })}
                    </p>
                    <label for="team-overcap-reason">{t('case.team.overCapReason', { name: overCap.value.display_name })}</label>
                    <p class="hint small" id="team-overcap-hint">
                      {t('case.team.overCapHint')}
                    </p>
                    <textarea
                      id="team-overcap-reason"
                      ref={reasonRef}
                      rows={2}
                      maxLength={300}
                      aria-describedby="team-overcap-title team-overcap-hint"
                      value={reason.value}
                      onInput={(e) => (reason.value = e.currentTarget.value)}
                    />
                  </div>
                )}
                <button type="submit" class="button" aria-disabled={busy.value}>
                  {overCap.value ? t('case.team.overCapSave') : t('case.team.addButton')}
                </button>
              </form>
            )
          )}
          <p class="small team-done" role="status">
            {done.value}
          </p>
        </>
      )}
    </div>
  );
}
