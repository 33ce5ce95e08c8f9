package api_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/password"
	"github.com/hoi-app/hoi/internal/practice"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/user"
)

func noLog(int64) []audit.Entry { return nil }

// capacityRegion is a fresh region with a GP practice A and a municipal
// access desk B, an admin, A's POH, and three coaches.
type capacityRegion struct {
	region, a, b, poh int64
	admin, pohEmail   string
	coaches           [3]int64
	scopeA, scopeB    caseflow.Scope
}

func (e *env) capacityRegion() capacityRegion {
	e.t.Helper()
	ctx := context.Background()
	r, err := e.db.EnsureRegion(ctx, "Capaciteit (test)")
	if err != nil {
		e.t.Fatal(err)
	}
	a, err := e.db.CreatePractice(ctx, r.ID, practice.Create{Name: "Praktijk A"}, noLog)
	if err != nil {
		e.t.Fatal(err)
	}
	b, err := e.db.CreatePractice(ctx, r.ID, practice.Create{Name: "Loket B", Kind: practice.KindMunicipalAccess}, noLog)
	if err != nil {
		e.t.Fatal(err)
	}
	hash, err := password.NewHasher(password.DefaultParams(), 1).Hash(ctx, demoPassword)
	if err != nil {
		e.t.Fatal(err)
	}
	mk := func(role user.Role, name string, pid *int64) (int64, string) {
		email := uniqueEmail()
		u, err := e.db.CreateUser(ctx, store.NewUser{Create: user.Create{Email: email, DisplayName: name, Role: role, PracticeID: pid}, RegionID: r.ID, PasswordHash: hash}, noLog)
		if err != nil {
			e.t.Fatal(err)
		}
		return u.Value.ID, email
	}
	cr := capacityRegion{region: r.ID, a: a.ID, b: b.ID}
	_, cr.admin = mk(user.RoleAdmin, "Beheer", nil)
	cr.poh, cr.pohEmail = mk(user.RolePOH, "POH A", &a.ID)
	for i := range cr.coaches {
		cr.coaches[i], _ = mk(user.RoleCoach, fmt.Sprintf("Coach %d", i+1), nil)
	}
	cr.scopeA = caseflow.Scope{RegionID: r.ID, PracticeID: &a.ID}
	cr.scopeB = caseflow.Scope{RegionID: r.ID, PracticeID: &b.ID}
	return cr
}

