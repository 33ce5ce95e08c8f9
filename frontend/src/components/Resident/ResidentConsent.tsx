import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { ApiClient } from '../../api/client';
import { t } from '../../i18n';
import type { ResidentCase } from './api';

/**
 * ResidentConsent lets the resident hold their consent to share with
 * network partners: what it means in plain words, give or withdraw it, and
 * a confirmation of what they chose. Withdrawing ends the peer's and the
 * coach's access at once (the server's rule).
 */
export function ResidentConsent({ api, c, onCase, onEnded }: { api: ApiClient; c: ResidentCase; onCase: (c: ResidentCase) => void; onEnded: () => void }) {
  const message = useSignal<string | null>(null);
  const ok = useSignal(false);
  const busy = useSignal(false);
  const out = useRef<HTMLDivElement>(null);
  const given = c.consent.status === 'given';

  async function choose(status: 'given' | 'declined') {
    if (busy.value) return;
    busy.value = true;
    try {
      const { data, response } = await api.POST('/api/v1/resident/consent', { body: { status } });
      if (data) {
        onCase(data);
        ok.value = true;
        message.value = status === 'given' ? t('inwoner.consent.doneGiven') : t('inwoner.consent.doneDeclined');
      } else if (response.status === 401) return onEnded();
      else {
        ok.value = false;
        message.value = t('inwoner.failed');
      }
    } catch {
      ok.value = false;
      message.value = t('inwoner.network');
    } finally {
      busy.value = false;
    }
    requestAnimationFrame(() => out.current?.focus());
  }

  return (
    <div class="inwoner-consent">
      <p>{t('inwoner.consent.what')}</p>
      <ul>
        <li>{t('inwoner.consent.who')}</li>
        <li>{t('inwoner.consent.see')}</li>
        <li>{t('inwoner.consent.notSee')}</li>
        <li>{t('inwoner.consent.change')}</li>
      </ul>
      <p class="notice">
        <strong>{t('inwoner.consent.nowLabel')}</strong> {t(`inwoner.consent.now.${c.consent.status}`)}
      </p>
      <div ref={out} tabIndex={-1} class={ok.value ? 'notice notice--ok' : 'alert'} role={ok.value ? 'status' : 'alert'} hidden={!message.value}>
        {message.value}
      </div>
      <div class="button-row inwoner__stack">
        {!given && (
          <button type="button" class="button button--primary button--large" aria-disabled={busy.value} onClick={() => void choose('given')}>
            {t('inwoner.consent.give')}
          </button>
        )}
        {c.consent.status !== 'declined' && (
          <button type="button" class="button button--large" aria-disabled={busy.value} onClick={() => void choose('declined')}>
            {given ? t('inwoner.consent.withdraw') : t('inwoner.consent.decline')}
          </button>
        )}
      </div>
    </div>
  );
}
