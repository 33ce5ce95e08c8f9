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
