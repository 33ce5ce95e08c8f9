package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// migrateCapacity puts caseload and capacity in view (issue 17): a peer's
// or coach's optional caseload cap, the reason a POH gave for putting
// someone over it (kept on the team row, so erasure takes it with the
// case), the region's warning thresholds, and the indexes the capacity
// figures read: signals per location by day with their source, and the
// first talks per location by day (ix_cases_practice_first, 0011).
func migrateCapacity(tx *gorm.DB) error {
	for _, s := range []string{
		"ALTER TABLE users ADD COLUMN caseload_cap INTEGER",
		"ALTER TABLE case_team ADD COLUMN over_cap_reason VARCHAR(300)",
		// signals per location and day, and by source (covering)
		"CREATE INDEX ix_cases_practice_signalled_source ON cases (practice_id, signalled_at, source)",
	} {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("capacity: %w", err)
		}
	}
	type regionSettings struct {
		RegionID        int64     `gorm:"primaryKey;autoIncrement:false"`
		WaitWarnDays    int       `gorm:"not null"`
		LoadWarnPercent int       `gorm:"not null"`
		Version         int64     `gorm:"not null"`
		UpdatedAt       time.Time `gorm:"not null"`
	}
	if err := tx.Table("region_settings").Migrator().CreateTable(&regionSettings{}); err != nil {
		return fmt.Errorf("create region_settings: %w", err)
	}
	return nil
}
