package api_test

import (
	"fmt"
)

// caseFixture is a case made through the API, with a draft and a final
// conversation, a plan item and a note.
type caseFixture struct {
	id, draft, final, plan, note int64
	poh                          string // the email of the practice's POH
}

// newCase creates a case in the practice of pohEmail (signalled by the POH),
// with team and consent as asked, and content of every kind.
func (e *env) newCase(pohEmail string, team []string, consent bool) caseFixture {
	e.t.Helper()
	poh := e.session(pohEmail)
	f := caseFixture{poh: pohEmail}
	var c struct {
		ID    int64 `json:"id"`
		Goals []struct {
			ID int64 `json:"id"`
		} `json:"goals"`
	}
	e.must(e.do(req{method: "POST", path: "/api/v1/cases", token: poh, body: map[string]any{
		"label": "Fixture", "birth_year": 1980, "question": "Het gaat niet goed met me (fixture).", "referral_intention": "basic_ggz"}}), 201, "fixture case").json(&c)
	f.id = c.ID
	base := fmt.Sprintf("/api/v1/cases/%d", f.id)
	var members []int64
	for _, m := range team {
		members = append(members, e.users[m].ID)
	}
	if members == nil {
		members = []int64{}
	}
	e.must(e.putTeam(pohEmail, f.id, members), 200, "fixture team")
	if consent {
		e.must(e.do(req{method: "POST", path: base + "/consent", token: poh, body: map[string]any{"status": "given"}}), 200, "fixture consent")
	}
	var conv struct {
		ID int64 `json:"id"`
	}
	e.must(e.do(req{method: "POST", path: base + "/conversations", token: poh, body: map[string]any{"held_on": "2026-11-01", "kind": "exploratory", "location": "gp_practice",
		"sections": map[string]any{"story": "Verhaal in eigen woorden (fixture).", "goals": []map[string]any{{"text": "Doel (fixture)"}}}}}), 201, "fixture conversation").json(&conv)
	f.final = conv.ID
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/conversations/%d/finalize", conv.ID), token: poh}), 200, "fixture finalize")
	e.must(e.do(req{method: "POST", path: base + "/conversations", token: poh, body: map[string]any{"held_on": "2026-11-15", "kind": "follow_up", "location": "home",
		"sections": map[string]any{"story": "Vervolg in eigen woorden (fixture)."}}}), 201, "fixture draft").json(&conv)
	f.draft = conv.ID
	var item struct {
		ID int64 `json:"id"`
	}
	e.must(e.do(req{method: "POST", path: base + "/plan", token: poh, body: map[string]any{"title": "Wandelen (fixture)", "arranged_by": "resident"}}), 201, "fixture plan").json(&item)
	f.plan = item.ID
	e.must(e.do(req{method: "POST", path: base + "/notes", token: poh, body: map[string]any{"text": "Notitie (fixture)."}}), 201, "fixture note").json(&item)
	f.note = item.ID
	return f
}

// etagOf reads the current ETag of path as the POH of pohEmail.
// putTeam replaces the team of case id as pohEmail, with the case's current
// ETag as If-Match.
func (e *env) putTeam(pohEmail string, id int64, members []int64) *resp {
	e.t.Helper()
	path := fmt.Sprintf("/api/v1/cases/%d", id)
	return e.do(req{method: "PUT", path: path + "/team", token: e.session(pohEmail), header: map[string]string{"If-Match": e.etagOf(pohEmail, path)},
		body: map[string]any{"members": members}})
}

func (e *env) etagOf(pohEmail, path string) string {
	e.t.Helper()
	return e.must(e.do(req{method: "GET", path: path, token: e.session(pohEmail)}), 200, "read ETag of "+path).header.Get("ETag")
}
