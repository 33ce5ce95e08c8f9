// Package retention erases ended cases once the configured retention period
// has passed (HOI_RETENTION_DAYS). It runs inside `hoi serve` on a ticker; on
// PostgreSQL the store lets one instance at a time do the work. It logs
// counts and case ids only, never content.
package retention

import (
	"context"
	"log/slog"
	"time"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/store"
)

// Reason is what an erasure by the retention job records as its reason.
const Reason = "retention period passed"

// Batch bounds the erasures of one run; the next tick takes the rest.
const Batch = 200

// Job erases closed and withdrawn cases whose closed_at is more than Days
// days ago. Days <= 0 switches it off.
type Job struct {
	DB    *store.DB
	Days  int
	Every time.Duration // default one hour
	Log   *slog.Logger
}

// Run runs once at start and then every Every until ctx ends.
func (j Job) Run(ctx context.Context) {
	if j.Days <= 0 {
		return
	}
	if j.Every <= 0 {
		j.Every = time.Hour
	}
	t := time.NewTicker(j.Every)
	defer t.Stop()
	for {
		if _, err := j.RunOnce(ctx); err != nil && ctx.Err() == nil {
			j.Log.Error("retention: run failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce erases what has expired now and returns the erased case ids. Each
// erasure writes an access-log row (action delete, role system, user 0).
func (j Job) RunOnce(ctx context.Context) ([]int64, error) {
	if j.Days <= 0 {
		return nil, nil
	}
	now := j.DB.Now()
	cutoff := now.AddDate(0, 0, -j.Days)
	done, err := j.DB.EraseExpired(ctx, cutoff, Batch, Reason, func(c store.ErasedCase) store.AuditFunc {
		return func(id int64) []audit.Entry {
			return []audit.Entry{{At: j.DB.Now(), UserID: 0, Role: "system", RegionID: c.RegionID, Action: audit.ActionDelete,
				Outcome: audit.Allowed, ResourceType: audit.ResourceCase, ResourceID: &id, CaseID: &id, RequestID: "retention"}}
		}
	})
	ids := make([]int64, len(done))
	for i, c := range done {
		ids[i] = c.ID
	}
	if len(ids) > 0 {
		j.Log.Info("retention: erased cases", "count", len(ids), "case_ids", ids, "retention_days", j.Days)
	}
	return ids, err
}
