import type { DraftTransport, LoadResult, SaveResult } from '../state/draft';
import { cleanSections } from '../state/draft';
import type { ApiClient } from './client';
import type { Problem } from './types';
import { etagOf } from './types';

function failure(response: Response, error: unknown): LoadResult & SaveResult {
  if (response.status === 401) return { kind: 'unauthorized' };
  const p = error as Partial<Problem> | undefined;
  return {
    kind: 'rejected',
    status: response.status,
    ...(p?.detail ? { detail: p.detail } : p?.title ? { detail: p.title } : {}),
    ...(p?.errors?.length ? { fields: p.errors } : {}),
  };
}

/** conversationTransport connects a draft (state/draft.ts) to the conversation routes of the API. */
export function conversationTransport(api: ApiClient): DraftTransport {
  return {
    async load(id) {
      try {
        const { data, error, response } = await api.GET('/api/v1/conversations/{id}', { params: { path: { id } } });
        if (data) return { kind: 'ok', conversation: data, etag: etagOf(response, data.version) };
        return failure(response, error);
      } catch {
        return { kind: 'offline' };
      }
    },
    async save(id, body, etag) {
      try {
        const { data, error, response } = await api.PATCH('/api/v1/conversations/{id}', {
          params: { path: { id }, header: { 'If-Match': etag } },
          body: {
            held_on: body.held_on,
            kind: body.kind,
            location: body.location,
            participants: body.participants,
            sections: cleanSections(body.sections),
          },
        });
        if (data) return { kind: 'ok', conversation: data, etag: etagOf(response, data.version) };
        if (response.status === 412) return { kind: 'conflict' };
        if (response.status >= 500) return { kind: 'offline' }; // the server is in trouble: keep and retry
        return failure(response, error);
      } catch {
        return { kind: 'offline' };
      }
    },
    async discard(id) {
      try {
        const { response } = await api.DELETE('/api/v1/conversations/{id}', { params: { path: { id } } });
        return response.status === 204 ? { kind: 'ok' } : { kind: 'rejected', status: response.status };
      } catch {
        return { kind: 'offline' };
      }
    },
    async finalize(id, etag) {
      try {
        const { data, error, response } = await api.POST('/api/v1/conversations/{id}/finalize', {
          params: { path: { id }, header: { 'If-Match': etag } },
        });
        if (data) return { kind: 'ok', conversation: data, etag: etagOf(response, data.version) };
        if (response.status === 412) return { kind: 'conflict' };
        return failure(response, error);
      } catch {
        return { kind: 'offline' };
      }
    },
  };
}
