package retention_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/password"
	"github.com/hoi-app/hoi/internal/retention"
	"github.com/hoi-app/hoi/internal/seed"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
)

func TestRetentionErasesEndedCasesOncePeriodPassed(t *testing.T) {
	clock := &storetest.Clock{}
	db := storetest.MustOpen(t, clock)
	ctx := context.Background()
	if _, err := seed.Demo(ctx, db, password.NewHasher(password.DefaultParams(), 2), "Zorg-op-maat-in-de-wijk-2026"); err != nil {
		t.Fatal(err)
	}
	region, err := db.EnsureRegion(ctx, "Achterhoek (demo)")
	if err != nil {
		t.Fatal(err)
	}
	ended := func() map[int64]bool {
		items, _, err := db.Cases(ctx, caseflow.Scope{RegionID: region.ID}, caseflow.Filter{Status: []caseflow.Status{caseflow.StatusClosed, caseflow.StatusWithdrawn}, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]bool{}
		for _, it := range items {
			out[it.ID] = true
		}
		return out
	}
	want := ended()
	if len(want) == 0 {
		t.Fatal("the demo data has no ended cases")
	}
	job := retention.Job{DB: db, Days: 365, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}

	if ids, err := job.RunOnce(ctx); err != nil || len(ids) != 0 {
		t.Fatalf("within the period: got %v %v, want nothing erased", ids, err)
	}
	clock.Advance(400 * 24 * time.Hour)
	ids, err := job.RunOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != len(want) {
		t.Errorf("erased %v, want the ended cases %v", ids, want)
	}
	for _, id := range ids {
		if !want[id] {
			t.Errorf("erased case %d, which had not ended", id)
		}
		ref, err := db.CaseGate(ctx, caseflow.Scope{RegionID: region.ID}, 0, id)
		f := ref.Facts()
		if err != nil || !f.Erased {
			t.Errorf("case %d: erased %v (%v), want true", id, f.Erased, err)
		}
		log, err := db.AccessLog(ctx, store.AccessLogFilter{RegionID: region.ID, CaseID: &id, Limit: 200})
		if err != nil || len(log) == 0 || log[0].Role != "system" || log[0].Action != "delete" {
			t.Errorf("case %d: newest access-log row %+v (%v), want a system delete", id, log, err)
		}
	}
	if len(ended()) != 0 {
		t.Error("erased cases are still listed")
	}
	if again, err := job.RunOnce(ctx); err != nil || len(again) != 0 {
		t.Errorf("second run: got %v %v, want nothing left", again, err)
	}
	if off, err := (retention.Job{DB: db, Days: 0}).RunOnce(ctx); err != nil || len(off) != 0 {
		t.Errorf("switched off: got %v %v", off, err)
	}
}