// TestCapacityForecastAndWarnings seeds eight weeks of 200 signals a week
// (150 at GP practice A, 50 at access desk B, half of them self-referrals)
// and 120 first talks a week (90 at A, 30 at B; half after one day, half
// after three), three coaches with 45/50, 20/50 and 10/no cap, and a few
// closures; then asserts every capacity and entry-point figure exactly, and
// that the CSV says what the JSON says.
func TestCapacityForecastAndWarnings(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	cr := e.capacityRegion()
	e.at("2026-11-26") // a Thursday: this week starts 2026-11-23
	base := time.Date(2026, 9, 28, 0, 0, 0, 0, time.UTC)
	var talkedA []store.CaseRef
	var active []store.CaseRef
	for w := 0; w < 8; w++ {
		tue := base.AddDate(0, 0, 7*w+1).Add(10 * time.Hour)
		for i := 0; i < 200; i++ {
			pid, scope, src := cr.a, cr.scopeA, caseflow.SourceStaffSignal
			idx := i
			if i >= 150 {
				pid, scope, idx = cr.b, cr.scopeB, i-150
				if idx >= 25 {
					src = caseflow.SourceSelfReferral
				}
			}
			intention := caseflow.IntentionNone
			if pid == cr.a && w == 0 && idx < 12 {
				intention = caseflow.IntentionSpecialistGGZ
			}
			at := tue.Add(time.Duration(i) * time.Second)
			id, err := e.db.CreateCase(ctx, store.NewCase{RegionID: cr.region, PracticeID: pid, SignalledBy: cr.poh, Source: src, Create: caseflow.Create{
				Label: "R", BirthYear: 1980, Question: "Vraag", ReferralIntention: intention, SignalledAt: &at}}, noLog)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := e.db.CaseGate(ctx, scope, cr.poh, id)
			if err != nil {
				t.Fatal(err)
			}
			talk := (pid == cr.a && idx < 90) || (pid == cr.b && idx < 30)
			if !talk {
				active = append(active, ref)
				continue
			}
			held := tue.AddDate(0, 0, 1)
			if (pid == cr.a && idx >= 45) || (pid == cr.b && idx >= 15) {
				held = tue.AddDate(0, 0, 3)
			}
			sec := caseflow.Sections{Story: "Verhaal"}
			cid, err := e.db.CreateConversation(ctx, ref, cr.poh, caseflow.ConversationCreate{HeldOn: held.Format(time.DateOnly), Kind: caseflow.KindExploratory, Location: "home", Sections: &sec}, noLog)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.db.FinalizeConversation(ctx, ref, cid, -1, cr.poh, noLog); err != nil {
				t.Fatal(err)
			}
			if pid == cr.a && w == 0 && idx < 12 {
				talkedA = append(talkedA, ref)
			}
			if pid == cr.b && w == 0 && idx >= 25 && idx < 30 {
				talkedA = append(talkedA, ref) // the five self-referrals closed below
			}
		}
	}
	// Closures: 12 of A's specialist intentions (7 supported: avoided; 5
	// referred), and B's five talked self-referrals of the first week.
	for i, ref := range talkedA {
		out := caseflow.OutcomeSupported
		if i >= 7 && i < 12 {
			out = caseflow.OutcomeSpecialistGGZ
		}
		if err := e.db.CloseCase(ctx, ref, cr.poh, caseflow.CloseInput{Outcome: out, Reason: "Klaar"}, noLog); err != nil {
			t.Fatal(err)
		}
	}
	// Caseloads: coach 1 on 45 open cases (cap 50), coach 2 on 20 (cap 50),
	// coach 3 on 10 (no cap).
	caps := []int{50, 50, 0}
	loads := []int{45, 20, 10}
	n := 0
	for c, load := range loads {
		if caps[c] > 0 {
			v := caps[c]
			if _, err := e.db.UpdateUser(ctx, cr.region, cr.coaches[c], 1, func(u user.User) (user.User, string, error) {
				u.CaseloadCap = &v
				return u, "", nil
			}, noLog); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < load; i++ {
			if err := e.db.SetTeam(ctx, active[n], -1, cr.poh, []int64{cr.coaches[c]}, "", noLog); err != nil {
				t.Fatal(err)
			}
			n++
		}
	}

	admin := e.token(cr.admin)
	// The admin sets the wait threshold to 45 days (and the defaults hold
	// for the load: 90%).
	etag := e.do(req{method: "GET", path: "/api/v1/region/settings", token: admin}).header.Get("ETag")
	for _, bad := range []map[string]any{{"wait_warn_days": 0}, {"load_warn_percent": 500}, {}} {
		if got := e.do(req{method: "PATCH", path: "/api/v1/region/settings", token: admin, header: map[string]string{"If-Match": etag}, body: bad}); got.status != http.StatusBadRequest {
			t.Errorf("PATCH %v: got %d, want 400: %s", bad, got.status, got.body)
		}
	}
	if got := e.do(req{method: "PATCH", path: "/api/v1/region/settings", token: admin, header: map[string]string{"If-Match": etag},
		body: map[string]any{"wait_warn_days": 45}}); got.status != http.StatusOK {
		t.Fatalf("PATCH settings: %d %s", got.status, got.body)
	}
	if got := e.do(req{method: "PATCH", path: "/api/v1/region/settings", token: admin, header: map[string]string{"If-Match": etag},
		body: map[string]any{"wait_warn_days": 40}}); got.status != http.StatusPreconditionFailed {
		t.Errorf("stale PATCH: got %d, want 412", got.status)
	}

	q := "?from=2026-09-28&to=2026-11-22&interval=week"
	got := e.do(req{method: "GET", path: "/api/v1/capacity" + q, token: admin})
	if got.status != http.StatusOK {
		t.Fatalf("capacity: %d %s", got.status, got.body)
	}
	var rep struct {
		Weeks []struct {
			Start     string `json:"start"`
			Signals   int    `json:"signals"`
			TalksHeld int    `json:"talks_held"`
			Wait      struct {
				Median, P90 *float64
				N           int
			} `json:"wait_days"`
		} `json:"weeks"`
		Locations []struct {
			ID          int64 `json:"practice_id"`
			Signals     int   `json:"signals"`
			TalksHeld   int   `json:"talks_held"`
			OpenSignals int   `json:"open_signals"`
		} `json:"locations"`
		Workers []struct {
			UserID      int64 `json:"user_id"`
			ActiveCases int   `json:"active_cases"`
			CaseloadCap *int  `json:"caseload_cap"`
			LoadPercent *int  `json:"load_percent"`
		} `json:"workers"`
		Forecast struct {
			SignalsPerWeek float64 `json:"signals_per_week"`
			TalksPerWeek   float64 `json:"talks_per_week"`
			OpenSignals    int     `json:"open_signals"`
			BaseFrom       string  `json:"base_from"`
			BaseTo         string  `json:"base_to"`
			Weeks          []struct {
				Start       string   `json:"start"`
				OpenSignals float64  `json:"open_signals"`
				WaitDays    *float64 `json:"wait_days"`
			} `json:"weeks"`
		} `json:"forecast"`
		Warnings []struct {
			Kind      string  `json:"kind"`
			UserID    *int64  `json:"user_id"`
			WeekStart string  `json:"week_start"`
			Value     float64 `json:"value"`
			Threshold float64 `json:"threshold"`
		} `json:"warnings"`
	}
	got.json(&rep)
	if len(rep.Weeks) != 8 {
		t.Fatalf("weeks: got %d, want 8", len(rep.Weeks))
	}
	for i, w := range rep.Weeks {
		want := base.AddDate(0, 0, 7*i).Format(time.DateOnly)
		if w.Start != want || w.Signals != 200 || w.TalksHeld != 120 || w.Wait.N != 120 || *w.Wait.Median != 1 || *w.Wait.P90 != 3 {
			t.Errorf("week %d: got %s %d signals %d talks wait %v/%v n %d, want %s 200 120 1/3 n 120", i, w.Start, w.Signals, w.TalksHeld, *w.Wait.Median, *w.Wait.P90, w.Wait.N, want)
		}
	}
	// Open signals: the untalked, 60 a week at A and 20 at B (the teams sit
	// on open cases, the closures on talked ones).
	wantLoc := map[int64][3]int{cr.a: {1200, 720, 480}, cr.b: {400, 240, 160}}
	if len(rep.Locations) != 2 {
		t.Fatalf("locations: %+v", rep.Locations)
	}
	for _, l := range rep.Locations {
		w := wantLoc[l.ID]
		if l.Signals != w[0] || l.TalksHeld != w[1] || l.OpenSignals != w[2] {
			t.Errorf("location %d: got %d/%d/%d, want %v", l.ID, l.Signals, l.TalksHeld, l.OpenSignals, w)
		}
	}
	wantWorkers := map[int64][2]any{cr.coaches[0]: {45, 90}, cr.coaches[1]: {20, 40}, cr.coaches[2]: {10, nil}}
	for _, w := range rep.Workers {
		ww := wantWorkers[w.UserID]
		if w.ActiveCases != ww[0] || (ww[1] == nil) != (w.LoadPercent == nil) || (w.LoadPercent != nil && *w.LoadPercent != ww[1]) {
			t.Errorf("worker %d: got %d cases, load %v; want %v", w.UserID, w.ActiveCases, w.LoadPercent, ww)
		}
	}
	f := rep.Forecast
	if f.SignalsPerWeek != 200 || f.TalksPerWeek != 120 || f.OpenSignals != 640 || f.BaseFrom != "2026-09-28" || f.BaseTo != "2026-11-22" {
		t.Errorf("forecast base: got %+v", f)
	}
	wantF := []struct {
		start string
		open  float64
		wait  float64
	}{{"2026-11-23", 720, 42}, {"2026-11-30", 800, 46.7}, {"2026-12-07", 880, 51.3}, {"2026-12-14", 960, 56}}
	for i, w := range wantF {
		g := f.Weeks[i]
		if g.Start != w.start || g.OpenSignals != w.open || g.WaitDays == nil || *g.WaitDays != w.wait {
			t.Errorf("forecast week %d: got %s %v %v, want %+v", i, g.Start, g.OpenSignals, g.WaitDays, w)
		}
	}
	if len(rep.Warnings) != 2 {
		t.Fatalf("warnings: got %+v, want the wait from 2026-11-30 and coach 1", rep.Warnings)
	}
	if w := rep.Warnings[0]; w.Kind != "waiting_time" || w.WeekStart != "2026-11-30" || w.Value != 46.7 || w.Threshold != 45 {
		t.Errorf("wait warning: got %+v", w)
	}
	if w := rep.Warnings[1]; w.Kind != "caseload" || w.UserID == nil || *w.UserID != cr.coaches[0] || w.Value != 45 || w.Threshold != 45 {
		t.Errorf("caseload warning: got %+v", w)
	}

	// The CSV says what the JSON says.
	c := e.do(req{method: "GET", path: "/api/v1/capacity.csv" + q, token: admin})
	if c.status != http.StatusOK {
		t.Fatalf("csv: %d", c.status)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(c.body), "\uFEFF")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cell := map[string]string{}
	for _, row := range rows[1:] {
		cell[strings.Join(row[:5], "|")] = row[5]
	}
	for i, w := range rep.Weeks {
		end := base.AddDate(0, 0, 7*i+6).Format(time.DateOnly)
		for fig, v := range map[string]string{"signals": strconv.Itoa(w.Signals), "talks_held": strconv.Itoa(w.TalksHeld), "wait_days_median": "1", "wait_days_p90": "3"} {
			if g := cell["week||"+w.Start+"|"+end+"|"+fig]; g != v {
				t.Errorf("csv week %s %s: got %q, want %q", w.Start, fig, g, v)
			}
		}
	}
	for _, l := range rep.Locations {
		id := strconv.FormatInt(l.ID, 10)
		if g := cell["location|"+id+"|totaal||open_signals"]; g != strconv.Itoa(l.OpenSignals) {
			t.Errorf("csv open signals %s: got %q, want %d", id, g, l.OpenSignals)
		}
	}
	for i, w := range wantF {
		fw := f.Weeks[i]
		end := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*i).Format(time.DateOnly)
		if g := cell["forecast||"+fw.Start+"|"+end+"|wait_days"]; g != strings.Replace(strconv.FormatFloat(w.wait, 'f', -1, 64), ".", ",", 1) {
			t.Errorf("csv forecast %s: got %q, want %v", fw.Start, g, w.wait)
		}
	}
	if g := cell["warning|"+strconv.FormatInt(cr.coaches[0], 10)+"|||caseload"]; g != "45" {
		t.Errorf("csv caseload warning: got %q", g)
	}

	// Outcomes by entry point, over the same range (the admin's figures
	// are suppressed below 5).
	o := e.do(req{method: "GET", path: "/api/v1/outcomes?from=2026-09-01&to=2026-11-30", token: admin})
	if o.status != http.StatusOK {
		t.Fatalf("outcomes: %d %s", o.status, o.body)
	}
	var orep struct {
		ByEntryPoint []struct {
			Kind, Source     string
			Signals          any `json:"signals"`
			ResidentsSeen    any `json:"residents_seen"`
			ReferralsAvoided struct {
				Count, Denominator any
				Rate               *float64
			} `json:"referrals_avoided"`
			ClosedByOutcome struct {
				Supported any `json:"supported_without_referral"`
			} `json:"closed_by_outcome"`
		} `json:"by_entry_point"`
	}
	o.json(&orep)
	want := map[string]string{
		"gp_practice/staff_signal":       "1200 720 7/12 0.5833 7",
		"gp_practice/self_referral":      "0 0 0/0 <nil> 0",
		"municipal_access/staff_signal":  "200 200 0/0 <nil> 0",
		"municipal_access/self_referral": "200 40 0/0 <nil> 5",
		"ggz_short_term/staff_signal":    "0 0 0/0 <nil> 0",
		"welfare/self_referral":          "0 0 0/0 <nil> 0",
	}
	if len(orep.ByEntryPoint) != 8 {
		t.Fatalf("by_entry_point: got %d items, want 8", len(orep.ByEntryPoint))
	}
	for _, ep := range orep.ByEntryPoint {
		k := ep.Kind + "/" + ep.Source
		rate := "<nil>"
		if ep.ReferralsAvoided.Rate != nil {
			rate = strconv.FormatFloat(*ep.ReferralsAvoided.Rate, 'f', -1, 64)
		}
		g := fmt.Sprintf("%v %v %v/%v %s %v", ep.Signals, ep.ResidentsSeen, ep.ReferralsAvoided.Count, ep.ReferralsAvoided.Denominator, rate, ep.ClosedByOutcome.Supported)
		if w, ok := want[k]; ok && g != w {
			t.Errorf("entry point %s: got %s, want %s", k, g, w)
		}
	}
	oc := e.do(req{method: "GET", path: "/api/v1/outcomes.csv?from=2026-09-01&to=2026-11-30", token: admin})
	if !strings.Contains(string(oc.body), "ingang:gp_practice:staff_signal;2026-09-01;2026-11-30;1200;720;") ||
		!strings.Contains(string(oc.body), ";7;12;0,5833;") {
		t.Errorf("outcomes CSV lacks the entry-point row of the JSON:\n%s", oc.body)
	}
}
