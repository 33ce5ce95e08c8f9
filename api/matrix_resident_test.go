package api_test

import (
	"fmt"
	"net/http"
	"strings"
)

// The resident principal's column of the authorization matrix. The resident
// is no account: its cell signs in through a resident link (a session cookie
// on a case of its own, made for the matrix) and is matched in the access log
// by role resident and user 0. On every staff route it gets 404; on the
// sign-in routes what an anonymous caller gets; on the resident routes what
// residentWants says.

// residentCaller is the matrix caller name and "email" of the resident.
const residentCaller = "resident"

// residentFixture is the resident's own case of one matrix run, with its
// session cookie.
type residentFixture struct {
	f      caseFixture
	cookie *http.Cookie
}

var matrixResident *residentFixture

// freshResident is a new case of poh@ with a resident session on it, for the
// resident's write cells (each changes its case).
func freshResident(e *env) residentFixture {
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example", "coach@hoi.example"}, true)
	return residentFixture{f: f, cookie: e.resident(f)}
}

// residentRoutes are the matrix rows of the resident routes and of the
// staff routes on the resident's part; the staff columns come from want.
func residentRoutes() []matrixRow {
	staffRefused := onlyRegional(http.StatusForbidden, nil)
	linkAdjust := func(e *env, f caseFixture, r *req) { e.residentLink(f.poh, f.id) }
	resRow := func(method, route string, body func(e *env, rf residentFixture) any) matrixRow {
		return matrixRow{method, route, func(e *env, tok, email string, s scope) req {
			r := req{method: method, path: route, token: tok}
			if body != nil {
				r.body = body(e, *matrixResident)
			}
			return r
		}, staffRefused}
	}
	return []matrixRow{
		caseRow("POST", "/api/v1/cases/:id/resident-link", "/resident-link", map[string]int{"poh": 201}, nil),
		caseRow("GET", "/api/v1/cases/:id/resident-link", "/resident-link", map[string]int{"poh": 200}, linkAdjust),
		caseRow("DELETE", "/api/v1/cases/:id/resident-link", "/resident-link", map[string]int{"poh": 204}, linkAdjust),
		caseRow("GET", "/api/v1/cases/:id/self-check", "/self-check", content(200), nil),
		caseRow("GET", "/api/v1/cases/:id/plan-feedback", "/plan-feedback", content(200), nil),
		{"POST", "/api/v1/resident/session", func(e *env, tok, email string, s scope) req {
			return req{method: "POST", path: "/api/v1/resident/session", body: map[string]any{"token": "geen-geldige-link-geen-geldige-link-geen-geldige", "birth_year": 1980}}
		}, func(string, scope) int { return http.StatusNotFound }},
		{"POST", "/api/v1/resident/logout", func(e *env, tok, email string, s scope) req {
			return req{method: "POST", path: "/api/v1/resident/logout"}
		}, func(string, scope) int { return http.StatusNoContent }},
		resRow("GET", "/api/v1/resident/case", nil),
		resRow("GET", "/api/v1/resident/self-check", nil),
		resRow("PUT", "/api/v1/resident/self-check", func(*env, residentFixture) any {
			return map[string]any{"scores": map[string]int{"mind": 3}}
		}),
		resRow("POST", "/api/v1/resident/self-check/submit", nil),
		{"POST", "/api/v1/resident/plan/:id/feedback", func(e *env, tok, email string, s scope) req {
			f := fixtureFor(e, s, false)
			return req{method: "POST", path: fmt.Sprintf("/api/v1/resident/plan/%d/feedback", f.plan), token: tok, caseID: f.id, body: map[string]any{"rating": "helps"}}
		}, caseWant(map[string]int{})},
		resRow("POST", "/api/v1/resident/consent", func(*env, residentFixture) any { return map[string]any{"status": "given"} }),
	}
}

// residentBuild is the request of the resident's cell on row: on the
// resident routes against a case of its own (fresh for a write), elsewhere
// the row's own request with the resident's cookie instead of a token.
func residentBuild(e *env, row matrixRow, s scope) req {
	if !strings.HasPrefix(row.route, "/api/v1/resident/") || row.route == "/api/v1/resident/session" || row.route == "/api/v1/resident/logout" {
		r := row.build(e, "", "", s)
		r.token = ""
		switch {
		case row.route == "/api/v1/resident/logout":
			r.cookie = freshResident(e).cookie // it ends the session
		case strings.HasPrefix(row.route, "/api/v1/") && !strings.HasPrefix(row.route, "/api/v1/auth/"):
			r.cookie = matrixResident.cookie
		}
		return r
	}
	rf := *matrixResident
	if row.method != "GET" {
		rf = freshResident(e)
	}
	r := row.build(e, "", "", s)
	r.cookie, r.token, r.caseID = rf.cookie, "", rf.f.id
	switch row.route {
	case "/api/v1/resident/self-check/submit":
		e.must(e.do(req{method: "PUT", path: "/api/v1/resident/self-check", cookie: rf.cookie, body: map[string]any{"scores": map[string]int{"body": 4}}}), 200, "resident draft")
	case "/api/v1/resident/plan/:id/feedback":
		if s == own {
			r.path, r.caseID = fmt.Sprintf("/api/v1/resident/plan/%d/feedback", rf.f.plan), rf.f.id
		} else {
			r.caseID = fixtureFor(e, s, false).id
		}
	}
	return r
}

// residentWant is the status of the resident's cell on row.
func residentWant(row matrixRow, s scope) int {
	switch {
	case row.route == "/api/v1/resident/session":
		return http.StatusNotFound
	case row.route == "/api/v1/resident/logout":
		return http.StatusNoContent
	case !strings.HasPrefix(row.route, "/api/v1/") || strings.HasPrefix(row.route, "/api/v1/auth/"),
		// The resident's own request with a voucher takes no principal: a
		// resident session there is anyone without an account.
		row.route == "/api/v1/public/signals", row.route == "/api/v1/calendar/:file":
		return row.want("anonymous", s)
	case row.route == "/api/v1/resident/plan/:id/feedback":
		if s == other {
			return http.StatusNotFound
		}
		return http.StatusCreated
	case strings.HasPrefix(row.route, "/api/v1/resident/"):
		return http.StatusOK
	}
	return http.StatusNotFound
}
