package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/audit"
)

// AuditFunc builds the access-log entries of a write once the written
// record's id is known; they are committed in the write's own transaction.
type AuditFunc func(id int64) []audit.Entry

// accessLogColumns are the columns of an access-log row, in the order
// insertAudit binds them.
const accessLogColumns = "(at, user_id, role, region_id, practice_id, client_addr, action, outcome, resource_type, resource_id, case_id, request_id)"

// accessLogChunks are the row counts of the INSERT statements insertAudit
// uses: a batch is cut into chunks of these sizes, so the statement texts
// are few (each prepared once per connection), a chunk stays far below
// SQLite's limit on bound variables, and a batch of 100 rows costs a few
// statements rather than 100. No reflection over row structs: the access
// log is on every request's path. The (case, entry) pairs of list views
// are chunked the same way.
var accessLogChunks = []int{64, 8, 1}

// accessLogRowMarks is one row's placeholders.
const accessLogRowMarks = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

// The statement texts, by kind: access-log rows by row count, one row
// answering its id (a list view, whose pairs need it), pairs by count.
var (
	accessLogInsert   = chunkedInsert("INSERT INTO access_log "+accessLogColumns+" VALUES ", accessLogRowMarks)
	accessLogViewRow  = "INSERT INTO access_log " + accessLogColumns + " VALUES " + accessLogRowMarks + " RETURNING id"
	accessLogCasePair = chunkedInsert("INSERT INTO access_log_cases (case_id, entry_id) VALUES ", "(?, ?)")
)

func chunkedInsert(head, row string) map[int]string {
	out := map[int]string{}
	for _, n := range accessLogChunks {
		out[n] = head + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
	}
	return out
}

// auditStmts are the access-log INSERTs prepared once on the writer pool.
// GORM prepares a statement met first inside a transaction on that
// transaction alone, so each later transaction would prepare the same
// INSERT again; a statement prepared on the pool and bound to a transaction
// with Tx.StmtContext reuses the connection's prepared statement instead.
type auditStmts struct {
	mu    sync.Mutex
	ready atomic.Pointer[preparedAudit]
}

type preparedAudit struct {
	rows  map[int]*sql.Stmt
	view  *sql.Stmt
	pairs map[int]*sql.Stmt
}

func (p *preparedAudit) close() {
	for _, st := range p.rows {
		st.Close()
	}
	for _, st := range p.pairs {
		st.Close()
	}
	if p.view != nil {
		p.view.Close()
	}
}

// prepareAudit prepares the INSERTs on the writer pool if they are not yet.
// Migrate calls it once the schema is current, before any write transaction
// holds the (on SQLite, one) writer connection: never call it inside one.
// If it fails, insertAudit falls back to GORM, which is correct but slower.
func (db *DB) prepareAudit(ctx context.Context) {
	if db.audit.ready.Load() != nil {
		return
	}
	db.audit.mu.Lock()
	defer db.audit.mu.Unlock()
	if db.audit.ready.Load() != nil {
		return
	}
	w, _ := db.SQLDBs()
	if w == nil {
		return
	}
	prep := func(text string) (*sql.Stmt, error) {
		if db.dialect == Postgres {
			text = dollarPlaceholders(text)
		}
		return w.PrepareContext(ctx, text)
	}
	out := &preparedAudit{rows: map[int]*sql.Stmt{}, pairs: map[int]*sql.Stmt{}}
	var err error
	for _, n := range accessLogChunks {
		if out.rows[n], err = prep(accessLogInsert[n]); err != nil {
			break
		}
		if out.pairs[n], err = prep(accessLogCasePair[n]); err != nil {
			break
		}
	}
	if err == nil {
		out.view, err = prep(accessLogViewRow)
	}
	if err != nil {
		out.close()
		return
	}
	db.audit.ready.Store(out)
}

// closeAudit closes the prepared INSERTs.
func (db *DB) closeAudit() {
	if p := db.audit.ready.Swap(nil); p != nil {
		p.close()
	}
}

