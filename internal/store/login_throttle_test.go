package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/store/storetest"
)

func TestLoginFailuresCountAndPurge(t *testing.T) {
	db := storetest.MustOpen(t, nil)
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for i := range auth.PairRule.Max {
		if err := db.RecordLoginFailure(ctx, "pair:x", auth.PairRule, t0.Add(time.Duration(i)*time.Second)); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordLoginFailure(ctx, "acct:x", auth.AccountRule, t0.Add(time.Duration(i)*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := db.LoginFailures(ctx, "acct:x", auth.AccountRule.Window, t0.Add(time.Minute)); err != nil || n != auth.PairRule.Max {
		t.Errorf("account failures: %d, %v; want %d", n, err, auth.PairRule.Max)
	}
	if until, _ := db.LoginBlockedUntil(ctx, []string{"acct:x"}, t0.Add(time.Minute)); !until.IsZero() {
		t.Errorf("the account rule locked until %v; it must only count", until)
	}
	if until, _ := db.LoginBlockedUntil(ctx, []string{"pair:x"}, t0.Add(time.Minute)); until.IsZero() {
		t.Error("the pair rule did not lock")
	}
	if n, _ := db.LoginFailures(ctx, "acct:x", auth.AccountRule.Window, t0.Add(auth.AccountRule.Window+time.Minute)); n != 0 {
		t.Errorf("after the window: %d failures, want 0", n)
	}
	// Just past the window, the account's count is past its window but the pair
	// is still locked: only the count goes.
	now := t0.Add(auth.AccountRule.Window + 2*time.Second)
	if n, err := db.PurgeLoginThrottles(ctx, now.Add(-auth.AccountRule.Window), now); err != nil || n != 1 {
		t.Errorf("purge: %d, %v; want the account's count only", n, err)
	}
	if until, _ := db.LoginBlockedUntil(ctx, []string{"pair:x"}, now); until.IsZero() {
		t.Error("the purge removed a lock still in force")
	}
}
