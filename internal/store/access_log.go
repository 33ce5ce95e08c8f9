package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/audit"
)

// AuditFunc builds the access-log entries of a write once the written
// record's id is known; they are committed in the write's own transaction.
type AuditFunc func(id int64) []audit.Entry

type accessLogRow struct {
	ID           int64 `gorm:"primaryKey"`
	At           time.Time
	UserID       int64
	Role         string
	RegionID     int64
	PracticeID   *int64
	ClientAddr   string
	Action       string
	Outcome      string
	ResourceType string
	ResourceID   *int64
	CaseID       *int64
	RequestID    string
}

func (accessLogRow) TableName() string { return "access_log" }

// accessLogColumns are the columns of an access-log row, in the order
// insertAudit binds them.
const accessLogColumns = "(at, user_id, role, region_id, practice_id, client_addr, action, outcome, resource_type, resource_id, case_id, request_id)"

// accessLogChunks are the row counts of the INSERT statements insertAudit
// uses: a batch is cut into chunks of these sizes, so the statement texts
// are few (each prepared once per connection), a chunk stays far below
// SQLite's limit on bound variables, and a worklist that showed 400 cases
// costs seven statements rather than 400. No reflection over row structs:
// the access log is on every request's path.
var accessLogChunks = []int{64, 8, 1}

var accessLogInsert = func() map[int]string {
	out := map[int]string{}
	row := "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	for _, n := range accessLogChunks {
		out[n] = "INSERT INTO access_log " + accessLogColumns + " VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
	}
	return out
}()

// auditStmts are the access-log INSERTs prepared once on the writer pool,
// by row count. GORM prepares a statement met first inside a transaction on
// that transaction alone, so each later transaction would prepare the same
// INSERT again; a statement prepared on the pool and bound to a transaction
// with Tx.StmtContext reuses the connection's prepared statement instead.
type auditStmts struct {
	mu    sync.Mutex
	ready atomic.Pointer[map[int]*sql.Stmt]
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
	out := map[int]*sql.Stmt{}
	for n, text := range accessLogInsert {
		if db.dialect == Postgres {
			text = dollarPlaceholders(text)
		}
		st, err := w.PrepareContext(ctx, text)
		if err != nil {
			for _, st := range out {
				st.Close()
			}
			return
		}
		out[n] = st
	}
	db.audit.ready.Store(&out)
}

// closeAudit closes the prepared INSERTs.
func (db *DB) closeAudit() {
	if m := db.audit.ready.Swap(nil); m != nil {
		for _, st := range *m {
			st.Close()
		}
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

func (db *DB) insertAudit(tx *gorm.DB, entries []audit.Entry) error {
	var stmts map[int]*sql.Stmt
	stx := sqlTx(tx)
	if m := db.audit.ready.Load(); m != nil && stx != nil {
		stmts = *m
	}
	ctx := tx.Statement.Context
	if ctx == nil {
		ctx = context.Background()
	}
	for _, n := range accessLogChunks {
		for len(entries) >= n {
			args := make([]any, 0, 12*n)
			for _, e := range entries[:n] {
				args = append(args, e.At.UTC(), e.UserID, e.Role, e.RegionID, e.PracticeID, e.ClientAddr,
					string(e.Action), string(e.Outcome), string(e.ResourceType), e.ResourceID, e.CaseID, e.RequestID)
			}
			var err error
			if stmts != nil {
				_, err = stx.StmtContext(ctx, stmts[n]).ExecContext(ctx, args...)
			} else {
				err = tx.Exec(accessLogInsert[n], args...).Error
			}
			if err != nil {
				return fmt.Errorf("insert access log: %w", err)
			}
			entries = entries[n:]
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

// AccessLog lists entries of f.RegionID, newest first.
func (db *DB) AccessLog(ctx context.Context, f AccessLogFilter) ([]audit.Entry, error) {
	offset, limit := page(f.Offset, f.Limit)
	q := db.r.WithContext(ctx).Where("region_id = ?", f.RegionID)
	if f.UserID != nil {
		q = q.Where("user_id = ?", *f.UserID)
	}
	if f.CaseID != nil {
		q = q.Where("case_id = ?", *f.CaseID)
	}
	if f.ResourceType != "" {
		q = q.Where("resource_type = ?", f.ResourceType)
	}
	var rows []accessLogRow
	if err := q.Order("id desc").Offset(offset).Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate("list access log", err)
	}
	return entriesOf(rows), nil
}

// CaseAccessLog lists the access log of case ref, newest first: every
// attempt on the case, whoever made it, including denied attempts by users
// of other practices and regions (the case id is what they asked for).
func (db *DB) CaseAccessLog(ctx context.Context, ref CaseRef, offset, limit int) ([]audit.Entry, error) {
	if err := ref.check(); err != nil {
		return nil, err
	}
	offset, limit = page(offset, limit)
	return db.caseAccessLog(db.r.WithContext(ctx).Order("id desc"), ref.id, offset, limit)
}

// caseAccessLog reads the rows of case id; limit < 0 reads them all, oldest
// first unless q orders otherwise.
func (db *DB) caseAccessLog(q *gorm.DB, id int64, offset, limit int) ([]audit.Entry, error) {
	q = q.Where("case_id = ?", id)
	if limit >= 0 {
		q = q.Offset(offset).Limit(limit)
	} else {
		q = q.Order("id")
	}
	var rows []accessLogRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(fmt.Sprintf("access log of case[%d]", id), err)
	}
	return entriesOf(rows), nil
}

func entriesOf(rows []accessLogRow) []audit.Entry {
	out := make([]audit.Entry, len(rows))
	for i, r := range rows {
		out[i] = audit.Entry{
			ID: r.ID, At: r.At, UserID: r.UserID, Role: r.Role, RegionID: r.RegionID, PracticeID: r.PracticeID,
			ClientAddr: r.ClientAddr, Action: audit.Action(r.Action), Outcome: audit.Outcome(r.Outcome),
			ResourceType: audit.Resource(r.ResourceType), ResourceID: r.ResourceID, CaseID: r.CaseID, RequestID: r.RequestID,
		}
	}
	return out
}

// noAudit is for writes outside any user's request (seeding, the CLI).
func noAudit(int64) []audit.Entry { return nil }
