import type { LifeDomain, Sections } from '../../api/types';
import type { components } from '../../api/schema';

/** SelfCheck is the resident's own check as GET /cases/{id}/self-check answers it. */
export type SelfCheck = components['schemas']['SelfCheck'];

/** PrefillWords are the words the guide puts before a resident's network text (it has no "who"). */
export interface PrefillWords {
  networkWho: string;
}

/**
 * prefillFromSelfCheck merges a submitted self-check into a conversation's
 * sections: the resident's story, needs and network go into the matching
 * fields only where those are still empty, and their "hier wil ik over
 * praten" domains become the priorities when none are marked. Scores are
 * not copied: the resident's own scores are shown beside the talk's, each
 * marked by source (ownScores). What staff typed is never overwritten.
 * A draft self-check, or one with nothing to add, returns s itself.
 */
export function prefillFromSelfCheck(s: Sections, sc: SelfCheck | null, words: PrefillWords): Sections {
  if (!sc || sc.status !== 'submitted') return s;
  const out: Sections = { ...s };
  let changed = false;
  if (!s.story.trim() && sc.story.trim()) {
    out.story = sc.story;
    changed = true;
  }
  if (!s.needs.some((n) => n.text.trim()) && sc.needs.trim()) {
    out.needs = [...s.needs.filter((n) => n.text.trim()), { text: sc.needs.slice(0, 2000), domain: null }];
    changed = true;
  }
  if (!s.network.some((n) => n.who.trim() || n.meaning.trim()) && sc.network.trim()) {
    out.network = [{ who: words.networkWho, meaning: sc.network.slice(0, 2000) }];
    changed = true;
  }
  if ((s.priorities ?? []).length === 0 && sc.talk_about.length > 0) {
    out.priorities = sc.talk_about.slice(0, 3);
    changed = true;
  }
  return changed ? out : s;
}

/** ownScores are the resident's own 1–5 scores per domain, from a submitted self-check. */
export function ownScores(sc: SelfCheck | null): Map<LifeDomain, number> {
  const m = new Map<LifeDomain, number>();
  if (!sc || sc.status !== 'submitted') return m;
  for (const [d, v] of Object.entries(sc.scores) as [LifeDomain, number | undefined][]) if (v != null) m.set(d, v);
  return m;
}
