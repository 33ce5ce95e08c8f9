package api_test

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/hoi-app/hoi/api"
)

func TestMetricsShowPerRouteLatencyHistograms(t *testing.T) {
	e := newEnv(t)
	tok := e.token("poh@hoi.example")
	e.do(req{method: "GET", path: "/api/v1/me", token: tok})
	body := scrape(e.srv, nil).Body.String()
	for _, want := range []string{
		`hoi_http_request_duration_seconds_bucket{method="GET",route="/api/v1/me",le="0.01"}`,
		`hoi_http_requests_total{method="POST",route="/api/v1/auth/login",status="200"} 1`,
		`go_sql_open_connections{db_name="writer"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestReadyzFailsWhenTheDatabaseIsUnreachable(t *testing.T) {
	e := newEnv(t)
	if r := e.do(req{method: "GET", path: "/readyz"}); r.status != 200 {
		t.Fatalf("ready: got %d %s", r.status, r.body)
	}
	if err := e.db.Close(); err != nil {
		t.Fatal(err)
	}
	r := e.do(req{method: "GET", path: "/readyz"})
	if r.status != 503 || !strings.Contains(string(r.body), "database unreachable") {
		t.Errorf("after closing the database: got %d %s, want 503", r.status, r.body)
	}
	if r := e.do(req{method: "GET", path: "/healthz"}); r.status != 200 {
		t.Errorf("healthz must not depend on the database: got %d", r.status)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	r := e.do(req{method: "GET", path: "/healthz"})
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
	} {
		if got := r.header.Get(h); !strings.Contains(got, want) {
			t.Errorf("%s: got %q, want it to contain %q", h, got, want)
		}
	}
	if csp := r.header.Get("Content-Security-Policy"); strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
		t.Errorf("CSP allows inline script: %s", csp)
	}
}

func TestWritesAreRateLimitedPerUser(t *testing.T) {
	e := newEnv(t, func(d *api.Deps) { d.WriteRate, d.WriteBurst = 1, 15 }) // low, so a slow machine still hits it
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, true)
	poh := e.session("poh@hoi.example")
	path := "/api/v1/cases/" + itoa(f.id) + "/notes"
	limited := 0
	var last *resp
	for i := 0; i < 60 && limited == 0; i++ {
		e.bench = true // a storm of writes; skip the contract check for speed
		last = e.do(req{method: "POST", path: path, token: poh, body: map[string]any{"text": "storm"}})
		if last.status == 429 {
			limited = i + 1
		}
	}
	e.bench = false
	if limited == 0 {
		t.Fatal("60 writes in a burst were never limited")
	}
	if p := last.problem(); p.Type != "urn:hoi:problem:too-many-requests" || last.header.Get("Retry-After") == "" {
		t.Errorf("the limit answer: %+v Retry-After %q", p, last.header.Get("Retry-After"))
	}
	// Reads and other users are not affected.
	if r := e.do(req{method: "GET", path: path, token: poh}); r.status != 200 {
		t.Errorf("a read after the write limit: got %d", r.status)
	}
	if r := e.do(req{method: "POST", path: path, token: e.session("peer@hoi.example"), body: map[string]any{"text": "ik mag nog"}}); r.status != 201 {
		t.Errorf("another user's write: got %d", r.status)
	}
}

func TestCORSIsClosedByDefault(t *testing.T) {
	e := newEnv(t)
	r := e.do(req{method: "GET", path: "/healthz", header: map[string]string{"Origin": "https://evil.example"}})
	if got := r.header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("Access-Control-Allow-Origin: got %q, want none", got)
	}
	r = e.do(req{method: "OPTIONS", path: "/api/v1/auth/login", header: map[string]string{"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}})
	// Without Access-Control-Allow-* headers the browser refuses the
	// cross-origin request, whatever the status.
	if r.header.Get("Access-Control-Allow-Origin") != "" || r.header.Get("Access-Control-Allow-Methods") != "" || r.header.Get("Access-Control-Allow-Credentials") != "" {
		t.Errorf("preflight: got CORS headers %v", r.header)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestCancelledRequestsAreNotServerErrors(t *testing.T) {
	e := newEnv(t)
	tok := e.session("poh@hoi.example")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequest("GET", "/api/v1/cases", nil).WithContext(ctx)
	r.Header.Set("Authorization", "Bearer "+tok)
	w := httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(w, r)
	if w.Code < 400 || w.Code >= 500 && w.Code != 499 {
		t.Errorf("a cancelled request: got %d, want 499 (not a 5xx)", w.Code)
	}
	if strings.Contains(e.logs.String(), `"level":"ERROR"`) {
		t.Errorf("a cancelled request was logged as an error: %s", e.logs.String())
	}
}
