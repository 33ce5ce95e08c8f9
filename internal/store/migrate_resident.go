package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// migrateResident adds the resident's own part: the case's resident links
// (only the token's hash is stored), the resident sessions they open (again
// only the hash of the cookie's token), the self-check the resident fills in
// before the talk (one per case) and the resident's "does it help?" per plan
// item. Every row names its case, so erasing the case erases them.
func migrateResident(tx *gorm.DB) error {
	type residentLink struct {
		ID            int64      `gorm:"primaryKey"`
		CaseID        int64      `gorm:"not null;index"`
		TokenHash     string     `gorm:"size:64;not null;uniqueIndex"`
		CreatedBy     int64      `gorm:"not null"`
		CreatedAt     time.Time  `gorm:"not null"`
		ExpiresAt     time.Time  `gorm:"not null"`
		RevokedAt     *time.Time ``
		RevokedReason *string    `gorm:"size:20"`
		FailedChecks  int        `gorm:"not null;default:0"`
		LastUsedAt    *time.Time ``
	}
	type residentSession struct {
		ID         int64      `gorm:"primaryKey"`
		TokenHash  string     `gorm:"size:64;not null;uniqueIndex"`
		LinkID     int64      `gorm:"not null;index"`
		CaseID     int64      `gorm:"not null;index"`
		CreatedAt  time.Time  `gorm:"not null"`
		LastSeenAt time.Time  `gorm:"not null"`
		EndedAt    *time.Time ``
	}
	type selfCheck struct {
		CaseID      int64      `gorm:"primaryKey;autoIncrement:false"`
		Scores      string     `gorm:"type:text;not null"`
		TalkAbout   string     `gorm:"type:text;not null"`
		Story       string     `gorm:"type:text;not null"`
		Needs       string     `gorm:"type:text;not null"`
		Network     string     `gorm:"type:text;not null"`
		Version     int64      `gorm:"not null"`
		UpdatedAt   time.Time  `gorm:"not null"`
		SubmittedAt *time.Time ``
	}
	type planFeedback struct {
		ID         int64     `gorm:"primaryKey"`
		CaseID     int64     `gorm:"not null;index"`
		PlanItemID int64     `gorm:"not null;index"`
		Rating     string    `gorm:"size:20;not null"`
		Words      string    `gorm:"type:text;not null"`
		At         time.Time `gorm:"not null"`
	}
	for _, t := range []struct {
		name  string
		model any
	}{{"resident_links", &residentLink{}}, {"resident_sessions", &residentSession{}}, {"self_checks", &selfCheck{}}, {"plan_feedback", &planFeedback{}}} {
		if err := tx.Table(t.name).Migrator().CreateTable(t.model); err != nil {
			return fmt.Errorf("create %s: %w", t.name, err)
		}
	}
	return nil
}
