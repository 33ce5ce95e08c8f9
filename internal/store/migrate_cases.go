package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// migrateCases adds the case domain: cases and their team, conversations with
// addenda, goals and other items, domain scores, notes, plan items and the
// options catalogue. Dates without a time (held_on, due dates) are ISO text.
func migrateCases(tx *gorm.DB) error {
	type caseRow struct {
		ID                  int64      `gorm:"primaryKey"`
		RegionID            int64      `gorm:"not null;index"`
		PracticeID          int64      `gorm:"not null;index:ix_cases_practice_signalled,priority:1;index:ix_cases_practice_status,priority:1"`
		Label               string     `gorm:"size:60;not null"`
		BirthYear           int        `gorm:"not null"`
		PC4                 *string    `gorm:"size:4"`
		PracticeRef         *string    `gorm:"size:40"`
		Question            string     `gorm:"type:text;not null"`
		SignalledBy         int64      `gorm:"not null"`
		SignalledAt         time.Time  `gorm:"not null;index:ix_cases_practice_signalled,priority:2"`
		ReferralIntention   string     `gorm:"size:20;not null"`
		Status              string     `gorm:"size:20;not null;index:ix_cases_practice_status,priority:2"`
		ConsentStatus       string     `gorm:"size:10;not null"`
		ConsentAt           *time.Time ``
		ConsentBy           *int64     ``
		Outcome             *string    `gorm:"size:40"`
		OutcomeReason       *string    `gorm:"type:text"`
		ClosedAt            *time.Time ``
		ClosedBy            *int64     ``
		FirstConversationOn *string    `gorm:"size:10"`
		NextFollowUpOn      *string    `gorm:"size:10;index"`
		Version             int64      `gorm:"not null"`
		CreatedAt           time.Time  `gorm:"not null"`
		UpdatedAt           time.Time  `gorm:"not null"`
	}
	type caseTeam struct {
		CaseID  int64     `gorm:"primaryKey;autoIncrement:false"`
		UserID  int64     `gorm:"primaryKey;autoIncrement:false;index"`
		AddedAt time.Time `gorm:"not null"`
		AddedBy int64     `gorm:"not null"`
	}
	type conversation struct {
		ID           int64      `gorm:"primaryKey"`
		CaseID       int64      `gorm:"not null;index:ix_conversations_case,priority:1"`
		Status       string     `gorm:"size:10;not null;index:ix_conversations_case,priority:2"`
		HeldOn       string     `gorm:"size:10;not null"`
		Kind         string     `gorm:"size:20;not null"`
		Location     string     `gorm:"size:20;not null"`
		Participants string     `gorm:"type:text;not null"`
		Sections     string     `gorm:"type:text;not null"`
		CreatedBy    int64      `gorm:"not null"`
		CreatedAt    time.Time  `gorm:"not null"`
		UpdatedAt    time.Time  `gorm:"not null"`
		FinalizedAt  *time.Time ``
		FinalizedBy  *int64     ``
		Version      int64      `gorm:"not null"`
	}
	type conversationAddendum struct {
		ID             int64     `gorm:"primaryKey"`
		ConversationID int64     `gorm:"not null;index"`
		Text           string    `gorm:"type:text;not null"`
		AuthorID       int64     `gorm:"not null"`
		CreatedAt      time.Time `gorm:"not null"`
	}
	type goal struct {
		ID             int64     `gorm:"primaryKey"`
		CaseID         int64     `gorm:"not null;index"`
		ConversationID int64     `gorm:"not null"`
		Text           string    `gorm:"type:text;not null"`
		Domain         *string   `gorm:"size:20"`
		Status         string    `gorm:"size:20;not null"`
		CreatedAt      time.Time `gorm:"not null"`
		UpdatedAt      time.Time `gorm:"not null"`
	}
	type caseItem struct {
		ID             int64     `gorm:"primaryKey"`
		CaseID         int64     `gorm:"not null;index"`
		ConversationID int64     `gorm:"not null"`
		Kind           string    `gorm:"size:20;not null"`
		Text           string    `gorm:"type:text;not null"`
		Domain         *string   `gorm:"size:20"`
		CreatedAt      time.Time `gorm:"not null"`
	}
	type domainScore struct {
		ID             int64  `gorm:"primaryKey"`
		CaseID         int64  `gorm:"not null;index"`
		ConversationID int64  `gorm:"not null"`
		HeldOn         string `gorm:"size:10;not null"`
		Domain         string `gorm:"size:20;not null"`
		Score          int    `gorm:"not null"`
	}
	type note struct {
		ID         int64     `gorm:"primaryKey"`
		CaseID     int64     `gorm:"not null;index"`
		AuthorID   int64     `gorm:"not null"`
		AuthorRole string    `gorm:"size:10;not null"`
		Text       string    `gorm:"type:text;not null"`
		CorrectsID *int64    ``
		CreatedAt  time.Time `gorm:"not null"`
	}
	type planItem struct {
		ID           int64     `gorm:"primaryKey"`
		CaseID       int64     `gorm:"not null;index"`
		OptionID     *int64    `gorm:"index"`
		Title        string    `gorm:"size:200;not null"`
		Category     string    `gorm:"size:40;not null"`
		ArrangedBy   string    `gorm:"size:20;not null"`
		ArrangedNote string    `gorm:"size:500;not null"`
		Status       string    `gorm:"size:20;not null"`
		StartOn      *string   `gorm:"size:10"`
		ReviewOn     *string   `gorm:"size:10"`
		EndOn        *string   `gorm:"size:10"`
		Note         string    `gorm:"type:text;not null"`
		CreatedBy    int64     `gorm:"not null"`
		Version      int64     `gorm:"not null"`
		CreatedAt    time.Time `gorm:"not null"`
		UpdatedAt    time.Time `gorm:"not null"`
	}
	type planItemGoal struct {
		PlanItemID int64 `gorm:"primaryKey;autoIncrement:false"`
		GoalID     int64 `gorm:"primaryKey;autoIncrement:false;index"`
	}
	type option struct {
		ID          int64     `gorm:"primaryKey"`
		RegionID    int64     `gorm:"not null;uniqueIndex:ux_options_region_name,priority:1;index:ix_options_region_category,priority:1"`
		Name        string    `gorm:"size:200;not null;uniqueIndex:ux_options_region_name,priority:2"`
		Category    string    `gorm:"size:40;not null;index:ix_options_region_category,priority:2"`
		Provider    string    `gorm:"size:200;not null"`
		Contact     string    `gorm:"size:500;not null"`
		Cost        string    `gorm:"size:20;not null"`
		Description string    `gorm:"type:text;not null"`
		Specialist  bool      `gorm:"not null"`
		Active      bool      `gorm:"not null"`
		Version     int64     `gorm:"not null"`
		CreatedAt   time.Time `gorm:"not null"`
		UpdatedAt   time.Time `gorm:"not null"`
	}
	tables := []struct {
		name  string
		model any
	}{
		{"cases", &caseRow{}}, {"case_team", &caseTeam{}}, {"conversations", &conversation{}},
		{"conversation_addenda", &conversationAddendum{}}, {"goals", &goal{}}, {"case_items", &caseItem{}},
		{"domain_scores", &domainScore{}}, {"notes", &note{}}, {"plan_items", &planItem{}},
		{"plan_item_goals", &planItemGoal{}}, {"options", &option{}},
	}
	for _, t := range tables {
		if err := tx.Table(t.name).Migrator().CreateTable(t.model); err != nil {
			return fmt.Errorf("create %s: %w", t.name, err)
		}
	}
	return nil
}
