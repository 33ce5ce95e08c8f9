package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/audit"
)

// The authorization matrix's rows of planning the joint talk. own is a case
// of poh@'s practice with peer@ and coach@ on the team (each invited to its
// appointment), other a case of Oost without a team.

// matrixAppointments maps an environment's case to its appointment: keyed by
// the environment too, as every test has its own database and the same case
// ids.
var matrixAppointments sync.Map // apptKey → appointment id

type apptKey struct {
	e      *env
	caseID int64
}

// appointmentOf returns the appointment of fixture f, planning one by its
// POH the first time: the POH, the team and the resident invited.
func (e *env) appointmentOf(f caseFixture) int64 {
	e.t.Helper()
	if id, ok := matrixAppointments.Load(apptKey{e, f.id}); ok {
		return id.(int64)
	}
	ps := []map[string]any{{"user_id": e.users[f.poh].ID, "role": "poh"}, {"role": "resident"}}
	if f.poh == "poh@hoi.example" {
		ps = append(ps, map[string]any{"user_id": e.users["peer@hoi.example"].ID, "role": "peer"},
			map[string]any{"user_id": e.users["coach@hoi.example"].ID, "role": "coach"})
	}
	var a struct {
		ID int64 `json:"id"`
	}
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/appointments", f.id), token: e.session(f.poh), body: map[string]any{
		"kind": "exploratory", "starts_at": time.Now().UTC().Add(48 * time.Hour).Format(time.RFC3339), "duration_minutes": 60,
		"location": "home", "place": "Thuis bij de bewoner", "participants": ps}}), 201, "matrix appointment").json(&a)
	matrixAppointments.Store(apptKey{e, f.id}, a.ID)
	return a.ID
}

// feedToken makes poh@ a calendar feed and returns its token; revoked
// revokes it at once.
func (e *env) feedToken(revoked bool) string {
	e.t.Helper()
	var f struct {
		URL string `json:"url"`
	}
	tok := e.session("poh@hoi.example")
	e.must(e.do(req{method: "POST", path: "/api/v1/me/calendar-feed", token: tok}), 201, "calendar feed").json(&f)
	if revoked {
		e.must(e.do(req{method: "DELETE", path: "/api/v1/me/calendar-feed", token: tok}), 204, "revoke calendar feed")
	}
	_, file, _ := strings.Cut(f.URL, "/api/v1/calendar/")
	return strings.TrimSuffix(file, ".ics")
}

// inWeeks is 9:00 UTC of the day n weeks from now, as RFC 3339: a start the
// planning rules accept whenever the tests run.
func inWeeks(n int) string {
	d := time.Now().UTC().AddDate(0, 0, 7*n)
	return time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, time.UTC).Format(time.RFC3339)
}

func appointmentRows() []matrixRow {
	child := func(method, route, suffix string, allowed map[string]int, adjust func(*env, caseFixture, *req)) matrixRow {
		fresh := method != "GET"
		return matrixRow{method, route, func(e *env, tok, email string, s scope) req {
			f := fixtureFor(e, s, fresh)
			r := req{method: method, path: fmt.Sprintf("/api/v1/appointments/%d%s", e.appointmentOf(f), suffix), token: tok, caseID: f.id}
			if adjust != nil {
				adjust(e, f, &r)
			}
			return r
		}, caseWant(allowed)}
	}
	carers := map[string]int{"poh": 200, "peer": 200, "coach": 200}
	return []matrixRow{
		caseRow("GET", "/api/v1/cases/:id/appointments", "/appointments", content(200), nil),
		caseRow("POST", "/api/v1/cases/:id/appointments", "/appointments", content(201), func(e *env, f caseFixture, r *req) {
			r.body = map[string]any{"kind": "follow_up", "starts_at": inWeeks(8), "duration_minutes": 45, "location": "neighbourhood",
				"participants": []map[string]any{{"user_id": e.users[f.poh].ID, "role": "poh"}}}
		}),
		child("GET", "/api/v1/appointments/:id", "", content(200), nil),
		child("PATCH", "/api/v1/appointments/:id", "", content(200), func(e *env, f caseFixture, r *req) {
			r.header = map[string]string{"If-Match": e.etagOf(f.poh, r.path)}
			r.body = map[string]any{"place": "Buurthuis De Brink"}
		}),
		child("POST", "/api/v1/appointments/:id/response", "/response", content(200), func(e *env, f caseFixture, r *req) {
			r.body = map[string]any{"status": "accepted"}
		}),
		child("GET", "/api/v1/appointments/:id/ics", "/ics", content(200), nil),
		{"GET", "/api/v1/agenda", func(e *env, tok, email string, s scope) req {
			e.appointmentOf(matrixFixtures.own)
			from := time.Now().UTC().Format("2006-01-02")
			to := time.Now().UTC().AddDate(0, 0, 14).Format("2006-01-02")
			return req{method: "GET", path: "/api/v1/agenda?from=" + from + "&to=" + to, token: tok}
		}, onlyRegional(403, carers)},
		{"POST", "/api/v1/me/calendar-feed", func(e *env, tok, email string, s scope) req {
			return req{method: "POST", path: "/api/v1/me/calendar-feed", token: tok}
		}, onlyRegional(403, map[string]int{"poh": 201, "peer": 201, "coach": 201})},
		{"DELETE", "/api/v1/me/calendar-feed", func(e *env, tok, email string, s scope) req {
			if strings.Contains("poh@hoi.example peer@hoi.example coach@hoi.example", email) && email != "" {
				e.must(e.do(req{method: "POST", path: "/api/v1/me/calendar-feed", token: tok}), 201, "feed to revoke")
			}
			return req{method: "DELETE", path: "/api/v1/me/calendar-feed", token: tok}
		}, onlyRegional(403, map[string]int{"poh": 204, "peer": 204, "coach": 204})},
		// The feed takes no login: own is a live token of poh@, other a
		// revoked one; whoever calls, signed in or not, gets the same.
		{"GET", "/api/v1/calendar/:file", func(e *env, tok, email string, s scope) req {
			e.appointmentOf(matrixFixtures.own)
			return req{method: "GET", path: "/api/v1/calendar/" + e.feedToken(s == other) + ".ics", token: tok}
		}, func(_ string, s scope) int {
			if s == other {
				return http.StatusNotFound
			}
			return http.StatusOK
		}},
	}
}

