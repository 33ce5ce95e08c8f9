package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hoi-app/hoi/api"
	"github.com/hoi-app/hoi/internal/auth"
)

func loginBody(email, pw string) map[string]string {
	return map[string]string{"email": email, "password": pw}
}

func TestLoginSucceedsWithTokenAndSafeCookie(t *testing.T) {
	e := newEnv(t)
	r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: loginBody("POH@hoi.example ", demoPassword)})
	if r.status != http.StatusOK {
		t.Fatalf("got %d %s, want 200", r.status, r.body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	r.json(&tok)
	if tok.TokenType != "Bearer" || tok.AccessToken == "" || tok.ExpiresIn != 900 {
		t.Errorf("got %+v, want a Bearer token expiring in 900 s", tok)
	}
	c := r.cookie("hoi_refresh")
	if c == nil {
		t.Fatal("no hoi_refresh cookie set")
	}
	if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteStrictMode || c.Path != "/api/v1/auth" {
		t.Errorf("cookie: got HttpOnly=%v Secure=%v SameSite=%v Path=%q, want HttpOnly, Secure, Strict, /api/v1/auth", c.HttpOnly, c.Secure, c.SameSite, c.Path)
	}
	me := e.do(req{method: "GET", path: "/api/v1/me", token: tok.AccessToken})
	if me.status != 200 || !strings.Contains(string(me.body), `"practice_name":"Huisartsenpraktijk De Linde"`) || !strings.Contains(string(me.body), `"role":"poh"`) {
		t.Errorf("me: got %d %s", me.status, me.body)
	}
}

func TestLoginFailureLooksTheSameForUnknownEmailAndWrongPassword(t *testing.T) {
	e := newEnv(t)
	wrong := e.do(req{method: "POST", path: "/api/v1/auth/login", body: loginBody("poh@hoi.example", "not-the-password-at-all")}).problem()
	unknown := e.do(req{method: "POST", path: "/api/v1/auth/login", body: loginBody("nobody@hoi.example", "not-the-password-at-all")}).problem()
	if wrong.Status != 401 || unknown.Status != 401 {
		t.Fatalf("got %d and %d, want 401 for both", wrong.Status, unknown.Status)
	}
	if wrong.Detail != unknown.Detail || wrong.Type != unknown.Type || wrong.Title != unknown.Title {
		t.Errorf("answers differ: %+v vs %+v", wrong, unknown)
	}
}

func TestAccessTokenExpires(t *testing.T) {
	e := newEnv(t)
	tok := e.token("gp@hoi.example")
	e.clock.Advance(auth.AccessTokenTTL - time.Minute)
	if r := e.do(req{method: "GET", path: "/api/v1/me", token: tok}); r.status != 200 {
		t.Fatalf("before expiry: got %d, want 200", r.status)
	}
	e.clock.Advance(2 * time.Minute)
	p := e.do(req{method: "GET", path: "/api/v1/me", token: tok}).problem()
	if p.Status != 401 || !strings.Contains(p.Detail, "expired") {
		t.Errorf("after expiry: got %d %q, want 401 saying expired", p.Status, p.Detail)
	}
}

func TestTamperedOrForeignTokensAreRejected(t *testing.T) {
	e := newEnv(t)
	tok := e.token("gp@hoi.example")
	parts := strings.Split(tok, ".")
	forged := auth.NewTokens([]byte("another-secret-another-secret-another!"), time.Hour, e.clock.Now)
	other, _ := forged.Issue(auth.Principal{UserID: 1, Role: "admin", RegionID: 1, SessionID: "x"})
	for name, bad := range map[string]string{
		"garbage":        "abc",
		"alg none":       "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + parts[1] + ".",
		"other secret":   other,
		"flipped sig":    parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2])),
		"payload edited": parts[0] + "." + parts[1] + "x." + parts[2],
	} {
		t.Run(name, func(t *testing.T) {
			if r := e.do(req{method: "GET", path: "/api/v1/me", token: bad}); r.status != 401 {
				t.Errorf("got %d, want 401", r.status)
			}
		})
	}
	if r := e.do(req{method: "GET", path: "/api/v1/me"}); r.status != 401 || r.header.Get("WWW-Authenticate") == "" {
		t.Errorf("no token: got %d with WWW-Authenticate %q, want 401 with a challenge", r.status, r.header.Get("WWW-Authenticate"))
	}
}

