package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
)

// TestWorklistSectionsShowTheFirst25AndCountTheRest: a section lists its
// first 25 items, the longest waiting first, and Totals counts all of them.
func TestWorklistSectionsShowTheFirst25AndCountTheRest(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t, nil)
	region, err := db.EnsureRegion(ctx, "Regio Werk")
	must(t, err)
	a := newTenant(t, db, region.ID, "Praktijk Vol")
	base := time.Now().UTC().AddDate(0, 0, -40)
	var ids []int64
	for i := range 27 {
		at := base.AddDate(0, 0, i)
		id, err := db.CreateCase(ctx, store.NewCase{RegionID: region.ID, PracticeID: *a.scope.PracticeID, SignalledBy: a.poh, Create: caseflow.Create{
			Label: fmt.Sprintf("Wacht %02d", i), BirthYear: 1980, Question: "Vraag", ReferralIntention: caseflow.IntentionNone, SignalledAt: &at}}, noAudit)
		must(t, err)
		ids = append(ids, id)
	}
	w, err := db.Worklist(ctx, a.scope)
	must(t, err)
	if len(w.NewSignals) != 25 || w.Totals.NewSignals != 27 {
		t.Fatalf("new signals: %d shown of %d, want 25 of 27", len(w.NewSignals), w.Totals.NewSignals)
	}
	for i, it := range w.NewSignals {
		if it.CaseID != ids[i] {
			t.Fatalf("new signal %d is case %d, want %d (the longest waiting first)", i, it.CaseID, ids[i])
		}
	}
	if len(w.MissingConsent) != 25 || w.Totals.MissingConsent != 27 {
		t.Errorf("missing consent: %d shown of %d, want 25 of 27", len(w.MissingConsent), w.Totals.MissingConsent)
	}
	if len(w.Drafts) != 1 || w.Totals.Drafts != 1 {
		t.Errorf("drafts: %d shown of %d, want 1 of 1", len(w.Drafts), w.Totals.Drafts)
	}
}
