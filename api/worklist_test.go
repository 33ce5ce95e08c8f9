package api_test

import (
	"fmt"
	"testing"
	"time"
)

type worklistJSON struct {
	NewSignals []struct {
		CaseID      int64  `json:"case_id"`
		Label       string `json:"label"`
		DaysWaiting *int   `json:"days_waiting"`
	} `json:"new_signals"`
	FollowUpsDue []struct {
		CaseID      int64   `json:"case_id"`
		DueOn       *string `json:"due_on"`
		DaysOverdue *int    `json:"days_overdue"`
	} `json:"follow_ups_due"`
	Drafts []struct {
		CaseID         int64  `json:"case_id"`
		ConversationID *int64 `json:"conversation_id"`
	} `json:"drafts"`
	MissingConsent []struct {
		CaseID int64 `json:"case_id"`
	} `json:"missing_consent"`
}

func (w worklistJSON) has(section string, caseID int64) bool {
	switch section {
	case "new":
		for _, it := range w.NewSignals {
			if it.CaseID == caseID {
				return true
			}
		}
	case "due":
		for _, it := range w.FollowUpsDue {
			if it.CaseID == caseID {
				return true
			}
		}
	case "draft":
		for _, it := range w.Drafts {
			if it.CaseID == caseID {
				return true
			}
		}
	case "consent":
		for _, it := range w.MissingConsent {
			if it.CaseID == caseID {
				return true
			}
		}
	}
	return false
}

func TestWorklistShowsSignalsFollowUpsDraftsAndMissingConsent(t *testing.T) {
	e := newEnv(t)
	poh, gp := e.session("poh@hoi.example"), e.session("gp@hoi.example")
	var sig caseJSON
	past := e.clock.Now().AddDate(0, 0, -9).Format(time.RFC3339)
	e.must(e.do(req{method: "POST", path: "/api/v1/cases", token: gp, body: map[string]any{"label": "Wachtend", "birth_year": 1999, "question": "Vraag", "referral_intention": "none", "signalled_at": past}}), 201, "signal").json(&sig)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, true) // has a draft
	due := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, true)
	path := fmt.Sprintf("/api/v1/cases/%d", due.id)
	e.must(e.do(req{method: "PATCH", path: path, token: poh, header: map[string]string{"If-Match": e.etagOf("poh@hoi.example", path)},
		body: map[string]any{"next_follow_up_on": e.clock.Now().AddDate(0, 0, -2).Format("2006-01-02")}}), 200, "follow-up in the past")
	other := e.newCase("poh2@hoi.example", nil, false)

	var w worklistJSON
	e.must(e.do(req{method: "GET", path: "/api/v1/worklist", token: poh}), 200, "worklist").json(&w)
	if !w.has("new", sig.ID) || !w.has("consent", sig.ID) {
		t.Errorf("the new signal is missing from new signals or missing consent: %+v", w)
	}
	for _, it := range w.NewSignals {
		if it.CaseID == sig.ID && (it.DaysWaiting == nil || *it.DaysWaiting != 9) {
			t.Errorf("days waiting: got %v, want 9", it.DaysWaiting)
		}
	}
	if !w.has("draft", f.id) {
		t.Error("the draft conversation is missing")
	}
	found := false
	for _, it := range w.FollowUpsDue {
		if it.CaseID == due.id {
			found = it.DaysOverdue != nil && *it.DaysOverdue == 2
		}
	}
	if !found {
		t.Errorf("the overdue follow-up is missing or not 2 days overdue: %+v", w.FollowUpsDue)
	}
	if w.has("new", f.id) || w.has("consent", f.id) {
		t.Error("a case with a conversation and consent is listed as new or missing consent")
	}
	for _, s := range []string{"new", "due", "draft", "consent"} {
		if w.has(s, other.id) {
			t.Errorf("another practice's case is in section %s", s)
		}
	}
	// The peer's worklist holds only team cases with consent.
	e.must(e.do(req{method: "GET", path: "/api/v1/worklist", token: e.session("peer@hoi.example")}), 200, "peer worklist").json(&w)
	if w.has("new", sig.ID) || w.has("consent", sig.ID) || !w.has("draft", f.id) {
		t.Errorf("peer worklist: %+v", w)
	}
}

