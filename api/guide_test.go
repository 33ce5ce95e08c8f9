package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hoi-app/hoi/internal/audit"
)

// The conversation guide's server rules (issue 15): drafts keep half-filled
// rows, finalising refuses them and empty conversations by name, chosen
// options become plan items once, and a draft can be discarded.

type guideConv struct {
	ID        int64 `json:"id"`
	Status    string
	UpdatedBy struct {
		UserID int64 `json:"user_id"`
	} `json:"updated_by"`
	Sections struct {
		Network    []map[string]any `json:"network"`
		Agreements []map[string]any `json:"agreements"`
		Goals      []map[string]any `json:"goals"`
	} `json:"sections"`
}

type guidePlan struct {
	Items []struct {
		ID         int64   `json:"id"`
		OptionID   *int64  `json:"option_id"`
		Title      string  `json:"title"`
		Category   string  `json:"category"`
		Status     string  `json:"status"`
		ArrangedBy string  `json:"arranged_by"`
		GoalIDs    []int64 `json:"goal_ids"`
	} `json:"items"`
}

func (e *env) draftOn(caseID int64, token string, sections map[string]any) (int64, string) {
	e.t.Helper()
	body := map[string]any{"held_on": "2026-11-20", "kind": "exploratory", "location": "home"}
	if sections != nil {
		body["sections"] = sections
	}
	r := e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/conversations", caseID), token: token, body: body}), 201, "draft")
	var c guideConv
	r.json(&c)
	return c.ID, r.header.Get("ETag")
}

func fieldsOf(t *testing.T, r *resp) []string {
	t.Helper()
	var out []string
	for _, f := range r.problem().Errors {
		out = append(out, f.Field)
	}
	return out
}

func TestDraftKeepsHalfFilledRowsAndFinaliseNamesThem(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", nil, true)
	poh := e.session("poh@hoi.example")
	id, etag := e.draftOn(f.id, poh, nil)
	url := fmt.Sprintf("/api/v1/conversations/%d", id)
	half := map[string]any{
		"story":      "Ik slaap slecht.",
		"network":    []map[string]any{{"who": "", "meaning": "belt elke week"}, {"who": "", "meaning": ""}},
		"agreements": []map[string]any{{"who": "", "what": "Belt over de wandelgroep"}, {"who": "Buurtcoach", "what": ""}},
		"goals":      []map[string]any{{"text": ""}, {"text": "Weer een dagritme"}},
		"options":    []map[string]any{{"text": "Samen koken", "category": "neighbourhood", "chosen": true, "goals": []int{1}}},
	}
	r := e.must(e.do(req{method: "PATCH", path: url, token: poh, header: map[string]string{"If-Match": etag}, body: map[string]any{"sections": half}}), 200, "autosave with half rows")
	var c guideConv
	r.json(&c)
	if len(c.Sections.Network) != 2 || len(c.Sections.Agreements) != 2 || c.Sections.Agreements[0]["what"] != "Belt over de wandelgroep" {
		t.Fatalf("the draft did not keep the half rows: %s", r.body)
	}

	r = e.must(e.do(req{method: "POST", path: url + "/finalize", token: poh}), http.StatusUnprocessableEntity, "finalise with half rows")
	got := strings.Join(fieldsOf(t, r), ",")
	want := "network[0].who,options[0].arranged_by,agreements[0].who,agreements[1].what"
	if got != want {
		t.Errorf("incomplete rows: got %s, want %s (the empty person and goal are removed, not refused)", got, want)
	}
	if p := r.problem(); p.Type != "urn:hoi:problem:incomplete" || strings.Contains(string(r.body), "wandelgroep") {
		t.Errorf("problem: got type %s; it must not echo content: %s", p.Type, r.body)
	}
	if got := e.must(e.do(req{method: "GET", path: url, token: poh}), 200, "still a draft"); !strings.Contains(string(got.body), `"status":"draft"`) {
		t.Errorf("a refused finalise changed the conversation: %s", got.body)
	}
}

func TestEmptyConversationCannotBeFinalised(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", nil, true)
	poh := e.session("poh@hoi.example")
	var before struct {
		FirstConversationOn *string `json:"first_conversation_on"`
		Status              string  `json:"status"`
	}
	e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d", f.id), token: poh}), 200, "case").json(&before)
	id, _ := e.draftOn(f.id, poh, map[string]any{"network": []map[string]any{{"who": " ", "meaning": ""}}, "goals": []map[string]any{{"text": ""}}})
	r := e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/conversations/%d/finalize", id), token: poh}), http.StatusUnprocessableEntity, "finalise empty")
	if got := strings.Join(fieldsOf(t, r), ","); got != "sections" {
		t.Errorf("empty conversation: fields %s, want sections", got)
	}
	var after struct {
		FirstConversationOn *string `json:"first_conversation_on"`
	}
	e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d", f.id), token: poh}), 200, "case").json(&after)
	if (before.FirstConversationOn == nil) != (after.FirstConversationOn == nil) || (after.FirstConversationOn != nil && *after.FirstConversationOn != *before.FirstConversationOn) {
		t.Errorf("an empty conversation moved the first-conversation date: %v → %v", before.FirstConversationOn, after.FirstConversationOn)
	}
}

