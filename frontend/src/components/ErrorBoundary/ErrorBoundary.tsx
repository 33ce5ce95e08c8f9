import { Component, type ComponentChildren } from 'preact';
import { t } from '../../i18n';

interface Props {
  children: ComponentChildren;
}

interface State {
  error: unknown;
}

/**
 * ErrorBoundary shows a calm message instead of a blank page when rendering
 * fails, for instance when a lazily loaded page cannot be fetched after a
 * new release. Reloading is the fix in both cases.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown): void {
    console.error(error); // ids and stack only; the UI never shows case data in errors
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main id="main" class="page page--narrow">
        <div class="card" role="alert">
          <h1>{t('error.title')}</h1>
          <p>{t('error.body')}</p>
          <button type="button" class="button" onClick={() => location.reload()}>
            {t('error.reload')}
          </button>
        </div>
      </main>
    );
  }
}
