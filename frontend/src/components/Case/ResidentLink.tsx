import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import lazy from 'preact-iso/lazy';
import type { paths } from '../../api/schema';
import { t } from '../../i18n';
import { formatDate, formatDateTime } from '../../i18n/format';
import { useAppState } from '../../state/app';
import { problemText } from '../Async/problem';
import { useAsync } from '../Async/useAsync';
import type { SelfCheck } from '../Guide/prefill';

// The QR code (and uqr) load only when a link has just been made.
const LinkQr = lazy(() => import('./LinkQr').then((m) => m.LinkQr));

type LinkState = paths['/api/v1/cases/{id}/resident-link']['get']['responses'][200]['content']['application/json'];
type Made = paths['/api/v1/cases/{id}/resident-link']['post']['responses'][201]['content']['application/json'];

/** SelfCheckMark is "zelfcheck ingevuld" (or its draft state) for the case page. */
export function SelfCheckMark({ sc }: { sc: SelfCheck | null }) {
  if (!sc) return null;
  if (sc.status === 'submitted') return <span class="badge badge--ok">{t('selfcheck.submittedOn', { date: formatDate(sc.submitted_at) })}</span>;
  return <span class="muted">{sc.updated_at ? t('selfcheck.draft') : t('selfcheck.none')}</span>;
}

/**
 * ResidentLinkCard is the POH's side of the resident link: make one (the URL
 * as text with a copy button and as a QR code, shown this once), its expiry,
 * revoke it, and why an old one stopped (revoked, replaced, or five wrong
 * birth years). It also shows whether the self-check came in.
 */
export function ResidentLinkCard({ caseId, canLink }: { caseId: number; canLink: boolean }) {
  const { api } = useAppState();
  const made = useSignal<Made | null>(null);
  const message = useSignal<string | null>(null);
  const copied = useSignal<string | null>(null);
  const busy = useSignal(false);
  const urlRef = useRef<HTMLElement>(null);
  const link = useAsync(async () => {
    if (!canLink) return { data: null as LinkState | null, response: new Response(null, { status: 204 }) };
    const r = await api.GET('/api/v1/cases/{id}/resident-link', { params: { path: { id: caseId } } });
    // 404: the case never had a link. That is a state, not an error.
    return r.response.status === 404 ? { data: null as LinkState | null, response: r.response } : r;
  }, [caseId]);
  const sc = useAsync(() => api.GET('/api/v1/cases/{id}/self-check', { params: { path: { id: caseId } } }), [caseId]);

  async function make() {
    if (busy.value) return;
    busy.value = true;
    message.value = copied.value = null;
    try {
      const { data, error, response } = await api.POST('/api/v1/cases/{id}/resident-link', { params: { path: { id: caseId } } });
      if (data) {
        made.value = data;
        await link.reload();
      } else message.value = problemText(response.status, error);
    } catch {
      message.value = problemText('network');
    } finally {
      busy.value = false;
    }
  }

  async function revoke() {
    message.value = copied.value = null;
    try {
      const { error, response } = await api.DELETE('/api/v1/cases/{id}/resident-link', { params: { path: { id: caseId } } });
      if (response.ok) {
        made.value = null;
        message.value = t('reslink.revokedNow');
        await link.reload();
      } else message.value = problemText(response.status, error);
    } catch {
      message.value = problemText('network');
    }
  }

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      copied.value = t('reslink.copied');
    } catch {
      copied.value = t('reslink.copyFailed');
      const r = document.createRange();
      if (urlRef.current) {
        r.selectNodeContents(urlRef.current);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(r);
      }
    }
  }

  const l = link.data.value;
  const now = Date.now();
  const expired = l && !l.revoked_at && Date.parse(l.expires_at) <= now;
  return (
    <section class="card" aria-labelledby="reslink-h">
      <h2 id="reslink-h">{t('reslink.title')}</h2>
      <p>
        <SelfCheckMark sc={sc.data.value} />
      </p>
      {canLink && <p class="muted">{t('reslink.explain')}</p>}
      {!canLink ? null : made.value ? (
        <div class="reslink">
          <p>
            <strong>{t('reslink.url')}</strong>
          </p>
          <code class="reslink__url" ref={urlRef} data-testid="resident-url">
            {made.value.url}
          </code>
          <div class="button-row">
            <button type="button" class="button button--small" onClick={() => void copy(made.value!.url)}>
              {t('reslink.copy')}
            </button>
            <span role="status" class="muted small">
              {copied.value}
            </span>
          </div>
          <LinkQr url={made.value.url} />
          <p>{t('reslink.expires', { date: formatDateTime(made.value.expires_at) })}</p>
          <p class="muted small">{t('reslink.onceOnly')}</p>
        </div>
      ) : l ? (
        <p>
          {l.active
            ? t('reslink.active', { date: formatDateTime(l.expires_at) })
            : l.revoked_reason
              ? t(`reslink.stopped.${l.revoked_reason}`, { date: formatDateTime(l.revoked_at) })
              : expired
                ? t('reslink.expired', { date: formatDateTime(l.expires_at) })
                : ''}
          {l.failed_checks > 0 && <> · {t('reslink.failedChecks', { count: l.failed_checks })}</>}
          {l.last_used_at && <> · {t('reslink.lastUsed', { date: formatDateTime(l.last_used_at) })}</>}
        </p>
      ) : (
        !link.loading.value && <p class="muted">{t('reslink.none')}</p>
      )}
      <div class="alert" role="alert" hidden={!message.value || message.value === t('reslink.revokedNow')}>
        {message.value}
      </div>
      <p role="status" class="muted">
        {message.value === t('reslink.revokedNow') ? message.value : ''}
      </p>
      {canLink && (
        <div class="button-row">
          <button type="button" class="button button--primary" aria-disabled={busy.value} onClick={() => void make()}>
            {l ? t('reslink.remake') : t('reslink.make')}
          </button>
          {l?.active && (
            <button type="button" class="button" onClick={() => void revoke()}>
              {t('reslink.revoke')}
            </button>
          )}
          {l?.active && <span class="muted small">{t('reslink.remakeNote')}</span>}
        </div>
      )}
    </section>
  );
}
