package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/user"
)

type calendarFeedRow struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	TokenHash string
	CreatedAt time.Time
	RevokedAt *time.Time
	LastUsed  *time.Time
}

func (calendarFeedRow) TableName() string { return "calendar_feeds" }

// CreateCalendarFeed makes a new private calendar feed for user and revokes
// the one they had: it returns the token, of which only the hash is kept.
func (db *DB) CreateCalendarFeed(ctx context.Context, userID int64, entries []audit.Entry) (string, time.Time, error) {
	token, hash, err := auth.NewOpaqueToken()
	if err != nil {
		return "", time.Time{}, err
	}
	now := db.now()
	err = db.tx(ctx, func(tx *gorm.DB) error {
		if err := revokeFeeds(tx, userID, now); err != nil {
			return err
		}
		if err := tx.Create(&calendarFeedRow{UserID: userID, TokenHash: hash, CreatedAt: now}).Error; err != nil {
			return err
		}
		return db.insertAudit(tx, entries)
	})
	if err != nil {
		return "", time.Time{}, translate(fmt.Sprintf("calendar feed of user[%d]", userID), err)
	}
	return token, now, nil
}

func revokeFeeds(tx *gorm.DB, userID int64, now time.Time) error {
	return tx.Model(&calendarFeedRow{}).Where("user_id = ? AND revoked_at IS NULL", userID).Update("revoked_at", now).Error
}

// RevokeCalendarFeed ends user's calendar feed; errs.ErrNotFound when they
// have none.
func (db *DB) RevokeCalendarFeed(ctx context.Context, userID int64, entries []audit.Entry) error {
	err := db.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&calendarFeedRow{}).Where("user_id = ? AND revoked_at IS NULL", userID).Update("revoked_at", db.now())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errs.NotFound("calendar feed")
		}
		return db.insertAudit(tx, entries)
	})
	return translate(fmt.Sprintf("revoke calendar feed of user[%d]", userID), err)
}

// CalendarFeedUser finds the active user whose live feed token is token;
// an unknown or revoked token, or an inactive user, is errs.ErrNotFound.
func (db *DB) CalendarFeedUser(ctx context.Context, token string) (user.User, error) {
	var row userRow
	err := db.r.WithContext(ctx).Table("users").Select("users.*").
		Joins("JOIN calendar_feeds f ON f.user_id = users.id").
		Where("f.token_hash = ? AND f.revoked_at IS NULL AND users.active", auth.HashToken(token)).Take(&row).Error
	if err != nil {
		return user.User{}, translate("calendar feed", err)
	}
	return row.domain(), nil
}
