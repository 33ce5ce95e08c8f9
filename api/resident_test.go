package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/audit"
)

// residentLink makes a resident link for case id as its POH and returns the
// token from the link's URL.
func (e *env) residentLink(pohEmail string, id int64) string {
	e.t.Helper()
	var l struct {
		URL       string    `json:"url"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/resident-link", id), token: e.token(pohEmail)}), 201, "resident link").json(&l)
	_, tok, ok := strings.Cut(l.URL, "/inwoner/")
	if !ok || len(tok) < 40 {
		e.t.Fatalf("link url %q has no token", l.URL)
	}
	return tok
}

// residentLogin answers the second check and returns the session cookie.
func (e *env) residentLogin(token string, year int) (*resp, *http.Cookie) {
	e.t.Helper()
	r := e.do(req{method: "POST", path: "/api/v1/resident/session", body: map[string]any{"token": token, "birth_year": year}})
	return r, r.cookie("hoi_resident")
}

// resident returns a live resident session cookie on case f.
func (e *env) resident(f caseFixture) *http.Cookie {
	e.t.Helper()
	r, ck := e.residentLogin(e.residentLink(f.poh, f.id), 1980)
	if r.status != http.StatusOK || ck == nil {
		e.t.Fatalf("resident login: %d %s", r.status, r.body)
	}
	return ck
}

func TestResidentLinkAndSecondCheck(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, true)

	t.Run("the link is 256 random bits on the public address, stored only as a hash", func(t *testing.T) {
		tok := e.residentLink(f.poh, f.id)
		_, r := e.db.SQLDBs()
		var n int
		if err := r.QueryRow("SELECT count(*) FROM resident_links WHERE token_hash = $1 OR token_hash LIKE $2", tok, "%"+tok+"%").Scan(&n); err != nil || n != 0 {
			t.Errorf("the token is stored in the clear (%d rows, %v)", n, err)
		}
	})
	t.Run("the right birth year opens an HttpOnly Strict session", func(t *testing.T) {
		r, ck := e.residentLogin(e.residentLink(f.poh, f.id), 1980)
		if r.status != 200 || ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || !ck.Secure || ck.Path != "/api/v1" {
			t.Fatalf("got %d, cookie %+v", r.status, ck)
		}
		if got := e.do(req{method: "GET", path: "/api/v1/resident/case", cookie: ck}); got.status != 200 {
			t.Errorf("own plan: got %d %s", got.status, got.body)
		}
	})
	t.Run("an unknown token is 404", func(t *testing.T) {
		if r, _ := e.residentLogin("bestaat-niet-bestaat-niet-bestaat-niet-bestaat", 1980); r.status != 404 {
			t.Errorf("got %d", r.status)
		}
	})
	t.Run("an expired link is 404, as an unknown one", func(t *testing.T) {
		tok := e.residentLink(f.poh, f.id)
		e.clock.Advance(14*24*time.Hour + time.Minute)
		defer e.clock.Advance(-(14*24*time.Hour + time.Minute))
		if r, _ := e.residentLogin(tok, 1980); r.status != 404 {
			t.Errorf("got %d %s", r.status, r.body)
		}
	})
	t.Run("a replaced link is 404 and its session ends", func(t *testing.T) {
		tok := e.residentLink(f.poh, f.id)
		_, ck := e.residentLogin(tok, 1980)
		e.residentLink(f.poh, f.id)
		if r, _ := e.residentLogin(tok, 1980); r.status != 404 {
			t.Errorf("old link: got %d", r.status)
		}
		if got := e.do(req{method: "GET", path: "/api/v1/resident/case", cookie: ck}); got.status != 401 {
			t.Errorf("session of the replaced link: got %d", got.status)
		}
	})
	t.Run("a revoked link is 404 and its session ends", func(t *testing.T) {
		tok := e.residentLink(f.poh, f.id)
		_, ck := e.residentLogin(tok, 1980)
		e.must(e.do(req{method: "DELETE", path: fmt.Sprintf("/api/v1/cases/%d/resident-link", f.id), token: e.session(f.poh)}), 204, "revoke")
		if r, _ := e.residentLogin(tok, 1980); r.status != 404 {
			t.Errorf("revoked link: got %d", r.status)
		}
		if got := e.do(req{method: "GET", path: "/api/v1/resident/case", cookie: ck}); got.status != 401 {
			t.Errorf("session of the revoked link: got %d", got.status)
		}
	})
	t.Run("five wrong birth years revoke the link, and the POH sees why", func(t *testing.T) {
		tok := e.residentLink(f.poh, f.id)
		for i := 1; i <= 4; i++ {
			r, _ := e.residentLogin(tok, 1979)
			if r.status != 401 {
				t.Fatalf("wrong year %d: got %d", i, r.status)
			}
			var p struct {
				AttemptsLeft *int `json:"attempts_left"`
			}
			r.json(&p)
			if p.AttemptsLeft == nil || *p.AttemptsLeft != 5-i {
				t.Errorf("wrong year %d: attempts_left %v, want %d", i, p.AttemptsLeft, 5-i)
			}
		}
		if r, _ := e.residentLogin(tok, 1979); r.status != 410 {
			t.Errorf("fifth wrong year: got %d", r.status)
		}
		if r, _ := e.residentLogin(tok, 1980); r.status != 404 {
			t.Errorf("the right year after five wrong: got %d, want 404 (as any dead link)", r.status)
		}
		var l struct {
			Active        bool    `json:"active"`
			RevokedReason *string `json:"revoked_reason"`
			FailedChecks  int     `json:"failed_checks"`
		}
		e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/resident-link", f.id), token: e.session(f.poh)}), 200, "link state").json(&l)
		if l.Active || l.RevokedReason == nil || *l.RevokedReason != "too_many_attempts" || l.FailedChecks != 5 {
			t.Errorf("link state: %+v", l)
		}
	})
	t.Run("an address that keeps guessing is throttled", func(t *testing.T) {
		var last int
		for i := 0; i < 21; i++ {
			r := e.do(req{method: "POST", path: "/api/v1/resident/session", addr: "192.0.2.9", body: map[string]any{"token": fmt.Sprintf("gok-%d-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", i), "birth_year": 1980}})
			last = r.status
		}
		if last != 429 {
			t.Errorf("after 21 guesses: got %d, want 429", last)
		}
	})
	t.Run("the session ends after 30 minutes idle and at 12 hours", func(t *testing.T) {
		ck := e.resident(f)
		e.clock.Advance(31 * time.Minute)
		if got := e.do(req{method: "GET", path: "/api/v1/resident/case", cookie: ck}); got.status != 401 {
			t.Errorf("after 31 idle minutes: got %d", got.status)
		}
		ck = e.resident(f)
		// Activity every 29 minutes keeps it alive (idle time slides) until 12 hours are up.
		for i := 1; i <= 24; i++ {
			e.clock.Advance(29 * time.Minute)
			if got := e.do(req{method: "GET", path: "/api/v1/resident/self-check", cookie: ck}); got.status != 200 {
				t.Fatalf("after %d active minutes: got %d, want 200", 29*i, got.status)
			}
		}
		e.clock.Advance(29 * time.Minute) // 12 h 5 min after the sign-in
		if got := e.do(req{method: "GET", path: "/api/v1/resident/case", cookie: ck}); got.status != 401 {
			t.Errorf("after 12 hours of activity: got %d", got.status)
		}
	})
	t.Run("logout ends the session", func(t *testing.T) {
		ck := e.resident(f)
		if got := e.do(req{method: "POST", path: "/api/v1/resident/logout", cookie: ck}); got.status != 204 {
			t.Errorf("logout: %d", got.status)
		}
		if got := e.do(req{method: "GET", path: "/api/v1/resident/case", cookie: ck}); got.status != 401 {
			t.Errorf("after logout: got %d", got.status)
		}
	})
}

func TestResidentSessionReachesOnlyItsOwnCase(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, true)
	g := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, true)
	ck := e.resident(f)
	for _, path := range []string{
		fmt.Sprintf("/api/v1/cases/%d", f.id), fmt.Sprintf("/api/v1/cases/%d/notes", f.id), fmt.Sprintf("/api/v1/cases/%d/access-log", f.id),
		fmt.Sprintf("/api/v1/cases/%d/conversations", f.id), fmt.Sprintf("/api/v1/cases/%d/export", f.id), fmt.Sprintf("/api/v1/cases/%d", g.id),
		fmt.Sprintf("/api/v1/cases/%d/self-check", g.id), "/api/v1/cases", "/api/v1/me", "/api/v1/worklist", "/api/v1/users", "/api/v1/options",
	} {
		if got := e.do(req{method: "GET", path: path, cookie: ck}); got.status != 404 {
			t.Errorf("GET %s as the resident: got %d, want 404", path, got.status)
		}
	}
	if got := e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/resident/plan/%d/feedback", g.plan), cookie: ck, body: map[string]any{"rating": "helps"}}); got.status != 404 {
		t.Errorf("feedback on another case's plan item: got %d, want 404", got.status)
	}
	if got := e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/notes", f.id), cookie: ck, body: map[string]any{"text": "x"}}); got.status != 404 {
		t.Errorf("a note as the resident: got %d, want 404", got.status)
	}
	t.Run("a cross-site write is refused", func(t *testing.T) {
		got := e.do(req{method: "POST", path: "/api/v1/resident/consent", cookie: ck, header: map[string]string{"Origin": "https://evil.example"}, body: map[string]any{"status": "declined"}})
		if got.status != 403 {
			t.Errorf("got %d, want 403", got.status)
		}
	})
}

func TestResidentSelfCheckPlanFeedbackAndConsent(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, true)
	ck := e.resident(f)
	mark := e.logMark()
	draft := map[string]any{"scores": map[string]int{"mind": 2, "money": 4}, "talk_about": []string{"mind"}, "story": "Ik slaap slecht.", "needs": "Rust.", "network": "Mijn zus."}
	e.must(e.do(req{method: "PUT", path: "/api/v1/resident/self-check", cookie: ck, body: draft}), 200, "save draft")
	if got := e.do(req{method: "PUT", path: "/api/v1/resident/self-check", cookie: ck, body: map[string]any{"talk_about": []string{"mind", "body", "money", "housing"}}}); got.status != 400 {
		t.Errorf("four talk-about domains: got %d", got.status)
	}
	if got := e.do(req{method: "PUT", path: "/api/v1/resident/self-check", cookie: ck, body: map[string]any{"scores": map[string]int{"mind": 6}}}); got.status != 400 {
		t.Errorf("a score of 6: got %d", got.status)
	}
	e.must(e.do(req{method: "POST", path: "/api/v1/resident/self-check/submit", cookie: ck}), 200, "submit")
	if got := e.do(req{method: "PUT", path: "/api/v1/resident/self-check", cookie: ck, body: draft}); got.status != 409 {
		t.Errorf("a change after submitting: got %d, want 409", got.status)
	}
	var sc struct {
		Status string         `json:"status"`
		Scores map[string]int `json:"scores"`
	}
	e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/self-check", f.id), token: e.session(f.poh)}), 200, "POH reads").json(&sc)
	if sc.Status != "submitted" || sc.Scores["mind"] != 2 {
		t.Errorf("POH sees %+v", sc)
	}
	// "Zelfcheck ingevuld" on the worklist: this case's lines marked, another case's not.
	other := e.newCase("poh@hoi.example", nil, false)
	type line struct {
		CaseID    int64 `json:"case_id"`
		SelfCheck *bool `json:"self_check_submitted"`
	}
	var wl struct {
		NewSignals     []line `json:"new_signals"`
		FollowUpsDue   []line `json:"follow_ups_due"`
		Drafts         []line `json:"drafts"`
		MissingConsent []line `json:"missing_consent"`
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/worklist", token: e.session(f.poh)}), 200, "worklist").json(&wl)
	seen := map[int64]bool{}
	sections := map[string][]line{"new_signals": wl.NewSignals, "follow_ups_due": wl.FollowUpsDue, "drafts": wl.Drafts, "missing_consent": wl.MissingConsent}
	for sec, items := range sections {
		for _, it := range items {
			if it.SelfCheck == nil {
				t.Fatalf("worklist %s: a line without self_check_submitted", sec)
			}
			// The demo cases have sent self-checks of their own: the flag is what the case's self-check says.
			want := it.CaseID == f.id
			if it.CaseID != f.id && it.CaseID != other.id {
				var sc struct {
					Status string `json:"status"`
				}
				e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/self-check", it.CaseID), token: e.session(f.poh)}), 200, "self-check").json(&sc)
				want = sc.Status == "submitted"
			}
			if *it.SelfCheck != want {
				t.Errorf("worklist %s, case %d: self_check_submitted %v, want %v", sec, it.CaseID, *it.SelfCheck, want)
			}
			seen[it.CaseID] = true
		}
	}
	if !seen[f.id] || !seen[other.id] {
		t.Errorf("the worklist does not show both cases: %v", seen)
	}

	var plan struct {
		Plan []struct {
			ID int64 `json:"id"`
		} `json:"plan"`
	}
	// The fixture's plan item is only considered; the resident sees it once chosen.
	var items struct {
		Items []struct {
			ID      int64 `json:"id"`
			Version int64 `json:"version"`
		} `json:"items"`
	}
	e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/plan", f.id), token: e.session(f.poh)}).json(&items)
	e.must(e.do(req{method: "PATCH", path: fmt.Sprintf("/api/v1/plan/%d", f.plan), token: e.session(f.poh), header: map[string]string{"If-Match": fmt.Sprintf(`"%d"`, items.Items[0].Version)}, body: map[string]any{"status": "chosen"}}), 200, "choose")
	r := e.must(e.do(req{method: "GET", path: "/api/v1/resident/case", cookie: ck}), 200, "own plan")
	r.json(&plan)
	if len(plan.Plan) != 1 || plan.Plan[0].ID != f.plan {
		t.Fatalf("the resident's plan: %s", r.body)
	}
	if strings.Contains(string(r.body), "Notitie (fixture)") || strings.Contains(string(r.body), "Verhaal in eigen woorden") {
		t.Errorf("the resident's plan shows staff notes or narrative: %s", r.body)
	}
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/resident/plan/%d/feedback", f.plan), cookie: ck, body: map[string]any{"rating": "helps_a_bit", "words": "Wandelen met de buurvrouw"}}), 201, "feedback")
	var fb struct {
		Items []struct {
			Rating string `json:"rating"`
		} `json:"items"`
	}
	e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/plan-feedback", f.id), token: e.session("peer@hoi.example")}), 200, "team reads feedback").json(&fb)
	if len(fb.Items) != 1 || fb.Items[0].Rating != "helps_a_bit" {
		t.Errorf("team sees %+v", fb)
	}

	t.Run("withdrawing consent ends the peer's access at once, in the same consent field", func(t *testing.T) {
		peer := e.session("peer@hoi.example")
		e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d", f.id), token: peer}), 200, "peer before")
		e.must(e.do(req{method: "POST", path: "/api/v1/resident/consent", cookie: ck, body: map[string]any{"status": "declined"}}), 200, "withdraw")
		if got := e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d", f.id), token: peer}); got.status != 404 {
			t.Errorf("peer after withdrawal: got %d, want 404", got.status)
		}
		var c struct {
			Consent struct {
				Status     string `json:"status"`
				RecordedBy any    `json:"recorded_by"`
			} `json:"consent"`
		}
		e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d", f.id), token: e.session(f.poh)}).json(&c)
		if c.Consent.Status != "declined" || c.Consent.RecordedBy != nil {
			t.Errorf("case consent: %+v", c.Consent)
		}
		e.must(e.do(req{method: "POST", path: "/api/v1/resident/consent", cookie: ck, body: map[string]any{"status": "given"}}), 200, "give again")
		e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d", f.id), token: peer}), 200, "peer after consent")
	})

	t.Run("the resident's actions are in the case's access log with role resident", func(t *testing.T) {
		want := map[audit.Resource]int{audit.ResourceSelfCheck: 0, audit.ResourceCase: 0, audit.ResourcePlanFeedback: 0, audit.ResourceConsent: 0}
		for _, l := range e.accessLogSince(mark) {
			if l.Role != "resident" {
				continue
			}
			if l.CaseID == nil || *l.CaseID != f.id || l.UserID != 0 {
				t.Errorf("resident row %+v does not name case %d", l, f.id)
			}
			want[l.ResourceType]++
		}
		for res, n := range want {
			if n == 0 {
				t.Errorf("no resident row for %s", res)
			}
		}
		// And the POH reads them in the case's own access log, as the resident's.
		var page struct {
			Items []struct {
				UserID       int64  `json:"user_id"`
				Role         string `json:"role"`
				Action       string `json:"action"`
				ResourceType string `json:"resource_type"`
			} `json:"items"`
		}
		e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/access-log?limit=200", f.id), token: e.session(f.poh)}), 200, "case access log").json(&page)
		seen := map[string]bool{}
		for _, l := range page.Items {
			if l.Role == "resident" {
				if l.UserID != 0 {
					t.Errorf("a resident row names user %d", l.UserID)
				}
				seen[l.ResourceType+" "+l.Action] = true
			}
		}
		for _, w := range []string{"resident_session create", "self_check update", "plan_feedback create", "consent update", "case read"} {
			if !seen[w] {
				t.Errorf("the case's access log has no resident row %q; it has %v", w, seen)
			}
		}
	})
}
