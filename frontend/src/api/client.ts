import createClient, { type Middleware } from 'openapi-fetch';
import { retryingFetch, type RetryOptions } from './retry';
import type { paths } from './schema';

// Types are derived from paths (not from component schema names) so that
// renaming a schema in openapi.yaml does not ripple through the app.

/** Me is the signed-in user as GET /api/v1/me returns it. */
export type Me = paths['/api/v1/me']['get']['responses'][200]['content']['application/json'];

/** Role is one of the HOI roles (poh, peer, coach, gp, admin). */
export type Role = Me['role'];

/** TokenResponse is what login and refresh answer. */
export type TokenResponse =
  paths['/api/v1/auth/login']['post']['responses'][200]['content']['application/json'];

/** FetchFn is the fetch signature openapi-fetch calls; tests pass a stub. */
export type FetchFn = (input: Request) => Promise<Response>;

/** ApiClient is a typed client for the HOI REST API; 4xx/5xx come back as values, not throws. */
export type ApiClient = ReturnType<typeof createClient<paths>>;

/**
 * TokenSource is the part of the auth state the client needs: a current
 * access token (refreshed first when it is about to expire) and a way to say
 * the server no longer accepts it.
 */
export interface TokenSource {
  token(): Promise<string | null>;
  unauthorized(): void;
}

/** isAuthEndpoint tells login/refresh/logout apart: they use the cookie, never the bearer token. */
export function isAuthEndpoint(url: string): boolean {
  return new URL(url, 'http://x').pathname.startsWith('/api/v1/auth/');
}

/**
 * createBareClient talks to the API without a bearer token. The base URL is ''
 * so every call goes to /api/v1/... on the origin that served the SPA.
 */
export function createBareClient(fetchFn?: FetchFn): ApiClient {
  return createClient<paths>({ baseUrl: '', ...(fetchFn ? { fetch: fetchFn } : {}) });
}

/** authMiddleware adds `Authorization: Bearer <token>` to every non-auth request. */
export function authMiddleware(source: TokenSource): Middleware {
  return {
    async onRequest({ request }) {
      if (isAuthEndpoint(request.url)) return request;
      const token = await source.token();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
    onResponse({ request, response }) {
      if (response.status === 401 && !isAuthEndpoint(request.url)) source.unauthorized();
      return response;
    },
  };
}

/**
 * createApiClient is the client pages use: typed, with the auth middleware,
 * and POSTs through the retry queue (retry.ts: one Idempotency-Key per
 * logical request, reused on every retry).
 */
export function createApiClient(source: TokenSource, fetchFn?: FetchFn, retry?: RetryOptions): ApiClient {
  const client = createBareClient(retryingFetch(fetchFn ?? ((r) => globalThis.fetch(r)), { skip: isAuthEndpoint, ...retry }));
  client.use(authMiddleware(source));
  return client;
}
