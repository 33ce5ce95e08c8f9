package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/practice"
)

type regionRow struct {
	ID        int64 `gorm:"primaryKey"`
	Name      string
	CreatedAt time.Time
}

func (regionRow) TableName() string { return "regions" }

type practiceRow struct {
	ID        int64 `gorm:"primaryKey"`
	RegionID  int64
	Name      string
	AGBCode   *string
	Kind      string
	CreatedAt time.Time
}

func (practiceRow) TableName() string { return "practices" }

func (r practiceRow) domain() practice.Practice {
	return practice.Practice{ID: r.ID, RegionID: r.RegionID, Name: r.Name, AGBCode: r.AGBCode, Kind: practice.Kind(r.Kind), CreatedAt: r.CreatedAt}
}

// EnsureRegion returns the region called name, creating it when missing.
func (db *DB) EnsureRegion(ctx context.Context, name string) (practice.Region, error) {
	var row regionRow
	err := db.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Where("name = ?", name).Take(&row).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			row = regionRow{Name: name, CreatedAt: db.now()}
			return tx.Create(&row).Error
		}
		return err
	})
	if err != nil {
		return practice.Region{}, translate("ensure region", err)
	}
	return practice.Region{ID: row.ID, Name: row.Name, CreatedAt: row.CreatedAt}, nil
}

// Region returns region id.
func (db *DB) Region(ctx context.Context, id int64) (practice.Region, error) {
	var row regionRow
	if err := db.r.WithContext(ctx).Take(&row, id).Error; err != nil {
		return practice.Region{}, translate(fmt.Sprintf("region[%d]", id), err)
	}
	return practice.Region{ID: row.ID, Name: row.Name, CreatedAt: row.CreatedAt}, nil
}

// Practices lists the practices of f.RegionID, by name.
func (db *DB) Practices(ctx context.Context, f practice.Filter) ([]practice.Practice, int64, error) {
	offset, limit := page(f.Offset, f.Limit)
	q := db.r.WithContext(ctx).Model(&practiceRow{}).Where("region_id = ?", f.RegionID)
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, translate("count practices", err)
	}
	var rows []practiceRow
	if err := q.Order("name, id").Offset(offset).Limit(limit).Find(&rows).Error; err != nil {
		return nil, 0, translate("list practices", err)
	}
	out := make([]practice.Practice, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, total, nil
}

// Practice returns practice id if it belongs to regionID; otherwise ErrNotFound.
func (db *DB) Practice(ctx context.Context, regionID, id int64) (practice.Practice, error) {
	var row practiceRow
	if err := db.r.WithContext(ctx).Where("region_id = ?", regionID).Take(&row, id).Error; err != nil {
		return practice.Practice{}, translate(fmt.Sprintf("practice[%d]", id), err)
	}
	return row.domain(), nil
}

// CreatePractice adds a practice to regionID. log receives the new id and
// returns the access-log entries to commit with it.
func (db *DB) CreatePractice(ctx context.Context, regionID int64, in practice.Create, log AuditFunc) (practice.Practice, error) {
	if in.Kind == "" {
		in.Kind = practice.KindGPPractice
	}
	row := practiceRow{RegionID: regionID, Name: in.Name, AGBCode: in.AGBCode, Kind: string(in.Kind), CreatedAt: db.now()}
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return db.insertAudit(tx, log(row.ID))
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return practice.Practice{}, practice.ErrDuplicateName
	}
	if err != nil {
		return practice.Practice{}, translate("create practice", err)
	}
	return row.domain(), nil
}

// EnsurePractice returns the practice called name in regionID, creating it
// when missing (for seeding).
func (db *DB) EnsurePractice(ctx context.Context, regionID int64, name string) (practice.Practice, error) {
	var row practiceRow
	err := db.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Where("region_id = ? AND name = ?", regionID, name).Take(&row).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			row = practiceRow{RegionID: regionID, Name: name, Kind: string(practice.KindGPPractice), CreatedAt: db.now()}
			return tx.Create(&row).Error
		}
		return err
	})
	if err != nil {
		return practice.Practice{}, translate("ensure practice", err)
	}
	return row.domain(), nil
}

// EnsureLocation returns the practice called name in regionID, creating it
// with kind when missing, and gives an existing one that kind (for seeding
// the entry points that are no GP practice).
func (db *DB) EnsureLocation(ctx context.Context, regionID int64, name string, kind practice.Kind) (practice.Practice, error) {
	p, err := db.EnsurePractice(ctx, regionID, name)
	if err != nil || p.Kind == kind {
		return p, err
	}
	err = db.tx(ctx, func(tx *gorm.DB) error {
		return tx.Model(&practiceRow{}).Where("id = ?", p.ID).Update("kind", string(kind)).Error
	})
	p.Kind = kind
	return p, translate("ensure location", err)
}
