package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
	"github.com/hoi-app/hoi/internal/voucher"
)

// TestRedeemVoucherOnce spends one code from many goroutines at once: one
// case, and every other use gets ErrInvalidCode. On SQLite and PostgreSQL.
func TestRedeemVoucherOnce(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t, nil)
	region, err := db.EnsureRegion(ctx, "Regio V")
	must(t, err)
	tn := newTenant(t, db, region.ID, "Toegang")
	tenDays := 10
	v, err := db.CreateVoucher(ctx, store.NewVoucher{Issue: voucher.Issue{ValidDays: &tenDays}, RegionID: region.ID, PracticeID: *tn.scope.PracticeID, IssuedBy: tn.poh}, noAudit)
	must(t, err)
	const n = 6
	var wg sync.WaitGroup
	results := make([]error, n)
	ids := make([]int64, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := db.RedeemVoucher(ctx, voucher.Redeem{Code: v.Code, Label: "R.", BirthYear: 1980, Question: "Vraag"}, func(store.Redeemed) []audit.Entry { return nil })
			results[i], ids[i] = err, r.CaseID
		}()
	}
	wg.Wait()
	won := 0
	for i, err := range results {
		switch {
		case err == nil:
			won++
			ref := mustGate(t, db, tn.scope, tn.poh, ids[i])
			c, err := db.Case(ctx, ref)
			must(t, err)
			if c.Signal.Source != caseflow.SourceSelfReferral || c.Status != caseflow.StatusSignalled || c.Signal.ReferralIntention != caseflow.IntentionNone || c.Signal.SignalledBy.UserID != tn.poh {
				t.Errorf("case %+v is not a self-referral signalled by the issuer", c.Signal)
			}
		case !errors.Is(err, voucher.ErrInvalidCode):
			t.Errorf("use %d: %v", i, err)
		}
	}
	if won != 1 {
		t.Errorf("%d uses won, want 1", won)
	}
}