func TestInactiveOptionsStayReadableInOldPlans(t *testing.T) {
	e := newEnv(t)
	coach := e.session("coach@hoi.example")
	var o struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	r := e.must(e.do(req{method: "POST", path: "/api/v1/options", token: coach, body: map[string]any{
		"name": "Moestuin De Groene Vingers", "category": "group", "provider": "Buurtvereniging", "cost": "free"}}), 201, "new option")
	r.json(&o)
	f := e.newCase("poh@hoi.example", []string{"coach@hoi.example"}, true)
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/plan", f.id), token: coach, body: map[string]any{"option_id": o.ID, "arranged_by": "coach", "status": "chosen"}}), 201, "plan item")
	e.must(e.do(req{method: "PATCH", path: fmt.Sprintf("/api/v1/options/%d", o.ID), token: coach, header: map[string]string{"If-Match": r.header.Get("ETag")}, body: map[string]any{"active": false}}), 200, "retire")

	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/options?q=moestuin", token: coach}), 200, "search").json(&list)
	if len(list.Items) != 0 {
		t.Error("a retired option is still offered")
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/options?q=moestuin&include_inactive=true", token: coach}), 200, "search all").json(&list)
	if len(list.Items) != 1 {
		t.Error("a retired option cannot be found by its maintainers")
	}
	var plan struct {
		Items []struct {
			OptionID *int64 `json:"option_id"`
			Title    string `json:"title"`
			Category string `json:"category"`
		} `json:"items"`
	}
	e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/plan", f.id), token: coach}), 200, "plan").json(&plan)
	ok := false
	for _, it := range plan.Items {
		ok = ok || (it.OptionID != nil && *it.OptionID == o.ID && it.Title == o.Name && it.Category == "group")
	}
	if !ok {
		t.Errorf("the old plan lost the retired option: %+v", plan.Items)
	}
	// Searching by category and text.
	e.must(e.do(req{method: "GET", path: "/api/v1/options?category=debt_money", token: coach}), 200, "by category").json(&list)
	if len(list.Items) < 2 {
		t.Errorf("debt_money options: got %d, want the demo ones", len(list.Items))
	}
}

func TestCaseListFiltersAndSorts(t *testing.T) {
	e := newEnv(t)
	poh := e.session("poh@hoi.example")
	var list struct {
		Items []struct {
			ID     int64  `json:"id"`
			Label  string `json:"label"`
			Status string `json:"status"`
		} `json:"items"`
		Total int `json:"total"`
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/cases?status=signalled&sort=label", token: poh}), 200, "by status").json(&list)
	if list.Total == 0 {
		t.Fatal("the demo practice has no signalled cases")
	}
	for i, it := range list.Items {
		if it.Status != "signalled" {
			t.Errorf("status filter let %s through", it.Status)
		}
		if i > 0 && list.Items[i-1].Label > it.Label {
			t.Errorf("not sorted by label: %s before %s", list.Items[i-1].Label, it.Label)
		}
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/cases?q=marc", token: poh}), 200, "by label").json(&list)
	if list.Total != 1 || list.Items[0].Label != "Marco" {
		t.Errorf("label search: got %+v", list.Items)
	}
	f := e.newCase("poh@hoi.example", []string{"coach@hoi.example"}, true)
	e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases?team_member=%d&signalled_from=%s", e.users["coach@hoi.example"].ID, e.clock.Now().Format("2006-01-02")), token: poh}), 200, "by team and period").json(&list)
	if list.Total != 1 || list.Items[0].ID != f.id {
		t.Errorf("team and period filter: got %+v", list.Items)
	}
	if p := e.do(req{method: "GET", path: "/api/v1/cases?status=open&signalled_from=gisteren", token: poh}).problem(); p.Status != 400 || len(p.Errors) != 2 {
		t.Errorf("bad filters: got %+v", p)
	}
}