func TestChosenOptionsBecomePlanItemsOnce(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"coach@hoi.example"}, true)
	poh := e.session("poh@hoi.example")
	optID, _ := e.optionIn("Achterhoek (demo)")
	opt := map[string]any{"option_id": optID, "text": "uit de catalogus", "category": "sport_movement", "chosen": true, "arranged_by": "coach", "goals": []int{0}}
	sections := map[string]any{
		"story": "Eerste gesprek.",
		"goals": []map[string]any{{"text": "Meer bewegen"}},
		"options": []map[string]any{
			opt,
			{"text": "Samen koken bij de buren", "category": "neighbourhood", "chosen": true, "arranged_by": "resident"},
			{"text": "Alleen besproken", "category": "group", "chosen": false},
			{"text": "  samen KOKEN bij de buren ", "category": "neighbourhood", "chosen": true, "arranged_by": "resident"},
		},
	}
	id, _ := e.draftOn(f.id, poh, sections)
	planURL := fmt.Sprintf("/api/v1/cases/%d/plan", f.id)
	var before guidePlan
	e.must(e.do(req{method: "GET", path: planURL, token: poh}), 200, "plan").json(&before)
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/conversations/%d/finalize", id), token: poh}), 200, "finalise")
	var plan guidePlan
	e.must(e.do(req{method: "GET", path: planURL, token: poh}), 200, "plan").json(&plan)
	added := plan.Items[len(before.Items):]
	if len(added) != 2 {
		t.Fatalf("want the catalogue option and one free-text option added, got %+v", added)
	}
	cat, free := added[0], added[1]
	if cat.OptionID == nil || *cat.OptionID != optID || cat.Status != "chosen" || cat.ArrangedBy != "coach" || cat.Category != "sport_movement" || len(cat.GoalIDs) != 1 || cat.Title == "uit de catalogus" {
		t.Errorf("catalogue plan item: got %+v (name and category come from the catalogue, the goal of the same conversation is linked)", cat)
	}
	if free.OptionID != nil || free.Title != "Samen koken bij de buren" || free.Category != "neighbourhood" || free.ArrangedBy != "resident" {
		t.Errorf("free-text plan item: got %+v", free)
	}

	// A follow-up that ticks the same options again adds nothing.
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/conversations", f.id), token: poh, body: map[string]any{"held_on": "2026-11-20", "kind": "follow_up", "location": "home",
		"sections": map[string]any{"options": []map[string]any{opt}}}}), 400, "an option linked to a goal the conversation does not have")
	delete(opt, "goals")
	id2, _ := e.draftOn(f.id, poh, map[string]any{"story": "Vervolg.", "options": []map[string]any{opt, {"text": "Samen koken bij de buren", "category": "neighbourhood", "chosen": true, "arranged_by": "poh"}}})
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/conversations/%d/finalize", id2), token: poh}), 200, "finalise the follow-up")
	var again guidePlan
	e.must(e.do(req{method: "GET", path: planURL, token: poh}), 200, "plan").json(&again)
	if len(again.Items) != len(plan.Items) {
		t.Errorf("the follow-up added %d plan items for options the plan already had", len(again.Items)-len(plan.Items))
	}
}

func TestDraftCanBeDiscardedOnlyWhileDraft(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, true)
	poh, peer := e.session("poh@hoi.example"), e.session("peer@hoi.example")
	id, _ := e.draftOn(f.id, poh, nil)
	url := fmt.Sprintf("/api/v1/conversations/%d", id)
	mark := e.logMark()
	e.must(e.do(req{method: "DELETE", path: url, token: peer}), 204, "discard by a team member")
	rows := e.accessLogSince(mark)
	if len(rows) != 1 || rows[0].Action != audit.ActionDelete || rows[0].ResourceType != audit.ResourceConversation || rows[0].ResourceID == nil || *rows[0].ResourceID != id || rows[0].CaseID == nil || *rows[0].CaseID != f.id {
		t.Errorf("access log of the discard: got %+v", rows)
	}
	e.must(e.do(req{method: "GET", path: url, token: poh}), 404, "discarded")
	r := e.must(e.do(req{method: "DELETE", path: fmt.Sprintf("/api/v1/conversations/%d", f.final), token: poh}), 409, "discard a final conversation")
	if !strings.Contains(string(r.body), "addendum") {
		t.Errorf("409 should point at the addendum: %s", r.body)
	}
}

func TestConversationSaysWhoSavedLast(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, true)
	poh, peer := e.session("poh@hoi.example"), e.session("peer@hoi.example")
	id, etag := e.draftOn(f.id, poh, nil)
	r := e.must(e.do(req{method: "PATCH", path: fmt.Sprintf("/api/v1/conversations/%d", id), token: peer, header: map[string]string{"If-Match": etag}, body: map[string]any{"location": "online"}}), 200, "peer saves")
	var c guideConv
	r.json(&c)
	if c.UpdatedBy.UserID != e.users["peer@hoi.example"].ID {
		t.Errorf("updated_by: got %d, want the peer", c.UpdatedBy.UserID)
	}
}
