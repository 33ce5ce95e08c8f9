package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/audit"
)

type loopItem struct {
	ID      int64  `json:"id"`
	Status  string `json:"status"`
	Version int64  `json:"version"`
	Loop    *struct {
		Status string   `json:"status"`
		Reason *string  `json:"reason"`
		Next   []string `json:"next"`
		Steps  []struct {
			Status string `json:"status"`
			By     struct {
				UserID int64  `json:"user_id"`
				Role   string `json:"role"`
			} `json:"by"`
		} `json:"steps"`
	} `json:"loop"`
}

// step posts one loop step as email with the If-Match of version.
func (e *env) step(email string, item, version int64, body map[string]any) *resp {
	return e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/plan/%d/loop", item), token: e.session(email),
		header: map[string]string{"If-Match": fmt.Sprintf(`"%d"`, version)}, body: body})
}

// TestLoopOverHTTP: the coach on the team records the request and the
// provider's "declined: no places"; the peer may not; a refused step is a
// 409 naming the field; the GP sees the state in the summary; every step is
// access-logged; and the request shows on the coach's and the POH's
// worklist from day 15, not on the peer's.
func TestLoopOverHTTP(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example", "coach@hoi.example"}, true)
	var it loopItem
	e.must(e.do(req{method: "PATCH", path: fmt.Sprintf("/api/v1/plan/%d", f.plan), token: e.session(f.poh),
		header: map[string]string{"If-Match": `"1"`}, body: map[string]any{"status": "chosen"}}), 200, "choose").json(&it)

	if got := e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/plan/%d/loop", f.plan), token: e.session("coach@hoi.example"),
		body: map[string]any{"status": "requested"}}); got.status != http.StatusPreconditionRequired {
		t.Errorf("without If-Match: %d, want 428", got.status)
	}
	if got := e.step("peer@hoi.example", f.plan, it.Version, map[string]any{"status": "requested"}); got.status != http.StatusForbidden {
		t.Errorf("the peer records a step: %d, want 403", got.status)
	}
	got := e.step("coach@hoi.example", f.plan, it.Version, map[string]any{"status": "accepted"})
	var p struct {
		Type    string   `json:"type"`
		Allowed []string `json:"allowed"`
		Errors  []struct {
			Field string `json:"field"`
		} `json:"errors"`
	}
	got.json(&p)
	if got.status != http.StatusConflict || len(p.Errors) != 1 || p.Errors[0].Field != "status" || strings.Join(p.Allowed, ",") != "requested" {
		t.Errorf("accepting an unrequested item: %d %s, want 409 naming status, allowed requested", got.status, got.body)
	}

	mark := e.logMark()
	e.must(e.step("coach@hoi.example", f.plan, it.Version, map[string]any{"status": "requested"}), 200, "request").json(&it)
	rows := e.accessLogSince(mark)
	if len(rows) != 1 || rows[0].Action != audit.ActionUpdate || rows[0].ResourceType != audit.ResourcePlanItem || rows[0].ResourceID == nil || *rows[0].ResourceID != f.plan ||
		rows[0].CaseID == nil || *rows[0].CaseID != f.id {
		t.Errorf("the request's access-log rows: %+v", rows)
	}
	if got := e.step("coach@hoi.example", f.plan, it.Version-1, map[string]any{"status": "accepted"}); got.status != http.StatusPreconditionFailed {
		t.Errorf("a stale If-Match: %d, want 412", got.status)
	}
	if got := e.step("coach@hoi.example", f.plan, it.Version, map[string]any{"status": "declined"}); got.status != http.StatusBadRequest || !strings.Contains(string(got.body), `"reason"`) {
		t.Errorf("declined without a reason: %d %s, want 400 naming reason", got.status, got.body)
	}

	worklist := func(email string) []int64 {
		var w struct {
			AwaitingAnswer []struct {
				PlanItemID int64 `json:"plan_item_id"`
			} `json:"awaiting_answer"`
		}
		e.must(e.do(req{method: "GET", path: "/api/v1/worklist", token: e.session(email)}), 200, "worklist").json(&w)
		var out []int64
		for _, x := range w.AwaitingAnswer {
			out = append(out, x.PlanItemID)
		}
		return out
	}
	e.clock.Advance(14 * 24 * time.Hour)
	e.sessions = map[string]string{} // the tokens of day 0 have expired
	for _, who := range []string{"poh@hoi.example", "coach@hoi.example"} {
		for _, id := range worklist(who) {
			if id == f.plan {
				t.Errorf("day 14: the request is on the worklist of %s", who)
			}
		}
	}
	e.clock.Advance(24 * time.Hour)
	e.sessions = map[string]string{}
	for who, want := range map[string]bool{"poh@hoi.example": true, "coach@hoi.example": true, "peer@hoi.example": false} {
		found := false
		for _, id := range worklist(who) {
			found = found || id == f.plan
		}
		if found != want {
			t.Errorf("day 15: on the worklist of %s: %v, want %v", who, found, want)
		}
	}

	e.must(e.step("coach@hoi.example", f.plan, it.Version, map[string]any{"status": "declined", "reason": "no_places"}), 200, "declined").json(&it)
	if it.Loop == nil || it.Loop.Status != "declined" || it.Loop.Reason == nil || *it.Loop.Reason != "no_places" || len(it.Loop.Steps) != 2 ||
		it.Loop.Steps[1].By.Role != "coach" || len(it.Loop.Next) != 0 {
		t.Errorf("after the decline: %+v", it.Loop)
	}
	var plan struct {
		Items []loopItem `json:"items"`
	}
	e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/plan", f.id), token: e.session(f.poh)}), 200, "plan").json(&plan)
	for _, x := range plan.Items {
		if x.ID == f.plan && (x.Loop == nil || x.Loop.Status != "declined" || *x.Loop.Reason != "no_places") {
			t.Errorf("the POH's plan shows %+v", x.Loop)
		}
	}
	var sum struct {
		View  string `json:"view"`
		Loops []struct {
			Category string  `json:"category"`
			Status   string  `json:"status"`
			Reason   *string `json:"reason"`
		} `json:"loops"`
	}
	sr := e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d", f.id), token: e.session("gp@hoi.example")}), 200, "summary")
	sr.json(&sum)
	if sum.View != "summary" || len(sum.Loops) != 1 || sum.Loops[0].Status != "declined" || sum.Loops[0].Reason == nil || *sum.Loops[0].Reason != "no_places" {
		t.Errorf("the GP's summary: %s", sr.body)
	}
	if strings.Contains(string(sr.body), "Wandelen") {
		t.Errorf("the GP's summary shows the plan item's title: %s", sr.body)
	}
}
