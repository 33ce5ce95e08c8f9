import { useSignal } from '@preact/signals';
import type { AccessLogEntry } from '../api/types';
import { problemText } from '../components/Async/problem';
import { Layout } from '../components/Layout/Layout';
import { t } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { useAppState } from '../state/app';

/** AccessLogPage: who accessed a case (NEN 7513), looked up by case number. Never the content. */
export function AccessLogPage() {
  const { api } = useAppState();
  const caseId = useSignal('');
  const rows = useSignal<AccessLogEntry[] | null>(null);
  const message = useSignal<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    const id = Number(caseId.value);
    if (!id) return;
    message.value = null;
    try {
      const { data, error, response } = await api.GET('/api/v1/cases/{id}/access-log', { params: { path: { id }, query: { limit: 200 } } });
      if (data) rows.value = data.items;
      else {
        rows.value = null;
        message.value = problemText(response.status, error);
      }
    } catch {
      message.value = problemText('network');
    }
  }

  return (
    <Layout title={t('accessLog.title')}>
      <form class="inline-form card" onSubmit={(e) => void submit(e)}>
        <div class="field">
          <label for="al-case">{t('accessLog.caseNumber')}</label>
          <input id="al-case" inputMode="numeric" value={caseId.value} onInput={(e) => (caseId.value = e.currentTarget.value)} />
        </div>
        <button type="submit" class="button button--primary">
          {t('accessLog.show')}
        </button>
      </form>
      <div class="alert" role="alert" hidden={!message.value}>
        {message.value}
      </div>
      {rows.value && (
        <div class="table-wrap card">
          <p role="status">{t('accessLog.count', { count: rows.value.length })}</p>
          <table class="table table--compact">
            <thead>
              <tr>
                <th scope="col">{t('accessLog.at')}</th>
                <th scope="col">{t('accessLog.user')}</th>
                <th scope="col">{t('home.role')}</th>
                <th scope="col">{t('accessLog.action')}</th>
                <th scope="col">{t('accessLog.resource')}</th>
                <th scope="col">{t('accessLog.outcome')}</th>
                <th scope="col">{t('accessLog.address')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.value.map((r) => (
                <tr key={`${r.id}-${r.case_id ?? ""}`}>
                  <td>{formatDateTime(r.at)}</td>
                  <td>#{r.user_id}</td>
                  <td>{t(`role.short.${r.role}`)}</td>
                  <td>{t(`accessLog.action.${r.action}`)}</td>
                  <td>
                    {r.resource_type}
                    {r.resource_id != null && ` #${r.resource_id}`}
                  </td>
                  <td>{r.outcome === 'allowed' ? t('accessLog.allowed') : t('accessLog.denied')}</td>
                  <td>{r.client_addr}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
