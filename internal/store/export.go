package store

import (
	"context"
	"fmt"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/export"
)

// CaseRecord reads the whole of case ref for an export: the case, every
// conversation with its addenda, every note, the plan and, when withLog
// (the caller may read it), the case's access log.
func (db *DB) CaseRecord(ctx context.Context, ref CaseRef, withLog bool) (export.Record, error) {
	id := ref.id
	r := export.Record{Format: export.Format, Version: export.Version, ExportedAt: db.now()}
	c, err := db.Case(ctx, ref)
	if err != nil {
		return r, err
	}
	r.Case = export.FullCase{View: "full", Case: c}
	if r.Conversations, err = db.Conversations(ctx, ref); err != nil {
		return r, err
	}
	if r.Plan, err = db.Plan(ctx, ref); err != nil {
		return r, err
	}
	if r.Appointments, err = db.Appointments(ctx, ref); err != nil {
		return r, err
	}
	if sc, err := db.SelfCheck(ctx, ref); err != nil {
		return r, err
	} else if sc.UpdatedAt != nil {
		r.SelfCheck = &sc
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
	if withLog {
		if r.AccessLog, err = db.caseAccessLog(q, id); err != nil {
			return r, err
		}
	}
	return r, nil
}
