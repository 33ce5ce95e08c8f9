package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// migrateOutcomeFacts makes the outcome figures a handful of index scans at
// region scale (issue 8): a year of a 200,000-case region read every case,
// conversation count and ~2 million domain scores into Go (seconds, and
// hundreds of megabytes). Now
//   - case_closures keeps one narrow row per ended case, with its outcome,
//     conversation count and per-domain change, written when the case ends;
//   - plan_items and goals carry the practice of their case, so they are
//     counted per practice without a join to cases;
//   - outcome_months rolls the region's figures up per month (rollup.go);
//   - covering indexes serve each figure by practice and date.
func migrateOutcomeFacts(tx *gorm.DB, d Dialect) error {
	type closure struct {
		CaseID              int64     `gorm:"primaryKey;autoIncrement:false"`
		PracticeID          int64     `gorm:"not null"`
		ClosedAt            time.Time `gorm:"not null"`
		ReferralIntention   string    `gorm:"size:20;not null"`
		Outcome             string    `gorm:"size:40;not null"`
		Conversations       int       `gorm:"not null"`
		Followed            bool      `gorm:"not null"`
		NextReferralAt      *time.Time
		ChangeDailyLife     *int
		ChangeBody          *int
		ChangeMind          *int
		ChangeMeaning       *int
		ChangeRelationships *int
		ChangeParticipation *int
		ChangeMoney         *int
		ChangeHousing       *int
		ChangeSafety        *int
	}
	if err := tx.Table("case_closures").Migrator().CreateTable(&closure{}); err != nil {
		return fmt.Errorf("create case_closures: %w", err)
	}
	type rollup struct {
		RegionID int64  `gorm:"primaryKey;autoIncrement:false"`
		Month    string `gorm:"primaryKey;size:7"`
		Figure   string `gorm:"primaryKey;size:20"`
		Key1     string `gorm:"primaryKey;size:40"`
		Key2     string `gorm:"primaryKey;size:40"`
		N        int64  `gorm:"not null"`
	}
	if err := tx.Table("outcome_months").Migrator().CreateTable(&rollup{}); err != nil {
		return fmt.Errorf("create outcome_months: %w", err)
	}
	type practiceOf struct {
		PracticeID int64 `gorm:"not null;default:0"`
	}
	for _, t := range []string{"plan_items", "goals"} {
		if err := tx.Table(t).Migrator().AddColumn(&practiceOf{}, "PracticeID"); err != nil {
			return fmt.Errorf("add %s.practice_id: %w", t, err)
		}
	}
	if err := backfillOutcomeFacts(tx, d); err != nil {
		return err
	}
	for _, s := range []string{
		// closed by outcome, referrals avoided, conversations, domain change
		"CREATE INDEX ix_case_closures_practice_closed ON case_closures (practice_id, closed_at)",
		// "sustained": the followed avoided referrals (covering)
		"CREATE INDEX ix_case_closures_followed ON case_closures (practice_id, followed, closed_at, next_referral_at)",
		// residents seen and days to the first conversation (covering)
		"CREATE INDEX ix_cases_practice_first ON cases (practice_id, first_conversation_on, signalled_at)",
		// "sustained": a later referral of the same resident, when it closes
		"CREATE INDEX ix_cases_practice_ref ON cases (practice_id, practice_ref, closed_at)",
		// plan items by category and status (covering)
		"CREATE INDEX ix_plan_items_practice_created ON plan_items (practice_id, created_at, category, status)",
		// goals reached (covering)
		"CREATE INDEX ix_goals_practice_status ON goals (practice_id, status, updated_at)",
	} {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("outcome indexes: %w", err)
		}
	}
	return nil
}
