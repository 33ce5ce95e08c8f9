package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// caller is a matrix column: a role, signed in as a demo account.
var callers = []struct{ name, email string }{
	{"anonymous", ""},
	{"poh", "poh@hoi.example"},
	{"gp", "gp@hoi.example"},
	{"peer", "peer@hoi.example"},
	{"coach", "coach@hoi.example"},
	{"admin", "admin@hoi.example"},
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
	return []matrixRow{
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
		{"GET", "/healthz", func(e *env, tok, email string, s scope) req { return req{method: "GET", path: "/healthz"} }, public(200)},
		{"GET", "/readyz", func(e *env, tok, email string, s scope) req { return req{method: "GET", path: "/readyz"} }, public(200)},
		{"GET", "/metrics", func(e *env, tok, email string, s scope) req { return req{method: "GET", path: "/metrics"} }, public(200)},
		{"GET", "/api/openapi.yaml", func(e *env, tok, email string, s scope) req { return req{method: "GET", path: "/api/openapi.yaml"} }, public(200)},
	}
}

// onlyRegional is only for routes without a target record: the scope does not
// change the answer, because the query itself is limited to the region.
func onlyRegional(code int, allowed map[string]int) func(string, scope) int {
	f := only(code, allowed)
	return func(c string, _ scope) int { return f(c, own) }
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
	tokens := map[string]string{}
	for _, c := range callers {
		if c.email != "" {
			tokens[c.name] = e.token(c.email)
		}
	}
	for _, row := range rows {
		for _, c := range callers {
			for _, s := range []scope{own, other} {
				t.Run(fmt.Sprintf("%s %s/%s/%s", row.method, row.route, c.name, s), func(t *testing.T) {
					want := row.want(c.name, s)
					got := e.do(row.build(e, tokens[c.name], c.email, s))
					if got.status != want {
						t.Errorf("got %d, want %d: %s", got.status, want, got.body)
					}
				})
			}
		}
	}
}
