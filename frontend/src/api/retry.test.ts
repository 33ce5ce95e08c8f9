import { describe, expect, it } from 'vitest';
import { createApiClient } from './client';
import { retryingFetch } from './retry';

type Sent = { method: string; path: string; key: string | null; body: string };

/** server answers each request with the next scripted answer (an Error is a network failure). */
function server(...script: (number | Error | (() => Response))[]) {
  const sent: Sent[] = [];
  const fetch = async (r: Request): Promise<Response> => {
    sent.push({ method: r.method, path: new URL(r.url).pathname, key: r.headers.get('Idempotency-Key'), body: await r.text() });
    const next = script.shift() ?? 201;
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next();
    if (next === 409) {
      return new Response(JSON.stringify({ type: 'urn:hoi:problem:idempotency-in-progress', title: 'Conflict', status: 409 }), {
        status: 409,
        headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '1' },
      });
    }
    return Response.json({ id: 1 }, { status: next });
  };
  return { sent, fetch };
}

let n = 0;
const opts = { delaysMs: [1, 1, 1], sleep: async () => {}, newKey: () => `key-${++n}` };
const post = (body = '{"text":"notitie"}') =>
  new Request('http://hoi.test/api/v1/cases/4/notes', { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });

describe('retry queue with Idempotency-Key', () => {
  it('sends one quoted key per POST, none on reads or auth calls', async () => {
    const srv = server();
    const f = retryingFetch(srv.fetch, { ...opts, skip: (u) => new URL(u).pathname.startsWith('/api/v1/auth/') });
    await f(post());
    await f(post('{"text":"tweede"}'));
    await f(new Request('http://hoi.test/api/v1/cases/4/notes'));
    await f(new Request('http://hoi.test/api/v1/auth/refresh', { method: 'POST' }));
    expect(srv.sent.map((s) => s.key)).toEqual([expect.stringMatching(/^"key-\d+"$/), expect.stringMatching(/^"key-\d+"$/), null, null]);
    expect(srv.sent[0]!.key).not.toBe(srv.sent[1]!.key);
  });

  it('retries after a network failure, a timeout-like 504 and a 409 in progress, always with the same key and body', async () => {
    const srv = server(new TypeError('network'), 504, 409, 201);
    const res = await retryingFetch(srv.fetch, opts)(post());
    expect(res.status).toBe(201);
    expect(srv.sent).toHaveLength(4);
    expect(new Set(srv.sent.map((s) => s.key)).size).toBe(1);
    expect(new Set(srv.sent.map((s) => s.body))).toEqual(new Set(['{"text":"notitie"}']));
  });

  it('keeps the key of a request whose outcome stayed unknown for the next send of the same request', async () => {
    const srv = server(new TypeError('down'), new TypeError('down'), new TypeError('down'), new TypeError('down'), 201, 201);
    const f = retryingFetch(srv.fetch, opts);
    await expect(f(post())).rejects.toThrow();
    const lost = srv.sent[0]!.key;
    expect((await f(post())).status).toBe(201); // the user presses save again
    expect(srv.sent[4]!.key).toBe(lost);
    await f(post()); // a deliberate second identical note, after a definite answer
    expect(srv.sent[5]!.key).not.toBe(lost);
  });

  it('does not retry a definite answer', async () => {
    const srv = server(400, 422, 412);
    const f = retryingFetch(srv.fetch, opts);
    for (const want of [400, 422, 412]) expect((await f(post())).status).toBe(want);
    expect(srv.sent).toHaveLength(3);
  });

  it('is what the app client sends POSTs through', async () => {
    const srv = server(new TypeError('lost answer'), 201);
    const api = createApiClient({ token: () => Promise.resolve('tok'), unauthorized: () => {} }, srv.fetch, opts);
    const { response } = await api.POST('/api/v1/cases/{id}/notes', { params: { path: { id: 4 } }, body: { text: 'notitie' } });
    expect(response.status).toBe(201);
    expect(srv.sent).toHaveLength(2);
    expect(srv.sent[0]!.key).toBeTruthy();
    expect(srv.sent[1]!.key).toBe(srv.sent[0]!.key);
  });
});