func TestRefreshRotatesAndReuseEndsTheSession(t *testing.T) {
	e := newEnv(t)
	_, c1 := e.login("peer@hoi.example")
	r := e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: c1})
	if r.status != 200 {
		t.Fatalf("refresh: got %d %s", r.status, r.body)
	}
	c2 := r.cookie("hoi_refresh")
	if c2 == nil || c2.Value == c1.Value {
		t.Fatalf("refresh did not rotate the cookie")
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	r.json(&tok)
	if r := e.do(req{method: "GET", path: "/api/v1/me", token: tok.AccessToken}); r.status != 200 {
		t.Fatalf("new access token: got %d", r.status)
	}
	// The old token comes back after the grace: someone copied it. The
	// whole family ends.
	e.clock.Advance(auth.RefreshGrace + time.Second)
	if p := e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: c1}).problem(); p.Status != 401 {
		t.Fatalf("reuse: got %d, want 401", p.Status)
	}
	if r := e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: c2}); r.status != 401 {
		t.Errorf("the rotated successor after reuse: got %d, want 401 (family revoked)", r.status)
	}
	if r := e.do(req{method: "GET", path: "/api/v1/me", token: tok.AccessToken}); r.status != 401 {
		t.Errorf("access token of the revoked session: got %d, want 401", r.status)
	}
}

// TestTwoTabsRefreshingAtOnceKeepTheSession: two tabs share the refresh
// cookie and refresh at the same moment, so the server sees one token twice.
// Within the grace the second gets a sibling token instead of a revoked
// session; both tabs go on working. After the grace, the same token is a
// theft and still ends the whole family.
func TestTwoTabsRefreshingAtOnceKeepTheSession(t *testing.T) {
	e := newEnv(t)
	_, c1 := e.login("coach@hoi.example")
	var wg sync.WaitGroup
	var answers [2]*resp
	start := make(chan struct{})
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			answers[i] = e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: c1})
		}()
	}
	close(start)
	wg.Wait()
	var tokens []string
	var cookies []*http.Cookie
	for i, r := range answers {
		if r.status != 200 {
			t.Fatalf("tab %d's refresh: got %d %s, want 200 for both", i+1, r.status, r.body)
		}
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		r.json(&tok)
		tokens, cookies = append(tokens, tok.AccessToken), append(cookies, r.cookie("hoi_refresh"))
	}
	if cookies[0].Value == cookies[1].Value || cookies[0].Value == c1.Value {
		t.Errorf("the two refreshes handed out %q and %q (old %q): want two fresh tokens", cookies[0].Value, cookies[1].Value, c1.Value)
	}
	for i := range tokens {
		if r := e.do(req{method: "GET", path: "/api/v1/me", token: tokens[i]}); r.status != 200 {
			t.Errorf("tab %d's access token: got %d, want 200", i+1, r.status)
		}
		r := e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: cookies[i]})
		if r.status != 200 {
			t.Errorf("tab %d's next refresh: got %d, want 200 (the session lives)", i+1, r.status)
		}
		cookies[i] = r.cookie("hoi_refresh")
	}
	// The first token again, after the grace: stolen. The family ends.
	e.clock.Advance(auth.RefreshGrace + time.Second)
	if r := e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: c1}); r.status != 401 {
		t.Fatalf("reuse after the grace: got %d, want 401", r.status)
	}
	for i := range cookies {
		if r := e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: cookies[i]}); r.status != 401 {
			t.Errorf("tab %d after the reuse: got %d, want 401 (family revoked)", i+1, r.status)
		}
	}
}

func TestLogoutRevokesAccessAndRefresh(t *testing.T) {
	e := newEnv(t)
	tok, c := e.login("coach@hoi.example")
	r := e.do(req{method: "POST", path: "/api/v1/auth/logout", cookie: c, token: tok})
	if r.status != 204 {
		t.Fatalf("logout: got %d", r.status)
	}
	if cleared := r.cookie("hoi_refresh"); cleared == nil || cleared.MaxAge >= 0 && cleared.Value != "" {
		t.Errorf("logout did not clear the cookie: %+v", cleared)
	}
	if r := e.do(req{method: "GET", path: "/api/v1/me", token: tok}); r.status != 401 {
		t.Errorf("access after logout: got %d, want 401", r.status)
	}
	if r := e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: c}); r.status != 401 {
		t.Errorf("refresh after logout: got %d, want 401", r.status)
	}
	if r := e.do(req{method: "POST", path: "/api/v1/auth/logout", cookie: c}); r.status != 204 {
		t.Errorf("second logout: got %d, want 204", r.status)
	}
}

