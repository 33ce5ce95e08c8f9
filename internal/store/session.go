package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/user"
)

type sessionRow struct {
	ID           string `gorm:"primaryKey"`
	UserID       int64
	CreatedAt    time.Time
	LastSeenAt   time.Time
	RevokedAt    *time.Time
	RevokeReason string
}

func (sessionRow) TableName() string { return "sessions" }

func (r sessionRow) domain() auth.Session {
	return auth.Session{ID: r.ID, UserID: r.UserID, CreatedAt: r.CreatedAt, LastSeenAt: r.LastSeenAt, RevokedAt: r.RevokedAt}
}

type refreshTokenRow struct {
	Hash      string `gorm:"primaryKey"`
	SessionID string
	CreatedAt time.Time
	UsedAt    *time.Time
}

func (refreshTokenRow) TableName() string { return "refresh_tokens" }

type loginThrottleRow struct {
	Key          string `gorm:"primaryKey"`
	Failures     int
	WindowStart  time.Time
	BlockedUntil *time.Time
}

func (loginThrottleRow) TableName() string { return "login_throttles" }

var _ auth.Store = (*DB)(nil)

// CreateSession stores a new login with its first refresh token.
func (db *DB) CreateSession(ctx context.Context, s auth.Session, refreshHash string) error {
	return translate("create session", db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&sessionRow{ID: s.ID, UserID: s.UserID, CreatedAt: s.CreatedAt, LastSeenAt: s.LastSeenAt}).Error; err != nil {
			return err
		}
		return tx.Create(&refreshTokenRow{Hash: refreshHash, SessionID: s.ID, CreatedAt: s.CreatedAt}).Error
	}))
}

// RotateRefresh implements auth.Store.
func (db *DB) RotateRefresh(ctx context.Context, oldHash, newHash string, now time.Time, grace time.Duration, check func(auth.Session, user.User) error) (auth.Session, user.User, error) {
	defer db.sessions.afterRevocations(db.sessions.epoch.Load())
	var (
		sess    sessionRow
		u       userRow
		outcome error
	)
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var tok refreshTokenRow
		if err := tx.Clauses(lockForUpdate(db.dialect)...).Take(&tok, "hash = ?", oldHash).Error; err != nil {
			return err
		}
		if err := tx.Take(&sess, "id = ?", tok.SessionID).Error; err != nil {
			return err
		}
		if err := tx.Take(&u, sess.UserID).Error; err != nil {
			return err
		}
		if tok.UsedAt != nil && now.Sub(*tok.UsedAt) > grace {
			// A token rotated a while ago came back: someone holds a copy.
			// End the whole family, and commit that, before refusing.
			outcome = auth.ErrRefreshReused
			return db.revokeSession(tx, sess.ID, now, "refresh token reused")
		}
		if err := check(sess.domain(), u.domain()); err != nil {
			outcome = err
			if sess.RevokedAt != nil {
				return nil
			}
			return db.revokeSession(tx, sess.ID, now, "expired")
		}
		// Rotated moments ago (within grace): a concurrent refresh of the same
		// session, such as a second tab. Its successor stays valid and this
		// caller gets a sibling; used_at keeps the first rotation's time, so
		// the grace never stretches.
		if tok.UsedAt == nil {
			if err := tx.Model(&refreshTokenRow{}).Where("hash = ?", oldHash).Update("used_at", now).Error; err != nil {
				return err
			}
		}
		if err := tx.Create(&refreshTokenRow{Hash: newHash, SessionID: sess.ID, CreatedAt: now}).Error; err != nil {
			return err
		}
		sess.LastSeenAt = now
		return tx.Model(&sessionRow{}).Where("id = ?", sess.ID).Update("last_seen_at", now).Error
	})
	if err != nil {
		return auth.Session{}, user.User{}, translate("rotate refresh token", err)
	}
	if outcome != nil {
		return auth.Session{}, user.User{}, outcome
	}
	return sess.domain(), u.domain(), nil
}

// revokeSession ends session id in transaction tx; the session cache forgets
// it at once (and again when the caller's transaction is over).
func (db *DB) revokeSession(tx *gorm.DB, id string, now time.Time, reason string) error {
	db.sessions.changed()
	return tx.Model(&sessionRow{}).Where("id = ? AND revoked_at IS NULL", id).
		Updates(map[string]any{"revoked_at": now, "revoke_reason": reason}).Error
}

func (db *DB) revokeUserSessions(tx *gorm.DB, userID int64, now time.Time, reason string) error {
	db.sessions.changed()
	return tx.Model(&sessionRow{}).Where("user_id = ? AND revoked_at IS NULL", userID).
		Updates(map[string]any{"revoked_at": now, "revoke_reason": reason}).Error
}

// SessionByRefresh returns the session a refresh token belongs to.
func (db *DB) SessionByRefresh(ctx context.Context, hash string) (auth.Session, error) {
	var tok refreshTokenRow
	if err := db.r.WithContext(ctx).Take(&tok, "hash = ?", hash).Error; err != nil {
		return auth.Session{}, translate("session by refresh", err)
	}
	var s sessionRow
	if err := db.r.WithContext(ctx).Take(&s, "id = ?", tok.SessionID).Error; err != nil {
		return auth.Session{}, translate("session by refresh", err)
	}
	return s.domain(), nil
}

