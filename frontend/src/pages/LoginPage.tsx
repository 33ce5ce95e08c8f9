import { useSignal } from '@preact/signals';
import { Layout } from '../components/Layout/Layout';
import { t } from '../i18n';
import { useAppState } from '../state/app';
import type { LoginFailure } from '../state/auth';

type FormError = LoginFailure | { reason: 'missing' };

function errorText(err: FormError): string {
  switch (err.reason) {
    case 'invalid':
      return t('login.error.invalid');
    case 'tooMany':
      return t('login.error.tooMany', { count: Math.max(1, Math.ceil(err.retryAfterSeconds / 60)) });
    case 'missing':
      return t('login.error.missing');
    case 'network':
      return t('login.error.network');
    case 'unexpected':
      return t('login.error.unexpected');
  }
}

/**
 * LoginPage is shown for any address while nobody is signed in, so a deep
 * link opens the intended page right after signing in. It is loaded eagerly:
 * it is the first screen for everyone without a session.
 */
export function LoginPage() {
  const { auth } = useAppState();
  const email = useSignal('');
  const password = useSignal('');
  const error = useSignal<FormError | null>(null);
  const busy = useSignal(false);

  async function onSubmit(e: Event) {
    e.preventDefault();
    if (busy.value) return;
    if (!email.value.trim() || !password.value) {
      error.value = { reason: 'missing' };
      return;
    }
    busy.value = true;
    error.value = null;
    const failure = await auth.login(email.value.trim(), password.value);
    // On success this page unmounts as the session signal flips.
    if (failure) {
      busy.value = false;
      error.value = failure;
    }
  }

  const err = error.value;
  const invalid = err?.reason === 'invalid' || err?.reason === 'missing';
  return (
    <Layout title={t('login.title')} narrow>
      <div class="card">
        <p class="lead">{t('login.intro')}</p>
        <form class="form" onSubmit={(e) => void onSubmit(e)} noValidate>
          <div id="login-error" class="alert" role="alert" hidden={!err}>
            {err && errorText(err)}
          </div>
          <div class="field">
            <label for="email">{t('login.email')}</label>
            <input
              id="email"
              name="email"
              type="email"
              autocomplete="username"
              inputMode="email"
              spellcheck={false}
              required
              aria-invalid={invalid || undefined}
              aria-describedby={err ? 'login-error' : undefined}
              value={email.value}
              onInput={(e) => (email.value = e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="password">{t('login.password')}</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              aria-invalid={invalid || undefined}
              aria-describedby={err ? 'login-error' : undefined}
              value={password.value}
              onInput={(e) => (password.value = e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="button button--primary button--wide" aria-disabled={busy.value}>
            {busy.value ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}