func TestSessionEndsAfterIdleTimeAndMaximumAge(t *testing.T) {
	t.Run("idle", func(t *testing.T) {
		e := newEnv(t)
		_, c := e.login("poh@hoi.example")
		e.clock.Advance(auth.IdleTimeout + time.Minute)
		if r := e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: c}); r.status != 401 {
			t.Errorf("refresh after %v idle: got %d, want 401", auth.IdleTimeout+time.Minute, r.status)
		}
	})
	t.Run("maximum age", func(t *testing.T) {
		e := newEnv(t)
		_, c := e.login("poh@hoi.example")
		for elapsed := time.Duration(0); ; elapsed += 14 * time.Minute {
			e.clock.Advance(14 * time.Minute)
			r := e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: c})
			if r.status != 200 {
				if elapsed+14*time.Minute <= auth.MaxSessionAge {
					t.Fatalf("refresh ended early after %v: %d", elapsed, r.status)
				}
				return
			}
			c = r.cookie("hoi_refresh")
			if elapsed > auth.MaxSessionAge+time.Hour {
				t.Fatalf("an active session lived past %v", auth.MaxSessionAge)
			}
		}
	})
}

func TestFailedLoginsAreThrottledPerAccountAndPerAddress(t *testing.T) {
	t.Run("one address cannot lock the owner out", func(t *testing.T) {
		var waits []time.Duration
		e := newEnv(t, func(d *api.Deps) {
			d.Auth.Sleep = func(_ context.Context, w time.Duration) error { waits = append(waits, w); return nil }
		})
		// Six wrong passwords from one address: five 401s, then that
		// (account, address) pair is locked, the right password included.
		for i := 0; i < auth.PairRule.Max; i++ {
			if r := e.do(req{method: "POST", path: "/api/v1/auth/login", addr: "10.0.0.1", body: loginBody("admin@hoi.example", "wrong-password-"+strconv.Itoa(i))}); r.status != 401 {
				t.Fatalf("attempt %d: got %d, want 401", i+1, r.status)
			}
		}
		r := e.do(req{method: "POST", path: "/api/v1/auth/login", addr: "10.0.0.1", body: loginBody("admin@hoi.example", demoPassword)})
		if p := r.problem(); p.Status != 429 {
			t.Fatalf("sixth attempt from the guessing address: got %d, want 429", p.Status)
		}
		if ra, _ := strconv.Atoi(r.header.Get("Retry-After")); ra <= 0 || ra > int(auth.PairRule.Lockout.Seconds()) {
			t.Errorf("Retry-After: got %q, want 1..%d seconds", r.header.Get("Retry-After"), int(auth.PairRule.Lockout.Seconds()))
		}
		// The owner, from another address, logs in: slowed down, not stopped.
		waits = nil
		if r := e.do(req{method: "POST", path: "/api/v1/auth/login", addr: "10.0.9.9", body: loginBody("admin@hoi.example", demoPassword)}); r.status != 200 {
			t.Fatalf("the right password from another address: got %d %s, want 200", r.status, r.body)
		}
		if len(waits) != 1 || waits[0] != auth.AccountDelay(auth.PairRule.Max) || waits[0] <= 0 {
			t.Errorf("waited %v before the owner's login, want %v", waits, auth.AccountDelay(auth.PairRule.Max))
		}
		// The guessing address stays locked for this account until the lockout ends.
		if r := e.do(req{method: "POST", path: "/api/v1/auth/login", addr: "10.0.0.1", body: loginBody("admin@hoi.example", demoPassword)}); r.status != 429 {
			t.Errorf("guessing address after the owner's login: got %d, want 429", r.status)
		}
		e.clock.Advance(auth.PairRule.Lockout + time.Second)
		if r := e.do(req{method: "POST", path: "/api/v1/auth/login", addr: "10.0.0.1", body: loginBody("admin@hoi.example", demoPassword)}); r.status != 200 {
			t.Errorf("after the lockout: got %d, want 200", r.status)
		}
	})
	t.Run("failures from many addresses slow the account, never lock it", func(t *testing.T) {
		var waits []time.Duration
		e := newEnv(t, func(d *api.Deps) {
			d.Auth.Sleep = func(_ context.Context, w time.Duration) error { waits = append(waits, w); return nil }
		})
		for _, email := range []string{"poh@hoi.example", "ghost@hoi.example"} { // unknown emails alike: no enumeration
			waits = nil
			for i := 0; i < 12; i++ {
				addr := fmt.Sprintf("10.1.%d.%d", len(email), i+1)
				if r := e.do(req{method: "POST", path: "/api/v1/auth/login", addr: addr, body: loginBody(email, "wrong-password-"+strconv.Itoa(i))}); r.status != 401 {
					t.Fatalf("%s attempt %d: got %d, want 401 (the account never locks)", email, i+1, r.status)
				}
			}
			want := []time.Duration{0, 0, 0, 0, 0, 500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second}
			if fmt.Sprint(waits) != fmt.Sprint(want) {
				t.Errorf("%s: waits %v, want a growing delay %v", email, waits, want)
			}
		}
		if r := e.do(req{method: "POST", path: "/api/v1/auth/login", addr: "10.2.0.1", body: loginBody("poh@hoi.example", demoPassword)}); r.status != 200 {
			t.Errorf("the right password after 12 failures from 12 addresses: got %d, want 200", r.status)
		}
		waits = nil
		e.do(req{method: "POST", path: "/api/v1/auth/login", addr: "10.2.0.1", body: loginBody("poh@hoi.example", "wrong-again-wrong")})
		if len(waits) != 1 || waits[0] != 0 {
			t.Errorf("after a successful login the account starts over: waited %v", waits)
		}
	})
	t.Run("address", func(t *testing.T) {
		e := newEnv(t)
		for i := 0; i < auth.AddressRule.Max; i++ {
			e.do(req{method: "POST", path: "/api/v1/auth/login", addr: "192.0.2.7", body: loginBody(fmt.Sprintf("guess%d@hoi.example", i), "wrong-password-xx")})
		}
		if r := e.do(req{method: "POST", path: "/api/v1/auth/login", addr: "192.0.2.7", body: loginBody("gp@hoi.example", demoPassword)}); r.status != 429 {
			t.Errorf("from a guessing address: got %d, want 429", r.status)
		}
		if r := e.do(req{method: "POST", path: "/api/v1/auth/login", addr: "192.0.2.8", body: loginBody("gp@hoi.example", demoPassword)}); r.status != 200 {
			t.Errorf("from another address: got %d, want 200", r.status)
		}
	})
}

