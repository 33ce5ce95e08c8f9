import type { Sections } from '../../api/types';
import { t, type MessageKey } from '../../i18n';
import type { Step } from './Steps';

/**
 * The guide's copy of what finalising asks (caseflow.Ready on the server):
 * rows that hold nothing are removed, half-filled rows must be completed,
 * and a conversation with nothing in it cannot be finalised. The guide marks
 * half rows while they are typed and lists them in the finalise dialog; the
 * server's 422 stays the rule, this only says it earlier.
 */
export interface Gap {
  step: Step;
  /** field is the server's name for it, e.g. agreements[0].who. */
  field: string;
  /** id is the input to focus to fix it. */
  id: string;
  text: string;
}

const blank = (s: string | null | undefined) => !s || s.trim() === '';

/** entryHolds says whether an entry has anything typed in it. */
export const entryHolds = (e: { text: string; domain: string | null }) => !blank(e.text) || e.domain != null;

/** agreementGap names what an agreement row still misses, or null. */
export function agreementGap(a: { who: string; what: string; due_on: string | null }): 'who' | 'what' | 'both' | null {
  if (blank(a.who) && blank(a.what) && !a.due_on) return null; // empty: removed, not refused
  if (blank(a.who) && blank(a.what)) return 'both';
  if (blank(a.who)) return 'who';
  if (blank(a.what)) return 'what';
  return null;
}

const entrySteps: [keyof Sections & ('strengths' | 'sensitivities' | 'goals' | 'needs'), Step, MessageKey, string][] = [
  ['strengths', 'strengths', 'guide.strength.item', 'strength'],
  ['sensitivities', 'strengths', 'guide.sensitivity.item', 'sensitivity'],
  ['goals', 'goals', 'guide.goal.item', 'goal'],
  ['needs', 'needs', 'guide.need.item', 'need'],
];

/** gaps lists every half-filled row, in the order of the guide. */
export function gaps(s: Sections): Gap[] {
  const out: Gap[] = [];
  s.network.forEach((n, i) => {
    if (blank(n.who) && !blank(n.meaning)) out.push({ step: 'network', field: `network[${i}].who`, id: `net-who-${i}`, text: t('gap.networkWho', { n: i + 1 }) });
  });
  for (const [key, step, label, id] of entrySteps) {
    (s[key] as { text: string; domain: string | null }[]).forEach((e, i) => {
      if (blank(e.text) && e.domain != null) out.push({ step, field: `${key}[${i}].text`, id: `${id}-${i}`, text: t('gap.entryText', { what: t(label, { n: i + 1 }) }) });
    });
  }
  s.options.forEach((o, i) => {
    if (o.chosen && !o.arranged_by) out.push({ step: 'options', field: `options[${i}].arranged_by`, id: `opt-who-${i}`, text: t('gap.optionWho', { what: o.text }) });
  });
  s.agreements.forEach((a, i) => {
    const g = agreementGap(a);
    if (g === 'who' || g === 'both') out.push({ step: 'agreements', field: `agreements[${i}].who`, id: `agr-who-${i}`, text: t('gap.agreementWho', { n: i + 1 }) });
    if (g === 'what' || g === 'both') out.push({ step: 'agreements', field: `agreements[${i}].what`, id: `agr-what-${i}`, text: t('gap.agreementWhat', { n: i + 1 }) });
  });
  return out;
}

/** isEmpty says whether nothing at all has been recorded (the server refuses to finalise it). */
export function isEmpty(s: Sections): boolean {
  if (!blank(s.story) || s.next_follow_up_on || (s.priorities ?? []).length) return false;
  if (Object.values(s.domains).some((d) => d && (!blank(d.text) || d.score != null))) return false;
  if (s.network.some((n) => !blank(n.who) || !blank(n.meaning))) return false;
  if ([s.strengths, s.sensitivities, s.goals, s.needs].some((xs) => xs.some(entryHolds))) return false;
  if (s.agreements.some((a) => !blank(a.who) || !blank(a.what) || a.due_on)) return false;
  return s.goal_updates.length + s.options.length === 0;
}

/** gapsFromServer words a 422's fields for the dialog, falling back to the guide's own list. */
export function gapsFromServer(fields: { field: string }[], s: Sections): Gap[] {
  const mine = gaps(s);
  return fields
    .filter((f) => f.field !== 'sections')
    .map((f) => mine.find((g) => g.field === f.field) ?? { step: 'story', field: f.field, id: '', text: t('gap.unknown') });
}
