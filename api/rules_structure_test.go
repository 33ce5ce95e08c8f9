package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hoi-app/hoi/internal/audit"
)

// The regressions of issue 12: each defect found when HOI was probed from
// outside, reproduced over HTTP (the export's access log is in
// export_test.go).

// After a close answers 200, no write reaches the case: not a draft's story,
// not an addendum, not from the POH and not from the team.
func TestNoWriteReachesAnEndedCase(t *testing.T) {
	e := newEnv(t)
	for _, outcome := range []string{"supported_without_referral", "withdrawn"} {
		t.Run(outcome, func(t *testing.T) {
			f := e.newCase("poh@hoi.example", []string{"peer@hoi.example", "coach@hoi.example"}, true)
			base := fmt.Sprintf("/api/v1/cases/%d", f.id)
			draftETag := e.etagOf("poh@hoi.example", fmt.Sprintf("/api/v1/conversations/%d", f.draft))
			caseETag := e.etagOf("poh@hoi.example", base)
			planETag := `"1"`
			e.must(e.do(req{method: "POST", path: base + "/close", token: e.session("poh@hoi.example"), body: map[string]any{"outcome": outcome, "reason": "Afgesloten"}}), 200, "close")
			status := "closed"
			if outcome == "withdrawn" {
				status = "withdrawn"
			}
			for _, email := range []string{"poh@hoi.example", "peer@hoi.example", "coach@hoi.example"} {
				tok := e.session(email)
				for _, w := range []req{
					{method: "PATCH", path: fmt.Sprintf("/api/v1/conversations/%d", f.draft), header: map[string]string{"If-Match": draftETag}, body: map[string]any{"sections": map[string]any{"story": "Herschreven na afsluiten"}}},
					{method: "POST", path: fmt.Sprintf("/api/v1/conversations/%d/addenda", f.final), body: map[string]any{"text": "Aanvulling na afsluiten"}},
					{method: "POST", path: fmt.Sprintf("/api/v1/conversations/%d/finalize", f.draft)},
					{method: "POST", path: base + "/conversations", body: map[string]any{"held_on": "2026-11-20", "kind": "network", "location": "online"}},
					{method: "POST", path: base + "/notes", body: map[string]any{"text": "Notitie na afsluiten"}},
					{method: "POST", path: base + "/plan", body: map[string]any{"title": "Nieuw", "arranged_by": "resident"}},
					{method: "PATCH", path: fmt.Sprintf("/api/v1/plan/%d", f.plan), header: map[string]string{"If-Match": planETag}, body: map[string]any{"note": "na afsluiten"}},
				} {
					w.token = tok
					got := e.do(w)
					if got.status != http.StatusConflict || !strings.Contains(string(got.body), status) {
						t.Errorf("%s %s %s on a %s case: got %d %s, want 409 naming %q", email, w.method, w.path, status, got.status, got.body, status)
					}
				}
			}
			poh := e.session("poh@hoi.example")
			for _, w := range []req{
				{method: "PATCH", path: base, header: map[string]string{"If-Match": caseETag}, body: map[string]any{"label": "Na afsluiten"}},
				{method: "POST", path: base + "/consent", body: map[string]any{"status": "declined"}},
				{method: "PUT", path: base + "/team", header: map[string]string{"If-Match": e.etagOf("poh@hoi.example", base)}, body: map[string]any{"members": []int64{}}},
				{method: "POST", path: base + "/close", body: map[string]any{"outcome": "referred_basic_ggz", "reason": "Nog eens"}},
			} {
				w.token = poh
				if got := e.do(w); got.status != http.StatusConflict {
					t.Errorf("POH %s %s on a %s case: got %d %s, want 409", w.method, w.path, status, got.status, got.body)
				}
			}
			var conv struct {
				Status   string `json:"status"`
				Sections struct {
					Story string `json:"story"`
				} `json:"sections"`
				Addenda []any `json:"addenda"`
			}
			e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/conversations/%d", f.draft), token: poh}), 200, "draft").json(&conv)
			if conv.Status != "draft" || strings.Contains(conv.Sections.Story, "afsluiten") {
				t.Errorf("the draft changed after the close: %+v", conv)
			}
			e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/conversations/%d", f.final), token: poh}), 200, "final").json(&conv)
			if len(conv.Addenda) != 0 {
				t.Errorf("the final conversation got %d addenda after the close", len(conv.Addenda))
			}
			var c struct {
				AllowedActions []string `json:"allowed_actions"`
			}
			e.must(e.do(req{method: "GET", path: base, token: poh}), 200, "case").json(&c)
			for _, a := range c.AllowedActions {
				if a == "case.content.write" || a == "case.update" || a == "case.close" || a == "case.team" || a == "case.consent" {
					t.Errorf("an ended case offers %s", a)
				}
			}
		})
	}
}

