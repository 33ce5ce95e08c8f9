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
export type OptionCategory = S['OptionCategory'];
export type OptionCost = S['OptionCost'];
export type WorkItem = S['WorkItem'];
export type Worklist = S['Worklist'];
export type Practice = S['Practice'];
export type User = S['User'];
export type AccessLogEntry = S['AccessLogEntry'];
export type Problem = S['Problem'];

/** lifeDomains in the order the guide and the charts show them. */
export const lifeDomains: readonly LifeDomain[] = [
  'daily_life',
  'body',
  'mind',
  'meaning',
  'relationships',
  'participation',
  'money',
  'housing',
  'safety',
];

/** optionCategories in the order the catalogue groups them: the broad palette first, specialist care last. */
export const optionCategories: readonly OptionCategory[] = [
  'peer_support',
  'recovery_college',
  'group',
  'sport_movement',
  'arts_culture',
  'neighbourhood',
  'work_participation',
  'debt_money',
  'housing',
  'ehealth',
  'gp_practice',
  'basic_ggz',
  'specialist_ggz',
  'addiction_care',
  'other',
];

export const caseStatuses: readonly CaseStatus[] = ['signalled', 'exploring', 'follow_up', 'closed', 'withdrawn'];
export const referralIntentions: readonly ReferralIntention[] = ['none', 'basic_ggz', 'specialist_ggz', 'addiction_care'];
export const outcomes: readonly Outcome[] = [
  'supported_without_referral',
  'referred_basic_ggz',
  'referred_specialist_ggz',
  'referred_addiction_care',
  'withdrawn',
];
export const goalStatuses: readonly GoalStatus[] = ['open', 'working_on', 'reached', 'let_go'];
export const planStatuses: readonly PlanStatus[] = ['considered', 'chosen', 'started', 'completed', 'stopped'];
export const conversationKinds: readonly ConversationKind[] = ['exploratory', 'follow_up', 'network'];
export const conversationLocations: readonly ConversationLocation[] = ['gp_practice', 'home', 'neighbourhood', 'online', 'other'];
export const participantRoles: readonly ParticipantRole[] = ['resident', 'poh', 'peer', 'coach', 'gp', 'other'];
export const optionCosts: readonly OptionCost[] = ['free', 'municipality', 'insured', 'paid'];

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
