package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
)

// ErasedLabel replaces the label of an erased case, so lists and logs that
// still show the tombstone show that it was erased.
const ErasedLabel = "[gewist]"

// retentionLockKey is the PostgreSQL advisory lock that lets one instance
// at a time run the retention job.
const retentionLockKey = 7420002

// ErrErased is the answer for an erased case: it existed, it is gone.
var ErrErased = errs.New(errs.ErrGone, "this case has been erased; only its access log remains")

// EraseCase erases every narrative and identifying field of case id: label,
// birth year, PC4, practice reference, question, outcome reason, the texts
// of conversations, addenda, goals, strengths, sensitivities, needs, notes
// and plan items. What stays is the tombstone (status, consent, team, dates)
// and the de-identified facts the outcome figures use (intention, outcome,
// statuses, categories, domain scores), and the access log, which the law
// requires to be kept. Erasing an erased case is ErrErased. Once committed,
// the erased text is scrubbed from the files (ScrubErased) before it returns.
func (db *DB) EraseCase(ctx context.Context, ref CaseRef, by *int64, reason string, log AuditFunc) error {
	if err := db.eraseCase(ctx, &ref, ref.id, by, reason, log); err != nil {
		return err
	}
	return translate(fmt.Sprintf("erase case[%d]", ref.id), db.ScrubErased(ctx))
}

// eraseCase erases case id: the case of ref, or for the retention job
// (ref nil) a case its own query found ended and expired.
func (db *DB) eraseCase(ctx context.Context, ref *CaseRef, id int64, by *int64, reason string, log AuditFunc) error {
	return translate(fmt.Sprintf("erase case[%d]", id), db.tx(ctx, func(tx *gorm.DB) error {
		if ref != nil {
			var n int64
			if err := caseOf(tx.Model(&caseRow{}), *ref).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				return gorm.ErrRecordNotFound
			}
		}
		if err := eraseCaseTx(tx, id, by, reason, db.now()); err != nil {
			return err
		}
		return db.insertAudit(tx, log(id))
	}))
}

func eraseCaseTx(tx *gorm.DB, id int64, by *int64, reason string, now time.Time) error {
	var row caseRow
	if err := tx.Select("id", "practice_id", "practice_ref", "version").Take(&row, id).Error; err != nil {
		return err
	}
	var erased int64
	if err := tx.Model(&caseRow{}).Where("id = ? AND erased_at IS NOT NULL", id).Count(&erased).Error; err != nil {
		return err
	}
	if erased > 0 {
		return ErrErased
	}
	if err := linkResident(tx, row); err != nil {
		return err
	}
	if err := tx.Model(&caseRow{}).Where("id = ?", id).Updates(map[string]any{
		"label": ErasedLabel, "birth_year": 0, "pc4": nil, "practice_ref": nil, "question": "", "outcome_reason": nil,
		"erased_at": now, "erased_by": by, "erased_reason": reason, "version": row.Version + 1, "updated_at": now,
	}).Error; err != nil {
		return err
	}
	if err := eraseConversations(tx, id); err != nil {
		return err
	}
	if err := eraseResidentTx(tx, id, now); err != nil {
		return err
	}
	texts := []struct {
		model any
		where string
		set   map[string]any
	}{
		{&addendumRow{}, "conversation_id IN (SELECT id FROM conversations WHERE case_id = ?)", map[string]any{"text": ""}},
		{&goalRow{}, "case_id = ?", map[string]any{"text": ""}},
		{&caseItemRow{}, "case_id = ?", map[string]any{"text": ""}},
		{&noteRow{}, "case_id = ?", map[string]any{"text": ""}},
		{&planItemRow{}, "case_id = ?", map[string]any{"title": "", "note": "", "arranged_note": ""}},
		{&appointmentRow{}, "case_id = ?", map[string]any{"place": ""}},
		{&participantRow{}, "appointment_id IN (SELECT id FROM appointments WHERE case_id = ?)", map[string]any{"name": ""}},
		{&planItemStepRow{}, "case_id = ?", map[string]any{"reason_text": ""}},
	}
	for _, t := range texts {
		if err := tx.Model(t.model).Where(t.where, id).UpdateColumns(t.set).Error; err != nil {
			return err
		}
	}
	return eraseIdempotentAnswers(tx, id)
}

