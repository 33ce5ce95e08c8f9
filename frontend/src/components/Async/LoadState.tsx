import { t } from '../../i18n';

/** LoadState words the loading and error states of a request calmly, with a retry. */
export function LoadState({ loading, error, onRetry }: { loading: boolean; error: number | 'network' | null; onRetry?: () => void }) {
  if (error === 404) return <p class="notice">{t('load.notFound')}</p>;
  if (error === 410) return <p class="notice">{t('load.gone')}</p>;
  if (error === 403) return <p class="notice">{t('load.forbidden')}</p>;
  if (error) {
    return (
      <div class="alert" role="alert">
        <p>{error === 'network' ? t('load.network') : t('load.failed')}</p>
        {onRetry && (
          <button type="button" class="button" onClick={onRetry}>
            {t('load.retry')}
          </button>
        )}
      </div>
    );
  }
  if (loading) return <p class="muted" role="status">{t('load.loading')}</p>;
  return null;
}
