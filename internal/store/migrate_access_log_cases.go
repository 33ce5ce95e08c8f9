package store

import (
	"fmt"

	"gorm.io/gorm"
)

// migrateAccessLogCases keeps a list view's access log compactly: the view
// is one access_log row, and each case it showed one narrow (case, entry)
// pair, where it used to be one full row (five B-tree inserts) per case.
// The pairs are keyed by case first, for "who saw this case", and indexed
// by entry, to read a view back as one row per case. Append-only, like the
// log itself.
func migrateAccessLogCases(tx *gorm.DB, d Dialect) error {
	create := "CREATE TABLE access_log_cases (case_id BIGINT NOT NULL, entry_id BIGINT NOT NULL, PRIMARY KEY (case_id, entry_id))"
	if d == SQLite {
		create += " WITHOUT ROWID"
	}
	stmts := []string{create, "CREATE INDEX ix_access_log_cases_entry ON access_log_cases (entry_id, case_id)"}
	if d == Postgres {
		// A case's own rows in id order, to merge with its views' pairs
		// (SQLite's index on case_id holds the rowid already).
		stmts = append(stmts, "CREATE INDEX ix_access_log_case_order ON access_log (case_id, id)", "DROP INDEX idx_access_log_case_id")
	}
	for _, s := range stmts {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("access log cases: %w", err)
		}
	}
	return appendOnly(tx, d, "access_log_cases")
}
