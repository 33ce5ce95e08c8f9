package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/audit"
)

// CountQueries counts every statement db sends from now on, on the writer
// and the readers, for tests that pin the number of queries per request.
func CountQueries(db *DB) *atomic.Int64 {
	var n atomic.Int64
	count := func(*gorm.DB) { n.Add(1) }
	for i, g := range []*gorm.DB{db.w, db.r} {
		if i == 1 && db.r == db.w {
			break
		}
		cb := g.Callback()
		cb.Query().After("gorm:query").Register("hoi:count_query", count)
		cb.Row().After("gorm:row").Register("hoi:count_row", count)
		cb.Raw().After("gorm:raw").Register("hoi:count_raw", count)
		cb.Create().After("gorm:create").Register("hoi:count_create", count)
		cb.Update().After("gorm:update").Register("hoi:count_update", count)
		cb.Delete().After("gorm:delete").Register("hoi:count_delete", count)
	}
	return &n
}

// Statement is one SQL statement a test saw db send, with its arguments.
type Statement struct {
	SQL  string
	Vars []any
}

// RecordReads collects every read statement db sends from now on (queries,
// rows and raw statements on the readers), for the query-plan test.
func RecordReads(db *DB) func() []Statement {
	var mu sync.Mutex
	var out []Statement
	rec := func(g *gorm.DB) {
		if g.Error != nil {
			return
		}
		mu.Lock()
		out = append(out, Statement{SQL: g.Statement.SQL.String(), Vars: append([]any(nil), g.Statement.Vars...)})
		mu.Unlock()
	}
	db.raw.seen = func(q string, args []any) {
		mu.Lock()
		out = append(out, Statement{SQL: q, Vars: append([]any(nil), args...)})
		mu.Unlock()
	}
	cb := db.r.Callback()
	cb.Query().After("gorm:query").Register("hoi:record_query", rec)
	cb.Row().After("gorm:row").Register("hoi:record_row", rec)
	cb.Raw().After("gorm:raw").Register("hoi:record_raw", rec)
	return func() []Statement {
		mu.Lock()
		defer mu.Unlock()
		return append([]Statement(nil), out...)
	}
}

// Explain returns the query plan of st, one line per plan node: SQLite's
// EXPLAIN QUERY PLAN details, or PostgreSQL's EXPLAIN with sequential scans
// and sorts priced out of reach, so that a Seq Scan or Sort left in the plan
// means no index serves the query (on a small test table the planner would
// rightly scan otherwise).
func Explain(db *DB, st Statement) ([]string, error) {
	var lines []string
	err := db.r.Transaction(func(tx *gorm.DB) error {
		prefix := "EXPLAIN QUERY PLAN "
		if db.dialect == Postgres {
			prefix = "EXPLAIN "
			for _, set := range []string{"SET LOCAL enable_seqscan = off", "SET LOCAL enable_sort = off"} {
				if err := tx.Exec(set).Error; err != nil {
					return err
				}
			}
		}
		rows, err := tx.Raw(prefix+st.SQL, st.Vars...).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			line := vals[len(vals)-1] // SQLite: id, parent, notused, detail; PostgreSQL: QUERY PLAN
			switch v := line.(type) {
			case []byte:
				lines = append(lines, string(v))
			default:
				lines = append(lines, fmt.Sprint(v))
			}
		}
		return rows.Err()
	})
	return lines, err
}

// AuditPrepared reports whether the access-log INSERTs are prepared on the
// writer pool (Migrate prepares them).
func AuditPrepared(db *DB) bool { return db.audit.ready.Load() != nil }

// SetWorklistLimit sets the size of db's worklist sections (the query-plan
// test sets 0, so that every section is counted).
func SetWorklistLimit(db *DB, n int) { db.worklistLimit = &n }

// NewCaseRefForTest is a gate-free reference to case id, for store tests
// that read a case's access log without a case row.
func NewCaseRefForTest(id int64) CaseRef { return CaseRef{id: id} }

// CaseAccessLogForExport is the export's read of case id's access log.
func CaseAccessLogForExport(db *DB, ctx context.Context, id int64) ([]audit.Entry, error) {
	return db.caseAccessLog(db.r.WithContext(ctx), id)
}
