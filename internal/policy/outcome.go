package policy

import (
	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/user"
)

// The actions of issue 6: the outcome figures, the case export and erasure.
const (
	// ReadOutcomes is the outcome dashboard and its CSV: the GP and POH of
	// their own practice, the admin of the region. Peers and coaches work on
	// single cases and get no aggregate view.
	ReadOutcomes Action = "outcome.read"
	// ReadRegionOutcomes is the region-wide scope of the figures.
	ReadRegionOutcomes Action = "outcome.region.read"
	// ExportCase is the whole record as JSON or FHIR: whoever sees the full
	// case (the POH, and the team after consent); never the GP or admin.
	ExportCase Action = "case.export"
	// EraseCase is erasure (AVG art. 17): the POH of the practice or the
	// region's admin, who handles requests the practice cannot.
	EraseCase Action = "case.erase"
)

func init() {
	rules[ReadOutcomes] = []user.Role{user.RolePOH, user.RoleGP, user.RoleAdmin}
	rules[ReadRegionOutcomes] = []user.Role{user.RoleAdmin}
}

// allowRecordAction decides the per-case actions of this file; AllowCase asks it.
func allowRecordAction(p auth.Principal, a Action, f caseflow.Facts, view View) (allowed, known bool) {
	switch a {
	case ExportCase:
		return view == ViewFull, true
	case EraseCase:
		return (view == ViewFull && p.Role == user.RolePOH) || (p.Role == user.RoleAdmin && f.RegionID == p.RegionID), true
	}
	return false, false
}
