package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// migrateIdempotency adds idempotency_keys: one row per (user, Idempotency-Key)
// for 24 hours, first as a reservation (state pending) and then with the
// first answer (status, Location, ETag, body), so that a retried POST gets
// that answer again instead of creating a second note, case or plan item,
// on every instance. case_id and conversation_id say which case a stored
// answer belongs to, so that erasing the case erases its stored answers too.
func migrateIdempotency(tx *gorm.DB) error {
	type idempotencyKey struct {
		UserID         int64     `gorm:"primaryKey;autoIncrement:false"`
		IdemKey        string    `gorm:"primaryKey;size:255"`
		RequestHash    string    `gorm:"size:64;not null"`
		State          string    `gorm:"size:10;not null"`
		Status         int       `gorm:"not null;default:0"`
		Location       string    `gorm:"size:500;not null;default:''"`
		ContentType    string    `gorm:"size:100;not null;default:''"`
		ETag           string    `gorm:"size:40;not null;default:''"`
		Body           []byte    ``
		CaseID         *int64    `gorm:"index"`
		ConversationID *int64    `gorm:"index"`
		CreatedAt      time.Time `gorm:"not null;index"`
		UpdatedAt      time.Time `gorm:"not null"`
	}
	if err := tx.Table("idempotency_keys").Migrator().CreateTable(&idempotencyKey{}); err != nil {
		return fmt.Errorf("create idempotency_keys: %w", err)
	}
	return nil
}
