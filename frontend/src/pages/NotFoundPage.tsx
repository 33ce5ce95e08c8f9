import { Layout } from '../components/Layout/Layout';
import { t } from '../i18n';

/** NotFoundPage answers addresses the router does not know. */
export function NotFoundPage() {
  return (
    <Layout title={t('notFound.title')}>
      <div class="card">
        <p>{t('notFound.body')}</p>
        <p>
          <a href="/">{t('notFound.home')}</a>
        </p>
      </div>
    </Layout>
  );
}
