// Package policy is the one place that answers "may this principal do this?":
// which roles may take an action at all, what they may do with one visible
// case, which list filters they may use, which outcome scope they get and
// with which suppression, and which account changes are refused. Handlers
// never test roles themselves; the router asks this package for every route
// it declares. Tenancy (which practice or region a record belongs to) is
// enforced again in every store query, so a forgotten check here cannot leak
// another practice's data.
package policy

import (
	"sort"

	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/user"
)

// Action is something a principal may try to do.
type Action string

// The actions on no particular record.
const (
	ReadMe         Action = "me.read"
	ListPractices  Action = "practice.list"
	CreatePractice Action = "practice.create"
	ListUsers      Action = "user.list"
	CreateUser     Action = "user.create"
	UpdateUser     Action = "user.update"
	CreateCase     Action = "case.create"
	ListCases      Action = "case.list"
	ReadWorklist   Action = "worklist.read"
	ListOptions    Action = "option.list"
	ManageOptions  Action = "option.manage"
	// ListTeamCandidates lets a POH pick peers and coaches for a team
	// without seeing the rest of the user administration.
	ListTeamCandidates Action = "team.candidates"
	// ReadOutcomes is the outcome dashboard and its CSV: the GP and POH of
	// their own practice, the admin of the region. Peers and coaches work on
	// single cases and get no aggregate view.
	ReadOutcomes Action = "outcome.read"
	// ReadRegionOutcomes is the region-wide scope of the figures.
	ReadRegionOutcomes Action = "outcome.region.read"
	// IssueVoucher is handing a resident a single-use code with which they
	// ask for a talk themselves: the staff who signal at a location (its
	// POH or GP, or their counterparts at a location that is no GP practice).
	IssueVoucher Action = "voucher.issue"
	// ReadAgenda is one's own appointments: the staff who take part in
	// the joint talk.
	ReadAgenda Action = "agenda.read"
	// ManageCalendarFeed is making and revoking one's own private calendar
	// feed, which carries the same appointments to another calendar.
	ManageCalendarFeed Action = "calendar_feed.manage"
	// ReadCapacity is capacity in view (signals, talks, waits, caseloads,
	// forecast) and the region's warning thresholds: the admin for the
	// region, a POH for their own location. GPs see the outcome figures;
	// peers and coaches work on single cases.
	ReadCapacity Action = "capacity.read"
	// ManageCapacitySettings is setting the region's warning thresholds.
	ManageCapacitySettings Action = "capacity.settings"
)

// The actions on one case, decided with the case's facts.
const (
	ReadCase          Action = "case.read"
	UpdateCase        Action = "case.update"
	RecordConsent     Action = "case.consent"
	AssignTeam        Action = "case.team"
	CloseCase         Action = "case.close"
	ReadCaseContent   Action = "case.content.read"
	WriteCaseContent  Action = "case.content.write"
	ReadCaseAccessLog Action = "case.accesslog.read"
	// ExportCase is the whole record as JSON or FHIR: whoever sees the full
	// case (the POH, and the team after consent); never the GP or admin.
	ExportCase Action = "case.export"
	// EraseCase is erasure (AVG art. 17): the POH of the practice or the
	// region's admin, who handles requests the practice cannot.
	EraseCase Action = "case.erase"
	// ManageResidentLink is making, revoking and seeing the resident link of
	// a case: its POH, who hands it over in person.
	ManageResidentLink Action = "case.resident_link"
	// RespondAppointment is answering one's own invitation to a talk of a
	// case one sees in full; the store refuses someone not invited.
	RespondAppointment Action = "appointment.respond"
	// RecordReferral is recording the steps of a plan item's request to its
	// provider (requested, the provider's answer, started, ended): the
	// coaches on the case's team, who know the providers and hear their
	// answer, and the case's POH, who owns the case and often makes the
	// request herself. Peers read the loop but do not record it: the answer
	// comes from the provider, not from the peer's conversation.
	RecordReferral Action = "case.referral"
)

// The resident's own actions, on the one case of their session. No staff
// role may take them, and a resident may take no other action.
const (
	ResidentReadCase       Action = "resident.case.read"
	ResidentReadSelfCheck  Action = "resident.selfcheck.read"
	ResidentWriteSelfCheck Action = "resident.selfcheck.write"
	ResidentFeedback       Action = "resident.plan.feedback"
	ResidentConsent        Action = "resident.consent"
)

// View is how much of a case a principal sees.
type View int