// sqlTx is the database/sql transaction under a GORM transaction, if any.
func sqlTx(tx *gorm.DB) *sql.Tx {
	if p, ok := tx.Statement.ConnPool.(*gorm.PreparedStmtTX); ok {
		if t, ok := p.Tx.(*sql.Tx); ok {
			return t
		}
	}
	if t, ok := tx.Statement.ConnPool.(*sql.Tx); ok {
		return t
	}
	return nil
}

// auditArgs appends the bound values of e's row to args.
func auditArgs(args []any, e audit.Entry) []any {
	return append(args, e.At.UTC(), e.UserID, e.Role, e.RegionID, e.PracticeID, e.ClientAddr,
		string(e.Action), string(e.Outcome), string(e.ResourceType), e.ResourceID, e.CaseID, e.RequestID)
}

// insertAudit stores entries in tx: plain entries in chunked multi-row
// INSERTs; a list view (Entry.Shown) as its row, whose id it reads back,
// and a (case, entry) pair per case shown.
func (db *DB) insertAudit(tx *gorm.DB, entries []audit.Entry) error {
	var prep *preparedAudit
	stx := sqlTx(tx)
	if p := db.audit.ready.Load(); p != nil && stx != nil {
		prep = p
	}
	ctx := tx.Statement.Context
	if ctx == nil {
		ctx = context.Background()
	}
	exec := func(stmts map[int]*sql.Stmt, texts map[int]string, n int, args []any) error {
		if prep != nil {
			_, err := stx.StmtContext(ctx, stmts[n]).ExecContext(ctx, args...)
			return err
		}
		return tx.Exec(texts[n], args...).Error
	}
	plain := make([]audit.Entry, 0, len(entries))
	var pairs []any
	for _, e := range entries {
		if len(e.Shown) == 0 {
			plain = append(plain, e)
			continue
		}
		e.CaseID = nil
		var id int64
		var err error
		if prep != nil {
			err = stx.StmtContext(ctx, prep.view).QueryRowContext(ctx, auditArgs(nil, e)...).Scan(&id)
		} else {
			err = tx.Raw(accessLogViewRow, auditArgs(nil, e)...).Row().Scan(&id)
		}
		if err != nil {
			return fmt.Errorf("insert access log view: %w", err)
		}
		for _, c := range e.Shown {
			pairs = append(pairs, c, id)
		}
	}
	var rows map[int]*sql.Stmt
	var pairStmts map[int]*sql.Stmt
	if prep != nil {
		rows, pairStmts = prep.rows, prep.pairs
	}
	for _, n := range accessLogChunks {
		for len(plain) >= n {
			args := make([]any, 0, 12*n)
			for _, e := range plain[:n] {
				args = auditArgs(args, e)
			}
			if err := exec(rows, accessLogInsert, n, args); err != nil {
				return fmt.Errorf("insert access log: %w", err)
			}
			plain = plain[n:]
		}
		for len(pairs) >= 2*n {
			if err := exec(pairStmts, accessLogCasePair, n, pairs[:2*n]); err != nil {
				return fmt.Errorf("insert access log cases: %w", err)
			}
			pairs = pairs[2*n:]
		}
	}
	return nil
}

// InsertAccessLog commits entries in one transaction; the audit.Recorder
// calls it with the batched reads of concurrent requests.
func (db *DB) InsertAccessLog(ctx context.Context, entries []audit.Entry) error {
	return translate("access log", db.tx(ctx, func(tx *gorm.DB) error { return db.insertAudit(tx, entries) }))
}

// AccessLogFilter narrows an access-log listing.
type AccessLogFilter struct {
	RegionID     int64
	UserID       *int64
	CaseID       *int64
	ResourceType string
	Offset       int
	Limit        int
}

// accessLogSelect are the columns of an entry but its case, in the order
// scanEntries reads them; the case follows as the last column.
const accessLogSelect = "SELECT a.id, a.at, a.user_id, a.role, a.region_id, a.practice_id, a.client_addr, a.action, a.outcome, a.resource_type, a.resource_id, a.request_id, "