func TestDeactivatedUserCanNeitherLogInNorRefreshNorUseATokenTheyHold(t *testing.T) {
	e := newEnv(t)
	pohTok, pohCookie := e.login("poh2@hoi.example")
	admin := e.token("admin@hoi.example")
	id := e.users["poh2@hoi.example"].ID
	u := e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/users/%d", id), token: admin})
	r := e.do(req{method: "PATCH", path: fmt.Sprintf("/api/v1/users/%d", id), token: admin,
		header: map[string]string{"If-Match": u.header.Get("ETag")}, body: map[string]any{"active": false}})
	if r.status != 200 {
		t.Fatalf("deactivate: got %d %s", r.status, r.body)
	}
	if r := e.do(req{method: "GET", path: "/api/v1/me", token: pohTok}); r.status != 401 {
		t.Errorf("token held before deactivation: got %d, want 401", r.status)
	}
	if r := e.do(req{method: "POST", path: "/api/v1/auth/refresh", cookie: pohCookie}); r.status != 401 {
		t.Errorf("refresh: got %d, want 401", r.status)
	}
	p := e.do(req{method: "POST", path: "/api/v1/auth/login", body: loginBody("poh2@hoi.example", demoPassword)}).problem()
	if p.Status != 401 || p.Detail != "invalid email or password" {
		t.Errorf("login: got %d %q, want the ordinary 401", p.Status, p.Detail)
	}
}
