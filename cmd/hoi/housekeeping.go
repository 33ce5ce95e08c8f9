package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/hoi-app/hoi/api"
	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/store"
)

// housekeepingEvery is how often expired rows are purged.
const housekeepingEvery = 10 * time.Minute

// housekeeping deletes, now and every housekeepingEvery until ctx ends, what
// clients leave behind and nobody needs any more: Idempotency-Keys past
// their 24 hours (with the answers they hold) and failed-login counts whose
// window has passed. Every instance may run it; the deletes are idempotent.
func housekeeping(ctx context.Context, db *store.DB, log *slog.Logger) {
	t := time.NewTicker(housekeepingEvery)
	defer t.Stop()
	window := max(auth.PairRule.Window, auth.AddressRule.Window, auth.AccountRule.Window)
	for {
		now := db.Now()
		keys, err := db.PurgeIdempotencyKeys(ctx, now.Add(-api.IdempotencyTTL))
		if err != nil && ctx.Err() == nil {
			log.Error("housekeeping: idempotency keys", "err", err)
		}
		throttles, err := db.PurgeLoginThrottles(ctx, now.Add(-window), now)
		if err != nil && ctx.Err() == nil {
			log.Error("housekeeping: login throttles", "err", err)
		}
		if keys+throttles > 0 {
			log.Info("housekeeping", "idempotency_keys", keys, "login_throttles", throttles)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
