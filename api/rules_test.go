package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestStatusTransitionsFollowTheMachine(t *testing.T) {
	e := newEnv(t)
	poh := e.session("poh@hoi.example")
	var c caseJSON
	e.must(e.do(req{method: "POST", path: "/api/v1/cases", token: poh, body: map[string]any{"label": "S", "birth_year": 1970, "question": "Vraag", "referral_intention": "none"}}), 201, "case").json(&c)
	path := fmt.Sprintf("/api/v1/cases/%d", c.ID)
	r := e.do(req{method: "PATCH", path: path, token: poh, header: map[string]string{"If-Match": e.etagOf("poh@hoi.example", path)}, body: map[string]any{"status": "follow_up"}})
	p := r.problem()
	if p.Status != 409 || strings.Join(p.Allowed, ",") != "exploring,withdrawn" {
		t.Errorf("signalled → follow_up: got %d allowed %v, want 409 listing exploring, withdrawn", p.Status, p.Allowed)
	}
	e.must(e.do(req{method: "PATCH", path: path, token: poh, header: map[string]string{"If-Match": e.etagOf("poh@hoi.example", path)}, body: map[string]any{"status": "exploring"}}), 200, "signalled → exploring")
	if p := e.do(req{method: "PATCH", path: path, token: poh, header: map[string]string{"If-Match": e.etagOf("poh@hoi.example", path)}, body: map[string]any{"status": "closed"}}).problem(); p.Status != 400 {
		t.Errorf("PATCH to closed: got %d, want 400 (closing goes through /close with an outcome)", p.Status)
	}
	e.must(e.do(req{method: "POST", path: path + "/close", token: poh, body: map[string]any{"outcome": "withdrawn", "reason": "Wil nu niet verder."}}), 200, "withdraw").json(&c)
	if c.Status != "withdrawn" {
		t.Errorf("outcome withdrawn: status %q, want withdrawn", c.Status)
	}
	p = e.do(req{method: "POST", path: path + "/close", token: poh, body: map[string]any{"outcome": "supported_without_referral", "reason": "x"}}).problem()
	if p.Status != 409 || len(p.Allowed) != 0 {
		t.Errorf("closing an ended case: got %d %v, want 409 with nothing allowed", p.Status, p.Allowed)
	}
	// A stale or missing If-Match on the case.
	if r := e.do(req{method: "PATCH", path: path, token: poh, body: map[string]any{"label": "x"}}); r.status != 428 {
		t.Errorf("PATCH without If-Match: got %d, want 428", r.status)
	}
}

func TestFinalisedConversationIsReadOnlyAndAddendaKeepTheOriginal(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", nil, false)
	poh := e.session("poh@hoi.example")
	path := fmt.Sprintf("/api/v1/conversations/%d", f.final)
	before := e.must(e.do(req{method: "GET", path: path, token: poh}), 200, "read final")
	for _, r := range []req{
		{method: "PATCH", path: path, token: poh, header: map[string]string{"If-Match": before.header.Get("ETag")}, body: map[string]any{"sections": map[string]any{"story": "herschreven"}}},
		{method: "POST", path: path + "/finalize", token: poh},
	} {
		if p := e.do(r).problem(); p.Status != 409 {
			t.Errorf("%s %s on a final conversation: got %d, want 409", r.method, r.path, p.Status)
		}
	}
	e.must(e.do(req{method: "POST", path: path + "/addenda", token: e.session("poh@hoi.example"), body: map[string]any{"text": "Correctie: het was haar broer, niet haar zus."}}), 201, "addendum")
	var after convJSON
	e.must(e.do(req{method: "GET", path: path, token: poh}), 200, "read after").json(&after)
	var orig convJSON
	before.json(&orig)
	if after.Sections.Story != orig.Sections.Story || len(after.Addenda) != 1 || !strings.Contains(after.Addenda[0].Text, "broer") {
		t.Errorf("after addendum: story %q (was %q), addenda %+v", after.Sections.Story, orig.Sections.Story, after.Addenda)
	}
	if p := e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/conversations/%d/addenda", f.draft), token: poh, body: map[string]any{"text": "x"}}).problem(); p.Status != 409 {
		t.Errorf("addendum to a draft: got %d, want 409", p.Status)
	}
}

