import { Layout } from '../components/Layout/Layout';
import { t } from '../i18n';
import { useAppState } from '../state/app';

/** HomePage greets the signed-in user and shows who and where they are in HOI. */
export function HomePage() {
  const { auth } = useAppState();
  const me = auth.user.value;
  if (!me) return null; // the app shows LoginPage instead; this only guards the types

  return (
    <Layout title={t('home.welcome', { name: me.display_name })}>
      <section class="card" aria-labelledby="whoami">
        <h2 id="whoami">{t('home.signedInAs')}</h2>
        <dl class="facts">
          <div>
            <dt>{t('home.name')}</dt>
            <dd>{me.display_name}</dd>
          </div>
          <div>
            <dt>{t('home.role')}</dt>
            <dd>{t(`role.${me.role}`)}</dd>
          </div>
          <div>
            <dt>{t('home.email')}</dt>
            <dd>{me.email}</dd>
          </div>
          {me.practice_name && (
            <div>
              <dt>{t('home.practice')}</dt>
              <dd>{me.practice_name}</dd>
            </div>
          )}
          <div>
            <dt>{t('home.region')}</dt>
            <dd>{me.region_name}</dd>
          </div>
        </dl>
      </section>
    </Layout>
  );
}
