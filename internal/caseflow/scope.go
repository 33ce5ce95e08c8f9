package caseflow

// Scope is the tenancy of a case query: which cases exist at all for the
// caller. The store puts it in the WHERE clause, so a case outside it is
// "not found", never filtered after loading.
type Scope struct {
	// RegionID is always set.
	RegionID int64
	// PracticeID limits to one practice (POH and GP).
	PracticeID *int64
	// TeamMember limits to cases where this user is on the team and the
	// resident consented to sharing (peers and coaches).
	TeamMember *int64
	// CaseID limits to one case (the resident of that case).
	CaseID *int64
}

// Facts are what the policy needs to know about one case.
type Facts struct {
	ID         int64
	PracticeID int64
	RegionID   int64
	Status     Status
	Consent    ConsentStatus
	OnTeam     bool
	// Erased is set once the case has been erased: only its tombstone, the
	// de-identified outcome facts and its access log remain.
	Erased bool
}
