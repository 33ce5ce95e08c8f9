package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestLogsHoldNoSecretsNamesOrBodies runs a whole login-and-admin session and
// searches the captured log for everything that must never be in it.
func TestLogsHoldNoSecretsNamesOrBodies(t *testing.T) {
	e := newEnv(t)
	secrets := []string{demoPassword}
	tok, cookie := e.login("admin@hoi.example")
	secrets = append(secrets, tok, cookie.Value)
	newPassword := "Vergeet-mij-niet-in-de-log-42"
	secrets = append(secrets, newPassword, "Verborgen Naam", "Andere Verborgen Naam", "geheim@hoi.example", "zoektekst-in-query")

	r := e.do(req{method: "POST", path: "/api/v1/users", token: tok, body: map[string]any{
		"email": "geheim@hoi.example", "display_name": "Verborgen Naam", "role": "peer", "password": newPassword}})
	var u userJSON
	r.json(&u)
	path := fmt.Sprintf("/api/v1/users/%d", u.ID)
	etag := e.do(req{method: "GET", path: path, token: tok}).header.Get("ETag")
	e.do(req{method: "PATCH", path: path, token: tok, header: map[string]string{"If-Match": etag}, body: map[string]any{"display_name": "Andere Verborgen Naam"}})
	e.do(req{method: "GET", path: "/api/v1/users?q=zoektekst-in-query", token: tok})
	e.do(req{method: "POST", path: "/api/v1/users", token: tok, body: `{"diagnosis":"Verborgen Naam"}`})
	e.do(req{method: "POST", path: "/api/v1/auth/login", body: loginBody("geheim@hoi.example", "fout-"+newPassword)})
	e.do(req{method: "POST", path: "/api/v1/auth/login", body: loginBody("geheim@hoi.example", newPassword)})
	r = e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: cookie})
	secrets = append(secrets, r.cookie("hoi_refresh").Value)
	e.do(req{method: "POST", path: "/api/v1/auth/logout", cookie: r.cookie("hoi_refresh")})

	logs := e.logs.String()
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	if len(lines) < 8 {
		t.Fatalf("got %d log lines, want one per request", len(lines))
	}
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("the log contains %q", s)
		}
	}
	for _, line := range lines {
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("log line is not JSON: %s", line)
		}
		if entry["msg"] == "request" {
			for _, k := range []string{"request_id", "method", "route", "status", "duration_ms"} {
				if _, ok := entry[k]; !ok {
					t.Errorf("request log line lacks %s: %s", k, line)
				}
			}
		}
	}
	if !strings.Contains(logs, fmt.Sprintf(`"user_id":%d`, e.users["admin@hoi.example"].ID)) {
		t.Error("request lines do not carry the user id")
	}
}
