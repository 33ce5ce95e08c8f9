package policy

import (
	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/user"
)

// The case actions. Role-level ones are in rules; what a role may do with one
// visible case is decided by CaseView and AllowCase.
const (
	CreateCase    Action = "case.create"
	ListCases     Action = "case.list"
	ReadWorklist  Action = "worklist.read"
	ListOptions   Action = "option.list"
	ManageOptions Action = "option.manage"
	// ListTeamCandidates lets a POH pick peers and coaches for a team
	// without seeing the rest of the user administration.
	ListTeamCandidates Action = "team.candidates"

	ReadCase          Action = "case.read"
	UpdateCase        Action = "case.update"
	RecordConsent     Action = "case.consent"
	AssignTeam        Action = "case.team"
	CloseCase         Action = "case.close"
	ReadCaseContent   Action = "case.content.read"
	WriteCaseContent  Action = "case.content.write"
	ReadCaseAccessLog Action = "case.accesslog.read"
)

func init() {
	rules[CreateCase] = []user.Role{user.RolePOH, user.RoleGP}
	rules[ListCases] = []user.Role{user.RolePOH, user.RoleGP, user.RolePeer, user.RoleCoach}
	rules[ReadWorklist] = []user.Role{user.RolePOH, user.RolePeer, user.RoleCoach}
	rules[ListOptions] = everyone
	rules[ManageOptions] = []user.Role{user.RoleCoach, user.RoleAdmin}
	rules[ListTeamCandidates] = []user.Role{user.RolePOH, user.RoleAdmin}
}

// View is how much of a case a principal sees.
type View int

// The views: nothing, the GP's outcome summary, or the full record.
const (
	ViewNone View = iota
	ViewSummary
	ViewFull
)

// CaseScope is the tenancy of p's case queries.
func CaseScope(p auth.Principal) caseflow.Scope {
	s := caseflow.Scope{RegionID: p.RegionID}
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
func CaseView(p auth.Principal, f caseflow.Facts) View {
	if f.RegionID != p.RegionID {
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

// AllowCase reports whether p may take action a on case f.
func AllowCase(p auth.Principal, a Action, f caseflow.Facts) bool {
	view := CaseView(p, f)
	switch a {
	case ReadCase:
		return view >= ViewSummary
	case ReadCaseContent, WriteCaseContent:
		return view == ViewFull
	case UpdateCase, RecordConsent, AssignTeam, CloseCase:
		return view == ViewFull && p.Role == user.RolePOH
	case ReadCaseAccessLog:
		return (view == ViewFull && p.Role == user.RolePOH) || (p.Role == user.RoleAdmin && f.RegionID == p.RegionID)
	}
	ok, _ := allowRecordAction(p, a, f, view)
	return ok
}
