import lazy, { ErrorBoundary as LazyBoundary } from 'preact-iso/lazy';
import { LocationProvider, Route, Router } from 'preact-iso/router';
import { ErrorBoundary } from './components/ErrorBoundary/ErrorBoundary';
import { t } from './i18n';
import { LoginPage } from './pages/LoginPage';
import { AppStateContext, useAppState, type AppState } from './state/app';

// Pages behind the login are split into their own chunks, so the first
// download is only what the login screen needs. preact-iso/* subpaths keep
// its prerender helper (and preact-render-to-string) out of the bundle.
const HomePage = lazy(() => import('./pages/HomePage').then((m) => m.HomePage));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage').then((m) => m.NotFoundPage));

function Screens() {
  const { auth } = useAppState();
  switch (auth.status.value) {
    case 'restoring':
      return (
        <p class="loading" role="status">
          {t('app.loading')}
        </p>
      );
    case 'anonymous':
      return <LoginPage />;
    case 'authenticated':
      return (
        <Router>
          <Route path="/" component={HomePage} />
          <Route default component={NotFoundPage} />
        </Router>
      );
  }
}

/**
 * App wires state, error boundary and router. Routing uses the history API,
 * so a deep link survives a reload (the server answers index.html for it).
 */
export function App({ state }: { state: AppState }) {
  return (
    <AppStateContext.Provider value={state}>
      <ErrorBoundary>
        <LocationProvider>
          <LazyBoundary>
            <Screens />
          </LazyBoundary>
        </LocationProvider>
      </ErrorBoundary>
    </AppStateContext.Provider>
  );
}
