package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// migrateReferralLoop gives each plan item the state of its request to the
// provider (status, decline reason, the day of the request and of the
// answer), a table of every step with its day and author, the worklist's
// index of unanswered requests per practice, and the region's setting of how
// many days a request may wait for an answer.
func migrateReferralLoop(tx *gorm.DB) error {
	cols := []string{
		"loop_status VARCHAR(12)",
		"loop_reason VARCHAR(20)",
		"loop_requested_on VARCHAR(10)",
		"loop_answered_on VARCHAR(10)",
	}
	for _, c := range cols {
		if err := tx.Exec("ALTER TABLE plan_items ADD COLUMN " + c).Error; err != nil {
			return fmt.Errorf("plan_items %s: %w", c, err)
		}
	}
	if err := tx.Exec("ALTER TABLE regions ADD COLUMN answer_days INTEGER NOT NULL DEFAULT 14").Error; err != nil {
		return fmt.Errorf("regions answer_days: %w", err)
	}
	type planItemStep struct {
		ID         int64     `gorm:"primaryKey;index:ix_plan_item_steps_item,priority:3"`
		PlanItemID int64     `gorm:"not null;index:ix_plan_item_steps_item,priority:1"`
		CaseID     int64     `gorm:"not null;index"`
		Status     string    `gorm:"size:12;not null"`
		Reason     *string   `gorm:"size:20"`
		ReasonText string    `gorm:"size:500;not null"`
		OnDay      string    `gorm:"size:10;not null"`
		ByUserID   int64     `gorm:"not null"`
		ByRole     string    `gorm:"size:10;not null"`
		CreatedAt  time.Time `gorm:"not null;index:ix_plan_item_steps_item,priority:2"`
	}
	if err := tx.Table("plan_item_steps").Migrator().CreateTable(&planItemStep{}); err != nil {
		return fmt.Errorf("create plan_item_steps: %w", err)
	}
	for _, s := range []string{
		// The POH's worklist: the practice's unanswered requests, oldest first.
		"CREATE INDEX ix_plan_items_loop ON plan_items (practice_id, loop_status, loop_requested_on, id)",
	} {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("referral loop index: %w", err)
		}
	}
	return nil
}

// migrateLoopIndexes orders the coaches' worklist of stale listings
// (options.last_verified_on comes with migration 0023).
func migrateLoopIndexes(tx *gorm.DB) error {
	if err := tx.Exec("CREATE INDEX ix_options_region_verified ON options (region_id, last_verified_on, id)").Error; err != nil {
		return fmt.Errorf("ix_options_region_verified: %w", err)
	}
	return nil
}

// migrateLoopOutcomes indexes the providers' answers for the outcome
// figures: per practice by the day of the answer, covering the category,
// the day of the request and the decline reason.
func migrateLoopOutcomes(tx *gorm.DB) error {
	if err := tx.Exec("CREATE INDEX ix_plan_items_answers ON plan_items (practice_id, loop_answered_on, category, loop_requested_on, loop_reason)").Error; err != nil {
		return fmt.Errorf("ix_plan_items_answers: %w", err)
	}
	return nil
}
