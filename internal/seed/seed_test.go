package seed_test

import (
	"context"
	"testing"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/password"
	"github.com/hoi-app/hoi/internal/seed"
	"github.com/hoi-app/hoi/internal/store/storetest"
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
