package store

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/caseflow"
)

// openCaseExpr is true for a case row (prefix NEW., OLD. or cases.) that is
// open and not erased: the cases whose drafts are on the worklist.
func openCaseExpr(p string) string {
	return "(" + p + "status IN (" + quoted(caseflow.StatusSignalled) + ", " + quoted(caseflow.StatusExploring) + ", " + quoted(caseflow.StatusFollowUp) + ") AND " + p + "erased_at IS NULL)"
}

// migrateOpenDrafts keeps on every draft whether its case is open
// (conversations.open_case), so that the worklist counts a practice's
// drafts from one small index instead of looking up each draft's case. The
// database keeps it, by triggers, whatever writes: a new conversation takes
// its case's state, and a case that closes, reopens or is erased passes its
// state to its drafts. Final conversations are left as they were: only
// drafts are counted.
func migrateOpenDrafts(tx *gorm.DB, d Dialect) error {
	draft := quoted(caseflow.Draft)
	stmts := []string{"ALTER TABLE conversations ADD COLUMN open_case BOOLEAN NOT NULL DEFAULT TRUE"}
	switch d {
	case SQLite:
		stmts = append(stmts,
			"CREATE TRIGGER conversations_open_case AFTER INSERT ON conversations WHEN NEW.status = "+draft+
				" AND NOT EXISTS (SELECT 1 FROM cases WHERE cases.id = NEW.case_id AND "+openCaseExpr("cases.")+
				") BEGIN UPDATE conversations SET open_case = FALSE WHERE id = NEW.id; END",
			"CREATE TRIGGER cases_open_case AFTER UPDATE OF status, erased_at ON cases WHEN "+openCaseExpr("OLD.")+" IS NOT "+openCaseExpr("NEW.")+
				" BEGIN UPDATE conversations SET open_case = "+openCaseExpr("NEW.")+" WHERE case_id = NEW.id AND status = "+draft+"; END",
		)
	case Postgres:
		stmts = append(stmts,
			"CREATE FUNCTION conversations_open_case() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.open_case := EXISTS (SELECT 1 FROM cases WHERE cases.id = NEW.case_id AND "+
				openCaseExpr("cases.")+"); RETURN NEW; END $$",
			"CREATE TRIGGER conversations_open_case BEFORE INSERT ON conversations FOR EACH ROW EXECUTE FUNCTION conversations_open_case()",
			"CREATE FUNCTION cases_open_case() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE conversations SET open_case = "+openCaseExpr("NEW.")+
				" WHERE case_id = NEW.id AND status = "+draft+"; RETURN NULL; END $$",
			"CREATE TRIGGER cases_open_case AFTER UPDATE OF status, erased_at ON cases FOR EACH ROW WHEN ("+openCaseExpr("OLD.")+" IS DISTINCT FROM "+openCaseExpr("NEW.")+
				") EXECUTE FUNCTION cases_open_case()",
		)
	}
	stmts = append(stmts,
		"UPDATE conversations SET open_case = FALSE WHERE status = "+draft+" AND NOT EXISTS (SELECT 1 FROM cases WHERE cases.id = conversations.case_id AND "+openCaseExpr("cases.")+")",
		"CREATE INDEX ix_conversations_open_drafts ON conversations (practice_id, updated_at, case_id) WHERE status = "+draft+" AND open_case = TRUE",
	)
	for _, s := range stmts {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("open drafts: %s: %w", strings.SplitN(s, " ", 4)[2], err)
		}
	}
	return analyzeNew(tx, d, "conversations")
}
