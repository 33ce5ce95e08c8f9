package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// migrateErasure adds the erasure tombstone to cases: when and by whom a case
// was erased and why, and resident_link, the opaque number that keeps the
// cases of one resident together (for the "sustained" outcome figure) once
// their practice reference has been erased.
func migrateErasure(tx *gorm.DB) error {
	type caseRow struct {
		ErasedAt     *time.Time `gorm:"index"`
		ErasedBy     *int64     ``
		ErasedReason *string    `gorm:"size:500"`
		ResidentLink *int64     `gorm:"index"`
	}
	m := tx.Table("cases").Migrator()
	for _, col := range []string{"ErasedAt", "ErasedBy", "ErasedReason", "ResidentLink"} {
		if err := m.AddColumn(&caseRow{}, col); err != nil {
			return fmt.Errorf("add cases.%s: %w", col, err)
		}
	}
	if err := tx.Exec("CREATE INDEX ix_cases_closed_at ON cases (closed_at)").Error; err != nil {
		return fmt.Errorf("index cases.closed_at: %w", err)
	}
	return nil
}
