package store

import (
	"context"
	"fmt"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/export"
)

// CaseRecord reads the whole of case id for an export: the case, every
// conversation with its addenda, every note, the plan and the case's access
// log within regionID. Callers have checked access with CaseFacts.
func (db *DB) CaseRecord(ctx context.Context, regionID, id int64) (export.Record, error) {
	r := export.Record{Format: export.Format, Version: export.Version, ExportedAt: db.now()}
	c, err := db.Case(ctx, id)
	if err != nil {
		return r, err
	}
	r.Case = export.FullCase{View: "full", Case: c}
	if r.Conversations, err = db.Conversations(ctx, id); err != nil {
		return r, err
	}
	if r.Plan, err = db.Plan(ctx, id); err != nil {
		return r, err
	}
	q := db.r.WithContext(ctx)
	var notes []noteRow
	if err := q.Where("case_id = ?", id).Order("id").Find(&notes).Error; err != nil {
		return r, translate(fmt.Sprintf("export notes[%d]", id), err)
	}
	ids := make([]int64, len(notes))
	for i, n := range notes {
		ids[i] = n.AuthorID
	}
	people, err := persons(q, ids...)
	if err != nil {
		return r, translate("export note authors", err)
	}
	r.Notes = make([]caseflow.Note, len(notes))
	for i, n := range notes {
		r.Notes[i] = noteOf(n, people)
	}
	var log []accessLogRow
	if err := q.Where("region_id = ? AND case_id = ?", regionID, id).Order("id").Find(&log).Error; err != nil {
		return r, translate(fmt.Sprintf("export access log[%d]", id), err)
	}
	r.AccessLog = make([]audit.Entry, len(log))
	for i, e := range log {
		r.AccessLog[i] = audit.Entry{
			ID: e.ID, At: e.At, UserID: e.UserID, Role: e.Role, RegionID: e.RegionID, PracticeID: e.PracticeID,
			ClientAddr: e.ClientAddr, Action: audit.Action(e.Action), Outcome: audit.Outcome(e.Outcome),
			ResourceType: e.ResourceType, ResourceID: e.ResourceID, CaseID: e.CaseID, RequestID: e.RequestID,
		}
	}
	return r, nil
}
