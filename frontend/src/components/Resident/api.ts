import { createBareClient, type ApiClient } from '../../api/client';
import { retryingFetch } from '../../api/retry';
import type { paths } from '../../api/schema';

// The resident's side talks to /api/v1/resident/… with the HttpOnly session
// cookie only (no bearer token); POSTs go through the retry queue, one
// Idempotency-Key per logical request.

/** ResidentCase is the resident's own plan (GET /resident/case). */
export type ResidentCase = paths['/api/v1/resident/case']['get']['responses'][200]['content']['application/json'];
/** SelfCheck is the resident's self-check as the server holds it. */
export type SelfCheck = paths['/api/v1/resident/self-check']['get']['responses'][200]['content']['application/json'];
/** SelfCheckInput is one autosave of the whole form. */
export type SelfCheckInput = paths['/api/v1/resident/self-check']['put']['requestBody']['content']['application/json'];
/** Rating is the resident's "does it help?". */
export type Rating = paths['/api/v1/resident/plan/{id}/feedback']['post']['requestBody']['content']['application/json']['rating'];

/** ratings in the order the resident sees them. */
export const ratings: readonly Rating[] = ['helps', 'helps_a_bit', 'does_not_help', 'stopped'];

/** createResidentClient is the resident's API client. */
export function createResidentClient(): ApiClient {
  return createBareClient(retryingFetch((r) => globalThis.fetch(r)));
}

/** toInput takes the editable part of a self-check. */
export function toInput(sc: SelfCheck): Required<SelfCheckInput> {
  return { scores: { ...sc.scores }, talk_about: [...sc.talk_about], story: sc.story, needs: sc.needs, network: sc.network };
}
