package store

import (
	"fmt"

	"gorm.io/gorm"
)

// migrateListIndexes adds what the region-scale bench (cmd/hoi-bench) showed
// missing for the worklist and the case list of one practice (2,000 cases a
// practice there): each section of the worklist and the list's count read
// every case row of the practice to test status, consent or erasure. With
// these, each query reads only the rows it returns.
func migrateListIndexes(tx *gorm.DB) error {
	for _, s := range []string{
		// Every list and worklist query asks for live cases (erased_at IS NULL);
		// the index that also names the status or consent is then the
		// planner's clear first choice, with or without ANALYZE statistics.
		// worklist: new signals and drafts (status, oldest first)
		"CREATE INDEX IF NOT EXISTS ix_cases_practice_live_status ON cases (practice_id, erased_at, status, signalled_at)",
		// worklist: open cases without a consent decision
		"CREATE INDEX IF NOT EXISTS ix_cases_practice_live_consent ON cases (practice_id, erased_at, consent_status, signalled_at)",
		// worklist: follow-ups due, per practice rather than region-wide
		"CREATE INDEX IF NOT EXISTS ix_cases_practice_follow_up ON cases (practice_id, next_follow_up_on)",
		// case list: count and newest-first page of the practice's live cases
		"CREATE INDEX IF NOT EXISTS ix_cases_practice_live_signalled ON cases (practice_id, erased_at, signalled_at)",
		// superseded by ix_cases_practice_live_status
		"DROP INDEX IF EXISTS ix_cases_practice_status",
	} {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("list indexes: %w", err)
		}
	}
	return nil
}
