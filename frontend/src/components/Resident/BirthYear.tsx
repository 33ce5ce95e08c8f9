import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { ApiClient } from '../../api/client';
import { t } from '../../i18n';

/** birthYearProblem words the answer to a second check for the resident (B1), or null when it worked. */
export function birthYearProblem(status: number | 'network', attemptsLeft?: number, retryAfterSecs?: number): string | null {
  switch (status) {
    case 200:
      return null;
    case 401:
      return attemptsLeft != null ? t('inwoner.check.wrongLeft', { count: attemptsLeft }) : t('inwoner.check.wrong');
    case 404:
      return t('inwoner.check.unknown');
    case 410:
      return t('inwoner.check.gone');
    case 429:
      return t('inwoner.check.tooMany', { count: Math.max(1, Math.ceil((retryAfterSecs ?? 900) / 60)) });
    case 'network':
      return t('inwoner.network');
    default:
      return t('inwoner.failed');
  }
}

/**
 * BirthYear is the second check: the resident types their birth year. A
 * wrong year says how many tries are left; a link that stopped says so
 * kindly and tells them to ask the practice for a new one.
 */
export function BirthYear({ api, token, onIn }: { api: ApiClient; token: string; onIn: () => Promise<void> }) {
  const year = useSignal('');
  const message = useSignal<string | null>(null);
  const stopped = useSignal(false);
  const busy = useSignal(false);
  const field = useRef<HTMLInputElement>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy.value) return;
    const y = year.value.trim();
    if (!/^\d{4}$/.test(y)) {
      message.value = t('inwoner.check.format');
      field.current?.focus();
      return;
    }
    busy.value = true;
    try {
      const { response, error } = await api.POST('/api/v1/resident/session', { body: { token, birth_year: Number(y) } });
      const p = error as { attempts_left?: number } | undefined;
      message.value = birthYearProblem(response.ok ? 200 : response.status, p?.attempts_left, Number(response.headers.get('Retry-After') ?? '') || undefined);
      stopped.value = response.status === 404 || response.status === 410;
      if (response.ok) await onIn();
      else if (!stopped.value) field.current?.select();
    } catch {
      message.value = birthYearProblem('network');
    } finally {
      busy.value = false;
    }
  }

  if (!token) return <p class="notice">{t('inwoner.check.noToken')}</p>;

  return (
    <>
      <p>{t('inwoner.check.intro')}</p>
      <div class="alert" role="alert" id="year-error" hidden={!message.value}>
        {message.value}
      </div>
      {!stopped.value && (
        <form class="form" onSubmit={(e) => void submit(e)} noValidate>
          <div class="field">
            <label for="birth-year">{t('inwoner.check.label')}</label>
            <p class="hint" id="year-hint">
              {t('inwoner.check.hint')}
            </p>
            <input
              id="birth-year"
              ref={field}
              class="input--year"
              type="text"
              inputMode="numeric"
              autocomplete="bday-year"
              maxLength={4}
              value={year.value}
              aria-invalid={!!message.value}
              aria-describedby={message.value ? 'year-hint year-error' : 'year-hint'}
              onInput={(e) => (year.value = e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="button button--primary button--large" aria-disabled={busy.value}>
            {t('inwoner.check.submit')}
          </button>
        </form>
      )}
    </>
  );
}
