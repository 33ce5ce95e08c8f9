package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hoi-app/hoi/internal/audit"
)

// caller is a matrix column: a role, signed in as a demo account.
var callers = []struct{ name, email string }{
	{"anonymous", ""},
	{"poh", "poh@hoi.example"},
	{"gp", "gp@hoi.example"},
	{"peer", "peer@hoi.example"},
	{"coach", "coach@hoi.example"},
	{"admin", "admin@hoi.example"},
	{residentCaller, residentCaller}, // matrix_resident_test.go
}

// scope says whose resource a call touches: the caller's own practice or
// region, or another one.
type scope string

const (
	own   scope = "own"
	other scope = "other"
)

// matrixRow is one route of the authorization matrix: for every caller and
// scope the status it must get. want(caller, scope) returns that status.
type matrixRow struct {
	method, route string
	// build returns the concrete request for a caller and scope.
	build func(e *env, token, email string, s scope) req
	want  func(caller string, s scope) int
}

var seq atomic.Int64

func uniqueEmail() string { return fmt.Sprintf("m%d@hoi.example", seq.Add(1)) }

// only returns want for the listed roles and code for everyone else
// signed in; anonymous callers always get 401.
func only(code int, allowed map[string]int) func(string, scope) int {
	return func(caller string, s scope) int {
		if caller == "anonymous" {
			return http.StatusUnauthorized
		}
		if c, ok := allowed[caller]; ok {
			if s == other && c < 300 {
				return http.StatusNotFound
			}
			return c
		}
		return code
	}
}

// regionOf picks a user id in the caller's region, or in the other region.
func targetUser(e *env, email string, s scope) int64 {
	if s == other || email == "" {
		return e.users["poh3@hoi.example"].ID
	}
	return e.users["gp2@hoi.example"].ID
}