// checkFeedLog: a feed read is logged as its owner's (poh@), one row per
// case it shows; a refused token logs nothing.
func checkFeedLog(t *testing.T, e *env, got *resp, rows []audit.Entry) {
	t.Helper()
	if got.status != http.StatusOK {
		if len(rows) != 0 {
			t.Errorf("a refused feed token logged %+v", rows)
		}
		return
	}
	if len(rows) == 0 {
		t.Errorf("a feed read logged nothing")
	}
	for _, l := range rows {
		if l.UserID != e.users["poh@hoi.example"].ID || l.ResourceType != audit.ResourceCalendarFeed || l.CaseID == nil || l.Outcome != audit.Allowed {
			t.Errorf("feed row %+v is not the owner's read of a case", l)
		}
	}
}

// TestAppointmentRoutesOfAnotherRegion completes the matrix's region column
// for planning: an appointment of a Veluwe case (poh3@) is a 404 on every
// case and appointment route for every Achterhoek account, whatever the
// role, and it is in no one's agenda but its own region's invitees'.
func TestAppointmentRoutesOfAnotherRegion(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh3@hoi.example", nil, true)
	id := e.appointmentOf(f)
	etag := e.etagOf("poh3@hoi.example", fmt.Sprintf("/api/v1/appointments/%d", id))
	calls := []req{
		{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/appointments", f.id)},
		{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/appointments", f.id), body: map[string]any{"kind": "follow_up", "starts_at": inWeeks(8),
			"duration_minutes": 45, "location": "neighbourhood", "participants": []map[string]any{{"role": "resident"}}}},
		{method: "GET", path: fmt.Sprintf("/api/v1/appointments/%d", id)},
		{method: "PATCH", path: fmt.Sprintf("/api/v1/appointments/%d", id), header: map[string]string{"If-Match": etag}, body: map[string]any{"place": "Elders"}},
		{method: "POST", path: fmt.Sprintf("/api/v1/appointments/%d/response", id), body: map[string]any{"status": "accepted"}},
		{method: "GET", path: fmt.Sprintf("/api/v1/appointments/%d/ics", id)},
	}
	from := time.Now().UTC().Format("2006-01-02")
	to := time.Now().UTC().AddDate(0, 0, 14).Format("2006-01-02")
	for _, email := range []string{"poh@hoi.example", "gp@hoi.example", "peer@hoi.example", "coach@hoi.example", "admin@hoi.example"} {
		tok := e.session(email)
		for _, c := range calls {
			c.token = tok
			if got := e.do(c); got.status != http.StatusNotFound {
				t.Errorf("%s %s as %s: got %d, want 404: %s", c.method, c.path, email, got.status, got.body)
			}
		}
		if email == "gp@hoi.example" || email == "admin@hoi.example" {
			continue // no agenda (403, in the matrix)
		}
		var ag struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		e.must(e.do(req{method: "GET", path: "/api/v1/agenda?from=" + from + "&to=" + to, token: tok}), 200, "agenda").json(&ag)
		for _, it := range ag.Items {
			if it.ID == id {
				t.Errorf("the agenda of %s shows an appointment of another region", email)
			}
		}
	}
	// The invitee of its own region does see it, unchanged.
	var ag struct {
		Items []struct {
			ID    int64  `json:"id"`
			Place string `json:"place"`
		} `json:"items"`
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/agenda?from=" + from + "&to=" + to, token: e.session("poh3@hoi.example")}), 200, "own agenda").json(&ag)
	if len(ag.Items) != 1 || ag.Items[0].ID != id || ag.Items[0].Place != "Thuis bij de bewoner" {
		t.Errorf("poh3's agenda: %+v, want the one appointment, unchanged", ag.Items)
	}
}
