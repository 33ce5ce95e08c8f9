import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { createApiClient, type ApiClient } from '../api/client';
import { createAuthState, type AuthDeps, type AuthState } from './auth';

/** AppState is everything shared across pages: the session and the API client bound to it. */
export interface AppState {
  auth: AuthState;
  api: ApiClient;
}

/** createAppState builds the app's state once, in main.tsx (or per test). */
export function createAppState(deps: AuthDeps = {}): AppState {
  const auth = createAuthState(deps);
  return { auth, api: createApiClient(auth, deps.fetch) };
}

/** AppStateContext hands the AppState down the tree without prop drilling. */
export const AppStateContext = createContext<AppState | null>(null);

/** useAppState returns the AppState from context; it is an error to use it outside <App>. */
export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (!state) throw new Error('useAppState outside AppStateContext');
  return state;
}
