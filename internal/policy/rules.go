package policy

import (
	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/user"
)

// This file holds the rules that are no yes-or-no on an action: which list
// filters a role may use, which outcome figures it gets, and which changes
// to an account are refused.

// Filter is a case-list filter a caller may ask for.
type Filter string

// The filters of GET /cases.
const (
	FilterStatus     Filter = "status"
	FilterTeamMember Filter = "team_member"
	FilterQuery      Filter = "q"
	FilterSignalled  Filter = "signalled"
	FilterSort       Filter = "sort"
)

// filterRoles lists who may use a filter; a filter missing here is open to
// every role that may list. The team is no part of the GP's summary, so a
// GP filtering on it would learn it all the same.
var filterRoles = map[Filter][]user.Role{
	FilterTeamMember: {user.RolePOH, user.RolePeer, user.RoleCoach},
}

// CheckFilter refuses a filter p may not use, naming its parameter.
func CheckFilter(p auth.Principal, f Filter, param string) error {
	roles, limited := filterRoles[f]
	if !limited || hasRole(roles, p.Role) {
		return nil
	}
	return errs.Invalid(errs.Field(param, "forbidden", "this filter is not available to your role"))
}

// CheckSignal refuses a signal by a practice role that has no practice.
func CheckSignal(p auth.Principal) error {
	if p.PracticeID == nil {
		return errs.New(errs.ErrForbidden, "only a practice's GP or POH can signal a resident")
	}
	return nil
}

// OutcomeScope is which figures a caller gets.
type OutcomeScope struct {
	// Region is the whole region's figures; otherwise PracticeID's.
	Region     bool
	PracticeID *int64
	// Suppress shows counts of 1–4 as "<5": for callers who are no carers
	// of these residents (the admin).
	Suppress bool
	// CheckPractice asks the caller to make sure PracticeID is a practice of
	// the region (the admin names one).
	CheckPractice bool
}

// OutcomeFor settles the outcome scope for p, who asked for the region
// (wantRegion), a practice, or neither. The GP and POH get their own
// practice only; the admin the region or one practice of it, suppressed.
func OutcomeFor(p auth.Principal, wantRegion, wantPractice bool, practice *int64) (OutcomeScope, error) {
	if p.Role != user.RoleAdmin {
		if wantRegion || p.PracticeID == nil || (practice != nil && *practice != *p.PracticeID) {
			return OutcomeScope{}, errs.New(errs.ErrForbidden, "your role may see the figures of your own practice only")
		}
		return OutcomeScope{PracticeID: p.PracticeID}, nil
	}
	switch {
	case wantRegion && practice != nil:
		return OutcomeScope{}, errs.Invalid(errs.Field("practice", "excluded", "leave practice out for the region, or ask scope=practice"))
	case wantPractice && practice == nil:
		return OutcomeScope{}, errs.Invalid(errs.Field("practice", "required", "is required for scope=practice"))
	case practice == nil:
		return OutcomeScope{Region: true, Suppress: true}, nil
	}
	return OutcomeScope{PracticeID: practice, Suppress: true, CheckPractice: true}, nil
}

// CheckUserChange refuses an administrator deactivating themselves or
// changing their own role: a region must never lock out its last admin by
// accident, so another administrator does it.
func CheckUserChange(p auth.Principal, target int64, cur, next user.User) error {
	if p.UserID == target && (!next.Active || next.Role != cur.Role) {
		return errs.New(errs.ErrConflict, "you cannot deactivate yourself or change your own role; ask another administrator")
	}
	return nil
}

// CapacityScope is which capacity figures a caller gets: the region's, or
// one location's (PracticeID), which CheckPractice asks the caller to find
// in the region first (the admin names one).
type CapacityScope struct {
	PracticeID    *int64
	CheckPractice bool
}

// CapacityFor settles the capacity scope for p, who may name a practice: a
// POH gets their own location only, the admin the region or one location
// of it.
func CapacityFor(p auth.Principal, practice *int64) (CapacityScope, error) {
	if p.Role != user.RoleAdmin {
		if p.PracticeID == nil || (practice != nil && *practice != *p.PracticeID) {
			return CapacityScope{}, errs.New(errs.ErrForbidden, "your role may see the capacity of your own location only")
		}
		return CapacityScope{PracticeID: p.PracticeID}, nil
	}
	return CapacityScope{PracticeID: practice, CheckPractice: practice != nil}, nil
}

// WorklistSections are the worklist sections p gets beyond the cases: the
// requests waiting too long for a provider's answer go to those who record
// the loop (the POH and the coaches, RecordReferral), and the listings not
// verified for six months to the coaches, who keep the social map
// (ManageOptions; the admin has no worklist).
func WorklistSections(p auth.Principal) caseflow.WorklistSections {
	if p.IsResident() {
		return caseflow.WorklistSections{}
	}
	return caseflow.WorklistSections{
		AwaitingAnswer: Allow(p, RecordReferral),
		StaleOptions:   Allow(p, ManageOptions) && Allow(p, ReadWorklist),
	}
}
