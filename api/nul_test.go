package api_test

import (
	"fmt"
	"net/http"
	"testing"
)

// TestNULCharactersAreRefused: a NUL character (U+0000) is valid JSON and a
// valid URL escape, but PostgreSQL cannot store or compare it in text, so a
// self-check story, an appointment's place or a search with one was a 500
// there (and stored as sent on SQLite). Each is now a 400 naming the field
// or parameter, or a 404 for a path, on both databases, and nothing is
// stored.
func TestNULCharactersAreRefused(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example", "coach@hoi.example"}, true)
	ck := e.resident(f)
	poh := e.session("poh@hoi.example")
	soon := inWeeks(2)
	for _, tc := range []struct {
		name  string
		r     req
		want  int
		field string
	}{
		{"a self-check story", req{method: "PUT", path: "/api/v1/resident/self-check", cookie: ck, body: map[string]any{"story": "a\u0000b"}}, 400, "story"},
		{"a self-check score's domain", req{method: "PUT", path: "/api/v1/resident/self-check", cookie: ck, body: `{"scores":{"mind\u0000":3}}`}, 400, "scores.mind\u0000"},
		{"an appointment's place", req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/appointments", f.id), token: poh,
			body: map[string]any{"kind": "exploratory", "starts_at": soon, "duration_minutes": 60, "location": "home", "place": "Dorpsstraat\u0000 1"}}, 400, "place"},
		{"a network contact's name", req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/appointments", f.id), token: poh,
			body: map[string]any{"kind": "exploratory", "starts_at": soon, "duration_minutes": 60, "location": "home", "participants": []map[string]any{{"role": "other", "name": "Zus\u0000"}}}}, 400, "participants[0].name"},
		{"a note", req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/notes", f.id), token: poh, body: map[string]any{"text": "\u0000"}}, 400, "text"},
		{"the case list's q", req{method: "GET", path: "/api/v1/cases?q=a%00b", token: poh}, 400, "q"},
		{"the catalogue's q", req{method: "GET", path: "/api/v1/options?q=a%00b", token: poh}, 400, "q"},
		{"the HSDS search", req{method: "GET", path: "/api/v1/hsds/services?search=%00", token: e.session("coach@hoi.example")}, 400, "search"},
		{"an HSDS service id", req{method: "GET", path: "/api/v1/hsds/services/%00", token: e.session("coach@hoi.example")}, 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := e.do(tc.r)
			if got.status != tc.want {
				t.Fatalf("got %d, want %d: %.300s", got.status, tc.want, got.body)
			}
			p := got.problem()
			if tc.field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != tc.field) {
				t.Errorf("got errors %+v, want one naming %q", p.Errors, tc.field)
			}
		})
	}
	var sc struct {
		Story string `json:"story"`
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/resident/self-check", cookie: ck}), http.StatusOK, "self-check").json(&sc)
	if sc.Story != "" {
		t.Errorf("a refused story was stored: %q", sc.Story)
	}
}