func matrix() []matrixRow {
	public := func(code int) func(string, scope) int { return func(string, scope) int { return code } }
	return append(append([]matrixRow{
		{"POST", "/api/v1/auth/login", func(e *env, tok, email string, s scope) req {
			if email == "" {
				email = "nobody@hoi.example"
			}
			return req{method: "POST", path: "/api/v1/auth/login", body: loginBody(email, demoPassword)}
		}, func(c string, s scope) int {
			if c == "anonymous" {
				return 401
			}
			return 200
		}},
		{"POST", "/api/v1/auth/refresh", func(e *env, tok, email string, s scope) req {
			return req{method: "POST", path: "/api/v1/auth/refresh"}
		}, public(401)},
		{"POST", "/api/v1/auth/logout", func(e *env, tok, email string, s scope) req {
			return req{method: "POST", path: "/api/v1/auth/logout"}
		}, public(204)},
		{"GET", "/api/v1/me", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: "/api/v1/me", token: tok}
		}, only(200, nil)},
		{"GET", "/api/v1/practices", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: "/api/v1/practices", token: tok}
		}, onlyRegional(403, map[string]int{"admin": 200})},
		{"POST", "/api/v1/practices", func(e *env, tok, email string, s scope) req {
			return req{method: "POST", path: "/api/v1/practices", token: tok, body: map[string]any{"name": "Praktijk " + uniqueEmail()}}
		}, onlyRegional(403, map[string]int{"admin": 201})},
		{"GET", "/api/v1/users", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: "/api/v1/users", token: tok}
		}, onlyRegional(403, map[string]int{"admin": 200})},
		{"POST", "/api/v1/users", func(e *env, tok, email string, s scope) req {
			return req{method: "POST", path: "/api/v1/users", token: tok, body: map[string]any{
				"email": uniqueEmail(), "display_name": "M", "role": "peer", "password": "een-lang-genoeg-wachtwoord"}}
		}, onlyRegional(403, map[string]int{"admin": 201})},
		{"GET", "/api/v1/users/:id", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: fmt.Sprintf("/api/v1/users/%d", targetUser(e, email, s)), token: tok}
		}, only(403, map[string]int{"admin": 200})},
		{"PATCH", "/api/v1/users/:id", func(e *env, tok, email string, s scope) req {
			id := targetUser(e, email, s)
			etag := `"1"`
			if s == own {
				etag = currentETag(e, id)
			}
			return req{method: "PATCH", path: fmt.Sprintf("/api/v1/users/%d", id), token: tok,
				header: map[string]string{"If-Match": etag}, body: map[string]any{"display_name": "Marleen B."}}
		}, only(403, map[string]int{"admin": 200})},
		// --- cases: own = a case of the caller's practice with the caller's
		// peer and coach on the team and consent given; other = a case of
		// another practice of the same region with nobody on the team.
		{"GET", "/api/v1/cases", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: "/api/v1/cases", token: tok}
		}, onlyRegional(403, map[string]int{"poh": 200, "gp": 200, "peer": 200, "coach": 200})},
		{"POST", "/api/v1/cases", func(e *env, tok, email string, s scope) req {
			return req{method: "POST", path: "/api/v1/cases", token: tok, body: map[string]any{"label": "M", "birth_year": 1990, "question": "Vraag", "referral_intention": "none"}}
		}, onlyRegional(403, map[string]int{"poh": 201, "gp": 201})},
		caseRow("GET", "/api/v1/cases/:id", "", map[string]int{"poh": 200, "gp": 200, "peer": 200, "coach": 200}, nil),
		caseRow("PATCH", "/api/v1/cases/:id", "", map[string]int{"poh": 200}, func(e *env, f caseFixture, r *req) {
			r.header = map[string]string{"If-Match": e.etagOf(f.poh, fmt.Sprintf("/api/v1/cases/%d", f.id))}
			r.body = map[string]any{"label": "Nieuw label"}
		}),
		caseRow("POST", "/api/v1/cases/:id/consent", "/consent", map[string]int{"poh": 200}, func(e *env, f caseFixture, r *req) {
			r.body = map[string]any{"status": "given"}
		}),
		caseRow("PUT", "/api/v1/cases/:id/team", "/team", map[string]int{"poh": 200}, func(e *env, f caseFixture, r *req) {
			r.header = map[string]string{"If-Match": e.etagOf(f.poh, fmt.Sprintf("/api/v1/cases/%d", f.id))}
			r.body = map[string]any{"members": []int64{e.users["peer@hoi.example"].ID, e.users["coach@hoi.example"].ID}}
		}),
		caseRow("POST", "/api/v1/cases/:id/close", "/close", map[string]int{"poh": 200}, func(e *env, f caseFixture, r *req) {
			r.body = map[string]any{"outcome": "referred_basic_ggz", "reason": "Matrix"}
		}),
		caseRow("GET", "/api/v1/cases/:id/access-log", "/access-log", map[string]int{"poh": 200, "admin": 200}, nil),
		caseRow("GET", "/api/v1/cases/:id/conversations", "/conversations", content(200), nil),
		caseRow("POST", "/api/v1/cases/:id/conversations", "/conversations", content(201), func(e *env, f caseFixture, r *req) {
			r.body = map[string]any{"held_on": "2026-11-20", "kind": "network", "location": "online"}
		}),
		childRow("GET", "/api/v1/conversations/:id", func(f caseFixture) string { return fmt.Sprintf("/api/v1/conversations/%d", f.final) }, content(200), nil),
		childRow("PATCH", "/api/v1/conversations/:id", func(f caseFixture) string { return fmt.Sprintf("/api/v1/conversations/%d", f.draft) }, content(200), func(e *env, f caseFixture, r *req) {
			r.header = map[string]string{"If-Match": e.etagOf(f.poh, fmt.Sprintf("/api/v1/conversations/%d", f.draft))}
			r.body = map[string]any{"location": "home"}
		}),
		childRow("DELETE", "/api/v1/conversations/:id", func(f caseFixture) string { return fmt.Sprintf("/api/v1/conversations/%d", f.draft) }, content(204), nil),
		childRow("POST", "/api/v1/conversations/:id/finalize", func(f caseFixture) string { return fmt.Sprintf("/api/v1/conversations/%d/finalize", f.draft) }, content(200), nil),
		childRow("POST", "/api/v1/conversations/:id/addenda", func(f caseFixture) string { return fmt.Sprintf("/api/v1/conversations/%d/addenda", f.final) }, content(201), func(e *env, f caseFixture, r *req) {
			r.body = map[string]any{"text": "Aanvulling"}
		}),
		caseRow("GET", "/api/v1/cases/:id/notes", "/notes", content(200), nil),
		caseRow("POST", "/api/v1/cases/:id/notes", "/notes", content(201), func(e *env, f caseFixture, r *req) {
			r.body = map[string]any{"text": "Notitie"}
		}),
		caseRow("GET", "/api/v1/cases/:id/plan", "/plan", content(200), nil),
		caseRow("POST", "/api/v1/cases/:id/plan", "/plan", content(201), func(e *env, f caseFixture, r *req) {
			r.body = map[string]any{"title": "Zwemmen", "arranged_by": "resident"}
		}),
		childRow("PATCH", "/api/v1/plan/:id", func(f caseFixture) string { return fmt.Sprintf("/api/v1/plan/%d", f.plan) }, content(200), func(e *env, f caseFixture, r *req) {
			var items struct {
				Items []struct {
					ID      int64 `json:"id"`
					Version int64 `json:"version"`
				} `json:"items"`
			}
			e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/plan", f.id), token: e.session(f.poh)}).json(&items)
			r.header = map[string]string{"If-Match": `"1"`}
			for _, it := range items.Items {
				if it.ID == f.plan {
					r.header["If-Match"] = fmt.Sprintf(`"%d"`, it.Version)
				}
			}
			r.body = map[string]any{"note": "bijgewerkt"}
		}),
		// The loop: the case's POH and the coaches on its team record it;
		// the peer on the team reads it but may not (403).
		childRow("POST", "/api/v1/plan/:id/loop", func(f caseFixture) string { return fmt.Sprintf("/api/v1/plan/%d/loop", f.plan) },
			map[string]int{"poh": 200, "coach": 200}, func(e *env, f caseFixture, r *req) {
				var item struct {
					Version int64 `json:"version"`
				}
				e.must(e.do(req{method: "PATCH", path: fmt.Sprintf("/api/v1/plan/%d", f.plan), token: e.session(f.poh),
					header: map[string]string{"If-Match": `"1"`}, body: map[string]any{"status": "chosen"}}), 200, "choose the fixture plan item").json(&item)
				r.header = map[string]string{"If-Match": fmt.Sprintf(`"%d"`, item.Version)}
				r.body = map[string]any{"status": "requested"}
			}),
		{"GET", "/api/v1/options", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: "/api/v1/options?q=herstel", token: tok}
		}, onlyRegional(200, nil)},
		{"POST", "/api/v1/options", func(e *env, tok, email string, s scope) req {
			return req{method: "POST", path: "/api/v1/options", token: tok, body: map[string]any{"name": "Optie " + uniqueEmail(), "category": "group", "cost": "free"}}
		}, onlyRegional(403, map[string]int{"coach": 201, "admin": 201})},
		{"PATCH", "/api/v1/options/:id", func(e *env, tok, email string, s scope) req {
			region := "Achterhoek (demo)"
			if s == other {
				region = "Veluwe (demo)"
			}
			id, version := e.optionIn(region)
			return req{method: "PATCH", path: fmt.Sprintf("/api/v1/options/%d", id), token: tok, header: map[string]string{"If-Match": fmt.Sprintf(`"%d"`, version)}, body: map[string]any{"contact": "0314-000000"}}
		}, only(403, map[string]int{"coach": 200, "admin": 200})},
		{"POST", "/api/v1/options/import", func(e *env, tok, email string, s scope) req {
			// A dry run of one new service: the import always goes into the
			// caller's own region, so the scope cannot differ.
			return req{method: "POST", path: "/api/v1/options/import", token: tok, body: []map[string]any{{"id": "3f6c2a1e-8d4b-4c3a-9e2f-1a2b3c4d5e6f", "name": "Nieuw " + uniqueEmail(), "status": "active"}}}
		}, onlyRegional(403, map[string]int{"coach": 200, "admin": 200})},
		// The map from use reads and writes the caller's own region only,
		// so the scope cannot differ: coaches and admins, no one else.
		{"GET", "/api/v1/options/free-text", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: "/api/v1/options/free-text", token: tok}
		}, onlyRegional(403, map[string]int{"coach": 200, "admin": 200})},
		{"POST", "/api/v1/options/from-plan", func(e *env, tok, email string, s scope) req {
			return req{method: "POST", path: "/api/v1/options/from-plan", token: tok, body: map[string]any{"title": "Optie " + uniqueEmail(), "category": "group"}}
		}, onlyRegional(403, map[string]int{"coach": 201, "admin": 201})},
		{"GET", "/api/v1/options/usage", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: "/api/v1/options/usage", token: tok}
		}, onlyRegional(403, map[string]int{"coach": 200, "admin": 200})},
		{"GET", "/api/v1/hsds/services", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: "/api/v1/hsds/services?per_page=5", token: tok}
		}, onlyRegional(200, nil)},
		{"GET", "/api/v1/hsds/services/:id", func(e *env, tok, email string, s scope) req {
			region := "Achterhoek (demo)"
			if s == other {
				region = "Veluwe (demo)"
			}
			return req{method: "GET", path: "/api/v1/hsds/services/" + e.hsdsIDIn(region), token: tok}
		}, only(403, map[string]int{"poh": 200, "gp": 200, "peer": 200, "coach": 200, "admin": 200})},
		{"GET", "/api/v1/hsds/taxonomy_terms", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: "/api/v1/hsds/taxonomy_terms", token: tok}
		}, onlyRegional(200, nil)},
		{"GET", "/api/v1/team-candidates", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: "/api/v1/team-candidates", token: tok}
		}, onlyRegional(403, map[string]int{"poh": 200, "admin": 200})},
		{"GET", "/api/v1/worklist", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: "/api/v1/worklist", token: tok}
		}, onlyRegional(403, map[string]int{"poh": 200, "peer": 200, "coach": 200})},
		{"GET", "/api/v1/outcomes", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: "/api/v1/outcomes", token: tok}
		}, onlyRegional(403, map[string]int{"poh": 200, "gp": 200, "admin": 200})},
		{"GET", "/api/v1/outcomes.csv", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: "/api/v1/outcomes.csv?interval=quarter", token: tok}
		}, onlyRegional(403, map[string]int{"poh": 200, "gp": 200, "admin": 200})},
		// Capacity: own is the caller's scope (the POH's location, the
		// admin's region); other names a location of the other region.
		{"GET", "/api/v1/capacity", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: "/api/v1/capacity" + capacityParam(e, s), token: tok}
		}, capacityWant},
		{"GET", "/api/v1/capacity.csv", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: "/api/v1/capacity.csv" + capacityParam(e, s), token: tok}
		}, capacityWant},
		{"GET", "/api/v1/region/settings", func(e *env, tok, email string, s scope) req {
			return req{method: "GET", path: "/api/v1/region/settings", token: tok}
		}, onlyRegional(403, map[string]int{"poh": 200, "admin": 200})},
		// The settings are always the caller's own region's: the path names
		// no other (TestRegionSettingsAreTheRegions shows the other region's
		// admin changes only theirs).
		{"PATCH", "/api/v1/region/settings", func(e *env, tok, email string, s scope) req {
			etag := e.do(req{method: "GET", path: "/api/v1/region/settings", token: e.token("admin@hoi.example")}).header.Get("ETag")
			return req{method: "PATCH", path: "/api/v1/region/settings", token: tok, header: map[string]string{"If-Match": etag},
				body: map[string]any{"wait_warn_days": 30}}
		}, onlyRegional(403, map[string]int{"admin": 200})},
		{"POST", "/api/v1/vouchers", func(e *env, tok, email string, s scope) req {
			return req{method: "POST", path: "/api/v1/vouchers", token: tok, body: map[string]any{"valid_days": 30}}
		}, onlyRegional(403, map[string]int{"poh": 201, "gp": 201})},
		// The public route: anyone with a code, signed in or not; the token
		// is ignored. Own and other are codes of De Linde and of Veluwe.
		{"POST", "/api/v1/public/signals", func(e *env, tok, email string, s scope) req {
			issuer := "poh@hoi.example"
			if s == other {
				issuer = "poh3@hoi.example"
			}
			return req{method: "POST", path: "/api/v1/public/signals", token: tok, body: map[string]any{
				"code": e.voucher(issuer), "label": "J.", "birth_year": 1990, "question": "Ik wil graag praten"}}
		}, public(201)},
		caseRow("GET", "/api/v1/cases/:id/export", "/export?format=fhir", content(200), nil),
		// Erasure: only the callers who may erase get a fresh case to erase;
		// the refusals leave the shared fixture untouched.
		{"DELETE", "/api/v1/cases/:id", func(e *env, tok, email string, s scope) req {
			f := fixtureFor(e, s, email == "poh@hoi.example" || email == "admin@hoi.example")
			return req{method: "DELETE", path: fmt.Sprintf("/api/v1/cases/%d", f.id), token: tok, caseID: f.id, body: map[string]any{"reason": "Verzoek van de bewoner (matrix)"}}
		}, caseWant(map[string]int{"poh": 204, "admin": 204})},
	}, append(residentRoutes(), appointmentRows()...)...), []matrixRow{
		{"GET", "/healthz", func(e *env, tok, email string, s scope) req { return req{method: "GET", path: "/healthz"} }, public(200)},
		{"GET", "/readyz", func(e *env, tok, email string, s scope) req { return req{method: "GET", path: "/readyz"} }, public(200)},
		{"GET", "/api/openapi.yaml", func(e *env, tok, email string, s scope) req { return req{method: "GET", path: "/api/openapi.yaml"} }, public(200)},
	}...)
}

