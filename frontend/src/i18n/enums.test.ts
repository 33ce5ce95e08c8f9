import { describe, expect, it } from 'vitest';
import {
  caseStatuses,
  consentDecisions,
  consentStatuses,
  conversationKinds,
  conversationLocations,
  declineReasons,
  feedbackRatings,
  goalStatuses,
  loopStatuses,
  lifeDomains,
  optionCategories,
  optionCosts,
  outcomes,
  participantRoles,
  planNext,
  planStatuses,
  referralIntentions,
  roles,
} from '../api/types';
import { nl } from './nl';

// Each enum of the contract has a label per value under one prefix of the
// catalogue (and en has the same keys as nl, see catalogue.test.ts): the value
// lists come from openapi.yaml, so a value added to or dropped from the
// contract fails here until the labels follow.
const labelled: [prefix: string, values: readonly string[], extra?: string[]][] = [
  ['status', caseStatuses],
  ['intention', referralIntentions],
  ['outcome', outcomes],
  ['consent', consentStatuses],
  ['consent.record', consentDecisions],
  ['goal', goalStatuses],
  ['plan.status', planStatuses],
  ['kind', conversationKinds],
  ['location', conversationLocations],
  ['participant', participantRoles],
  ['domain', lifeDomains],
  ['domain.short', lifeDomains],
  ['domain.hint', lifeDomains],
  ['category', optionCategories],
  ['cost', optionCosts],
  ['outcomes.rating', feedbackRatings],
  ['loop.status', loopStatuses],
  ['loop.action', loopStatuses],
  ['loop.reason', declineReasons],
  ['role', roles],
  // The resident's own screens (issue 16): one question per life domain, one answer per rating and consent status.
  ['resident.q', lifeDomains],
  ['inwoner.rating', feedbackRatings],
  ['inwoner.consent.now', consentStatuses],
  // Access-log entries written by the server itself carry the role "system"; a resident session's, "resident".
  ['role.short', roles, ['resident', 'system']],
];

/** labelsUnder lists the last key segment of every message directly under prefix. */
function labelsUnder(prefix: string): string[] {
  const re = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.([a-z_]+)$`);
  return Object.keys(nl)
    .map((k) => re.exec(k)?.[1])
    .filter((v): v is string => v !== undefined)
    .sort();
}

describe('enum labels', () => {
  it.each(labelled)('%s.* labels exactly the values of the contract', (prefix, values, extra = []) => {
    expect(labelsUnder(prefix)).toEqual([...values, ...extra].sort());
  });

  it('planNext has a step list for every plan status, with plan statuses only', () => {
    expect(Object.keys(planNext).sort()).toEqual([...planStatuses].sort());
    for (const next of Object.values(planNext)) for (const s of next) expect(planStatuses).toContain(s);
  });
});
