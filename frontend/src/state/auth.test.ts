import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAuthState, lockName, parseRetryAfter, type LockLike } from './auth';

const me = {
  id: 1,
  email: 'poh@hoi.example',
  display_name: 'Sanne de Vries',
  role: 'poh' as const,
  region_id: 1,
  region_name: 'Achterhoek (demo)',
  practice_id: 2,
  practice_name: 'Huisartsenpraktijk De Linde',
};

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status < 400 ? 'application/json' : 'application/problem+json', ...headers },
  });
}

/** fakeServer answers like the HOI API and records every call. */
function fakeServer() {
  const calls: { path: string; auth: string | null }[] = [];
  let n = 0;
  let refreshGate: Promise<void> = Promise.resolve();
  let refreshStatus = 200;
  const fetch = vi.fn(async (req: Request): Promise<Response> => {
    const path = new URL(req.url).pathname;
    calls.push({ path, auth: req.headers.get('Authorization') });
    switch (path) {
      case '/api/v1/auth/refresh':
        await refreshGate;
        if (refreshStatus !== 200) return json({ type: 'about:blank', title: 'Unauthorized', status: 401 }, 401);
        return json({ access_token: `tok${++n}`, token_type: 'Bearer', expires_in: 900 });
      case '/api/v1/auth/login': {
        const body = (await req.json()) as { password: string };
        if (body.password === 'slow') return json({ type: 'about:blank', title: 'Too Many', status: 429 }, 429, { 'Retry-After': '600' });
        if (body.password !== 'right') return json({ type: 'about:blank', title: 'Unauthorized', status: 401 }, 401);
        return json({ access_token: `tok${++n}`, token_type: 'Bearer', expires_in: 900 });
      }
      case '/api/v1/auth/logout':
        return new Response(null, { status: 204 });
      case '/api/v1/me':
        return req.headers.get('Authorization')?.startsWith('Bearer tok') ? json(me) : json({}, 401);
      default:
        return json({}, 404);
    }
  });
  return {
    fetch,
    calls,
    refreshes: () => calls.filter((c) => c.path === '/api/v1/auth/refresh').length,
    holdRefresh() {
      let release!: () => void;
      refreshGate = new Promise((r) => (release = r));
      return release;
    },
    rejectRefresh() {
      refreshStatus = 401;
    },
  };
}