// content is the rule of case content: the POH and the team may, the GP and
// the admin may not.
func content(code int) map[string]int {
	return map[string]int{"poh": code, "peer": code, "coach": code}
}

// caseWant: anonymous 401; the admin finds every case of the region but may
// only read its access log; a case of another practice (or without the caller
// on its team) is 404; a visible case the role may not touch is 403.
func caseWant(allowed map[string]int) func(string, scope) int {
	return func(caller string, s scope) int {
		switch {
		case caller == "anonymous":
			return http.StatusUnauthorized
		case caller == "admin":
			if c, ok := allowed["admin"]; ok {
				return c
			}
			return http.StatusForbidden
		case s == other:
			return http.StatusNotFound
		}
		if c, ok := allowed[caller]; ok {
			return c
		}
		return http.StatusForbidden
	}
}

// fixtures are made once per matrix run, but destructive routes (close,
// finalize) get a fresh case per cell.
type fixtures struct{ own, other caseFixture }

var matrixFixtures *fixtures

func fixtureFor(e *env, s scope, fresh bool) caseFixture {
	if fresh {
		if s == own {
			return e.newCase("poh@hoi.example", []string{"peer@hoi.example", "coach@hoi.example"}, true)
		}
		return e.newCase("poh2@hoi.example", nil, true)
	}
	if s == own {
		return matrixFixtures.own
	}
	return matrixFixtures.other
}

