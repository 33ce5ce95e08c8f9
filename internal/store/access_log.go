package store

import (
	"context"
	"fmt"
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

// insertAccessLogSQL is one row; the statement text never changes, so it is
// prepared once per connection and a batch of any size reuses it, with no
// reflection over row structs (the access log is on every request's path).
const insertAccessLogSQL = "INSERT INTO access_log (at, user_id, role, region_id, practice_id, client_addr, action, outcome, resource_type, resource_id, case_id, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

func insertAudit(tx *gorm.DB, entries []audit.Entry) error {
	for _, e := range entries {
		if err := tx.Exec(insertAccessLogSQL, e.At.UTC(), e.UserID, e.Role, e.RegionID, e.PracticeID, e.ClientAddr,
			string(e.Action), string(e.Outcome), string(e.ResourceType), e.ResourceID, e.CaseID, e.RequestID).Error; err != nil {
			return fmt.Errorf("insert access log: %w", err)
		}
	}
	return nil
}

// InsertAccessLog commits entries in one transaction; the audit.Recorder
// calls it with the batched reads of concurrent requests.
func (db *DB) InsertAccessLog(ctx context.Context, entries []audit.Entry) error {
	return translate("access log", db.tx(ctx, func(tx *gorm.DB) error { return insertAudit(tx, entries) }))
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
