package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
)

type noteRow struct {
	ID         int64 `gorm:"primaryKey"`
	CaseID     int64
	AuthorID   int64
	AuthorRole string
	Text       string
	CorrectsID *int64
	CreatedAt  time.Time
}

func (noteRow) TableName() string { return "notes" }

// AddNote appends a note; a correction must point at a note of the same case.
// There is no method to edit or delete a note.
func (db *DB) AddNote(ctx context.Context, ref CaseRef, author int64, role string, in caseflow.NoteInput, log AuditFunc) (caseflow.Note, error) {
	caseID := ref.id
	row := noteRow{CaseID: caseID, AuthorID: author, AuthorRole: role, Text: in.Text, CorrectsID: in.Corrects, CreatedAt: db.now()}
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if _, err := caseOpen(tx, ref); err != nil {
			return err
		}
		if in.Corrects != nil {
			var n int64
			if err := tx.Model(&noteRow{}).Where("id = ? AND case_id = ?", *in.Corrects, caseID).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				return errs.Invalid(errs.Field("corrects", "unknown", "is not a note of this case"))
			}
		}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return db.insertAudit(tx, log(row.ID))
	})
	if err != nil {
		return caseflow.Note{}, translate("add note", err)
	}
	people, err := persons(db.r.WithContext(ctx), author)
	if err != nil {
		return caseflow.Note{}, translate("note author", err)
	}
	return noteOf(row, people), nil
}

// Notes lists the notes of a case, oldest first.
func (db *DB) Notes(ctx context.Context, ref CaseRef, offset, limit int) ([]caseflow.Note, int64, error) {
	if err := ref.check(); err != nil {
		return nil, 0, err
	}
	caseID := ref.id
	offset, limit = page(offset, limit)
	q := db.r.WithContext(ctx)
	var total int64
	if err := q.Model(&noteRow{}).Where("case_id = ?", caseID).Count(&total).Error; err != nil {
		return nil, 0, translate("count notes", err)
	}
	var rows []noteRow
	if err := q.Where("case_id = ?", caseID).Order("id").Offset(offset).Limit(limit).Find(&rows).Error; err != nil {
		return nil, 0, translate("list notes", err)
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.AuthorID
	}
	people, err := persons(q, ids...)
	if err != nil {
		return nil, 0, translate("note authors", err)
	}
	out := make([]caseflow.Note, len(rows))
	for i, r := range rows {
		out[i] = noteOf(r, people)
	}
	return out, total, nil
}

// noteOf shows the author with the role they wrote the note in, which may
// differ from their role today.
func noteOf(r noteRow, people map[int64]caseflow.Person) caseflow.Note {
	author := people[r.AuthorID]
	author.Role = r.AuthorRole
	return caseflow.Note{ID: r.ID, CaseID: r.CaseID, Text: r.Text, Author: author, Corrects: r.CorrectsID, CreatedAt: r.CreatedAt}
}