func caseRow(method, route, suffix string, allowed map[string]int, adjust func(*env, caseFixture, *req)) matrixRow {
	fresh := method != "GET"
	return matrixRow{method, route, func(e *env, tok, email string, s scope) req {
		f := fixtureFor(e, s, fresh)
		r := req{method: method, path: fmt.Sprintf("/api/v1/cases/%d%s", f.id, suffix), token: tok, caseID: f.id}
		if adjust != nil {
			adjust(e, f, &r)
		}
		return r
	}, caseWant(allowed)}
}

func childRow(method, route string, path func(caseFixture) string, allowed map[string]int, adjust func(*env, caseFixture, *req)) matrixRow {
	fresh := method != "GET"
	return matrixRow{method, route, func(e *env, tok, email string, s scope) req {
		f := fixtureFor(e, s, fresh)
		r := req{method: method, path: path(f), token: tok, caseID: f.id}
		if adjust != nil {
			adjust(e, f, &r)
		}
		return r
	}, caseWant(allowed)}
}

// optionIn returns an option of region and its version.
func (e *env) optionIn(region string) (int64, int64) {
	e.t.Helper()
	email := "admin@hoi.example"
	if region != "Achterhoek (demo)" {
		email = "admin2@hoi.example"
	}
	var list struct {
		Items []struct {
			ID      int64 `json:"id"`
			Version int64 `json:"version"`
		} `json:"items"`
	}
	e.do(req{method: "GET", path: "/api/v1/options?category=sport_movement", token: e.session(email)}).json(&list)
	return list.Items[0].ID, list.Items[0].Version
}

