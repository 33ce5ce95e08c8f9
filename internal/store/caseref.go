package store

import (
	"context"
	"database/sql"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
)

// CaseRef is a case that a caller may reach, as one of the gates found it
// within the caller's scope. Its fields are unexported, so only the gates of
// this package make one: every store method that reads or writes a case's
// data takes a CaseRef, never a bare case id, and filters by it in SQL. A
// child (conversation, plan item) is always looked up together with the
// case id of the ref, so a child of another case is not found.
type CaseRef struct {
	id, regionID, practiceID int64
	facts                    caseflow.Facts
	// row is the case row as CaseGate read it (nil from the child gates),
	// for CaseAsGated.
	row *caseRow
}

// ID is the case id.
func (r CaseRef) ID() int64 { return r.id }

// Facts are what the policy needs to decide on the case.
func (r CaseRef) Facts() caseflow.Facts { return r.facts }

// factsRow is what a gate reads of the case.
type factsRow struct {
	ID            int64
	PracticeID    int64
	RegionID      int64
	Status        string
	ConsentStatus string
	OnTeam        bool
	Erased        bool
	ChildID       int64
}

func (f factsRow) ref() CaseRef {
	return CaseRef{id: f.ID, regionID: f.RegionID, practiceID: f.PracticeID, facts: caseflow.Facts{
		ID: f.ID, PracticeID: f.PracticeID, RegionID: f.RegionID, Status: caseflow.Status(f.Status),
		Consent: caseflow.ConsentStatus(f.ConsentStatus), OnTeam: f.OnTeam, Erased: f.Erased,
	}}
}

const factsColumns = "cases.id, cases.practice_id, cases.region_id, cases.status, cases.consent_status, " +
	"EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = cases.id AND t.user_id = ?) AS on_team, cases.erased_at IS NOT NULL AS erased"

// caseRowColumns are the columns of caseRow, in the order scanCaseRow takes them.
const caseRowColumns = "cases.id, cases.region_id, cases.practice_id, cases.label, cases.birth_year, cases.pc4, cases.practice_ref, " +
	"cases.question, cases.signalled_by, cases.signalled_at, cases.referral_intention, cases.source, cases.status, cases.consent_status, " +
	"cases.consent_at, cases.consent_by, cases.outcome, cases.outcome_reason, cases.closed_at, cases.closed_by, " +
	"cases.first_conversation_on, cases.next_follow_up_on, cases.erased_at, cases.version, cases.created_at, cases.updated_at"

// scanCaseRow scans caseRowColumns (and then extra) from rows.
func scanCaseRow(rows *sql.Rows, r *caseRow, extra ...any) error {
	return rows.Scan(append([]any{&r.ID, &r.RegionID, &r.PracticeID, &r.Label, &r.BirthYear, &r.PC4, &r.PracticeRef,
		&r.Question, &r.SignalledBy, &r.SignalledAt, &r.ReferralIntention, &r.Source, &r.Status, &r.ConsentStatus,
		&r.ConsentAt, &r.ConsentBy, &r.Outcome, &r.OutcomeReason, &r.ClosedAt, &r.ClosedBy,
		&r.FirstConversationOn, &r.NextFollowUpOn, &r.ErasedAt, &r.Version, &r.CreatedAt, &r.UpdatedAt}, extra...)...)
}