func TestNotesAreAppendOnly(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, true)
	other := e.newCase("poh@hoi.example", nil, false)
	peer := e.session("peer@hoi.example")
	path := fmt.Sprintf("/api/v1/cases/%d/notes", f.id)
	for _, m := range []string{"PATCH", "PUT", "DELETE"} {
		if r := e.do(req{method: m, path: path, token: peer, body: map[string]any{"text": "x"}}); r.status != 405 {
			t.Errorf("%s on notes: got %d, want 405", m, r.status)
		}
		if r := e.do(req{method: m, path: fmt.Sprintf("/api/v1/notes/%d", f.note), token: peer, body: map[string]any{"text": "x"}}); r.status != 404 && r.status != 405 {
			t.Errorf("%s on a note: got %d, want no such route", m, r.status)
		}
	}
	var n struct {
		ID       int64  `json:"id"`
		Corrects *int64 `json:"corrects"`
		Author   struct {
			Role string `json:"role"`
		} `json:"author"`
	}
	e.must(e.do(req{method: "POST", path: path, token: peer, body: map[string]any{"text": "Correctie op de vorige notitie.", "corrects": f.note}}), 201, "correction").json(&n)
	if n.Corrects == nil || *n.Corrects != f.note || n.Author.Role != "peer" {
		t.Errorf("correction: got %+v, want it to point at note %d with the peer as author", n, f.note)
	}
	if p := e.do(req{method: "POST", path: path, token: peer, body: map[string]any{"text": "x", "corrects": other.note}}).problem(); p.Status != 400 || p.Errors[0].Field != "corrects" {
		t.Errorf("correcting another case's note: got %+v", p)
	}
	var list struct {
		Items []struct {
			Text string `json:"text"`
		} `json:"items"`
		Total int `json:"total"`
	}
	e.must(e.do(req{method: "GET", path: path, token: peer}), 200, "list").json(&list)
	if list.Total != 2 || list.Items[0].Text != "Notitie (fixture)." {
		t.Errorf("notes: got %+v, want the original and its correction", list)
	}
}

// TestDiagnosisAndBSNAreRefusedInEveryBody sends a diagnosis and a BSN field
// to every route that takes a body, at the top level and nested.
func TestDiagnosisAndBSNAreRefusedInEveryBody(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", nil, true)
	admin, poh, coach := e.session("admin@hoi.example"), e.session("poh@hoi.example"), e.session("coach@hoi.example")
	optID, _ := e.optionIn("Achterhoek (demo)")
	userID := e.users["peer@hoi.example"].ID
	routes := []struct {
		method, path, token string
	}{
		{"POST", "/api/v1/auth/login", ""},
		{"POST", "/api/v1/practices", admin},
		{"POST", "/api/v1/users", admin},
		{"PATCH", fmt.Sprintf("/api/v1/users/%d", userID), admin},
		{"POST", "/api/v1/cases", poh},
		{"PATCH", fmt.Sprintf("/api/v1/cases/%d", f.id), poh},
		{"POST", fmt.Sprintf("/api/v1/cases/%d/consent", f.id), poh},
		{"PUT", fmt.Sprintf("/api/v1/cases/%d/team", f.id), poh},
		{"POST", fmt.Sprintf("/api/v1/cases/%d/close", f.id), poh},
		{"POST", fmt.Sprintf("/api/v1/cases/%d/conversations", f.id), poh},
		{"PATCH", fmt.Sprintf("/api/v1/conversations/%d", f.draft), poh},
		{"POST", fmt.Sprintf("/api/v1/conversations/%d/addenda", f.final), poh},
		{"POST", fmt.Sprintf("/api/v1/cases/%d/notes", f.id), poh},
		{"POST", fmt.Sprintf("/api/v1/cases/%d/plan", f.id), poh},
		{"PATCH", fmt.Sprintf("/api/v1/plan/%d", f.plan), poh},
		{"POST", "/api/v1/options", coach},
		{"PATCH", fmt.Sprintf("/api/v1/options/%d", optID), coach},
	}
	for _, rt := range routes {
		for _, tc := range []struct{ body, typ string }{
			{`{"diagnosis":"F32.1"}`, "urn:hoi:problem:no-diagnosis"},
			{`{"dsm5_code":"296.22"}`, "urn:hoi:problem:no-diagnosis"},
			{`{"bsn":"123456782"}`, "urn:hoi:problem:no-bsn"},
		} {
			t.Run(rt.method+" "+rt.path+" "+tc.body, func(t *testing.T) {
				r := e.do(req{method: rt.method, path: rt.path, token: rt.token, body: tc.body, header: map[string]string{"If-Match": `"1"`}})
				if p := r.problem(); p.Status != 400 || p.Type != tc.typ {
					t.Errorf("got %d %s, want 400 %s", p.Status, p.Type, tc.typ)
				}
			})
		}
	}
	// Nested inside a conversation's sections too.
	r := e.do(req{method: "PATCH", path: fmt.Sprintf("/api/v1/conversations/%d", f.draft), token: poh, header: map[string]string{"If-Match": `"1"`},
		body: `{"sections":{"story":"x","diagnosis":"depressie"}}`})
	if p := r.problem(); p.Type != "urn:hoi:problem:no-diagnosis" {
		t.Errorf("nested diagnosis: got %s", p.Type)
	}
}