// AccessLog lists entries of f.RegionID, newest first. A list view reads
// back as one entry per case it showed (they share the view's id).
func (db *DB) AccessLog(ctx context.Context, f AccessLogFilter) ([]audit.Entry, error) {
	offset, limit := page(f.Offset, f.Limit)
	cond, args := " AND a.region_id = ?", []any{f.RegionID}
	if f.UserID != nil {
		cond, args = cond+" AND a.user_id = ?", append(args, *f.UserID)
	}
	if f.ResourceType != "" {
		cond, args = cond+" AND a.resource_type = ?", append(args, f.ResourceType)
	}
	var q string
	if f.CaseID != nil {
		q, args = caseLogQuery(cond, args, *f.CaseID, "DESC")
	} else {
		// Each view's cases come from the entry index in case order, so
		// the order needs no sort.
		q = accessLogSelect + "COALESCE(s.case_id, a.case_id) FROM access_log a LEFT JOIN access_log_cases s ON s.entry_id = a.id WHERE 1 = 1" + cond +
			" ORDER BY a.id DESC, s.case_id DESC"
	}
	rows, err := db.query(ctx, q+" LIMIT ? OFFSET ?", append(args, limit, offset)...)
	if err != nil {
		return nil, translate("list access log", err)
	}
	return scanEntries(rows, "list access log")
}

// caseLogQuery is the entries of case id that also meet cond (on a, with
// args), in id order dir: its own rows and the list views that showed it,
// each side read from its case index in order and merged.
func caseLogQuery(cond string, args []any, id int64, dir string) (string, []any) {
	// The views' side names s.entry_id (equal to a.id) so that its order
	// is the pairs' key order.
	q := accessLogSelect + "a.case_id FROM access_log a WHERE a.case_id = ?" + cond +
		" UNION ALL " + strings.Replace(accessLogSelect, "a.id", "s.entry_id", 1) + "s.case_id FROM access_log_cases s JOIN access_log a ON a.id = s.entry_id WHERE s.case_id = ?" + cond +
		" ORDER BY 1 " + dir
	out := append([]any{id}, args...)
	out = append(out, id)
	return q, append(out, args...)
}

// CaseAccessLog lists the access log of case ref, newest first: every
// attempt on the case, whoever made it, including denied attempts by users
// of other practices and regions (the case id is what they asked for), and
// every list that showed it.
func (db *DB) CaseAccessLog(ctx context.Context, ref CaseRef, offset, limit int) ([]audit.Entry, error) {
	if err := ref.check(); err != nil {
		return nil, err
	}
	offset, limit = page(offset, limit)
	q, args := caseLogQuery("", nil, ref.id, "DESC")
	rows, err := db.query(ctx, q+" LIMIT ? OFFSET ?", append(args, limit, offset)...)
	if err != nil {
		return nil, translate(fmt.Sprintf("access log of case[%d]", ref.id), err)
	}
	return scanEntries(rows, fmt.Sprintf("access log of case[%d]", ref.id))
}

// caseAccessLog reads every row of case id, oldest first, on q (the
// export's reads).
func (db *DB) caseAccessLog(q *gorm.DB, id int64) ([]audit.Entry, error) {
	text, args := caseLogQuery("", nil, id, "ASC")
	rows, err := q.Raw(text, args...).Rows()
	if err != nil {
		return nil, translate(fmt.Sprintf("access log of case[%d]", id), err)
	}
	return scanEntries(rows, fmt.Sprintf("access log of case[%d]", id))
}

// scanEntries reads the rows of an accessLogSelect query and closes them.
func scanEntries(rows *sql.Rows, what string) ([]audit.Entry, error) {
	defer rows.Close()
	out := []audit.Entry{}
	for rows.Next() {
		var e audit.Entry
		var action, outcome, res string
		if err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.Role, &e.RegionID, &e.PracticeID, &e.ClientAddr, &action, &outcome, &res,
			&e.ResourceID, &e.RequestID, &e.CaseID); err != nil {
			return nil, translate(what, err)
		}
		e.At = e.At.UTC()
		e.Action, e.Outcome, e.ResourceType = audit.Action(action), audit.Outcome(outcome), audit.Resource(res)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, translate(what, err)
	}
	return out, nil
}

// noAudit is for writes outside any user's request (seeding, the CLI).
func noAudit(int64) []audit.Entry { return nil }