// linkResident gives every case of the same practice and practice reference
// one resident_link (the lowest case id of the group) before the reference is
// erased, so "sustained" still knows which cases belong together.
func linkResident(tx *gorm.DB, row caseRow) error {
	if row.PracticeRef == nil {
		return nil
	}
	var link struct{ Link *int64 }
	if err := tx.Model(&caseRow{}).Select("MIN(coalesce(resident_link, id)) AS link").
		Where("practice_id = ? AND practice_ref = ?", row.PracticeID, *row.PracticeRef).Scan(&link).Error; err != nil {
		return err
	}
	if link.Link == nil {
		link.Link = &row.ID
	}
	return tx.Model(&caseRow{}).Where("practice_id = ? AND practice_ref = ?", row.PracticeID, *row.PracticeRef).
		Update("resident_link", *link.Link).Error
}

// eraseConversations empties the sections of every conversation of case id
// (the domain scores live on in domain_scores) and drops the free-text names
// of participants, keeping their roles and user ids.
func eraseConversations(tx *gorm.DB, caseID int64) error {
	var rows []conversationRow
	if err := tx.Select("id", "participants").Where("case_id = ?", caseID).Find(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		var ps []caseflow.Participant
		if err := json.Unmarshal([]byte(r.Participants), &ps); err != nil {
			return fmt.Errorf("decode participants: %w", err)
		}
		for i := range ps {
			ps[i].Name = ""
		}
		if ps == nil {
			ps = []caseflow.Participant{}
		}
		b, err := json.Marshal(ps)
		if err != nil {
			return err
		}
		if err := tx.Model(&conversationRow{}).Where("id = ?", r.ID).UpdateColumns(map[string]any{"sections": "{}", "participants": string(b)}).Error; err != nil {
			return err
		}
	}
	return nil
}

// ErasedCase is what the retention job tells the log about one erasure.
type ErasedCase struct {
	ID, RegionID int64
}

// EraseExpired erases up to limit ended cases (closed or withdrawn) whose
// closed_at lies before cutoff, each in its own transaction with the access
// log row made by log. On PostgreSQL only one instance runs it at a time
// (pg_try_advisory_lock); the others return at once with nothing done. The
// erased text is scrubbed from the files once, after the batch.
func (db *DB) EraseExpired(ctx context.Context, cutoff time.Time, limit int, reason string, log func(ErasedCase) AuditFunc) ([]ErasedCase, error) {
	run := func() ([]ErasedCase, error) {
		var rows []caseRow
		if err := db.r.WithContext(ctx).Select("id", "region_id").
			Where("status IN ? AND closed_at IS NOT NULL AND closed_at < ? AND erased_at IS NULL", []caseflow.Status{caseflow.StatusClosed, caseflow.StatusWithdrawn}, cutoff.UTC()).
			Order("closed_at, id").Limit(limit).Find(&rows).Error; err != nil {
			return nil, translate("expired cases", err)
		}
		var done []ErasedCase
		var failed error
		for _, r := range rows {
			ec := ErasedCase{ID: r.ID, RegionID: r.RegionID}
			err := db.eraseCase(ctx, nil, r.ID, nil, reason, log(ec))
			if err != nil && !errors.Is(err, errs.ErrGone) {
				failed = err
				break
			}
			if err == nil {
				done = append(done, ec)
			}
		}
		if len(done) > 0 {
			failed = errors.Join(failed, translate("erase expired", db.ScrubErased(ctx))) // once for the whole batch
		}
		return done, failed
	}
	if db.dialect != Postgres {
		return run()
	}
	var out []ErasedCase
	err := db.w.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		var got bool
		if err := conn.Raw("SELECT pg_try_advisory_lock(?)", retentionLockKey).Scan(&got).Error; err != nil {
			return fmt.Errorf("retention lock: %w", err)
		}
		if !got {
			return nil
		}
		defer conn.Exec("SELECT pg_advisory_unlock(?)", retentionLockKey)
		var err error
		out, err = run()
		return err
	})
	return out, err
}
