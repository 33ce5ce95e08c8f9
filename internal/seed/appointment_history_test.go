package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/appointment"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/outcome"
	"github.com/hoi-app/hoi/internal/password"
	"github.com/hoi-app/hoi/internal/seed"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
)

// seededTwice runs what `hoi seed-demo` runs, twice, on a fresh database
// (a real SQLite file, or PostgreSQL when storetest is given one) and
// returns it with the id of the demo region.
func seededTwice(t *testing.T) (*store.DB, int64) {
	t.Helper()
	db := storetest.MustOpen(t, nil)
	ctx := context.Background()
	h := password.NewHasher(password.DefaultParams(), 2)
	for run := 1; run <= 2; run++ {
		if _, err := seed.Demo(ctx, db, h, "Zorg-op-maat-in-de-wijk-2026"); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if err := seed.DemoCaseloads(ctx, db); err != nil {
			t.Fatalf("run %d: caseloads: %v", run, err)
		}
	}
	region, err := db.EnsureRegion(ctx, "Achterhoek (demo)")
	if err != nil {
		t.Fatal(err)
	}
	return db, region.ID
}

// seededCase is one case of the demo with the ref the store's case reads take.
type seededCase struct {
	caseflow.ListItem
	ref store.CaseRef
}

// casesOf lists the cases of region with their refs.
func casesOf(t *testing.T, db *store.DB, regionID int64) []seededCase {
	t.Helper()
	ctx := context.Background()
	items, _, err := db.Cases(ctx, caseflow.Scope{RegionID: regionID}, caseflow.Filter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]seededCase, 0, len(items))
	for _, c := range items {
		pid := c.PracticeID
		ref, err := db.CaseGate(ctx, caseflow.Scope{RegionID: regionID, PracticeID: &pid}, 0, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, seededCase{c, ref})
	}
	return out
}

// planning is the part of the figures issue 17 added, written as the
// outcomes page shows them ("<5" for a suppressed count, "—" for no value).
type planning struct {
	toScheduled, toHeld days
	noShow, kept        string
	rate                string
}

type days struct{ n, median, p90 string }

func planningOf(f outcome.Figures) planning {
	val := func(v *float64) string {
		if v == nil {
			return "—"
		}
		return show(*v)
	}
	return planning{
		toScheduled: days{show(f.DaysToScheduled.N), val(f.DaysToScheduled.Median), val(f.DaysToScheduled.P90)},
		toHeld:      days{show(f.DaysScheduledToHeld.N), val(f.DaysScheduledToHeld.Median), val(f.DaysScheduledToHeld.P90)},
		noShow:      show(f.NoShow.Count), kept: show(f.NoShow.Denominator), rate: val(f.NoShow.Rate),
	}
}

// TestDemoOutcomesShowPlanning: after two runs of the demo seed the outcomes
// page's default range (the last twelve months) shows the three planning
// figures for the GP of De Linde (their practice, not suppressed) and for
// the admin (the region, suppressed) — non-zero, and in the region above the
// "<5" so that no figure is withheld. The seed is deterministic in days, so
// the figures are exact.
func TestDemoOutcomesShowPlanning(t *testing.T) {
	db, regionID := seededTwice(t)
	ctx := context.Background()
	linde, err := db.EnsurePractice(ctx, regionID, "Huisartsenpraktijk De Linde")
	if err != nil {
		t.Fatal(err)
	}
	from, to := outcome.DefaultRange(db.Now())
	for _, tc := range []struct {
		name string
		q    outcome.Query
		want planning
	}{
		{
			// Signal → first appointment: Henk 2, R.K. 1, Wim 1, Anouk 3,
			// Lotte 8 days; first appointment → first conversation: Henk 3,
			// R.K. 4, Wim 4 (his first one missed), Anouk 2; held 6, missed 3.
			name: "the GP's practice",
			q:    outcome.Query{Scope: outcome.ScopePractice, RegionID: regionID, PracticeID: &linde.ID, From: from, To: to, Interval: outcome.Month},
			want: planning{toScheduled: days{"5", "2", "8"}, toHeld: days{"4", "3", "4"}, noShow: "3", kept: "9", rate: "0.3333"},
		},
		{
			// De Linde and Oost: Samira 4, Dennis 1, Tim 2 and Gerda 6 days
			// to schedule; Samira 1, Dennis 4, Tim 3 to the talk; held 4,
			// missed 2 (Dennis's first, Tim's follow-up).
			name: "the admin's region, suppressed",
			q:    outcome.Query{Scope: outcome.ScopeRegion, RegionID: regionID, From: from, To: to, Interval: outcome.Month, Suppress: true},
			want: planning{toScheduled: days{"9", "2", "8"}, toHeld: days{"7", "3", "4"}, noShow: "5", kept: "15", rate: "0.3333"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := db.OutcomeData(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			total, _ := outcome.Compute(tc.q, d, db.Now())
			if got := planningOf(total); got != tc.want {
				t.Errorf("planning figures: got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestDemoTalksHeldHaveTheirConversation: after two runs, every demo
// appointment was made between its case's signal and its start; every one
// held or missed is in the past, and every one held has the case's finalised
// conversation on its day.
func TestDemoTalksHeldHaveTheirConversation(t *testing.T) {
	db, regionID := seededTwice(t)
	ctx := context.Background()
	now := db.Now()
	held := 0
	for _, c := range casesOf(t, db, regionID) {
		as, err := db.Appointments(ctx, c.ref)
		if err != nil {
			t.Fatal(err)
		}
		convs, err := db.Conversations(ctx, c.ref)
		if err != nil {
			t.Fatal(err)
		}
		finalOn := map[string]bool{}
		for _, cv := range convs {
			if cv.Status == caseflow.Final {
				finalOn[cv.HeldOn] = true
			}
		}
		for _, a := range as {
			if a.CreatedAt.Before(c.SignalledAt) || a.CreatedAt.After(a.StartsAt) {
				t.Errorf("%s: appointment of %s made %s, want between the signal (%s) and its start", c.Label, a.StartsAt, a.CreatedAt, c.SignalledAt)
			}
			if a.Outcome == nil || *a.Outcome == appointment.Cancelled {
				continue
			}
			if !a.StartsAt.Before(now) {
				t.Errorf("%s: appointment of %s is %s but still to come", c.Label, a.StartsAt, *a.Outcome)
			}
			if *a.Outcome == appointment.Held {
				held++
				if day := a.StartsAt.Format(time.DateOnly); !finalOn[day] {
					t.Errorf("%s: appointment of %s was held, but no finalised conversation took place that day (%v)", c.Label, day, finalOn)
				}
			}
		}
	}
	if held != 10 {
		t.Errorf("held demo appointments: got %d, want 10 (7 first talks, 3 follow-ups)", held)
	}
}
