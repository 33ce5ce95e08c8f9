package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hoi-app/hoi/api"
)

// voucher issues a fresh code at the practice of the POH or GP email.
func (e *env) voucher(email string) string {
	e.t.Helper()
	var v struct {
		Code string `json:"code"`
	}
	r := e.do(req{method: "POST", path: "/api/v1/vouchers", token: e.session(email), body: map[string]any{}})
	if r.status != http.StatusCreated {
		e.t.Fatalf("issue voucher: %d %s", r.status, r.body)
	}
	r.json(&v)
	return v.Code
}

func publicSignal(code string) req {
	return req{method: "POST", path: "/api/v1/public/signals", body: map[string]any{
		"code": code, "label": "R.", "birth_year": 1985, "question": "Ik slaap slecht en zie weinig mensen"}}
}

// selfReferrals are the cases of the POH's practice that residents started.
func (e *env) selfReferrals(poh string) []int64 {
	e.t.Helper()
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	e.do(req{method: "GET", path: "/api/v1/cases?limit=200", token: e.session(poh)}).json(&list)
	var out []int64
	for _, it := range list.Items {
		var c struct {
			Signal struct {
				Source            string `json:"source"`
				ReferralIntention string `json:"referral_intention"`
			} `json:"signal"`
			Status string `json:"status"`
		}
		e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d", it.ID), token: e.session(poh)}).json(&c)
		if c.Signal.Source == "self_referral" {
			if c.Status != "signalled" || c.Signal.ReferralIntention != "none" {
				e.t.Errorf("self-referral case %d: status %s, intention %s; want signalled, none", it.ID, c.Status, c.Signal.ReferralIntention)
			}
			out = append(out, it.ID)
		}
	}
	return out
}

func TestVoucherStartsASelfReferralAtItsLocation(t *testing.T) {
	e := newEnv(t)
	before := len(e.selfReferrals("poh@hoi.example"))
	code := e.voucher("poh@hoi.example")
	// Typed in lower case with spaces: still the same code.
	typed := strings.ToLower(strings.ReplaceAll(code, "-", " "))
	got := e.do(publicSignal(typed))
	if got.status != http.StatusCreated {
		t.Fatalf("got %d, want 201: %s", got.status, got.body)
	}
	if !strings.Contains(string(got.body), "Huisartsenpraktijk De Linde") || strings.Contains(string(got.body), `"id"`) {
		t.Errorf("the answer should name the location and no case id: %s", got.body)
	}
	if n := len(e.selfReferrals("poh@hoi.example")); n != before+1 {
		t.Errorf("De Linde has %d self-referrals, want %d", n, before+1)
	}
	// The other practice's POH does not see it.
	for _, id := range e.selfReferrals("poh2@hoi.example") {
		t.Errorf("Oost sees self-referral %d", id)
	}
}

func TestSpentAndUnknownCodesGetTheSameAnswer(t *testing.T) {
	e := newEnv(t)
	code := e.voucher("gp@hoi.example")
	if got := e.do(publicSignal(code)); got.status != http.StatusCreated {
		t.Fatalf("first use: got %d: %s", got.status, got.body)
	}
	spent := e.do(publicSignal(code))
	unknown := e.do(publicSignal("ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZ"))
	for name, r := range map[string]*resp{"spent": spent, "unknown": unknown} {
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: got %d, want 422: %s", name, r.status, r.body)
		}
	}
	if strip(string(spent.body)) != strip(string(unknown.body)) {
		t.Errorf("spent and unknown differ:\n%s\n%s", spent.body, unknown.body)
	}
}

// strip removes the request id, the one part of a problem that differs.
func strip(body string) string {
	if i := strings.Index(body, `"request_id"`); i >= 0 {
		if j := strings.Index(body[i:], ","); j >= 0 {
			return body[:i] + body[i+j+1:]
		}
		return body[:i]
	}
	return body
}

func TestExpiredCodeIsRefusedLikeAnUnknownOne(t *testing.T) {
	e := newEnv(t)
	code := e.voucher("poh@hoi.example")
	e.clock.Advance(91 * 24 * time.Hour)
	got := e.do(publicSignal(code))
	unknown := e.do(publicSignal("ZZZZ"))
	if got.status != http.StatusUnprocessableEntity || strip(string(got.body)) != strip(string(unknown.body)) {
		t.Errorf("expired: got %d %s; unknown %s", got.status, got.body, unknown.body)
	}
}