// The views: nothing, the GP's outcome summary, or the full record.
const (
	ViewNone View = iota
	ViewSummary
	ViewFull
)

// rule is one row of the table: the roles that may take the action at all
// and, for a case action, what they may do with one case they can see.
type rule struct {
	roles  []user.Role
	onCase func(p auth.Principal, f caseflow.Facts, v View) bool
	// resident is the rule for the resident principal: nil for every staff
	// action, so a resident session reaches nothing else.
	resident func(p auth.Principal, f caseflow.Facts) bool
}

var (
	everyone  = user.Roles
	practice  = []user.Role{user.RolePOH, user.RoleGP}
	carers    = []user.Role{user.RolePOH, user.RolePeer, user.RoleCoach}
	admins    = []user.Role{user.RoleAdmin}
	pohOnly   = []user.Role{user.RolePOH}
	listers   = []user.Role{user.RolePOH, user.RoleGP, user.RolePeer, user.RoleCoach}
	pohAdmin  = []user.Role{user.RolePOH, user.RoleAdmin}
	fullView  = func(_ auth.Principal, _ caseflow.Facts, v View) bool { return v == ViewFull }
	pohOfCase = func(p auth.Principal, _ caseflow.Facts, v View) bool { return v == ViewFull && p.Role == user.RolePOH }
	// ownCase: the resident's own case, and only that one.
	ownCase = func(p auth.Principal, f caseflow.Facts) bool {
		return p.IsResident() && p.CaseID != 0 && f.ID == p.CaseID && f.RegionID == p.RegionID && p.InPractice(f.PracticeID)
	}
	// pohOrRegionAdmin: the case's POH, or the admin of its region, who
	// finds every case of the region but reads none of its content.
	pohOrRegionAdmin = func(p auth.Principal, f caseflow.Facts, v View) bool {
		return (v == ViewFull && p.Role == user.RolePOH) || (p.Role == user.RoleAdmin && f.RegionID == p.RegionID)
	}
)

// rules is the policy. An action missing here is denied to everybody, so a
// new route fails closed.
var rules = map[Action]rule{
	ReadMe:                 {roles: everyone},
	ListPractices:          {roles: admins},
	CreatePractice:         {roles: admins},
	ListUsers:              {roles: admins},
	CreateUser:             {roles: admins},
	UpdateUser:             {roles: admins},
	CreateCase:             {roles: practice},
	ListCases:              {roles: listers},
	ReadWorklist:           {roles: carers},
	ListOptions:            {roles: everyone},
	ManageOptions:          {roles: []user.Role{user.RoleCoach, user.RoleAdmin}},
	ListTeamCandidates:     {roles: pohAdmin},
	ReadOutcomes:           {roles: []user.Role{user.RolePOH, user.RoleGP, user.RoleAdmin}},
	ReadRegionOutcomes:     {roles: admins},
	IssueVoucher:           {roles: practice},
	ReadAgenda:             {roles: carers},
	ManageCalendarFeed:     {roles: carers},
	ReadCapacity:           {roles: pohAdmin},
	ManageCapacitySettings: {roles: admins},

	ReadCase:           {roles: listers, onCase: func(_ auth.Principal, _ caseflow.Facts, v View) bool { return v >= ViewSummary }},
	ReadCaseContent:    {roles: carers, onCase: fullView},
	WriteCaseContent:   {roles: carers, onCase: fullView},
	ExportCase:         {roles: carers, onCase: fullView},
	UpdateCase:         {roles: pohOnly, onCase: pohOfCase},
	RecordConsent:      {roles: pohOnly, onCase: pohOfCase},
	AssignTeam:         {roles: pohOnly, onCase: pohOfCase},
	CloseCase:          {roles: pohOnly, onCase: pohOfCase},
	ReadCaseAccessLog:  {roles: pohAdmin, onCase: pohOrRegionAdmin},
	EraseCase:          {roles: pohAdmin, onCase: pohOrRegionAdmin},
	ManageResidentLink: {roles: pohOnly, onCase: pohOfCase},
	RespondAppointment: {roles: carers, onCase: fullView},
	RecordReferral:     {roles: []user.Role{user.RolePOH, user.RoleCoach}, onCase: fullView},

	ResidentReadCase:       {resident: ownCase},
	ResidentReadSelfCheck:  {resident: ownCase},
	ResidentWriteSelfCheck: {resident: ownCase},
	ResidentFeedback:       {resident: ownCase},
	ResidentConsent:        {resident: ownCase},
}