describe('auth state', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('restores the session from the refresh cookie', async () => {
    const srv = fakeServer();
    const auth = createAuthState({ fetch: srv.fetch, locks: null });
    expect(auth.status.value).toBe('restoring');
    await auth.restore();
    expect(auth.status.value).toBe('authenticated');
    expect(auth.user.value?.display_name).toBe('Sanne de Vries');
    expect(srv.calls.find((c) => c.path === '/api/v1/me')?.auth).toBe('Bearer tok1');
  });

  it('is anonymous when the refresh cookie is rejected', async () => {
    const srv = fakeServer();
    srv.rejectRefresh();
    const auth = createAuthState({ fetch: srv.fetch, locks: null });
    await auth.restore();
    expect(auth.status.value).toBe('anonymous');
    expect(auth.user.value).toBeNull();
  });

  it('never runs two refreshes in parallel (single flight)', async () => {
    const srv = fakeServer();
    const auth = createAuthState({ fetch: srv.fetch, locks: null });
    await auth.restore();
    expect(srv.refreshes()).toBe(1);

    const release = srv.holdRefresh();
    const all = Promise.all([auth.refresh(), auth.refresh(), auth.refresh()]);
    release();
    expect(await all).toEqual([true, true, true]);
    expect(srv.refreshes()).toBe(2);

    // A later refresh is a new flight.
    await auth.refresh();
    expect(srv.refreshes()).toBe(3);
  });

  it('takes the cross-tab lock for every refresh', async () => {
    const srv = fakeServer();
    const names: string[] = [];
    let tail: Promise<unknown> = Promise.resolve();
    const locks: LockLike = {
      request(name, cb) {
        names.push(name);
        const run = tail.then(cb);
        tail = run.catch(() => undefined);
        return run;
      },
    };
    const auth = createAuthState({ fetch: srv.fetch, locks });
    await auth.restore();
    await auth.refresh();
    expect(names).toEqual([lockName, lockName]);
  });

  it('refreshes before expiry while the user is active, not when idle', async () => {
    const srv = fakeServer();
    const auth = createAuthState({ fetch: srv.fetch, locks: null });
    await auth.restore();
    expect(srv.refreshes()).toBe(1);

    // Active: a key press 10 minutes in, timer fires at 14 minutes.
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    auth.noteActivity();
    await vi.advanceTimersByTimeAsync(4 * 60_000 + 1000);
    expect(srv.refreshes()).toBe(2);

    // Idle for the whole next token life: no refresh.
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(srv.refreshes()).toBe(2);

    // Back again: the stale token is refreshed at once.
    auth.noteActivity();
    await vi.advanceTimersByTimeAsync(0);
    expect(srv.refreshes()).toBe(3);
  });

  it('refreshes on demand when an API call needs an expired token', async () => {
    const srv = fakeServer();
    const auth = createAuthState({ fetch: srv.fetch, locks: null });
    await auth.restore();
    await vi.advanceTimersByTimeAsync(20 * 60_000); // idle: the token lapsed
    const [a, b] = await Promise.all([auth.token(), auth.token()]);
    expect(a).toBe('tok2');
    expect(b).toBe('tok2');
    expect(srv.refreshes()).toBe(2);
  });

  it('does not sign back in when a refresh finishes after logout', async () => {
    const srv = fakeServer();
    const auth = createAuthState({ fetch: srv.fetch, locks: null });
    await auth.restore();
    const release = srv.holdRefresh();
    const pending = auth.refresh();
    const out = auth.logout();
    release();
    expect(await pending).toBe(false);
    await out;
    expect(auth.status.value).toBe('anonymous');
    expect(await auth.token()).toBeNull();
  });

  it('finishes a sign-out that a reload interrupted instead of signing back in', async () => {
    const srv = fakeServer();
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
    let releaseLogout!: () => void;
    const logoutGate = new Promise<void>((r) => (releaseLogout = r));
    const slow = vi.fn(async (req: Request): Promise<Response> => {
      if (new URL(req.url).pathname === '/api/v1/auth/logout' && srv.calls.filter((c) => c.path === '/api/v1/auth/logout').length === 0) {
        srv.calls.push({ path: '/api/v1/auth/logout', auth: req.headers.get('Authorization') });
        await logoutGate; // the page is reloaded before the server answers
        return new Response(null, { status: 204 });
      }
      return srv.fetch(req);
    });
    const before = createAuthState({ fetch: slow, locks: null, storage });
    await before.restore();
    expect(before.status.value).toBe('authenticated');
    void before.logout();
    expect(before.status.value).toBe('anonymous');

    // The reloaded page: the cookie still holds, but the pending sign-out wins.
    const refreshes = srv.refreshes();
    const after = createAuthState({ fetch: slow, locks: null, storage });
    await after.restore();
    expect(after.status.value).toBe('anonymous');
    expect(srv.refreshes()).toBe(refreshes);
    expect(srv.calls.filter((c) => c.path === '/api/v1/auth/logout').length).toBe(2);
    expect(store.size).toBe(0); // the server answered: nothing pending any more
    releaseLogout();

    // A later load restores as usual, and signing in clears any mark.
    const later = createAuthState({ fetch: slow, locks: null, storage });
    await later.restore();
    expect(later.status.value).toBe('authenticated');
    store.set('hoi-signing-out', '1');
    expect(await later.login('poh@hoi.example', 'right')).toBeNull();
    expect(store.size).toBe(0);
  });

  it('reports wrong passwords and rate limits', async () => {
    const srv = fakeServer();
    const auth = createAuthState({ fetch: srv.fetch, locks: null });
    await auth.restore();
    expect(await auth.login('poh@hoi.example', 'wrong')).toEqual({ reason: 'invalid' });
    expect(await auth.login('poh@hoi.example', 'slow')).toEqual({ reason: 'tooMany', retryAfterSeconds: 600 });
    expect(await auth.login('poh@hoi.example', 'right')).toBeNull();
    expect(auth.status.value).toBe('authenticated');
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('90', 0)).toBe(90);
    expect(parseRetryAfter(new Date(120_000).toUTCString(), 0)).toBe(120);
    expect(parseRetryAfter(null, 0)).toBe(60);
  });
});
