package caseflow

import "time"

// GoalStatus is how a goal is going.
type GoalStatus string

// The goal statuses.
const (
	GoalOpen      GoalStatus = "open"
	GoalWorkingOn GoalStatus = "working_on"
	GoalReached   GoalStatus = "reached"
	GoalLetGo     GoalStatus = "let_go"
)

// Goal is a goal in the resident's words, recorded in a conversation.
type Goal struct {
	ID             int64      `json:"id"`
	Text           string     `json:"text"`
	Domain         *Domain    `json:"domain"`
	Status         GoalStatus `json:"status"`
	ConversationID int64      `json:"conversation_id"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// Item is a strength, sensitivity or need in the resident's words.
type Item struct {
	ID             int64     `json:"id"`
	Kind           string    `json:"kind"`
	Text           string    `json:"text"`
	Domain         *Domain   `json:"domain"`
	ConversationID int64     `json:"conversation_id"`
	CreatedAt      time.Time `json:"created_at"`
}

// Score is one domain score of one finalised conversation: the points of the
// life-domain trend chart.
type Score struct {
	ConversationID int64  `json:"conversation_id"`
	HeldOn         string `json:"held_on"`
	Domain         Domain `json:"domain"`
	Score          int    `json:"score"`
}

// Note is an append-only entry by a team member. A correction is a new note
// that points at the one it corrects; nothing is edited or deleted.
type Note struct {
	ID        int64     `json:"id"`
	CaseID    int64     `json:"case_id"`
	Text      string    `json:"text"`
	Author    Person    `json:"author"`
	Corrects  *int64    `json:"corrects"`
	CreatedAt time.Time `json:"created_at"`
}

// NoteInput is a new note.
type NoteInput struct {
	Text     string `json:"text" validate:"required,max=8000"`
	Corrects *int64 `json:"corrects" validate:"omitempty,gt=0"`
}