// TestGPNeverReceivesNarrative walks every route a GP can call on a case of
// their own practice and looks for every narrative text in the answers.
func TestGPNeverReceivesNarrative(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, true)
	poh := e.session("poh@hoi.example")
	base := fmt.Sprintf("/api/v1/cases/%d", f.id)
	e.must(e.do(req{method: "POST", path: base + "/close", token: poh, body: map[string]any{"outcome": "supported_without_referral", "reason": "Reden in eigen woorden (fixture)."}}), 200, "close")
	narrative := []string{"Het gaat niet goed met me", "Verhaal in eigen woorden", "Doel (fixture)", "Notitie (fixture)", "Reden in eigen woorden", "Wandelen (fixture)"}
	gp := e.session("gp@hoi.example")
	calls := []string{
		"/api/v1/cases", "/api/v1/cases?q=Fixture", base, base + "/conversations", base + "/notes", base + "/plan", base + "/access-log",
		fmt.Sprintf("/api/v1/conversations/%d", f.final), fmt.Sprintf("/api/v1/conversations/%d", f.draft), "/api/v1/worklist", "/api/v1/me",
	}
	sawSummary := false
	for _, path := range calls {
		r := e.do(req{method: "GET", path: path, token: gp})
		for _, text := range narrative {
			if strings.Contains(string(r.body), text) {
				t.Errorf("GET %s (%d) gave the GP narrative text %q", path, r.status, text)
			}
		}
		if path == base {
			sawSummary = r.status == 200 && strings.Contains(string(r.body), `"view":"summary"`)
		}
	}
	if !sawSummary {
		t.Error("the GP did not get the outcome summary of the case")
	}
	// Writes the GP may not do answer without echoing content either.
	for _, r := range []req{
		{method: "POST", path: base + "/notes", token: gp, body: map[string]any{"text": "x"}},
		{method: "POST", path: base + "/conversations", token: gp, body: map[string]any{"held_on": "2026-01-01", "kind": "exploratory", "location": "home"}},
	} {
		if got := e.do(r); got.status != http.StatusForbidden {
			t.Errorf("%s %s by the GP: got %d, want 403", r.method, r.path, got.status)
		}
	}
}

// TestConcurrentDraftEditsOneWinsTheOtherGets412 has two clients save the
// same draft with the same ETag at once.
func TestConcurrentDraftEditsOneWinsTheOtherGets412(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, true)
	path := fmt.Sprintf("/api/v1/conversations/%d", f.draft)
	etag := e.etagOf("poh@hoi.example", path)
	texts := map[string]string{"poh@hoi.example": "Versie van de POH.", "peer@hoi.example": "Versie van de ervaringsdeskundige."}
	tokens := map[string]string{"poh@hoi.example": e.session("poh@hoi.example"), "peer@hoi.example": e.session("peer@hoi.example")}
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[string]int{}
	for who, text := range texts {
		wg.Add(1)
		go func(who, text string) {
			defer wg.Done()
			r := e.do(req{method: "PATCH", path: path, token: tokens[who], header: map[string]string{"If-Match": etag}, body: map[string]any{"sections": map[string]any{"story": text}}})
			mu.Lock()
			statuses[who] = r.status
			mu.Unlock()
		}(who, text)
	}
	wg.Wait()
	var winner, loser string
	for who, st := range statuses {
		switch st {
		case 200:
			winner = who
		case 412:
			loser = who
		}
	}
	if winner == "" || loser == "" {
		t.Fatalf("statuses %v: want exactly one 200 and one 412", statuses)
	}
	var stored convJSON
	e.must(e.do(req{method: "GET", path: path, token: tokens[winner]}), 200, "read").json(&stored)
	if stored.Sections.Story != texts[winner] {
		t.Errorf("stored story %q, want the winner's %q", stored.Sections.Story, texts[winner])
	}
	// The loser reloads and saves again with the fresh ETag: nothing is lost.
	fresh := e.etagOf("poh@hoi.example", path)
	merged := texts[winner] + " " + texts[loser]
	e.must(e.do(req{method: "PATCH", path: path, token: tokens[loser], header: map[string]string{"If-Match": fresh}, body: map[string]any{"sections": map[string]any{"story": merged}}}), 200, "retry with fresh ETag")
	e.must(e.do(req{method: "GET", path: path, token: tokens[loser]}), 200, "read").json(&stored)
	if stored.Sections.Story != merged {
		t.Errorf("after retry: %q", stored.Sections.Story)
	}
}

