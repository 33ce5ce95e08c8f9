package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/errs"
)

type optionRow struct {
	ID          int64 `gorm:"primaryKey"`
	RegionID    int64
	Name        string
	Category    catalogue.Category
	Provider    string
	Contact     string
	Cost        catalogue.Cost
	Description string
	Specialist  bool
	Active      bool
	HSDSID      string `gorm:"column:hsds_id"`
	// Detail holds the HSDS details' columns.
	Detail    optionDetailCols `gorm:"embedded"`
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (optionRow) TableName() string { return "options" }

func (r optionRow) domain() catalogue.Option {
	return catalogue.Option{ID: r.ID, RegionID: r.RegionID, Name: r.Name, Category: r.Category, Provider: r.Provider, Contact: r.Contact,
		Cost: r.Cost, Description: r.Description, Specialist: r.Specialist, Active: r.Active, HSDSID: r.HSDSID, Details: r.Detail.details(),
		Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// withStale marks o stale when it was not verified for six months at now.
func withStale(o catalogue.Option, now time.Time) catalogue.Option {
	o.Stale = catalogue.Stale(o.LastVerifiedOn, now)
	return o
}

var errDuplicateOption = errs.New(errs.ErrConflict, "the catalogue already has an option with this name")

// Options searches the catalogue of f.RegionID, by category and name.
func (db *DB) Options(ctx context.Context, f catalogue.Filter) ([]catalogue.Option, int64, error) {
	offset, limit := page(f.Offset, f.Limit)
	q := db.r.WithContext(ctx).Model(&optionRow{}).Where("region_id = ?", f.RegionID)
	if f.Category != "" {
		q = q.Where("category = ?", f.Category)
	}
	if f.ActiveOnly {
		q = q.Where("active = ?", true)
	}
	if t := strings.TrimSpace(f.Query); t != "" {
		like := "%" + escapeLike(strings.ToLower(t)) + "%"
		q = q.Where("(lower(name) LIKE ? ESCAPE '\\' OR lower(provider) LIKE ? ESCAPE '\\' OR lower(description) LIKE ? ESCAPE '\\')", like, like, like)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, translate("count options", err)
	}
	var rows []optionRow
	if err := q.Order("category, lower(name), id").Offset(offset).Limit(limit).Find(&rows).Error; err != nil {
		return nil, 0, translate("list options", err)
	}
	out := make([]catalogue.Option, len(rows))
	now := db.now()
	for i, r := range rows {
		out[i] = withStale(r.domain(), now)
	}
	return out, total, nil
}

// CreateOption adds an option to regionID's catalogue.
func (db *DB) CreateOption(ctx context.Context, regionID int64, in catalogue.Create, log AuditFunc) (catalogue.Option, error) {
	now := db.now()
	row := optionRow{RegionID: regionID, Name: in.Name, Category: in.Category, Provider: in.Provider, Contact: in.Contact, Cost: in.Cost,
		Description: in.Description, Specialist: in.Specialist, Active: true, HSDSID: catalogue.NewHSDSID(), Version: 1, CreatedAt: now, UpdatedAt: now}
	row.Detail.setDetails(in.Details())
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return db.insertAudit(tx, log(row.ID))
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return catalogue.Option{}, errDuplicateOption
	}
	return withStale(row.domain(), now), translate("create option", err)
}

// Option returns option id of regionID.
func (db *DB) Option(ctx context.Context, regionID, id int64) (catalogue.Option, error) {
	var row optionRow
	err := db.r.WithContext(ctx).Where("region_id = ?", regionID).Take(&row, id).Error
	return withStale(row.domain(), db.now()), translate(fmt.Sprintf("option[%d]", id), err)
}

// UpdateOption applies u to option id of regionID if version is current.
func (db *DB) UpdateOption(ctx context.Context, regionID, id, version int64, u catalogue.Update, log AuditFunc) (catalogue.Option, error) {
	var out catalogue.Option
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var row optionRow
		if err := tx.Where("region_id = ?", regionID).Take(&row, id).Error; err != nil {
			return err
		}
		if row.Version != version {
			return ErrStale
		}
		next := u.Apply(row.domain())
		row.Name, row.Category, row.Provider, row.Contact, row.Cost = next.Name, next.Category, next.Provider, next.Contact, next.Cost
		row.Description, row.Specialist, row.Active = next.Description, next.Specialist, next.Active
		row.Detail.setDetails(next.Details)
		row.Version++
		row.UpdatedAt = db.now()
		cols := append([]string{"name", "category", "provider", "contact", "cost", "description", "specialist", "active", "version", "updated_at"}, optionDetailColumns...)
		if err := saveVersioned(tx, &row, id, version, cols...); err != nil {
			return err
		}
		out = withStale(row.domain(), row.UpdatedAt)
		return db.insertAudit(tx, log(id))
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return out, errDuplicateOption
	}
	return out, translate(fmt.Sprintf("update option[%d]", id), err)
}

// EnsureOption adds an option by name when missing (for seeding).
func (db *DB) EnsureOption(ctx context.Context, regionID int64, in catalogue.Create) (catalogue.Option, error) {
	var row optionRow
	err := db.w.WithContext(ctx).Where("region_id = ? AND name = ?", regionID, in.Name).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return db.CreateOption(ctx, regionID, in, noAudit)
	}
	return row.domain(), translate("ensure option", err)
}
