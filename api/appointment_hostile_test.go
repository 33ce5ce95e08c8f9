package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestAppointmentsRefuseHostileInput: a start in the far past or future
// (the year 0, 9999 — whose end falls in the year 10000 and breaks the .ics),
// the resident invited twice, or one person of the network twice, are each a
// 400 naming the field, and nothing is stored; an appointment that has an
// outcome is over and cannot be moved, re-invited or given another outcome.
func TestAppointmentsRefuseHostileInput(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example", "coach@hoi.example"}, true)
	poh := e.session("poh@hoi.example")
	base := fmt.Sprintf("/api/v1/cases/%d/appointments", f.id)
	now := time.Now().UTC()
	soon := now.Add(72 * time.Hour).Truncate(time.Minute).Format(time.RFC3339)
	body := func(start string, ps ...map[string]any) map[string]any {
		if ps == nil {
			ps = []map[string]any{}
		}
		return map[string]any{"kind": "exploratory", "starts_at": start, "duration_minutes": 240, "location": "home", "participants": ps}
	}
	count := func() int {
		var l struct {
			Items []struct{} `json:"items"`
		}
		e.must(e.do(req{method: "GET", path: base, token: poh}), 200, "list").json(&l)
		return len(l.Items)
	}
	before := count()
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"the year 9999", body("9999-12-31T23:00:00Z"), "starts_at"},
		{"the year 0", body("0000-01-01T00:00:00Z"), "starts_at"},
		{"the year 1", body("0001-01-01T00:00:01Z"), "starts_at"},
		{"a century ago", body("1926-01-01T10:00:00Z"), "starts_at"},
		{"two years ago", body(now.AddDate(-2, 0, 0).Format(time.RFC3339)), "starts_at"},
		{"ten years ahead", body(now.AddDate(10, 0, 0).Format(time.RFC3339)), "starts_at"},
		{"the resident twice", body(soon, map[string]any{"role": "resident"}, map[string]any{"role": "resident"}), "participants[1].role"},
		{"one network contact twice", body(soon, map[string]any{"role": "other", "name": "Zus Annemarie"}, map[string]any{"role": "other", "name": " zus annemarie "}), "participants[1].name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := e.do(req{method: "POST", path: base, token: poh, body: tc.body})
			if got.status != http.StatusBadRequest {
				t.Fatalf("got %d, want 400: %s", got.status, got.body)
			}
			if p := got.problem(); len(p.Errors) != 1 || p.Errors[0].Field != tc.field {
				t.Errorf("got errors %+v, want one naming %s", p.Errors, tc.field)
			}
		})
	}
	if n := count(); n != before {
		t.Errorf("refused appointments were stored: %d before, %d after", before, n)
	}

	a := e.planTalk(f, now.Add(48*time.Hour).Truncate(time.Minute))
	path := fmt.Sprintf("/api/v1/appointments/%d", a.ID)
	patch := func(body map[string]any) *resp {
		return e.do(req{method: "PATCH", path: path, token: poh, header: map[string]string{"If-Match": e.etagOf("poh@hoi.example", path)}, body: body})
	}
	t.Run("moved to the year 9999", func(t *testing.T) {
		got := patch(map[string]any{"starts_at": "9999-12-31T23:00:00Z"})
		if got.status != http.StatusBadRequest {
			t.Fatalf("got %d, want 400: %s", got.status, got.body)
		}
		if p := got.problem(); len(p.Errors) != 1 || p.Errors[0].Field != "starts_at" {
			t.Errorf("got errors %+v, want one naming starts_at", p.Errors)
		}
	})
	t.Run("the resident twice on a change", func(t *testing.T) {
		got := patch(map[string]any{"participants": []map[string]any{{"role": "resident"}, {"role": "resident"}}})
		if got.status != http.StatusBadRequest {
			t.Fatalf("got %d, want 400: %s", got.status, got.body)
		}
	})
	e.must(patch(map[string]any{"outcome": "cancelled"}), 200, "cancel")
	etag := e.etagOf("poh@hoi.example", path)
	for _, tc := range []struct {
		name string
		body map[string]any
	}{
		{"moved after it was cancelled", map[string]any{"starts_at": now.Add(96 * time.Hour).Truncate(time.Minute).Format(time.RFC3339)}},
		{"re-invited after it was cancelled", map[string]any{"participants": []map[string]any{{"role": "resident"}}}},
		{"held after it was cancelled", map[string]any{"outcome": "held"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := e.do(req{method: "PATCH", path: path, token: poh, header: map[string]string{"If-Match": etag}, body: tc.body})
			if got.status != http.StatusConflict {
				t.Fatalf("got %d, want 409: %s", got.status, got.body)
			}
			got.problem()
		})
	}
	if now := e.etagOf("poh@hoi.example", path); now != etag {
		t.Errorf("a refused change moved the version from %s to %s", etag, now)
	}
}

// TestAppointmentOutcomeOnlyOnceBegun: "held" and "no show" are facts about
// a talk that has begun; before its start an appointment can be moved or
// cancelled, not held or missed (the planning figures count both). Once the
// start has passed, either is taken.
func TestAppointmentOutcomeOnlyOnceBegun(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", nil, true)
	poh := e.session("poh@hoi.example")
	base := fmt.Sprintf("/api/v1/cases/%d/appointments", f.id)
	start := e.clock.Now().UTC().Add(48 * time.Hour).Truncate(time.Minute)
	plan := func() (int64, int64) {
		var a struct {
			ID      int64 `json:"id"`
			Version int64 `json:"version"`
		}
		e.must(e.do(req{method: "POST", path: base, token: poh, body: map[string]any{"kind": "exploratory", "starts_at": start.Format(time.RFC3339),
			"duration_minutes": 60, "location": "home", "participants": []map[string]any{}}}), 201, "plan").json(&a)
		return a.ID, a.Version
	}
	set := func(id, version int64, outcome string) *resp {
		return e.do(req{method: "PATCH", path: fmt.Sprintf("/api/v1/appointments/%d", id), token: poh,
			header: map[string]string{"If-Match": fmt.Sprintf(`"%d"`, version)}, body: map[string]any{"outcome": outcome}})
	}
	held, hv := plan()
	missed, mv := plan()
	cancelled, cv := plan()
	for _, o := range []struct {
		id, v   int64
		outcome string
	}{{held, hv, "held"}, {missed, mv, "no_show"}} {
		if got := set(o.id, o.v, o.outcome); got.status != http.StatusConflict {
			t.Fatalf("%s before the start: got %d, want 409: %s", o.outcome, got.status, got.body)
		}
	}
	e.must(set(cancelled, cv, "cancelled"), 200, "cancelled before the start")
	e.clock.Advance(start.Add(time.Minute).Sub(e.clock.Now()))
	poh = e.token("poh@hoi.example") // a fresh session: two days have passed
	e.must(set(held, hv, "held"), 200, "held once begun")
	e.must(set(missed, mv, "no_show"), 200, "no show once begun")
}
