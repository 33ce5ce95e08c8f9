import lazy, { ErrorBoundary as LazyBoundary } from 'preact-iso/lazy';
import { LocationProvider, Route, Router, useLocation } from 'preact-iso/router';
import { ErrorBoundary } from './components/ErrorBoundary/ErrorBoundary';
import { t } from './i18n';
import { LoginPage } from './pages/LoginPage';
import { AppStateContext, useAppState, type AppState } from './state/app';

// Pages behind the login are split into their own chunks, so the first
// download is only what the login screen needs. preact-iso/* subpaths keep
// its prerender helper (and preact-render-to-string) out of the bundle.
const HomePage = lazy(() => import('./pages/HomePage').then((m) => m.HomePage));
const CaseListPage = lazy(() => import('./pages/CaseListPage').then((m) => m.CaseListPage));
const CasePage = lazy(() => import('./pages/CasePage').then((m) => m.CasePage));
const ConversationPage = lazy(() => import('./pages/ConversationPage').then((m) => m.ConversationPage));
const HandoutPage = lazy(() => import('./pages/HandoutPage').then((m) => m.HandoutPage));
const NewSignalPage = lazy(() => import('./pages/NewSignalPage').then((m) => m.NewSignalPage));
const AgendaPage = lazy(() => import('./pages/AgendaPage').then((m) => m.AgendaPage));
const OutcomesPage = lazy(() => import('./pages/OutcomesPage').then((m) => m.OutcomesPage));
const CataloguePage = lazy(() => import('./pages/CataloguePage').then((m) => m.CataloguePage));
const SocialMapImportPage = lazy(() => import('./pages/SocialMapImportPage').then((m) => m.SocialMapImportPage));
const AdminPracticesPage = lazy(() => import('./pages/AdminPracticesPage').then((m) => m.AdminPracticesPage));
const AdminUsersPage = lazy(() => import('./pages/AdminUsersPage').then((m) => m.AdminUsersPage));
const AccessLogPage = lazy(() => import('./pages/AccessLogPage').then((m) => m.AccessLogPage));
// The resident's own screens: their own chunk, outside the staff layout and its login.
const ResidentPage = lazy(() => import('./pages/ResidentPage').then((m) => m.ResidentPage));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage').then((m) => m.NotFoundPage));

function Screens() {
  const { auth } = useAppState();
  const { path } = useLocation();
  // A resident has no staff account: /inwoner/<token> never shows the staff login.
  if (path.startsWith('/inwoner/')) {
    return (
      <Router>
        <Route path="/inwoner/:token" component={ResidentPage} />
        <Route default component={ResidentPage} />
      </Router>
    );
  }
  switch (auth.status.value) {
    case 'restoring':
      return (
        <p class="loading" role="status">
          {t('app.loading')}
        </p>
      );
    case 'anonymous':
      // Any address: after signing in the same page opens, and drafts waiting
      // in sessionStorage are picked up again (session expiry loses nothing).
      return <LoginPage />;
    case 'authenticated':
      return (
        <Router>
          <Route path="/" component={HomePage} />
          <Route path="/casussen" component={CaseListPage} />
          <Route path="/casussen/:id" component={CasePage} />
          <Route path="/gesprekken/:id" component={ConversationPage} />
          <Route path="/gesprekken/:id/meegeven" component={HandoutPage} />
          <Route path="/signaal/nieuw" component={NewSignalPage} />
          <Route path="/agenda" component={AgendaPage} />
          <Route path="/uitkomsten" component={OutcomesPage} />
          <Route path="/catalogus" component={CataloguePage} />
          <Route path="/sociale-kaart/import" component={SocialMapImportPage} />
          <Route path="/beheer/praktijken" component={AdminPracticesPage} />
          <Route path="/beheer/gebruikers" component={AdminUsersPage} />
          <Route path="/beheer/toegangslog" component={AccessLogPage} />
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