// hsdsIDIn returns the HSDS id of an option of region.
func (e *env) hsdsIDIn(region string) string {
	e.t.Helper()
	email := "admin@hoi.example"
	if region != "Achterhoek (demo)" {
		email = "admin2@hoi.example"
	}
	var list struct {
		Items []struct {
			HSDSID string `json:"hsds_id"`
		} `json:"items"`
	}
	e.do(req{method: "GET", path: "/api/v1/options?limit=1", token: e.session(email)}).json(&list)
	return list.Items[0].HSDSID
}

// onlyRegional is only for routes without a target record: the scope does not
// change the answer, because the query itself is limited to the region.
func onlyRegional(code int, allowed map[string]int) func(string, scope) int {
	f := only(code, allowed)
	return func(c string, _ scope) int { return f(c, own) }
}

// capacityParam names no location for own, and a location of the other
// region for other.
func capacityParam(e *env, s scope) string {
	if s == own {
		return ""
	}
	return fmt.Sprintf("?practice=%d", *e.users["poh3@hoi.example"].PracticeID)
}

// capacityWant: the POH and the admin see their own scope; a location of
// another region is no POH's (403) and not in the admin's region (404).
func capacityWant(c string, s scope) int {
	switch {
	case c == "admin" && s == other:
		return http.StatusNotFound
	case c == "poh" && s == other:
		return http.StatusForbidden
	}
	return onlyRegional(403, map[string]int{"poh": 200, "admin": 200})(c, s)
}

