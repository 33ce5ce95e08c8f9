package api_test

import (
	"fmt"
	"testing"

	"github.com/hoi-app/hoi/internal/audit"
)

// TestDraftFromPlanLogsEachPlanItemItLinks: drafting an option from a
// free-text plan item changes the plan items of every case of the region
// with that title (their option and version); each such write of case data
// is an access-log row on its own case, by the coach, naming the plan item
// — before, only the option's creation was logged, so a case's own access
// log never showed that a coach off its team had changed its plan.
func TestDraftFromPlanLogsEachPlanItemItLinks(t *testing.T) {
	e := newEnv(t)
	const title = "Zwemgroep De Vijver"
	own := e.newCase("poh@hoi.example", []string{"coach@hoi.example"}, true)
	other := e.newCase("poh2@hoi.example", nil, true) // the coach is not on its team
	items := map[int64]int64{}                        // case → plan item
	for _, c := range []caseFixture{own, other} {
		var it struct {
			ID int64 `json:"id"`
		}
		e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/plan", c.id), token: e.session(c.poh),
			body: map[string]any{"title": title, "category": "sport_movement", "arranged_by": "resident", "status": "chosen"}}), 201, "plan").json(&it)
		items[c.id] = it.ID
	}
	mark := e.logMark()
	var d struct {
		Option struct {
			ID int64 `json:"id"`
		} `json:"option"`
		Linked int `json:"linked"`
	}
	e.must(e.do(req{method: "POST", path: "/api/v1/options/from-plan", token: e.session("coach@hoi.example"), body: map[string]any{"title": title, "category": "sport_movement"}}), 201, "draft").json(&d)
	if d.Linked != 2 {
		t.Fatalf("linked %d plan items, want 2", d.Linked)
	}
	coach := e.users["coach@hoi.example"]
	byCase := map[int64]audit.Entry{}
	optionRows := 0
	for _, r := range e.accessLogSince(mark) {
		if r.UserID != coach.ID || r.Outcome != audit.Allowed || r.RequestID == "" {
			t.Errorf("row %+v is not the coach's allowed request", r)
		}
		switch {
		case r.ResourceType == audit.ResourceOption && r.Action == audit.ActionCreate && r.CaseID == nil && r.ResourceID != nil && *r.ResourceID == d.Option.ID:
			optionRows++
		case r.ResourceType == audit.ResourcePlanItem && r.Action == audit.ActionUpdate && r.CaseID != nil:
			if _, dup := byCase[*r.CaseID]; dup {
				t.Errorf("case %d logged twice", *r.CaseID)
			}
			byCase[*r.CaseID] = r
		default:
			t.Errorf("unexpected row %+v", r)
		}
	}
	if optionRows != 1 {
		t.Errorf("the option's creation logged %d times, want once", optionRows)
	}
	for caseID, item := range items {
		r, ok := byCase[caseID]
		if !ok {
			t.Errorf("case %d: its plan item %d was linked and no access-log row says so", caseID, item)
			continue
		}
		if r.ResourceID == nil || *r.ResourceID != item {
			t.Errorf("case %d: the row names resource %v, want plan item %d", caseID, r.ResourceID, item)
		}
	}
	if len(byCase) != len(items) {
		t.Errorf("plan-item rows for %d cases, want %d", len(byCase), len(items))
	}
}
