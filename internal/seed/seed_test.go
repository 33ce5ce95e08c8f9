package seed_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/appointment"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/outcome"
	"github.com/hoi-app/hoi/internal/password"
	"github.com/hoi-app/hoi/internal/practice"
	"github.com/hoi-app/hoi/internal/seed"
	"github.com/hoi-app/hoi/internal/store/storetest"
	"github.com/hoi-app/hoi/internal/user"
)

func TestDemoIsIdempotentAndCoversEveryStage(t *testing.T) {
	db := storetest.MustOpen(t, nil)
	ctx := context.Background()
	h := password.NewHasher(password.DefaultParams(), 2)
	for run := 1; run <= 2; run++ {
		accounts, err := seed.Demo(ctx, db, h, "Zorg-op-maat-in-de-wijk-2026")
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if len(accounts) != 9 {
			t.Errorf("run %d: got %d accounts, want the 9 of DESIGN.md", run, len(accounts))
		}
	}
	region, err := db.EnsureRegion(ctx, "Achterhoek (demo)")
	if err != nil {
		t.Fatal(err)
	}
	items, total, err := db.Cases(ctx, caseflow.Scope{RegionID: region.ID}, caseflow.Filter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	if total != 12 {
		t.Errorf("demo cases after two runs: got %d, want 12", total)
	}
	stages := map[caseflow.Status]int{}
	for _, c := range items {
		stages[c.Status]++
	}
	for _, st := range []caseflow.Status{caseflow.StatusSignalled, caseflow.StatusFollowUp, caseflow.StatusClosed, caseflow.StatusWithdrawn} {
		if stages[st] == 0 {
			t.Errorf("no demo case is %s: %v", st, stages)
		}
	}
	opts, n, err := db.Options(ctx, catalogue.Filter{RegionID: region.ID, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	cats := map[catalogue.Category]bool{}
	for _, o := range opts {
		cats[o.Category] = true
	}
	if n < 40 || len(cats) != len(catalogue.Categories) {
		t.Errorf("catalogue: %d options over %d categories, want about 40 over all %d", n, len(cats), len(catalogue.Categories))
	}

	// The resident's own voice (issue 16): self-checks sent before the first
	// talk and "does it help?" on plan items, enough for the region's
	// dashboard to show the self-check figure without "<5".
	q := outcome.Query{Scope: outcome.ScopeRegion, RegionID: region.ID, From: db.Now().AddDate(0, 0, -120), To: db.Now(), Interval: outcome.Month, Suppress: true}
	d, err := db.OutcomeData(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	figs, _ := outcome.Compute(q, d, time.Now())
	if got := show(figs.SelfCheckFirst.Count); got != "6" {
		t.Errorf("demo self-checks before the first conversation: got %s, want 6 (%+v)", got, figs.SelfCheckFirst)
	}
	ratings := 0
	for _, f := range d.Feedback {
		ratings += f.N
	}
	if ratings != 10 {
		t.Errorf("demo plan feedback: got %d latest ratings, want 10 (%+v)", ratings, d.Feedback)
	}
	submitted := 0
	for _, c := range items {
		ref, err := db.CaseGate(ctx, caseflow.Scope{RegionID: region.ID, PracticeID: &c.PracticeID}, 0, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := db.SelfCheck(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		if sc.SubmittedAt != nil {
			submitted++
		}
	}
	if submitted != 7 {
		t.Errorf("demo self-checks sent: got %d, want 7 (one still before its talk)", submitted)
	}
}

func show(v any) string { return fmt.Sprint(v) }

// TestDemoPlansTalksInEveryState: after two runs the demo region has its
// municipal access desk and GGZ short-term clinic, appointments once (not
// twice) with every answer and every outcome and a double booking, a signal
// still to schedule, and the coach near their cap.
func TestDemoPlansTalksInEveryState(t *testing.T) {
	db, regionID := seededTwice(t)
	ctx := context.Background()
	ps, _, err := db.Practices(ctx, practice.Filter{RegionID: regionID, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[practice.Kind]int{}
	for _, p := range ps {
		kinds[p.Kind]++
	}
	if kinds[practice.KindMunicipalAccess] != 1 || kinds[practice.KindGGZShortTerm] != 1 {
		t.Errorf("locations by kind: %v, want one municipal access desk and one GGZ short-term clinic", kinds)
	}
	answers := map[appointment.Status]int{}
	outcomes := map[string]int{}
	planned := map[string]int{}
	for _, c := range casesOf(t, db, regionID) {
		as, err := db.Appointments(ctx, c.ref)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			planned[c.Label]++
			if a.Outcome == nil {
				outcomes["planned"]++
			} else {
				outcomes[string(*a.Outcome)]++
			}
			for _, p := range a.Participants {
				answers[p.Status]++
			}
		}
	}
	// Every case with a conversation has its held talks and no-shows
	// (demoPlanned); Lotte, Henk, Wim and Gerda one to come or cancelled
	// besides; Marco is still to schedule.
	wantPlanned := map[string]int{"Lotte": 1, "Henk": 2, "R.K.": 1, "Wim": 5, "Anouk": 3, "Samira": 1, "Dennis": 3, "Tim": 2, "Gerda": 1}
	if fmt.Sprint(planned) != fmt.Sprint(wantPlanned) {
		t.Errorf("appointments per case after two runs: got %v, want %v (and none for Marco)", planned, wantPlanned)
	}
	for _, st := range appointment.Statuses {
		if answers[st] == 0 {
			t.Errorf("no participant has answer %s: %v", st, answers)
		}
	}
	for _, o := range []string{"planned", "held", "cancelled", "no_show"} {
		if outcomes[o] == 0 {
			t.Errorf("no appointment is %s: %v", o, outcomes)
		}
	}
	us, _, err := db.Users(ctx, user.Filter{RegionID: regionID, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range us {
		if u.Email == "coach@hoi.example" && (u.CaseloadCap == nil || *u.CaseloadCap != 8) {
			t.Errorf("the demo coach's cap: %v, want 8", u.CaseloadCap)
		}
	}
}

// TestDemoLoopsCoverEveryState: the demo plan items carry requests to their
// providers in every loop state, and the demo options full ones with a
// waiting band and stale ones.
func TestDemoLoopsCoverEveryState(t *testing.T) {
	db := storetest.MustOpen(t, nil)
	ctx := context.Background()
	if _, err := seed.Demo(ctx, db, password.NewHasher(password.DefaultParams(), 2), "Zorg-op-maat-in-de-wijk-2026"); err != nil {
		t.Fatal(err)
	}
	region, err := db.EnsureRegion(ctx, "Achterhoek (demo)")
	if err != nil {
		t.Fatal(err)
	}
	items, _, err := db.Cases(ctx, caseflow.Scope{RegionID: region.ID}, caseflow.Filter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	states := map[caseflow.LoopStatus]int{}
	for _, c := range items {
		pid := c.PracticeID
		ref, err := db.CaseGate(ctx, caseflow.Scope{RegionID: region.ID, PracticeID: &pid}, 0, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := db.Plan(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range plan {
			if it.Loop != nil {
				states[it.Loop.Status]++
				if len(it.Loop.Steps) == 0 {
					t.Errorf("plan item %d is %s without steps", it.ID, it.Loop.Status)
				}
			}
		}
	}
	for _, s := range caseflow.LoopStatuses {
		if states[s] == 0 {
			t.Errorf("no demo plan item is %s: %v", s, states)
		}
	}
	opts, _, err := db.Options(ctx, catalogue.Filter{RegionID: region.ID, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	full, stale := 0, 0
	for _, o := range opts {
		if o.Capacity != nil && o.Capacity.Available != nil && *o.Capacity.Available == 0 && o.Capacity.WaitingBand != "" {
			full++
		}
		if o.Stale {
			stale++
		}
	}
	if full == 0 || stale == 0 {
		t.Errorf("demo options: %d full with a waiting band, %d stale; want some of each", full, stale)
	}
}
