package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// LoginFailures counts the failed logins recorded for key within window of
// now: what auth.AccountDelay slows an account down by.
func (db *DB) LoginFailures(ctx context.Context, key string, window time.Duration, now time.Time) (int, error) {
	var row loginThrottleRow
	err := db.r.WithContext(ctx).Take(&row, "key = ?", key).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, translate("login failures", err)
	}
	if now.Sub(row.WindowStart) > window {
		return 0, nil
	}
	return row.Failures, nil
}

// PurgeLoginThrottles deletes the counts whose window began before cutoff
// and that lock nothing any more: every guessed email and every address
// leaves a row, and without this the table grows with whatever clients send.
func (db *DB) PurgeLoginThrottles(ctx context.Context, cutoff, now time.Time) (int64, error) {
	var n int64
	err := db.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("window_start < ? AND (blocked_until IS NULL OR blocked_until < ?)", cutoff, now).Delete(&loginThrottleRow{})
		n = res.RowsAffected
		return res.Error
	})
	return n, translate("purge login throttles", err)
}
