import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { createBareClient, type FetchFn, type Me, type TokenResponse, type TokenSource } from '../api/client';

/** AuthStatus: 'restoring' until the first silent refresh has answered. */
export type AuthStatus = 'restoring' | 'anonymous' | 'authenticated';

/** LoginFailure says why a login did not succeed, for the login page to word. */
export type LoginFailure =
  | { reason: 'invalid' }
  | { reason: 'tooMany'; retryAfterSeconds: number }
  | { reason: 'network' }
  | { reason: 'unexpected' };

/** LoginResult is null on success. */
export type LoginResult = LoginFailure | null;

/** LockLike is the slice of navigator.locks used here (a stub in tests). */
export interface LockLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** AuthDeps lets tests replace the browser pieces. */
export interface AuthDeps {
  fetch?: FetchFn;
  /** null: no cross-tab lock; undefined: navigator.locks when the browser has it. */
  locks?: LockLike | null;
  now?: () => number;
  /** Where a sign-out still under way is noted; null: nowhere; undefined: localStorage. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
}

/** AuthState is the session: signals for the UI plus the actions that change them. */
export interface AuthState extends TokenSource {
  status: ReadonlySignal<AuthStatus>;
  user: ReadonlySignal<Me | null>;
  signedIn: ReadonlySignal<boolean>;
  restore(): Promise<void>;
  login(email: string, password: string): Promise<LoginResult>;
  logout(): Promise<void>;
  refresh(): Promise<boolean>;
  noteActivity(): void;
  /** listen attaches activity listeners to the document; returns a function that detaches them. */
  listen(target?: EventTarget): () => void;
}

/**
 * signingOutKey marks a sign-out whose request has not yet ended the session on
 * the server (a flag, never a token): a reload or another tab in that moment
 * finishes the sign-out instead of restoring the session from the cookie.
 */
export const signingOutKey = 'hoi-signing-out';

/** lockName is shared by all tabs of this origin, so they never refresh at the same time. */
export const lockName = 'hoi-auth-refresh';

// Refresh this long before the access token expires (at most a quarter of its life).
const refreshMarginMs = 60_000;
// The user counts as active when they pressed a key or pointer this recently.
const idleAfterMs = 5 * 60_000;
// Wait this long before trying again after a refresh failed for a reason other than 401.
const retryAfterFailureMs = 30_000;
// Input that shows someone is using the app.
const activityEvents = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * parseRetryAfter reads Retry-After as seconds or an HTTP date; at least 1 second.
 * RFC 9110 §10.2.3.
 */
export function parseRetryAfter(value: string | null, now: number): number {
  if (!value) return 60;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(1, Math.ceil(secs));
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(1, Math.ceil((at - now) / 1000)) : 60;
}

/**
 * createAuthState owns the session. The access token lives only in this
 * closure (never in localStorage): a reload restores the session through the
 * HttpOnly refresh cookie instead.
 *
 * The server rotates the refresh token on every use and treats reuse of a
 * rotated one as theft, revoking the session. So refreshes are single-flight
 * within the tab (one shared promise) and across tabs (navigator.locks).
 */
export function createAuthState(deps: AuthDeps = {}): AuthState {
  const api = createBareClient(deps.fetch);
  const now = deps.now ?? Date.now;
  // navigator.locks is missing in older browsers and in test DOMs, whatever lib.dom says.
  const browserLocks: LockLike | undefined = globalThis.navigator?.locks;
  const locks: LockLike | null = deps.locks !== undefined ? deps.locks : (browserLocks ?? null);

  let storage: AuthDeps['storage'] = null;
  try {
    storage = deps.storage !== undefined ? deps.storage : (globalThis.localStorage ?? null);
  } catch {
    storage = null; // storage blocked by the browser's settings
  }
  const mark = (on: boolean): void => {
    try {
      if (on) storage?.setItem(signingOutKey, '1');
      else storage?.removeItem(signingOutKey);
    } catch {
      // Without storage the sign-out only relies on its request.
    }
  };
  const marked = (): boolean => {
    try {
      return storage?.getItem(signingOutKey) === '1';
    } catch {
      return false;
    }
  };

  const status = signal<AuthStatus>('restoring');
  const user = signal<Me | null>(null);
  const signedIn = computed(() => status.value === 'authenticated');

  let token: string | null = null;
  let refreshAt = 0; // when the token should be renewed: a minute before it expires
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: Promise<boolean> | null = null;
  let lastActivity = now();
  // Bumped on sign-in and sign-out, so that a refresh or /me already under way
  // cannot overwrite the newer state (e.g. sign a user back in after logout).
  let generation = 0;

  function withLock<T>(fn: () => Promise<T>): Promise<T> {
    return locks ? locks.request(lockName, fn) : fn();
  }

  function accept(tok: TokenResponse): void {
    const lifeMs = tok.expires_in * 1000;
    token = tok.access_token;
    refreshAt = now() + lifeMs - Math.min(refreshMarginMs, lifeMs / 4);
    clearTimeout(timer);
    timer = setTimeout(onTimer, Math.max(0, refreshAt - now()));
  }

  function forget(): void {
    clearTimeout(timer);
    timer = undefined;
    token = null;
    refreshAt = 0;
    user.value = null;
    status.value = 'anonymous';
  }

  // After a failed refresh, try again in a while rather than on every key press.
  function retryLater(): void {
    clearTimeout(timer);
    timer = setTimeout(onTimer, retryAfterFailureMs);
  }

  function onTimer(): void {
    timer = undefined;
    if (status.peek() !== 'authenticated') return;
    // Only keep the session warm for someone who is using it. An idle tab lets
    // the token lapse; the next activity or API call refreshes on demand.
    if (now() - lastActivity < idleAfterMs) void refresh();
  }

  async function refreshOnce(): Promise<boolean> {
    const gen = generation;
    try {
      const { data, response } = await api.POST('/api/v1/auth/refresh');
      if (gen !== generation) return false;
      if (data) {
        accept(data);
        return true;
      }
      if (response.status === 401) forget();
      else retryLater(); // 5xx: keep what we have; the token may still be valid
      return false;
    } catch {
      if (gen === generation) retryLater(); // network trouble: same
      return false;
    }
  }

  function refresh(): Promise<boolean> {
    inflight ??= withLock(refreshOnce).finally(() => {
      inflight = null;
    });
    return inflight;
  }

  async function loadMe(): Promise<boolean> {
    const gen = generation;
    try {
      const { data } = await api.GET('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } });
      if (!data || gen !== generation) return false;
      user.value = data;
      status.value = 'authenticated';
      return true;
    } catch {
      return false;
    }
  }

  async function restore(): Promise<void> {
    if (marked()) {
      // A sign-out was under way when this page (re)loaded: finish it rather
      // than sign the user back in with the cookie it was about to end.
      await endSession(null);
      forget();
      return;
    }
    if ((await refresh()) && (await loadMe())) return;
    if (status.peek() !== 'authenticated') forget();
  }

  async function login(email: string, password: string): Promise<LoginResult> {
    generation++;
    mark(false); // a new session: whatever sign-out was pending is over
    lastActivity = now();
    try {
      const { data, response } = await api.POST('/api/v1/auth/login', { body: { email, password } });
      if (data) {
        accept(data);
        if (await loadMe()) return null;
        forget();
        return { reason: 'unexpected' };
      }
      if (response.status === 400 || response.status === 401) return { reason: 'invalid' };
      if (response.status === 429) {
        return { reason: 'tooMany', retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After'), now()) };
      }
      return { reason: 'unexpected' };
    } catch {
      return { reason: 'network' };
    }
  }

  // endSession asks the server to end the session and its refresh cookie. The
  // mark stays until the server has answered, so that a reload in between
  // finishes the sign-out (restore) instead of signing back in.
  async function endSession(tok: string | null): Promise<void> {
    mark(true);
    try {
      // Under the same lock as refresh: a logout racing a rotation would present
      // an already-rotated cookie, which the server reads as theft.
      const { response } = await withLock(() =>
        api.POST('/api/v1/auth/logout', tok ? { headers: { Authorization: `Bearer ${tok}` } } : {}),
      );
      if (response.ok || response.status === 401) mark(false);
    } catch {
      // Network trouble: the mark stays, and the next load finishes the sign-out.
    }
  }

  async function logout(): Promise<void> {
    generation++;
    const tok = token;
    mark(true); // before anything else: the page may be closed or reloaded now
    forget();
    await endSession(tok);
  }

  async function currentToken(): Promise<string | null> {
    if (status.peek() === 'authenticated' && (!token || now() >= refreshAt)) await refresh();
    return token;
  }

  function unauthorized(): void {
    // The server no longer takes our access token (expired early, key rotated,
    // session revoked). One refresh decides: a 401 there signs out.
    if (status.peek() === 'authenticated') void refresh();
  }

  // Activity events are frequent; noting them once a second is plenty.
  let lastNoted = 0;
  function noteActivity(): void {
    const t = now();
    if (t - lastNoted < 1000) return;
    lastNoted = t;
    lastActivity = t;
    // Back from idle after the timer passed: refresh now rather than on the next call.
    if (status.peek() === 'authenticated' && timer === undefined && t >= refreshAt) void refresh();
  }

  function listen(target: EventTarget = document): () => void {
    const onVisible = () => {
      if (document.visibilityState === 'visible') noteActivity();
    };
    for (const ev of activityEvents) target.addEventListener(ev, noteActivity, { passive: true, capture: true });
    target.addEventListener('visibilitychange', onVisible);
    return () => {
      for (const ev of activityEvents) target.removeEventListener(ev, noteActivity, { capture: true });
      target.removeEventListener('visibilitychange', onVisible);
    };
  }

  return {
    status,
    user,
    signedIn,
    restore,
    login,
    logout,
    refresh,
    noteActivity,
    listen,
    token: currentToken,
    unauthorized,
  };
}