func hasRole(roles []user.Role, r user.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// Allow reports whether p may take action a at all. For a case action it
// says whether p's role may ever take it; AllowCase decides on one case.
// A resident principal may take only the resident actions, a staff one
// only the others.
func Allow(p auth.Principal, a Action) bool {
	if p.IsResident() {
		return rules[a].resident != nil
	}
	return p.Kind == auth.KindStaff && hasRole(rules[a].roles, p.Role)
}

// IsCaseAction reports whether a is decided per case.
func IsCaseAction(a Action) bool { return rules[a].onCase != nil || rules[a].resident != nil }

// AllowCase reports whether p may take case action a on case f.
func AllowCase(p auth.Principal, a Action, f caseflow.Facts) bool {
	r := rules[a]
	if p.IsResident() {
		return r.resident != nil && r.resident(p, f)
	}
	return r.onCase != nil && Allow(p, a) && r.onCase(p, f, CaseView(p, f))
}

// CaseScope is the tenancy of p's case queries.
func CaseScope(p auth.Principal) caseflow.Scope {
	s := caseflow.Scope{RegionID: p.RegionID}
	if p.IsResident() {
		// The resident's one case; a resident without one sees nothing.
		id, pid := p.CaseID, int64(-1)
		if id == 0 {
			id = -1
		}
		if p.PracticeID != nil {
			pid = *p.PracticeID
		}
		s.CaseID, s.PracticeID = &id, &pid
		return s
	}
	switch p.Role {
	case user.RolePOH, user.RoleGP:
		id := int64(-1) // a practice-bound role without practice sees nothing
		if p.PracticeID != nil {
			id = *p.PracticeID
		}
		s.PracticeID = &id
	case user.RolePeer, user.RoleCoach:
		id := p.UserID
		s.TeamMember = &id
	}
	return s
}

// CaseView decides how much of case f principal p sees: the POH of the
// practice everything, peers and coaches everything while on the team and
// after consent, the GP of the practice the summary, anyone else nothing.
// A resident sees no staff view of any case: their own screens are the
// resident actions.
func CaseView(p auth.Principal, f caseflow.Facts) View {
	if f.RegionID != p.RegionID || p.IsResident() {
		return ViewNone
	}
	switch p.Role {
	case user.RolePOH:
		if p.InPractice(f.PracticeID) {
			return ViewFull
		}
	case user.RoleGP:
		if p.InPractice(f.PracticeID) {
			return ViewSummary
		}
	case user.RolePeer, user.RoleCoach:
		if f.OnTeam && f.Consent == caseflow.ConsentGiven {
			return ViewFull
		}
	}
	return ViewNone
}

// Actions lists every known action, sorted, for tests that walk the policy.
func Actions() []Action {
	out := make([]Action, 0, len(rules))
	for a := range rules {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// AllowedActions lists the actions on no particular record that p may take,
// for /me: the SPA shows and hides from it.
func AllowedActions(p auth.Principal) []Action {
	out := []Action{}
	for _, a := range Actions() {
		if !IsCaseAction(a) && Allow(p, a) {
			out = append(out, a)
		}
	}
	return out
}

// AllowedCaseActions lists what p may do with case f, for the case answer.
// An ended case takes no writes, whatever the role; an erased one offers
// only its access log.
func AllowedCaseActions(p auth.Principal, f caseflow.Facts) []Action {
	out := []Action{}
	for _, a := range Actions() {
		if !IsCaseAction(a) || !AllowCase(p, a, f) {
			continue
		}
		if writes[a] && caseflow.Writable(f.Status, f.Erased) != nil {
			continue
		}
		if f.Erased && a != ReadCaseAccessLog {
			continue
		}
		out = append(out, a)
	}
	return out
}

// writes are the case actions that change the case's data; the lifecycle
// refuses them on an ended case.
var writes = map[Action]bool{UpdateCase: true, RecordConsent: true, AssignTeam: true, CloseCase: true, WriteCaseContent: true,
	ManageResidentLink: true, RespondAppointment: true, RecordReferral: true, ResidentWriteSelfCheck: true, ResidentFeedback: true, ResidentConsent: true}

// Refusal is how a refused principal is answered: staff learn that their
// role may not (403); a resident session learns nothing (404), since it
// should not even know what else HOI holds.
func Refusal(p auth.Principal, detail string) error {
	if p.IsResident() {
		return errs.NotFound("resource")
	}
	return errs.New(errs.ErrForbidden, "%s", detail)
}
