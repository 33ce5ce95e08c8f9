package caseflow

import "github.com/hoi-app/hoi/internal/enum"

// The value lists of the case domain's enums: one list each, in the order
// the app shows them. Valid is what the domain checks, Values what
// validate:"enum" names when a request sends something else; the contract's
// enum lists must be the same (TestEnumsMatchTheContract in api).

// Statuses lists every case status, in the order of the trajectory.
var Statuses = enum.Of[Status]{StatusSignalled, StatusExploring, StatusFollowUp, StatusClosed, StatusWithdrawn}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { return Statuses.Has(s) }

// Values lists Statuses.
func (Status) Values() []string { return Statuses.Strings() }

// Intentions lists every referral intention, from none to specialist care.
var Intentions = enum.Of[Intention]{IntentionNone, IntentionBasicGGZ, IntentionSpecialistGGZ, IntentionAddictionCare}

// Valid reports whether i is one of Intentions.
func (i Intention) Valid() bool { return Intentions.Has(i) }

// Values lists Intentions.
func (Intention) Values() []string { return Intentions.Strings() }

// IsSpecialistReferral reports whether the GP meant to refer to specialist
// GGZ or addiction care: the cases whose outcome can avoid a referral.
func (i Intention) IsSpecialistReferral() bool {
	return i == IntentionSpecialistGGZ || i == IntentionAddictionCare
}

// Outcomes lists every outcome, in the order of the figures.
var Outcomes = enum.Of[Outcome]{OutcomeSupported, OutcomeBasicGGZ, OutcomeSpecialistGGZ, OutcomeAddictionCare, OutcomeWithdrawn}

// Valid reports whether o is one of Outcomes.
func (o Outcome) Valid() bool { return Outcomes.Has(o) }

// Values lists Outcomes.
func (Outcome) Values() []string { return Outcomes.Strings() }

// IsSpecialistReferral reports whether the case ended with a referral to
// specialist GGZ or addiction care: no referral avoided, and for an earlier
// avoided referral of the same resident, the end of "sustained".
func (o Outcome) IsSpecialistReferral() bool {
	return o == OutcomeSpecialistGGZ || o == OutcomeAddictionCare
}

// ConsentStatuses lists every consent status; a case starts unknown.
var ConsentStatuses = enum.Of[ConsentStatus]{ConsentUnknown, ConsentGiven, ConsentDeclined}

// Valid reports whether c is one of ConsentStatuses.
func (c ConsentStatus) Valid() bool { return ConsentStatuses.Has(c) }

// Values lists ConsentStatuses.
func (ConsentStatus) Values() []string { return ConsentStatuses.Strings() }

// Domains lists the life domains in the order of the conversation guide.
var Domains = enum.Of[Domain]{DomainDailyLife, DomainBody, DomainMind, DomainMeaning, DomainRelationships, DomainParticipation, DomainMoney, DomainHousing, DomainSafety}

// Valid reports whether d is one of the nine.
func (d Domain) Valid() bool { return Domains.Has(d) }

// Values lists Domains.
func (Domain) Values() []string { return Domains.Strings() }

// Kinds lists every conversation kind.
var Kinds = enum.Of[Kind]{KindExploratory, KindFollowUp, KindNetwork}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return Kinds.Has(k) }

// Values lists Kinds.
func (Kind) Values() []string { return Kinds.Strings() }

// Location is where a conversation took place: in the resident's own
// surroundings where possible.
type Location string

// The conversation locations.
const (
	LocationGPPractice    Location = "gp_practice"
	LocationHome          Location = "home"
	LocationNeighbourhood Location = "neighbourhood"
	LocationOnline        Location = "online"
	LocationOther         Location = "other"
)

// Locations lists every conversation location.
var Locations = enum.Of[Location]{LocationGPPractice, LocationHome, LocationNeighbourhood, LocationOnline, LocationOther}

// Valid reports whether l is one of Locations.
func (l Location) Valid() bool { return Locations.Has(l) }

// Values lists Locations.
func (Location) Values() []string { return Locations.Strings() }

// ConversationStatuses lists both conversation statuses.
var ConversationStatuses = enum.Of[ConversationStatus]{Draft, Final}

// Valid reports whether s is one of ConversationStatuses.
func (s ConversationStatus) Valid() bool { return ConversationStatuses.Has(s) }

// Values lists ConversationStatuses.
func (ConversationStatus) Values() []string { return ConversationStatuses.Strings() }

// ParticipantRole is who someone is in a conversation or in arranging a plan
// item: a team role, the resident, or someone else.
type ParticipantRole string

// The participant roles.
const (
	ParticipantResident ParticipantRole = "resident"
	ParticipantPOH      ParticipantRole = "poh"
	ParticipantPeer     ParticipantRole = "peer"
	ParticipantCoach    ParticipantRole = "coach"
	ParticipantGP       ParticipantRole = "gp"
	ParticipantOther    ParticipantRole = "other"
)

// ParticipantRoles lists every participant role.
var ParticipantRoles = enum.Of[ParticipantRole]{ParticipantResident, ParticipantPOH, ParticipantPeer, ParticipantCoach, ParticipantGP, ParticipantOther}

// Valid reports whether r is one of ParticipantRoles.
func (r ParticipantRole) Valid() bool { return ParticipantRoles.Has(r) }

// Values lists ParticipantRoles.
func (ParticipantRole) Values() []string { return ParticipantRoles.Strings() }

// GoalStatuses lists every goal status.
var GoalStatuses = enum.Of[GoalStatus]{GoalOpen, GoalWorkingOn, GoalReached, GoalLetGo}

// Valid reports whether s is one of GoalStatuses.
func (s GoalStatus) Valid() bool { return GoalStatuses.Has(s) }

// Values lists GoalStatuses.
func (GoalStatus) Values() []string { return GoalStatuses.Strings() }

// PlanStatuses lists every plan status, in the order of the steps.
var PlanStatuses = enum.Of[PlanStatus]{PlanConsidered, PlanChosen, PlanStarted, PlanCompleted, PlanStopped}

// Valid reports whether s is one of PlanStatuses.
func (s PlanStatus) Valid() bool { return PlanStatuses.Has(s) }

// Values lists PlanStatuses.
func (PlanStatus) Values() []string { return PlanStatuses.Strings() }
