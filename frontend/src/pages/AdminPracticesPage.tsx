import { useSignal } from '@preact/signals';
import { LoadState } from '../components/Async/LoadState';
import { run } from '../components/Async/problem';
import { useAsync } from '../components/Async/useAsync';
import { Layout } from '../components/Layout/Layout';
import { t } from '../i18n';
import { formatDate } from '../i18n/format';
import { useAppState } from '../state/app';

/** AdminPracticesPage: the practices of the admin's region, and adding one. */
export function AdminPracticesPage() {
  const { api } = useAppState();
  const list = useAsync(() => api.GET('/api/v1/practices', { params: { query: { limit: 200 } } }), []);
  const name = useSignal('');
  const agb = useSignal('');
  const message = useSignal<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (!name.value.trim()) return;
    message.value = await run(() => api.POST('/api/v1/practices', { body: { name: name.value.trim(), ...(agb.value.trim() ? { agb_code: agb.value.trim() } : {}) } }));
    if (!message.value) {
      name.value = '';
      agb.value = '';
      void list.reload();
    }
  }

  return (
    <Layout title={t('practices.title')}>
      <section class="card" aria-labelledby="pr-add">
        <h2 id="pr-add">{t('practices.add')}</h2>
        <form class="inline-form" onSubmit={(e) => void submit(e)}>
          <div class="field">
            <label for="pr-name">{t('practices.name')}</label>
            <input id="pr-name" value={name.value} onInput={(e) => (name.value = e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="pr-agb">{t('practices.agb')}</label>
            <input id="pr-agb" inputMode="numeric" maxLength={8} value={agb.value} onInput={(e) => (agb.value = e.currentTarget.value)} />
          </div>
          <button type="submit" class="button button--primary">
            {t('practices.save')}
          </button>
        </form>
        <div class="alert" role="alert" hidden={!message.value}>
          {message.value}
        </div>
      </section>
      <LoadState loading={list.loading.value && !list.data.value} error={list.error.value} onRetry={() => void list.reload()} />
      {list.data.value && (
        <div class="table-wrap card">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('practices.name')}</th>
                <th scope="col">{t('practices.agb')}</th>
                <th scope="col">{t('practices.since')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.value.items.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.name}</th>
                  <td>{p.agb_code ?? '—'}</td>
                  <td>{formatDate(p.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
