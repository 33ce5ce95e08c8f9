package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type idempotencyRow struct {
	UserID         int64  `gorm:"primaryKey;autoIncrement:false"`
	IdemKey        string `gorm:"primaryKey"`
	RequestHash    string
	State          string
	Status         int
	Location       string
	ContentType    string
	ETag           string `gorm:"column:e_tag"`
	Body           []byte
	CaseID         *int64
	ConversationID *int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (idempotencyRow) TableName() string { return "idempotency_keys" }

const (
	idemPending = "pending"
	idemDone    = "done"
)

// IdempotentRequest names one request under an Idempotency-Key: whose key,
// the key, and the hash of what was sent (method, path and body).
type IdempotentRequest struct {
	UserID int64
	Key    string
	Hash   string
}

// StoredAnswer is the first answer to an idempotent request, kept to be
// given again. CaseID and ConversationID tie it to a case, for erasure.
type StoredAnswer struct {
	Status                      int
	Location, ContentType, ETag string
	Body                        []byte
	CaseID, ConversationID      *int64
}

// Reservation is what ReserveIdempotencyKey found.
type Reservation int

// The outcomes of a reservation.
const (
	// Reserved: the key is this request's now; carry it out, then Complete
	// or Release the key.
	Reserved Reservation = iota
	// Replay: the same request was answered before; send that answer.
	Replay
	// InProgress: the same key is reserved by a request still running.
	InProgress
	// Mismatch: the key was used for another request (method, path or body).
	Mismatch
)

// IdempotencyTimes are the two durations of the scheme: how long a key and
// its answer are kept (TTL), and how long a reservation without an answer
// holds before it counts as abandoned (Lease: the process died mid-request).
type IdempotencyTimes struct {
	TTL, Lease time.Duration
}

// ReserveIdempotencyKey reserves r's key for r, or says why not. The
// reservation is an INSERT that only one of any number of concurrent
// requests can win, on every instance, because (user_id, idem_key) is the
// primary key; the others read the winner's row: a reservation still under
// its lease is InProgress, an answer is a Replay, another hash a Mismatch.
// Keys older than the TTL, and reservations past their lease, are taken over.
func (db *DB) ReserveIdempotencyKey(ctx context.Context, r IdempotentRequest, now time.Time, t IdempotencyTimes) (Reservation, StoredAnswer, error) {
	var (
		outcome Reservation
		answer  StoredAnswer
	)
	err := db.tx(ctx, func(tx *gorm.DB) error {
		fresh := idempotencyRow{UserID: r.UserID, IdemKey: r.Key, RequestHash: r.Hash, State: idemPending, CreatedAt: now, UpdatedAt: now}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&fresh)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 1 {
			outcome = Reserved
			return nil
		}
		var row idempotencyRow
		if err := tx.Clauses(lockForUpdate(db.dialect)...).Take(&row, "user_id = ? AND idem_key = ?", r.UserID, r.Key).Error; err != nil {
			return err
		}
		switch {
		case now.Sub(row.CreatedAt) > t.TTL:
			// Expired: the key starts over as this request's.
			outcome = Reserved
			return tx.Model(&idempotencyRow{}).Where("user_id = ? AND idem_key = ?", r.UserID, r.Key).
				Select("*").Updates(&fresh).Error
		case row.RequestHash != r.Hash:
			outcome = Mismatch
		case row.State == idemDone:
			outcome = Replay
			answer = StoredAnswer{Status: row.Status, Location: row.Location, ContentType: row.ContentType, ETag: row.ETag, Body: row.Body,
				CaseID: row.CaseID, ConversationID: row.ConversationID}
		case now.Sub(row.UpdatedAt) > t.Lease:
			// Reserved long ago and never answered: whoever held it is gone.
			outcome = Reserved
			return tx.Model(&idempotencyRow{}).Where("user_id = ? AND idem_key = ?", r.UserID, r.Key).Update("updated_at", now).Error
		default:
			outcome = InProgress
		}
		return nil
	})
	if err != nil {
		return 0, StoredAnswer{}, translate("reserve idempotency key", err)
	}
	return outcome, answer, nil
}

// CompleteIdempotencyKey stores the answer to r, for the key's TTL. An
// answer tied to a conversation is tied to its case too.
func (db *DB) CompleteIdempotencyKey(ctx context.Context, r IdempotentRequest, a StoredAnswer, now time.Time) error {
	var caseID any = a.CaseID
	if a.CaseID == nil && a.ConversationID != nil {
		caseID = gorm.Expr("(SELECT case_id FROM conversations WHERE id = ?)", *a.ConversationID)
	}
	return translate("complete idempotency key", db.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&idempotencyRow{}).Where("user_id = ? AND idem_key = ? AND request_hash = ? AND state = ?", r.UserID, r.Key, r.Hash, idemPending).
			Updates(map[string]any{"state": idemDone, "status": a.Status, "location": a.Location, "content_type": a.ContentType, "e_tag": a.ETag,
				"body": a.Body, "case_id": caseID, "conversation_id": a.ConversationID, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errors.New("the reservation is gone")
		}
		return nil
	}))
}

// ReleaseIdempotencyKey gives up r's reservation (the request failed), so
// that a retry with the same key is carried out afresh.
func (db *DB) ReleaseIdempotencyKey(ctx context.Context, r IdempotentRequest) error {
	return translate("release idempotency key", db.tx(ctx, func(tx *gorm.DB) error {
		return tx.Where("user_id = ? AND idem_key = ? AND request_hash = ? AND state = ?", r.UserID, r.Key, r.Hash, idemPending).Delete(&idempotencyRow{}).Error
	}))
}

// eraseIdempotentAnswers deletes the stored answers of case id (they hold
// its texts), in the erasure's transaction.
func eraseIdempotentAnswers(tx *gorm.DB, caseID int64) error {
	if err := tx.Where("case_id = ? OR conversation_id IN (SELECT id FROM conversations WHERE case_id = ?)", caseID, caseID).
		Delete(&idempotencyRow{}).Error; err != nil {
		return fmt.Errorf("erase idempotent answers: %w", err)
	}
	return nil
}

// PurgeIdempotencyKeys deletes keys created before cutoff (past their TTL).
func (db *DB) PurgeIdempotencyKeys(ctx context.Context, cutoff time.Time) (int64, error) {
	var n int64
	err := db.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("created_at < ?", cutoff).Delete(&idempotencyRow{})
		n = res.RowsAffected
		return res.Error
	})
	return n, translate("purge idempotency keys", err)
}