// currentETag reads the user's ETag with a fresh admin login of its region.
func currentETag(e *env, id int64) string {
	admin := e.token("admin@hoi.example")
	return e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/users/%d", id), token: admin}).header.Get("ETag")
}

// staticRoutes are served to anyone and carry no data: the SPA and its assets.
var staticRoutes = map[string]bool{"GET /*": true, "GET /api/docs": true, "GET /api/docs/*": true}

func TestAuthorizationMatrix(t *testing.T) {
	e := newEnv(t)
	rows := matrix()
	covered := map[string]bool{}
	for _, row := range rows {
		covered[row.method+" "+row.route] = true
	}
	for _, r := range e.srv.Echo().Routes() {
		key := r.Method + " " + r.Path
		if !covered[key] && !staticRoutes[key] && !strings.HasPrefix(r.Method, "echo_route") {
			t.Errorf("route %s has no row in the authorization matrix", key)
		}
	}
	matrixFixtures = &fixtures{
		own:   e.newCase("poh@hoi.example", []string{"peer@hoi.example", "coach@hoi.example"}, true),
		other: e.newCase("poh2@hoi.example", nil, true),
	}
	rf := freshResident(e)
	matrixResident = &rf
	tokens := map[string]string{}
	for _, c := range callers {
		if c.email != "" && c.name != residentCaller {
			tokens[c.name] = e.token(c.email)
		}
	}
	for _, row := range rows {
		for _, c := range callers {
			for _, s := range []scope{own, other} {
				t.Run(fmt.Sprintf("%s %s/%s/%s", row.method, row.route, c.name, s), func(t *testing.T) {
					var want int
					var r req
					if c.name == residentCaller {
						want, r = residentWant(row, s), residentBuild(e, row, s)
					} else {
						want, r = row.want(c.name, s), row.build(e, tokens[c.name], c.email, s)
					}
					mark := e.logMark()
					got := e.do(r)
					if got.status != want {
						t.Errorf("got %d, want %d: %s", got.status, want, got.body)
					}
					checkMatrixLog(t, e, row, r, got, c.email, e.accessLogSince(mark))
				})
			}
		}
	}
}

