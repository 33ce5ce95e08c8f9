package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// migrateAppointments adds the planned joint talk: an appointment per case
// (its practice and region copied, so the worklist and the capacity figures
// read it without a join), its participants with their answers (a staff
// user, the resident, or a network person by name), and the number still to
// answer, kept on the appointment so "wacht op antwoord" is one index range.
func migrateAppointments(tx *gorm.DB) error {
	type appointment struct {
		ID         int64     `gorm:"primaryKey"`
		CaseID     int64     `gorm:"not null"`
		PracticeID int64     `gorm:"not null"`
		RegionID   int64     `gorm:"not null"`
		Kind       string    `gorm:"size:20;not null"`
		StartsAt   time.Time `gorm:"not null"`
		EndsAt     time.Time `gorm:"not null"`
		Duration   int       `gorm:"not null"`
		Location   string    `gorm:"size:20;not null"`
		Place      string    `gorm:"size:200;not null"`
		Outcome    *string   `gorm:"size:20"`
		Pending    int       `gorm:"not null;default:0"`
		CreatedBy  int64     `gorm:"not null"`
		Version    int64     `gorm:"not null"`
		CreatedAt  time.Time `gorm:"not null"`
		UpdatedAt  time.Time `gorm:"not null"`
	}
	type participant struct {
		ID            int64      `gorm:"primaryKey"`
		AppointmentID int64      `gorm:"not null;index"`
		UserID        *int64     ``
		StartsAt      time.Time  `gorm:"not null"`
		Role          string     `gorm:"size:20;not null"`
		Name          string     `gorm:"size:80;not null"`
		Status        string     `gorm:"size:20;not null"`
		RespondedAt   *time.Time ``
	}
	if err := tx.Table("appointments").Migrator().CreateTable(&appointment{}); err != nil {
		return fmt.Errorf("create appointments: %w", err)
	}
	if err := tx.Table("appointment_participants").Migrator().CreateTable(&participant{}); err != nil {
		return fmt.Errorf("create appointment_participants: %w", err)
	}
	for _, s := range []string{
		// A case's appointments in their order.
		"CREATE INDEX ix_appointments_case ON appointments (case_id, starts_at, id)",
		// One's own agenda: the participations of a user by start.
		"CREATE INDEX ix_appointment_participants_user ON appointment_participants (user_id, starts_at, appointment_id)",
		// "Wacht op antwoord" of a practice, soonest first.
		"CREATE INDEX ix_appointments_awaiting ON appointments (practice_id, starts_at, id) WHERE outcome IS NULL AND pending > 0",
		// The planned appointments of a case, for "nog in te plannen".
		"CREATE INDEX ix_appointments_planned ON appointments (case_id) WHERE outcome IS NULL OR outcome = 'held'",
	} {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("appointments: %w", err)
		}
	}
	return nil
}

// migrateCalendarFeeds adds the private calendar feed of a staff member:
// only the sha256 of its token is kept; a user has at most one live feed.
func migrateCalendarFeeds(tx *gorm.DB) error {
	type calendarFeed struct {
		ID        int64      `gorm:"primaryKey"`
		UserID    int64      `gorm:"not null;index"`
		TokenHash string     `gorm:"size:64;not null;uniqueIndex"`
		CreatedAt time.Time  `gorm:"not null"`
		RevokedAt *time.Time ``
		LastUsed  *time.Time ``
	}
	if err := tx.Table("calendar_feeds").Migrator().CreateTable(&calendarFeed{}); err != nil {
		return fmt.Errorf("create calendar_feeds: %w", err)
	}
	return nil
}

// migratePlanningOutcomes indexes the appointments for the outcome figures
// of planning the joint talk (planningOutcomes): per practice by creation,
// for the days from signal to the first appointment, and per practice by
// start with the outcome, for the no-show rate (covering).
func migratePlanningOutcomes(tx *gorm.DB) error {
	for _, s := range []string{
		"CREATE INDEX ix_appointments_practice_created ON appointments (practice_id, created_at, case_id)",
		"CREATE INDEX ix_appointments_practice_starts ON appointments (practice_id, starts_at, outcome)",
	} {
		if err := tx.Exec(s).Error; err != nil {
			return fmt.Errorf("planning outcomes: %w", err)
		}
	}
	return nil
}
