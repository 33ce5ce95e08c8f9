package api_test

import (
	"net/http"
	"testing"
)

// BenchmarkLogin measures a full login: throttle check, argon2id verify
// (19 MiB, 2 passes), session and refresh token writes, JWT signing.
func BenchmarkLogin(b *testing.B) {
	e := newEnv(b)
	e.bench = true
	body := loginBody("poh@hoi.example", demoPassword)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: body}); r.status != http.StatusOK {
			b.Fatalf("login: %d", r.status)
		}
	}
}

// BenchmarkMe measures an authenticated read: JWT verify, session check,
// user lookup and a group-committed access-log row.
func BenchmarkMe(b *testing.B) {
	e := newEnv(b)
	e.bench = true
	tok := e.token("poh@hoi.example")
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if r := e.do(req{method: "GET", path: "/api/v1/me", token: tok}); r.status != http.StatusOK {
				b.Errorf("me: %d", r.status)
				return
			}
		}
	})
}