// TestPeerSeesCasesOnlyOnTheTeamAndWithConsent checks every case route for a
// peer before consent and after removal from the team.
func TestPeerSeesCasesOnlyOnTheTeamAndWithConsent(t *testing.T) {
	e := newEnv(t)
	peer := e.session("peer@hoi.example")
	poh := e.session("poh@hoi.example")
	check := func(name string, f caseFixture, want int) {
		t.Helper()
		for _, path := range []string{
			fmt.Sprintf("/api/v1/cases/%d", f.id), fmt.Sprintf("/api/v1/cases/%d/conversations", f.id), fmt.Sprintf("/api/v1/cases/%d/notes", f.id),
			fmt.Sprintf("/api/v1/cases/%d/plan", f.id), fmt.Sprintf("/api/v1/conversations/%d", f.final),
		} {
			if r := e.do(req{method: "GET", path: path, token: peer}); r.status != want {
				t.Errorf("%s: GET %s got %d, want %d", name, path, r.status, want)
			}
		}
		if r := e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/notes", f.id), token: peer, body: map[string]any{"text": "x"}}); r.status != want && !(want == 200 && r.status == 201) {
			t.Errorf("%s: POST note got %d", name, r.status)
		}
		var list struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		e.do(req{method: "GET", path: "/api/v1/cases?limit=200", token: peer}).json(&list)
		listed := false
		for _, it := range list.Items {
			listed = listed || it.ID == f.id
		}
		if listed != (want == 200) {
			t.Errorf("%s: case listed=%v, want %v", name, listed, want == 200)
		}
	}
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, false)
	check("on the team, before consent", f, 404)
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/consent", f.id), token: poh, body: map[string]any{"status": "given"}}), 200, "consent")
	check("on the team, with consent", f, 200)
	e.must(e.putTeam("poh@hoi.example", f.id, []int64{}), 200, "remove from team")
	check("removed from the team", f, 404)
	e.must(e.putTeam("poh@hoi.example", f.id, []int64{e.users["peer@hoi.example"].ID}), 200, "back on team")
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/consent", f.id), token: poh, body: map[string]any{"status": "declined"}}), 200, "consent withdrawn")
	check("consent declined", f, 404)
	// Only peers and coaches of the region can join a team.
	p := e.putTeam("poh@hoi.example", f.id, []int64{e.users["gp@hoi.example"].ID}).problem()
	if p.Status != 400 || p.Errors[0].Field != "members" {
		t.Errorf("a GP on the team: got %+v", p)
	}
}

func TestEmptyStringsClearOptionalFieldsButNotRequiredOnes(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", nil, true)
	poh := e.session("poh@hoi.example")
	path := fmt.Sprintf("/api/v1/cases/%d", f.id)
	e.must(e.do(req{method: "PATCH", path: path, token: poh, header: map[string]string{"If-Match": e.etagOf("poh@hoi.example", path)},
		body: map[string]any{"pc4": "7001", "next_follow_up_on": "2026-12-01"}}), 200, "set")
	var c struct {
		PC4            *string `json:"pc4"`
		NextFollowUpOn *string `json:"next_follow_up_on"`
	}
	e.must(e.do(req{method: "PATCH", path: path, token: poh, header: map[string]string{"If-Match": e.etagOf("poh@hoi.example", path)},
		body: map[string]any{"pc4": "", "next_follow_up_on": ""}}), 200, "clear").json(&c)
	if c.PC4 != nil || c.NextFollowUpOn != nil {
		t.Errorf("after clearing: pc4 %v next %v, want both null", c.PC4, c.NextFollowUpOn)
	}
	p := e.do(req{method: "PATCH", path: path, token: poh, header: map[string]string{"If-Match": e.etagOf("poh@hoi.example", path)},
		body: map[string]any{"label": "   ", "pc4": "70", "next_follow_up_on": "morgen"}}).problem()
	if p.Status != 400 || len(p.Errors) != 3 {
		t.Errorf("blank label, bad pc4 and date: got %+v", p)
	}
	// Duplicate goal ids are linked once.
	var cs caseJSON
	e.must(e.do(req{method: "GET", path: path, token: poh}), 200, "case").json(&cs)
	var item struct {
		GoalIDs []int64 `json:"goal_ids"`
	}
	g := cs.Goals[0].ID
	e.must(e.do(req{method: "POST", path: path + "/plan", token: poh, body: map[string]any{"title": "Fietsen", "arranged_by": "resident", "goal_ids": []int64{g, g}}}), 201, "plan").json(&item)
	if len(item.GoalIDs) != 1 {
		t.Errorf("goal ids: got %v, want one", item.GoalIDs)
	}
	// A closed case takes no more notes.
	e.must(e.do(req{method: "POST", path: path + "/close", token: poh, body: map[string]any{"outcome": "referred_basic_ggz", "reason": "Basis-GGZ past beter."}}), 200, "close")
	if r := e.do(req{method: "POST", path: path + "/notes", token: poh, body: map[string]any{"text": "Na afsluiten"}}); r.status != 409 {
		t.Errorf("note on a closed case: got %d, want 409", r.status)
	}
}
