/** FetchFn is the fetch signature openapi-fetch calls (as in client.ts). */
export type FetchFn = (input: Request) => Promise<Response>;

/**
 * RetryOptions tune retryingFetch; tests pass short delays and a fixed key.
 */
export interface RetryOptions {
  /** Waits before the 2nd, 3rd, … attempt; their number is the number of retries. */
  delaysMs?: readonly number[];
  /** Gives up on one attempt after this long (a retry follows), when the browser can time out fetches. */
  timeoutMs?: number;
  /** Makes a new key; default crypto.randomUUID(). */
  newKey?: () => string;
  sleep?: (ms: number) => Promise<void>;
  /** How long the key of a request whose outcome stayed unknown is kept for a resend. */
  rememberMs?: number;
  now?: () => number;
  /** skip names POSTs that are not retried here (login, refresh and logout use the cookie and their own rules). */
  skip?: (url: string) => boolean;
}

const idempotencyHeader = 'Idempotency-Key';
const inProgressType = 'urn:hoi:problem:idempotency-in-progress';
// Answers after which the request may not have been carried out yet, or not at all: try again, same key.
const retryStatuses = new Set([502, 503, 504]);

function defaultKey(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

async function isInProgress(res: Response): Promise<boolean> {
  if (res.status !== 409) return false;
  try {
    const p = (await res.clone().json()) as { type?: string };
    return p.type === inProgressType;
  } catch {
    return false;
  }
}

/**
 * retryingFetch is the SPA's retry queue for POSTs that create or change
 * something (every POST to the API except login, refresh and logout).
 *
 * Each logical request gets one Idempotency-Key (a quoted string, as the IETF
 * draft defines it), made here once and sent unchanged on every retry: after a
 * network failure or a timeout (the server may have created the note and only
 * the answer was lost), after 502/503/504, and after a 409 saying the first
 * send is still being carried out. The server answers a retry with the first
 * answer instead of creating a second note, case or plan item.
 *
 * When every attempt fails, the outcome is unknown: the key is remembered for
 * that exact request (path and body) for a while, so that the user pressing
 * "save" again sends it with the same key. Any definite answer forgets it, so
 * a deliberate second identical note later gets a key of its own.
 */
export function retryingFetch(base: FetchFn, opts: RetryOptions = {}): FetchFn {
  const delays = opts.delaysMs ?? [1000, 2000, 4000];
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const newKey = opts.newKey ?? defaultKey;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const rememberMs = opts.rememberMs ?? 24 * 60 * 60_000;
  const now = opts.now ?? Date.now;
  const unknown = new Map<string, { key: string; at: number }>();

  return async (request: Request): Promise<Response> => {
    if (request.method !== 'POST' || opts.skip?.(request.url)) return base(request);
    const body = await request.clone().text();
    const fingerprint = `${new URL(request.url, 'http://x').pathname}\n${body}`;
    for (const [fp, v] of unknown) if (now() - v.at > rememberMs) unknown.delete(fp);
    const key = request.headers.get(idempotencyHeader) ?? unknown.get(fingerprint)?.key ?? `"${newKey()}"`;

    for (let attempt = 0; ; attempt++) {
      const headers = new Headers(request.headers);
      headers.set(idempotencyHeader, key);
      const signals = [request.signal];
      const timeout = typeof AbortSignal.timeout === 'function' && typeof AbortSignal.any === 'function';
      if (timeout) signals.push(AbortSignal.timeout(timeoutMs));
      const send = new Request(request.url, {
        method: 'POST',
        headers,
        body: body === '' ? null : body,
        credentials: request.credentials,
        signal: timeout ? AbortSignal.any(signals) : request.signal,
      });
      const more = attempt < delays.length && !request.signal.aborted;
      try {
        const res = await base(send);
        if (more && (retryStatuses.has(res.status) || (await isInProgress(res)))) {
          await sleep(delays[attempt]!);
          continue;
        }
        if (retryStatuses.has(res.status) || (await isInProgress(res))) unknown.set(fingerprint, { key, at: now() });
        else unknown.delete(fingerprint);
        return res;
      } catch (err) {
        if (more) {
          await sleep(delays[attempt]!);
          continue;
        }
        unknown.set(fingerprint, { key, at: now() });
        throw err;
      }
    }
  };
}