// CaseGate finds case id within scope s; outside it the case is
// errs.ErrNotFound. viewer is the caller, for team membership. It reads the
// whole case row in the same statement (a prepared raw read: the gate is on
// every case route's path), so that GET /cases/{id} needs no second read of
// it (CaseAsGated).
func (db *DB) CaseGate(ctx context.Context, s caseflow.Scope, viewer, id int64) (CaseRef, error) {
	where, args := scopeSQL(s)
	rows, err := db.query(ctx, "SELECT "+caseRowColumns+", EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = cases.id AND t.user_id = ?) "+
		"FROM cases WHERE cases.id = ? AND "+where, append([]any{viewer, id}, args...)...)
	if err != nil {
		return CaseRef{}, translate(fmt.Sprintf("case[%d]", id), err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return CaseRef{}, translate(fmt.Sprintf("case[%d]", id), err)
		}
		return CaseRef{}, fmt.Errorf("case[%d]: %w", id, errs.ErrNotFound)
	}
	row := new(caseRow)
	var onTeam bool
	if err := scanCaseRow(rows, row, &onTeam); err != nil {
		return CaseRef{}, translate(fmt.Sprintf("case[%d]", id), err)
	}
	ref := factsRow{ID: row.ID, PracticeID: row.PracticeID, RegionID: row.RegionID, Status: row.Status, ConsentStatus: row.ConsentStatus,
		OnTeam: onTeam, Erased: row.ErasedAt != nil}.ref()
	ref.row = row
	return ref, nil
}

// OutOfScope is the not-found of a child gate. CaseID names the case the
// child belongs to, if it exists at all, for the access log only: a denied
// attempt on a conversation of case A belongs in A's log, whoever made it.
type OutOfScope struct {
	CaseID *int64
	err    error
}

func (e *OutOfScope) Error() string { return e.err.Error() }
func (e *OutOfScope) Unwrap() error { return e.err }

// childGate finds the case of a child row (table.id = childID) within scope
// s, in one query; outside it the child is not found.
func (db *DB) childGate(ctx context.Context, table string, s caseflow.Scope, viewer, childID int64) (CaseRef, error) {
	var row factsRow
	q := db.r.WithContext(ctx).Table(table+" ch").Select(factsColumns+", ch.id AS child_id", viewer).
		Joins("JOIN cases ON cases.id = ch.case_id").Where("ch.id = ?", childID)
	if err := scopeCases(q, s).Take(&row).Error; err != nil {
		err = translate(fmt.Sprintf("%s[%d]", table, childID), err)
		var owner []int64
		if lerr := db.r.WithContext(ctx).Table(table).Where("id = ?", childID).Limit(1).Pluck("case_id", &owner).Error; lerr == nil && len(owner) == 1 {
			return CaseRef{}, &OutOfScope{CaseID: &owner[0], err: err}
		}
		return CaseRef{}, err
	}
	return row.ref(), nil
}

// ConversationGate finds the case of conversation id within scope s.
func (db *DB) ConversationGate(ctx context.Context, s caseflow.Scope, viewer, id int64) (CaseRef, error) {
	return db.childGate(ctx, "conversations", s, viewer, id)
}

// PlanItemGate finds the case of plan item id within scope s.
func (db *DB) PlanItemGate(ctx context.Context, s caseflow.Scope, viewer, id int64) (CaseRef, error) {
	return db.childGate(ctx, "plan_items", s, viewer, id)
}

// check is the not-found of a CaseRef that no gate made (the zero value): a
// child list read with it finds nothing rather than answering empty.
func (r CaseRef) check() error {
	if r.id == 0 {
		return fmt.Errorf("case ref: %w", errs.ErrNotFound)
	}
	return nil
}

// caseOf narrows a query on table cases to the ref's case.
func caseOf(q *gorm.DB, ref CaseRef) *gorm.DB {
	return q.Where("cases.id = ? AND cases.region_id = ? AND cases.practice_id = ?", ref.id, ref.regionID, ref.practiceID)
}

// caseOpen is the one check in front of every write to a case's data: it
// loads the case row of ref in the write's transaction, locked against a
// concurrent close on PostgreSQL (SQLite has one writer), and refuses the
// write when the lifecycle says the case no longer takes any.
func caseOpen(tx *gorm.DB, ref CaseRef) (caseRow, error) {
	var c caseRow
	if err := caseOf(tx.Model(&caseRow{}), ref).Clauses(clause.Locking{Strength: "UPDATE"}).Take(&c).Error; err != nil {
		return c, err
	}
	return c, caseflow.Writable(caseflow.Status(c.Status), c.ErasedAt != nil)
}
