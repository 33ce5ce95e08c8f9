package api_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestPlanningResidentAndMapLogsHoldNoNamesOrTokens: the routes of the
// resident's voice, planning and the social map, used and abused with names,
// narrative and tokens in bodies, paths and queries, leave none of them in
// the server log.
func TestPlanningResidentAndMapLogsHoldNoNamesOrTokens(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example", "coach@hoi.example"}, true)
	poh, coach := e.session("poh@hoi.example"), e.session("coach@hoi.example")
	const (
		network = "Zus Geheimnaam"
		place   = "Verborgenstraat 7"
		story   = "Mijn verhaal blijft uit de log"
		search  = "zoekwoordgeheim"
		free    = "Vrije tekst geheim"
		signal  = "Vraag van de bewoner geheim"
	)
	base := fmt.Sprintf("/api/v1/cases/%d", f.id)
	var a apptJSON
	e.must(e.do(req{method: "POST", path: base + "/appointments", token: poh, body: map[string]any{"kind": "network", "starts_at": inWeeks(1), "duration_minutes": 60,
		"location": "home", "place": place, "participants": []map[string]any{{"role": "other", "name": network}}}}), 201, "plan").json(&a)
	e.do(req{method: "POST", path: base + "/appointments", token: poh, body: map[string]any{"kind": "network", "starts_at": network, "duration_minutes": 60, "location": "home"}})
	e.do(req{method: "POST", path: base + "/appointments", token: poh, body: map[string]any{"kind": "network", "starts_at": "9999-12-31T23:00:00Z", "duration_minutes": 60, "location": "home", "place": place}})
	e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/appointments/%d/ics", a.ID), token: poh})
	feed := e.feedToken(false)
	e.do(req{method: "GET", path: "/api/v1/calendar/" + feed + ".ics"})
	e.do(req{method: "GET", path: "/api/v1/calendar/" + feed + "x.ics"})
	link := e.residentLink(f.poh, f.id)
	r, ck := e.residentLogin(link, 1980)
	if r.status != 200 {
		t.Fatalf("resident login: %d", r.status)
	}
	e.residentLogin(link+"x", 1980)
	e.do(req{method: "PUT", path: "/api/v1/resident/self-check", cookie: ck, body: map[string]any{"story": story}})
	e.do(req{method: "PUT", path: "/api/v1/resident/self-check", cookie: ck, body: map[string]any{"story": story + "\u0000"}})
	e.do(req{method: "PUT", path: "/api/v1/resident/self-check", cookie: ck, body: map[string]any{"diagnosis": story}})
	code := e.voucher("poh@hoi.example")
	e.do(req{method: "POST", path: "/api/v1/public/signals", body: map[string]any{"code": code, "label": "R.", "birth_year": 1985, "question": signal}})
	e.do(req{method: "POST", path: "/api/v1/public/signals", body: map[string]any{"code": code, "label": "R.", "birth_year": 1985, "question": signal}})
	e.do(req{method: "GET", path: "/api/v1/hsds/services?search=" + search, token: coach})
	e.do(req{method: "GET", path: "/api/v1/hsds/services/" + search, token: coach})
	e.must(e.do(req{method: "POST", path: base + "/plan", token: poh, body: map[string]any{"title": free, "arranged_by": "resident", "status": "chosen"}}), 201, "free text")
	e.do(req{method: "GET", path: "/api/v1/options/free-text", token: coach})
	e.do(req{method: "POST", path: "/api/v1/options/from-plan", token: coach, body: map[string]any{"title": free, "category": "other"}})
	e.do(req{method: "POST", path: "/api/v1/options/import", token: coach, body: `[{"id":"x","name":"` + free + `"}]`})

	logs := e.logs.String()
	if n := strings.Count(logs, "\n"); n < 20 {
		t.Fatalf("got %d log lines, want one per request", n)
	}
	for _, s := range []string{network, place, story, search, free, signal, feed, link, code, strings.ReplaceAll(code, "-", ""), "Fixture", "Het gaat niet goed"} {
		if strings.Contains(logs, s) {
			t.Errorf("the log contains %q", s)
		}
	}
}