// RevokeSession ends session id.
func (db *DB) RevokeSession(ctx context.Context, id string, now time.Time, reason string) error {
	defer db.sessions.changed()
	return translate("revoke session", db.tx(ctx, func(tx *gorm.DB) error { return db.revokeSession(tx, id, now, reason) }))
}

// SessionState returns a session with its user, for per-request checks. It
// runs on every authenticated request: one indexed query, whose answer is
// kept for a moment (sessioncache.go).
func (db *DB) SessionState(ctx context.Context, id string) (auth.Session, user.User, error) {
	if s, u, ok := db.sessions.get(id); ok {
		return s, u, nil
	}
	epoch := db.sessions.epoch.Load()
	s, u, err := db.sessionState(ctx, id)
	if err == nil {
		db.sessions.put(id, s, u, epoch)
	}
	return s, u, err
}

func (db *DB) sessionState(ctx context.Context, id string) (auth.Session, user.User, error) {
	var row struct {
		ID           string
		UserID       int64
		CreatedAt    time.Time
		LastSeenAt   time.Time
		RevokedAt    *time.Time
		RevokeReason string
		Email        string
		DisplayName  string
		Role         string
		RegionID     int64
		PracticeID   *int64
		Active       bool
		UCreatedAt   time.Time
		UUpdatedAt   time.Time
	}
	res := db.r.WithContext(ctx).Raw(`SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.revoked_at, s.revoke_reason,
		u.email, u.display_name, u.role, u.region_id, u.practice_id, u.active, u.created_at AS u_created_at, u.updated_at AS u_updated_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`, id).Scan(&row)
	if res.Error == nil && res.RowsAffected == 0 {
		res.Error = gorm.ErrRecordNotFound
	}
	if res.Error != nil {
		return auth.Session{}, user.User{}, translate("session state", res.Error)
	}
	s := sessionRow{ID: row.ID, UserID: row.UserID, CreatedAt: row.CreatedAt, LastSeenAt: row.LastSeenAt, RevokedAt: row.RevokedAt, RevokeReason: row.RevokeReason}
	u := userRow{ID: row.UserID, Email: row.Email, DisplayName: row.DisplayName, Role: row.Role, RegionID: row.RegionID, PracticeID: row.PracticeID,
		Active: row.Active, CreatedAt: row.UCreatedAt, UpdatedAt: row.UUpdatedAt}
	return s.domain(), u.domain(), nil
}

// TouchSession records activity on a session.
func (db *DB) TouchSession(ctx context.Context, id string, now time.Time) error {
	err := db.w.WithContext(ctx).Model(&sessionRow{}).Where("id = ? AND last_seen_at < ?", id, now).Update("last_seen_at", now).Error
	if err == nil {
		db.sessions.touched(id, now)
	}
	return translate("touch session", err)
}

// LoginBlockedUntil returns the latest lockout end among keys (zero if none).
func (db *DB) LoginBlockedUntil(ctx context.Context, keys []string, now time.Time) (time.Time, error) {
	var rows []loginThrottleRow
	if err := db.r.WithContext(ctx).Where("key IN ? AND blocked_until > ?", keys, now).Find(&rows).Error; err != nil {
		return time.Time{}, translate("login throttle", err)
	}
	var until time.Time
	for _, r := range rows {
		if r.BlockedUntil != nil && r.BlockedUntil.After(until) {
			until = *r.BlockedUntil
		}
	}
	return until, nil
}

// RecordLoginFailure counts one failure against key under rule, in the
// database so that the limit holds across instances.
func (db *DB) RecordLoginFailure(ctx context.Context, key string, rule auth.ThrottleRule, now time.Time) error {
	return translate("record login failure", db.tx(ctx, func(tx *gorm.DB) error {
		var row loginThrottleRow
		err := tx.Clauses(lockForUpdate(db.dialect)...).Take(&row, "key = ?", key).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			row = loginThrottleRow{Key: key}
		} else if err != nil {
			return err
		}
		if now.Sub(row.WindowStart) > rule.Window {
			row.Failures, row.WindowStart, row.BlockedUntil = 0, now, nil
		}
		row.Failures++
		if rule.Lockout > 0 && row.Failures >= rule.Max {
			until := now.Add(rule.Lockout)
			row.BlockedUntil = &until
		}
		return tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&row).Error
	}))
}

// ClearLoginFailures forgets the failures of key after a successful login.
func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	return translate("clear login failures", db.w.WithContext(ctx).Where("key = ?", key).Delete(&loginThrottleRow{}).Error)
}

// lockForUpdate locks the row on PostgreSQL; SQLite's IMMEDIATE transaction
// already holds the write lock.
func lockForUpdate(d Dialect) []clause.Expression {
	if d == Postgres {
		return []clause.Expression{clause.Locking{Strength: "UPDATE"}}
	}
	return nil
}
