package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/user"
)

type userRow struct {
	ID           int64 `gorm:"primaryKey"`
	Email        string
	DisplayName  string
	Role         string
	RegionID     int64
	PracticeID   *int64
	PasswordHash string
	Active       bool
	CaseloadCap  *int
	Version      int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (userRow) TableName() string { return "users" }

func (r userRow) domain() user.User {
	return user.User{
		ID: r.ID, Email: r.Email, DisplayName: r.DisplayName, Role: user.Role(r.Role),
		RegionID: r.RegionID, PracticeID: r.PracticeID, Active: r.Active, CaseloadCap: r.CaseloadCap,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}

// Versioned is a record with its optimistic-locking version, from which the
// API derives the ETag.
type Versioned[T any] struct {
	Value   T
	Version int64
}

// NewUser is what CreateUser stores: the validated input, the region, and the
// password already hashed.
type NewUser struct {
	user.Create
	RegionID     int64
	PasswordHash string
}

// CreateUser adds a user. A practice id must belong to the same region.
func (db *DB) CreateUser(ctx context.Context, in NewUser, log AuditFunc) (Versioned[user.User], error) {
	now := db.now()
	row := userRow{
		Email: in.Email, DisplayName: in.DisplayName, Role: string(in.Role), RegionID: in.RegionID,
		PracticeID: in.PracticeID, PasswordHash: in.PasswordHash, Active: true, Version: 1,
		CreatedAt: now, UpdatedAt: now,
	}
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := checkPracticeInRegion(tx, in.RegionID, in.PracticeID); err != nil {
			return err
		}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return db.insertAudit(tx, log(row.ID))
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return Versioned[user.User]{}, user.ErrDuplicateEmail
	}
	if err != nil {
		return Versioned[user.User]{}, translate("create user", err)
	}
	return Versioned[user.User]{row.domain(), row.Version}, nil
}

func checkPracticeInRegion(tx *gorm.DB, regionID int64, practiceID *int64) error {
	if practiceID == nil {
		return nil
	}
	var n int64
	if err := tx.Model(&practiceRow{}).Where("id = ? AND region_id = ?", *practiceID, regionID).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return errs.Invalid(errs.Field("practice_id", "unknown", "no such practice in your region"))
	}
	return nil
}

// User returns user id if it belongs to regionID.
func (db *DB) User(ctx context.Context, regionID, id int64) (Versioned[user.User], error) {
	var row userRow
	if err := db.r.WithContext(ctx).Where("region_id = ?", regionID).Take(&row, id).Error; err != nil {
		return Versioned[user.User]{}, translate(fmt.Sprintf("user[%d]", id), err)
	}
	return Versioned[user.User]{row.domain(), row.Version}, nil
}

// Users lists users of f.RegionID, by display name.
func (db *DB) Users(ctx context.Context, f user.Filter) ([]user.User, int64, error) {
	offset, limit := page(f.Offset, f.Limit)
	q := db.r.WithContext(ctx).Model(&userRow{}).Where("region_id = ?", f.RegionID)
	if f.PracticeID != nil {
		q = q.Where("practice_id = ?", *f.PracticeID)
	}
	if f.Role != nil {
		q = q.Where("role = ?", string(*f.Role))
	}
	if f.Active != nil {
		q = q.Where("active = ?", *f.Active)
	}
	if s := strings.TrimSpace(f.Query); s != "" {
		like := "%" + escapeLike(strings.ToLower(s)) + "%"
		q = q.Where("(lower(display_name) LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')", like, like)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, translate("count users", err)
	}
	var rows []userRow
	if err := q.Order("display_name, id").Offset(offset).Limit(limit).Find(&rows).Error; err != nil {
		return nil, 0, translate("list users", err)
	}
	out := make([]user.User, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, total, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// UserChange is an admin's update of a user: fn applies the change to the
// current user and may return a new password hash. The update only happens
// when the stored version still equals version.
type UserChange func(current user.User) (next user.User, passwordHash string, err error)

// UpdateUser applies change to user id of regionID if its version matches.
// A change of role, practice, activity or password ends the user's sessions,
// so the new rights take effect at once.
func (db *DB) UpdateUser(ctx context.Context, regionID, id, version int64, change UserChange, log AuditFunc) (Versioned[user.User], error) {
	defer db.sessions.afterRevocations(db.sessions.epoch.Load())
	var row userRow
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("region_id = ?", regionID).Take(&row, id).Error; err != nil {
			return err
		}
		if row.Version != version {
			return ErrStale
		}
		cur := row.domain()
		next, hash, err := change(cur)
		if err != nil {
			return err
		}
		if err := checkPracticeInRegion(tx, regionID, next.PracticeID); err != nil {
			return err
		}
		endSessions := hash != "" || next.Role != cur.Role || next.Active != cur.Active || !sameID(next.PracticeID, cur.PracticeID)
		row.DisplayName, row.Role, row.PracticeID, row.Active = next.DisplayName, string(next.Role), next.PracticeID, next.Active
		row.CaseloadCap = next.CaseloadCap
		if hash != "" {
			row.PasswordHash = hash
		}
		row.Version++
		row.UpdatedAt = db.now()
		if err := saveVersioned(tx, &row, id, version, "display_name", "role", "practice_id", "active", "caseload_cap", "password_hash", "version", "updated_at"); err != nil {
			return err
		}
		if endSessions {
			if err := db.revokeUserSessions(tx, id, db.now(), "account changed"); err != nil {
				return err
			}
		}
		return db.insertAudit(tx, log(id))
	})
	if err != nil {
		return Versioned[user.User]{}, translate(fmt.Sprintf("update user[%d]", id), err)
	}
	return Versioned[user.User]{row.domain(), row.Version}, nil
}

func sameID(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// UserForLogin returns the user with email and its password hash.
func (db *DB) UserForLogin(ctx context.Context, email string) (user.User, string, error) {
	var row userRow
	if err := db.r.WithContext(ctx).Where("email = ?", email).Take(&row).Error; err != nil {
		return user.User{}, "", translate("user for login", err)
	}
	return row.domain(), row.PasswordHash, nil
}

// UpsertUser creates or resets a user by email (for seeding and the CLI),
// setting role, tenancy, name and password and activating it.
func (db *DB) UpsertUser(ctx context.Context, in NewUser) (user.User, error) {
	now := db.now()
	var row userRow
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := checkPracticeInRegion(tx, in.RegionID, in.PracticeID); err != nil {
			return err
		}
		err := tx.Where("email = ?", in.Email).Take(&row).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			row = userRow{Email: in.Email, Version: 1, CreatedAt: now}
		case err != nil:
			return err
		default:
			row.Version++
		}
		row.DisplayName, row.Role, row.RegionID, row.PracticeID = in.DisplayName, string(in.Role), in.RegionID, in.PracticeID
		row.PasswordHash, row.Active, row.UpdatedAt = in.PasswordHash, true, now
		return tx.Save(&row).Error
	})
	if err != nil {
		return user.User{}, translate("upsert user", err)
	}
	return row.domain(), nil
}
