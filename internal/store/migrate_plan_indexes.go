package store

import (
	"fmt"

	"gorm.io/gorm"
)

// migratePlanIndexes gives every hot list its order from an index, so that
// no list, worklist or case-page query sorts in a temporary B-tree (issue 14;
// TestHotQueriesUseIndexes asks the planner on both databases):
//   - the case list sorted by last change or by label;
//   - a case's conversations in the order they were held;
//   - the worklist's drafts: conversations carry their case's practice (set
//     when the draft is made; a case never changes practice), so a
//     practice's drafts come newest first straight from the index instead of
//     joining every live case of the practice and sorting;
//   - on PostgreSQL, partial indexes over the live cases (erased_at IS NULL)
//     ending in id: PostgreSQL does not take "erased_at IS NULL" as an
//     equality that fixes an index's order, and its indexes do not end in
//     the row id as SQLite's do, so the SQLite-shaped indexes of 0010 and
//     0012 give it no order for the lists' tie-break on id.
func migratePlanIndexes(tx *gorm.DB, d Dialect) error {
	type conversation struct {
		PracticeID *int64
	}
	if !tx.Migrator().HasColumn(&conversationRow{}, "practice_id") {
		if err := tx.Table("conversations").Migrator().AddColumn(&conversation{}, "PracticeID"); err != nil {
			return fmt.Errorf("conversations.practice_id: %w", err)
		}
	}
	for _, s := range []string{
		"UPDATE conversations SET practice_id = (SELECT cases.practice_id FROM cases WHERE cases.id = conversations.case_id) WHERE practice_id IS NULL",
		"CREATE INDEX IF NOT EXISTS ix_conversations_practice_status ON conversations (practice_id, status, updated_at, case_id)",
		"CREATE INDEX IF NOT EXISTS ix_conversations_case_held ON conversations (case_id, held_on, id)",
	} {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("plan indexes: %w", err)
		}
	}
	cases := []string{
		"CREATE INDEX IF NOT EXISTS ix_cases_practice_live_updated ON cases (practice_id, erased_at, updated_at, region_id)",
		"CREATE INDEX IF NOT EXISTS ix_cases_practice_live_label ON cases (practice_id, erased_at, lower(label), region_id)",
	}
	if d == Postgres {
		cases = []string{
			"CREATE INDEX IF NOT EXISTS ix_cases_live_signalled ON cases (practice_id, signalled_at, id) WHERE erased_at IS NULL",
			"CREATE INDEX IF NOT EXISTS ix_cases_live_updated ON cases (practice_id, updated_at, id) WHERE erased_at IS NULL",
			"CREATE INDEX IF NOT EXISTS ix_cases_live_label ON cases (practice_id, lower(label), id) WHERE erased_at IS NULL",
			"CREATE INDEX IF NOT EXISTS ix_cases_live_status ON cases (practice_id, status, signalled_at, id) WHERE erased_at IS NULL",
			"CREATE INDEX IF NOT EXISTS ix_cases_live_consent ON cases (practice_id, consent_status, signalled_at, id) WHERE erased_at IS NULL",
			"CREATE INDEX IF NOT EXISTS ix_cases_live_follow_up ON cases (practice_id, next_follow_up_on, id) WHERE erased_at IS NULL",
		}
	}
	for _, s := range cases {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("plan indexes: %w", err)
		}
	}
	return analyzeNew(tx, d, "cases", "conversations")
}

// analyzeNew gives new indexes their statistics where the database keeps
// statistics: on a SQLite file that was ANALYZEd, an index without a row in
// sqlite_stat1 looks more selective than it is to the planner, which then
// prefers it to the right one (seen on the bench's region: the case list
// took the label index and sorted 2,000 rows). PostgreSQL's autovacuum
// analyzes on its own.
func analyzeNew(tx *gorm.DB, d Dialect, tables ...string) error {
	if d != SQLite {
		return nil
	}
	var n int64
	if err := tx.Raw("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'").Scan(&n).Error; err != nil || n == 0 {
		return err
	}
	for _, t := range tables {
		if err := tx.Exec("ANALYZE " + t).Error; err != nil {
			return fmt.Errorf("analyze %s: %w", t, err)
		}
	}
	return nil
}

// migrateWorklistOrder gives SQLite's worklist sections (new signals,
// missing consent) indexes whose order is the section's own: every equality
// column first (region_id too), then signalled_at, then — implicitly — the
// row id, so the planner neither sorts nor walks the practice's whole
// signalled_at index and filters (on the bench's region, with statistics, it
// did: 3 ms a section, now well under 1 ms). PostgreSQL got its partial
// indexes in 0013.
func migrateWorklistOrder(tx *gorm.DB, d Dialect) error {
	if d != SQLite {
		return nil
	}
	for _, s := range []string{
		"CREATE INDEX IF NOT EXISTS ix_cases_live_status_order ON cases (practice_id, region_id, erased_at, status, signalled_at)",
		"CREATE INDEX IF NOT EXISTS ix_cases_live_consent_order ON cases (practice_id, region_id, erased_at, consent_status, signalled_at)",
	} {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("worklist order indexes: %w", err)
		}
	}
	return analyzeNew(tx, d, "cases")
}
