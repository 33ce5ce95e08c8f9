package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// migrateEntryPoints lets HOI start beyond the GP practice: a practice gets
// a kind (a GP practice, a municipality's broad access desk, a GGZ
// short-term clinic, a welfare organisation), a case says whether staff
// signalled it or the resident asked with a voucher code, and the vouchers
// themselves are kept as hashes with their location, validity and use.
// Existing rows read as GP practices and staff signals.
func migrateEntryPoints(tx *gorm.DB) error {
	for _, s := range []string{
		"ALTER TABLE practices ADD COLUMN kind VARCHAR(20) NOT NULL DEFAULT 'gp_practice'",
		"ALTER TABLE cases ADD COLUMN source VARCHAR(20) NOT NULL DEFAULT 'staff_signal'",
	} {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("entry points: %w", err)
		}
	}
	type voucher struct {
		ID         int64      `gorm:"primaryKey"`
		RegionID   int64      `gorm:"not null;index"`
		PracticeID int64      `gorm:"not null;index"`
		CodeHash   string     `gorm:"size:64;not null;uniqueIndex"`
		IssuedBy   int64      `gorm:"not null"`
		IssuedAt   time.Time  `gorm:"not null"`
		ExpiresAt  time.Time  `gorm:"not null"`
		UsedAt     *time.Time ``
		CaseID     *int64     `gorm:"index"`
	}
	if err := tx.Table("vouchers").Migrator().CreateTable(&voucher{}); err != nil {
		return fmt.Errorf("create vouchers: %w", err)
	}
	return nil
}
