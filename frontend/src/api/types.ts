import type { components } from './schema';

// Named shapes of the HOI API, taken from the generated contract so that a
// change in openapi.yaml breaks the build here rather than at run time.
type S = components['schemas'];

export type CaseFull = S['CaseFull'];
export type Action = S['Action'];

/** may reports whether the server listed action a as allowed (in /me or a case's allowed_actions):
 * the SPA shows and hides from these, never from the role. */
export function may(allowed: readonly Action[] | undefined, a: Action): boolean {
  return allowed?.includes(a) ?? false;
}
export type CaseSummary = S['CaseSummary'];
export type CaseView = S['CaseView'];
export type CaseListItem = S['CaseListItem'];
export type CaseStatus = S['CaseStatus'];
export type ReferralIntention = S['ReferralIntention'];
export type Outcome = S['Outcome'];
export type ConsentStatus = S['ConsentStatus'];
export type LifeDomain = S['LifeDomain'];
export type Person = S['Person'];
export type Goal = S['Goal'];
export type GoalStatus = S['GoalStatus'];
export type CaseItem = S['CaseItem'];
export type DomainScore = S['DomainScore'];
export type Conversation = S['Conversation'];
export type ConversationKind = S['ConversationKind'];
export type ConversationLocation = S['ConversationLocation'];
export type Participant = S['Participant'];
export type ParticipantRole = S['ParticipantRole'];
export type Sections = S['Sections'];
export type SectionsInput = S['SectionsInput'];
export type Note = S['Note'];
export type PlanItem = S['PlanItem'];
export type PlanStatus = S['PlanStatus'];
export type Option = S['Option'];
export type OptionCapacity = S['OptionCapacity'];
export type Loop = S['Loop'];
export type LoopStatus = S['LoopStatus'];
export type DeclineReason = S['DeclineReason'];
export type OptionCategory = S['OptionCategory'];
export type OptionCost = S['OptionCost'];
export type WorkItem = S['WorkItem'];
export type Worklist = S['Worklist'];
export type Practice = S['Practice'];
export type User = S['User'];
export type AccessLogEntry = S['AccessLogEntry'];
export type Problem = S['Problem'];
export type Appointment = S['Appointment'];
export type AppointmentOutcome = S['AppointmentOutcome'];
export type AppointmentParticipant = S['AppointmentParticipant'];
export type AppointmentParticipantInput = S['AppointmentParticipantInput'];
export type ParticipantStatus = S['ParticipantStatus'];
export type AgendaItem = S['AgendaItem'];
export type TeamCandidate = S['TeamCandidate'];
export type CapacityReport = S['CapacityReport'];

// The value lists of the contract's enums, generated from openapi.yaml with
// the types (`npm run gen`, openapi-typescript --enum-values), in the
// contract's order, which is the order the app shows them in (the guide's
// life domains, the catalogue's broad palette first and specialist care
// last). The Go server's lists are held to the same contract by
// TestEnumsMatchTheContract; i18n/enums.test.ts checks the labels.
export {
  lifeDomainValues as lifeDomains,
  optionCategoryValues as optionCategories,
  caseStatusValues as caseStatuses,
  referralIntentionValues as referralIntentions,
  outcomeValues as outcomes,
  consentStatusValues as consentStatuses,
  goalStatusValues as goalStatuses,
  planStatusValues as planStatuses,
  conversationKindValues as conversationKinds,
  conversationLocationValues as conversationLocations,
  participantRoleValues as participantRoles,
  optionCostValues as optionCosts,
  roleValues as roles,
  consentInputStatusValues as consentDecisions,
  feedbackRatingValues as feedbackRatings,
  loopStatusValues as loopStatuses,
  declineReasonValues as declineReasons,
} from './schema';

/** planNext mirrors the plan status steps of PATCH /plan/{id} (openapi.yaml), to offer only valid steps. */
export const planNext: Record<PlanStatus, readonly PlanStatus[]> = {
  considered: ['chosen', 'stopped'],
  chosen: ['considered', 'started', 'stopped'],
  started: ['completed', 'stopped'],
  stopped: ['considered', 'chosen'],
  completed: [],
};

/** etagOf reads the ETag header, falling back to the version number in quotes. */
export function etagOf(response: Response, version?: number): string {
  return response.headers.get('ETag') ?? `"${version ?? 0}"`;
}