// checkMatrixLog asserts the access-log rows one matrix cell wrote: none for
// an anonymous call or a route with no case or account data; for a list or
// the worklist one row per case shown, each naming its case; otherwise
// exactly one row, allowed or denied as the answer was, naming the case the
// call touched (or none).
func checkMatrixLog(t *testing.T, e *env, row matrixRow, r req, got *resp, email string, rows []audit.Entry) {
	t.Helper()
	unlogged := !strings.HasPrefix(row.route, "/api/v1/") || strings.HasPrefix(row.route, "/api/v1/auth/") ||
		row.route == "/api/v1/resident/session" || row.route == "/api/v1/resident/logout" ||
		(row.method == "GET" && (row.route == "/api/v1/options" || strings.HasPrefix(row.route, "/api/v1/hsds/")))
	if got.status == http.StatusUnauthorized || unlogged {
		if len(rows) != 0 {
			t.Errorf("want no access-log row, got %d: %+v", len(rows), rows)
		}
		return
	}
	if row.route == "/api/v1/public/signals" {
		checkPublicSignalLog(t, rows)
		return
	}
	if row.route == "/api/v1/calendar/:file" {
		checkFeedLog(t, e, got, rows)
		return
	}
	me := e.users[email]
	if email == residentCaller {
		me.ID, me.Role = 0, "resident"
	}
	for _, l := range rows {
		if l.UserID != me.ID || l.Role != string(me.Role) || l.RequestID == "" {
			t.Errorf("row %+v is not the caller's (user %d, %s) or lacks a request id", l, me.ID, me.Role)
		}
		wantOutcome := audit.Allowed
		if got.status >= 300 {
			wantOutcome = audit.Denied
		}
		if l.Outcome != wantOutcome {
			t.Errorf("row %+v: outcome %s, want %s for a %d", l, l.Outcome, wantOutcome, got.status)
		}
	}
	list := row.method == "GET" && (row.route == "/api/v1/cases" || row.route == "/api/v1/worklist" || row.route == "/api/v1/agenda")
	if list && got.status == http.StatusOK {
		shown := shownCases(t, row.route, got)
		if len(shown) == 0 {
			if len(rows) != 1 || rows[0].CaseID != nil {
				t.Errorf("an empty list: want one row without a case, got %+v", rows)
			}
			return
		}
		logged := map[int64]int{}
		for _, l := range rows {
			if l.CaseID == nil {
				t.Errorf("a list row names no case: %+v", l)
				continue
			}
			logged[*l.CaseID]++
		}
		if len(rows) != len(shown) || len(logged) != len(shown) {
			t.Errorf("the list showed %d cases and logged %d rows for %d cases", len(shown), len(rows), len(logged))
		}
		for id := range shown {
			if logged[id] != 1 {
				t.Errorf("case %d was shown and logged %d times", id, logged[id])
			}
		}
		return
	}
	if len(rows) != 1 {
		t.Errorf("want exactly one access-log row, got %d: %+v", len(rows), rows)
		return
	}
	wantCase := r.caseID
	if row.method == "POST" && row.route == "/api/v1/cases" && got.status == http.StatusCreated {
		var c struct {
			ID int64 `json:"id"`
		}
		got.json(&c)
		wantCase = c.ID
	}
	switch l := rows[0]; {
	case wantCase == 0 && l.CaseID != nil:
		t.Errorf("row names case %d; the call touched none", *l.CaseID)
	case wantCase != 0 && (l.CaseID == nil || *l.CaseID != wantCase):
		t.Errorf("row %+v does not name case %d", l, wantCase)
	}
}

// shownCases are the case ids a list or worklist answer shows.
func shownCases(t *testing.T, route string, got *resp) map[int64]bool {
	t.Helper()
	out := map[int64]bool{}
	if route == "/api/v1/cases" || route == "/api/v1/agenda" {
		var l struct {
			Items []struct {
				ID     int64 `json:"id"`
				CaseID int64 `json:"case_id"`
			} `json:"items"`
		}
		got.json(&l)
		for _, it := range l.Items {
			if route == "/api/v1/agenda" {
				out[it.CaseID] = true
			} else {
				out[it.ID] = true
			}
		}
		return out
	}
	// Every section is a list of items; totals is the one object of counts.
	var w map[string]json.RawMessage
	got.json(&w)
	for name, raw := range w {
		if name == "totals" || name == "stale_options" { // stale_options: listings of the social map, no cases
			continue
		}
		var sec []struct {
			CaseID int64 `json:"case_id"`
		}
		if err := json.Unmarshal(raw, &sec); err != nil {
			t.Fatalf("worklist section %s: %v", name, err)
		}
		for _, it := range sec {
			out[it.CaseID] = true
		}
	}
	return out
}

// checkPublicSignalLog: a resident's own request logs one row, by the
// resident (user 0, role resident), creating the case it started.
func checkPublicSignalLog(t *testing.T, rows []audit.Entry) {
	t.Helper()
	if len(rows) != 1 {
		t.Fatalf("want one access-log row, got %d: %+v", len(rows), rows)
	}
	l := rows[0]
	if l.UserID != 0 || l.Role != "resident" || l.Action != audit.ActionCreate || l.Outcome != audit.Allowed ||
		l.CaseID == nil || l.ResourceID == nil || *l.ResourceID != *l.CaseID || l.PracticeID == nil || l.RequestID == "" {
		t.Errorf("row %+v is not the resident creating a case", l)
	}
}
