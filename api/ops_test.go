package api_test

import (
	"strings"
	"testing"
)

func TestMetricsShowPerRouteLatencyHistograms(t *testing.T) {
	e := newEnv(t)
	tok := e.token("poh@hoi.example")
	e.do(req{method: "GET", path: "/api/v1/me", token: tok})
	r := e.do(req{method: "GET", path: "/metrics"})
	body := string(r.body)
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

func TestRequestIDsFromClientsAreKeptOnlyWhenSafe(t *testing.T) {
	e := newEnv(t)
	good := e.do(req{method: "GET", path: "/healthz", header: map[string]string{"X-Request-Id": "lb-1234.abc"}})
	if got := good.header.Get("X-Request-Id"); got != "lb-1234.abc" {
		t.Errorf("a safe id: got %q, want it kept", got)
	}
	bad := e.do(req{method: "GET", path: "/healthz", header: map[string]string{"X-Request-Id": "x\"}{evil " + strings.Repeat("a", 100)}})
	if got := bad.header.Get("X-Request-Id"); got == "" || strings.Contains(got, "evil") {
		t.Errorf("an unsafe id: got %q, want a fresh one", got)
	}
}