// A GP's list and a worklist write one access-log row per case shown, so
// "who saw case A?" is answered from case A's own log.
func TestListsLogEachCaseShown(t *testing.T) {
	e := newEnv(t)
	gp := e.session("gp@hoi.example")
	mark := e.logMark()
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/cases?limit=200", token: gp}), 200, "GP list").json(&list)
	if len(list.Items) < 2 {
		t.Fatalf("the demo practice shows %d cases to its GP; the test needs several", len(list.Items))
	}
	rows := e.accessLogSince(mark)
	if len(rows) != len(list.Items) {
		t.Errorf("the GP's list showed %d cases and wrote %d rows", len(list.Items), len(rows))
	}
	poh := e.session("poh@hoi.example")
	for _, it := range list.Items {
		var log struct {
			Items []audit.Entry `json:"items"`
		}
		e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/access-log?limit=200", it.ID), token: poh}), 200, "case log").json(&log)
		found := false
		for _, l := range log.Items {
			if l.UserID == e.users["gp@hoi.example"].ID && l.Action == audit.ActionSearch && l.ID > mark {
				found = true
			}
		}
		if !found {
			t.Errorf("case %d's own access log does not show that the GP's list showed it", it.ID)
		}
	}
}

// Denied attempts on a case by users of another region are in the case's
// access-log view, for its POH and for its region's admin.
func TestDeniedAttemptsFromAnotherRegionShowInTheCaseLog(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, true)
	intruder := e.session("poh3@hoi.example") // POH of the Veluwe region
	attempts := []req{
		{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d", f.id)},
		{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/notes", f.id)},
		{method: "GET", path: fmt.Sprintf("/api/v1/conversations/%d", f.final)},
		{method: "PATCH", path: fmt.Sprintf("/api/v1/plan/%d", f.plan), header: map[string]string{"If-Match": `"1"`}, body: map[string]any{"note": "x"}},
	}
	for _, a := range attempts {
		a.token = intruder
		if got := e.do(a); got.status != http.StatusNotFound {
			t.Fatalf("%s %s from another region: got %d, want 404", a.method, a.path, got.status)
		}
	}
	for _, viewer := range []string{"poh@hoi.example", "admin@hoi.example"} {
		var log struct {
			Items []audit.Entry `json:"items"`
		}
		e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/access-log?limit=200", f.id), token: e.session(viewer)}), 200, "case log").json(&log)
		denied := 0
		for _, l := range log.Items {
			if l.UserID == e.users["poh3@hoi.example"].ID && l.Outcome == audit.Denied {
				denied++
			}
		}
		if denied != len(attempts) {
			t.Errorf("%s sees %d of the %d denied attempts from another region in the case's log", viewer, denied, len(attempts))
		}
	}
}

// The team is no part of the GP's summary, so the team_member filter is no
// oracle for it: the GP's request is refused, whoever it names.
func TestGPCannotFilterOnTheTeam(t *testing.T) {
	e := newEnv(t)
	gp := e.session("gp@hoi.example")
	for _, member := range []int64{e.users["peer@hoi.example"].ID, e.users["coach@hoi.example"].ID, 999999} {
		got := e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases?team_member=%d", member), token: gp})
		if got.status != http.StatusBadRequest || !strings.Contains(string(got.body), "team_member") {
			t.Errorf("GP filtering on team member %d: got %d %s, want 400 naming team_member", member, got.status, got.body)
		}
	}
	// The POH of the practice may.
	e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases?team_member=%d", e.users["peer@hoi.example"].ID), token: e.session("poh@hoi.example")}), 200, "POH team filter")
}

// The SPA shows and hides from allowed_actions: they follow the policy.
func TestAllowedActionsFollowThePolicy(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, true)
	for _, c := range []struct {
		email string
		want  []string
		not   []string
	}{
		{"poh@hoi.example", []string{"case.update", "case.close", "case.team", "case.content.write", "case.accesslog.read", "case.erase", "case.export"}, nil},
		{"peer@hoi.example", []string{"case.content.read", "case.content.write", "case.export"}, []string{"case.close", "case.update", "case.accesslog.read", "case.erase"}},
		{"gp@hoi.example", []string{"case.read"}, []string{"case.content.read", "case.export", "case.update"}},
	} {
		var got struct {
			AllowedActions []string `json:"allowed_actions"`
		}
		e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d", f.id), token: e.session(c.email)}), 200, "case").json(&got)
		have := map[string]bool{}
		for _, a := range got.AllowedActions {
			have[a] = true
		}
		for _, a := range c.want {
			if !have[a] {
				t.Errorf("%s: allowed_actions %v lacks %s", c.email, got.AllowedActions, a)
			}
		}
		for _, a := range c.not {
			if have[a] {
				t.Errorf("%s: allowed_actions %v offers %s", c.email, got.AllowedActions, a)
			}
		}
	}
	var me struct {
		AllowedActions []string `json:"allowed_actions"`
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/me", token: e.session("coach@hoi.example")}), 200, "me").json(&me)
	if !strings.Contains(strings.Join(me.AllowedActions, ","), "option.manage") || strings.Contains(strings.Join(me.AllowedActions, ","), "case.create") {
		t.Errorf("coach /me allowed_actions: %v", me.AllowedActions)
	}
}
