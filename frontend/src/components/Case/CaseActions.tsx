import { useSignal } from '@preact/signals';
import { consentDecisions, etagOf, outcomes, type Action, type CaseFull, type CaseView, type Outcome } from '../../api/types';
import { t } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { useAppState } from '../../state/app';
import { problemText } from '../Async/problem';
import { TeamPicker } from './TeamPicker';

interface Props {
  c: CaseFull;
  etag: string;
  /** can says what the server allows the caller on this case (its allowed_actions). */
  can: (a: Action) => boolean;
  onChange: (c: CaseView, etag?: string) => void;
  /** refresh reloads the case, so a 412 or 410 shows what is true now. */
  refresh: () => Promise<void>;
}

/** CaseActions: status with its allowed next steps, consent and team; changes as the server allows. */
export function CaseActions({ c, etag, can, onChange, refresh }: Props) {
  const { api } = useAppState();
  const message = useSignal<string | null>(null);
  const busy = useSignal(false);
  const closing = useSignal(false);
  const outcome = useSignal<Outcome>('supported_without_referral');
  const reason = useSignal('');

  async function act(request: () => Promise<{ data?: CaseView; error?: unknown; response: Response }>) {
    if (busy.value) return;
    busy.value = true;
    message.value = null;
    try {
      const { data, error, response } = await request();
      if (data) onChange(data, etagOf(response, data.view === 'full' ? data.version : 0));
      else {
        message.value = problemText(response.status, error);
        if (response.status === 410 || response.status === 412) await refresh();
      }
    } catch {
      message.value = problemText('network');
    } finally {
      busy.value = false;
    }
  }

  const steps = c.allowed_next.filter((s): s is 'exploring' | 'follow_up' => s === 'exploring' || s === 'follow_up');
  const canEnd = c.allowed_next.some((s) => s === 'closed' || s === 'withdrawn');
  const allowedOutcomes = outcomes.filter((o) => (o === 'withdrawn' ? c.allowed_next.includes('withdrawn') : c.allowed_next.includes('closed')));

  return (
    <section class="card" aria-labelledby="case-actions">
      <h2 id="case-actions">{t('case.statusAndTeam')}</h2>
      <div id="case-action-msg" class="alert" role="alert" hidden={!message.value}>
        {message.value}
      </div>
      <div class="split">
        <div>
          <h3>{t('case.status')}</h3>
          <p>
            <span class={`badge badge--${c.status}`}>{t(`status.${c.status}`)}</span>
          </p>
          {(can('case.update') || can('case.close')) && (
            <div class="button-row">
              {can('case.update') &&
                steps.map((s) => (
                <button
                  key={s}
                  type="button"
                  class="button"
                  onClick={() =>
                    void act(() => api.PATCH('/api/v1/cases/{id}', { params: { path: { id: c.id }, header: { 'If-Match': etag } }, body: { status: s } }))
                  }
                >
                  {t('case.moveTo', { status: t(`status.${s}`) })}
                </button>
              ))}
              {can('case.close') && canEnd && !closing.value && (
                <button type="button" class="button" onClick={() => (closing.value = true)}>
                  {t('case.close')}
                </button>
              )}
            </div>
          )}
          {closing.value && (
            <form
              class="form subform"
              onSubmit={(e) => {
                e.preventDefault();
                if (!reason.value.trim()) {
                  message.value = t('case.close.reasonMissing');
                  return;
                }
                void act(() =>
                  api.POST('/api/v1/cases/{id}/close', { params: { path: { id: c.id } }, body: { outcome: outcome.value, reason: reason.value.trim() } }),
                ).then(() => {
                  if (!message.value) closing.value = false;
                });
              }}
            >
              <div class="field">
                <label for="close-outcome">{t('case.outcome')}</label>
                <select id="close-outcome" value={outcome.value} onChange={(e) => (outcome.value = e.currentTarget.value as Outcome)}>
                  {allowedOutcomes.map((o) => (
                    <option key={o} value={o}>
                      {t(`outcome.${o}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="close-reason">{t('case.close.reason')}</label>
                <textarea id="close-reason" rows={2} value={reason.value} onInput={(e) => (reason.value = e.currentTarget.value)} />
              </div>
              <div class="button-row">
                <button type="submit" class="button button--primary">
                  {t('case.close.confirm')}
                </button>
                <button type="button" class="button" onClick={() => (closing.value = false)}>
                  {t('action.cancel')}
                </button>
              </div>
            </form>
          )}
        </div>
        <div>
          <h3>{t('case.consent')}</h3>
          <p>
            {t(`consent.${c.consent.status}`)}
            {c.consent.at && ` · ${formatDate(c.consent.at)}`}
            {c.consent.recorded_by && ` · ${c.consent.recorded_by.display_name}`}
          </p>
          <p class="muted small">{t('case.consent.explain')}</p>
          {can('case.consent') && (
            <div class="button-row">
              {consentDecisions
                .filter((s) => s !== c.consent.status)
                .map((s) => (
                  <button
                    key={s}
                    type="button"
                    class="button"
                    onClick={() => void act(() => api.POST('/api/v1/cases/{id}/consent', { params: { path: { id: c.id } }, body: { status: s } }))}
                  >
                    {t(`consent.record.${s}`)}
                  </button>
                ))}
            </div>
          )}
        </div>
        <TeamPicker c={c} etag={etag} canEdit={can('case.team')} onChange={onChange} refresh={refresh} />
      </div>
    </section>
  );
}