func TestConcurrentUsesOfOneCodeCreateOneCase(t *testing.T) {
	e := newEnv(t)
	before := len(e.selfReferrals("poh@hoi.example"))
	code := e.voucher("poh@hoi.example")
	const n = 8
	var wg sync.WaitGroup
	codes := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = e.do(publicSignal(code)).status
		}()
	}
	wg.Wait()
	created := 0
	for _, c := range codes {
		switch c {
		case http.StatusCreated:
			created++
		case http.StatusUnprocessableEntity:
		default:
			t.Errorf("unexpected status %d", c)
		}
	}
	if created != 1 {
		t.Errorf("%d uses succeeded, want 1 (%v)", created, codes)
	}
	if got := len(e.selfReferrals("poh@hoi.example")); got != before+1 {
		t.Errorf("%d new cases, want 1", got-before)
	}
}

func TestPublicSignalsAreRateLimitedPerAddress(t *testing.T) {
	e := newEnv(t, func(d *api.Deps) { d.PublicRate, d.PublicBurst = 0.0001, 3 })
	for i := range 3 {
		if got := e.do(publicSignal("ZZZZ")); got.status != http.StatusUnprocessableEntity {
			t.Fatalf("attempt %d: got %d, want 422", i+1, got.status)
		}
	}
	got := e.do(publicSignal(e.voucher("poh@hoi.example")))
	if got.status != http.StatusTooManyRequests || got.header.Get("Retry-After") == "" {
		t.Errorf("fourth attempt: got %d (Retry-After %q), want 429 with Retry-After", got.status, got.header.Get("Retry-After"))
	}
}

func TestOnlyPracticeStaffIssueVouchers(t *testing.T) {
	e := newEnv(t)
	for _, email := range []string{"peer@hoi.example", "coach@hoi.example", "admin@hoi.example"} {
		if got := e.do(req{method: "POST", path: "/api/v1/vouchers", token: e.session(email), body: map[string]any{}}); got.status != http.StatusForbidden {
			t.Errorf("%s: got %d, want 403", email, got.status)
		}
	}
}

func TestAdminAddsALocationOfAKind(t *testing.T) {
	e := newEnv(t)
	admin := e.session("admin@hoi.example")
	var pr struct {
		Kind string `json:"kind"`
	}
	r := e.do(req{method: "POST", path: "/api/v1/practices", token: admin, body: map[string]any{"name": "Welzijn Zuid", "kind": "welfare"}})
	r.json(&pr)
	if r.status != http.StatusCreated || pr.Kind != "welfare" {
		t.Errorf("location: got %d %s, want 201 of kind welfare", r.status, r.body)
	}
	r = e.do(req{method: "POST", path: "/api/v1/practices", token: admin, body: map[string]any{"name": "Praktijk Noord"}})
	r.json(&pr)
	if pr.Kind != "gp_practice" {
		t.Errorf("default kind: got %q, want gp_practice", pr.Kind)
	}
	r = e.do(req{method: "POST", path: "/api/v1/practices", token: admin, body: map[string]any{"name": "X", "kind": "hospital"}})
	if r.status != http.StatusBadRequest || !strings.Contains(string(r.body), "kind") {
		t.Errorf("unknown kind: got %d %s, want 400 naming kind", r.status, r.body)
	}
}

// TestVoucherIssueRefusesZeroAndNull: valid_days 0 was taken as the default
// and a body of null as {}, both answered 201 where the contract (minimum
// 1, an object) calls the request invalid; each is now a 400.
func TestVoucherIssueRefusesZeroAndNull(t *testing.T) {
	e := newEnv(t)
	tok := e.session("poh@hoi.example")
	for _, tc := range []struct {
		name  string
		body  any
		field string
	}{
		{"valid_days 0", map[string]any{"valid_days": 0}, "valid_days"},
		{"valid_days -5", map[string]any{"valid_days": -5}, "valid_days"},
		{"valid_days 1e12", map[string]any{"valid_days": 1e12}, "valid_days"},
		{"a body of null", "null", ""},
		{"a body of null among spaces", " \n null \t", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := e.do(req{method: "POST", path: "/api/v1/vouchers", token: tok, body: tc.body})
			if got.status != http.StatusBadRequest {
				t.Fatalf("got %d, want 400: %s", got.status, got.body)
			}
			p := got.problem()
			if tc.field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != tc.field) {
				t.Errorf("got errors %+v, want one naming %s", p.Errors, tc.field)
			}
		})
	}
	var v struct {
		IssuedAt  time.Time `json:"issued_at"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	e.must(e.do(req{method: "POST", path: "/api/v1/vouchers", token: tok, body: map[string]any{}}), 201, "default validity").json(&v)
	if d := v.ExpiresAt.Sub(v.IssuedAt); d != 90*24*time.Hour {
		t.Errorf("an empty request lasts %v, want 90 days", d)
	}
	e.must(e.do(req{method: "POST", path: "/api/v1/vouchers", token: tok, body: map[string]any{"valid_days": 1}}), 201, "one day").json(&v)
	if d := v.ExpiresAt.Sub(v.IssuedAt); d != 24*time.Hour {
		t.Errorf("valid_days 1 lasts %v, want a day", d)
	}
}
