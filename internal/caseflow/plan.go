package caseflow

import (
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/errs"
)

// PlanStatus is where a chosen option stands.
type PlanStatus string

// The plan statuses.
const (
	PlanConsidered PlanStatus = "considered"
	PlanChosen     PlanStatus = "chosen"
	PlanStarted    PlanStatus = "started"
	PlanCompleted  PlanStatus = "completed"
	PlanStopped    PlanStatus = "stopped"
)

// planSteps: an option can be reconsidered until it started; stopping is
// always possible; completed is the end.
var planSteps = map[PlanStatus][]PlanStatus{
	PlanConsidered: {PlanChosen, PlanStopped},
	PlanChosen:     {PlanConsidered, PlanStarted, PlanStopped},
	PlanStarted:    {PlanCompleted, PlanStopped},
	PlanStopped:    {PlanConsidered, PlanChosen},
}

// CheckPlanStep returns a conflict listing the allowed next statuses.
func CheckPlanStep(from, to PlanStatus) error {
	if from == to {
		return nil
	}
	allowed := []string{}
	for _, s := range planSteps[from] {
		if s == to {
			return nil
		}
		allowed = append(allowed, string(s))
	}
	return &errs.Error{Kind: errs.ErrConflict, Detail: "a plan item cannot go from " + string(from) + " to " + string(to) + "; allowed next: " + strings.Join(allowed, ", "), Extra: map[string]any{"allowed": allowed}}
}

// PlanItem is an option chosen for this resident: from the catalogue or free text.
type PlanItem struct {
	ID           int64              `json:"id"`
	CaseID       int64              `json:"case_id"`
	OptionID     *int64             `json:"option_id"`
	Title        string             `json:"title"`
	Category     catalogue.Category `json:"category"`
	ArrangedBy   ParticipantRole    `json:"arranged_by"`
	ArrangedNote string             `json:"arranged_note"`
	Status       PlanStatus         `json:"status"`
	GoalIDs      []int64            `json:"goal_ids"`
	StartOn      *string            `json:"start_on"`
	ReviewOn     *string            `json:"review_on"`
	EndOn        *string            `json:"end_on"`
	Note         string             `json:"note"`
	Version      int64              `json:"version"`
	CreatedAt    time.Time          `json:"created_at"`
	UpdatedAt    time.Time          `json:"updated_at"`
	// Loop is the request to the provider; null until requested.
	Loop *Loop `json:"loop"`
}

// PlanCreate adds an option to the plan. Without option_id, title and
// category describe a free-text option: the catalogue never blocks a plan.
type PlanCreate struct {
	OptionID     *int64             `json:"option_id" validate:"omitempty,gt=0"`
	Title        string             `json:"title" validate:"max=200"`
	Category     catalogue.Category `json:"category" validate:"omitempty,enum"`
	ArrangedBy   ParticipantRole    `json:"arranged_by" validate:"required,enum"`
	ArrangedNote string             `json:"arranged_note" validate:"max=500"`
	Status       PlanStatus         `json:"status" validate:"omitempty,enum"`
	GoalIDs      []int64            `json:"goal_ids" validate:"max=30,dive,gt=0"`
	StartOn      *string            `json:"start_on" validate:"omitempty,datetime=2006-01-02"`
	ReviewOn     *string            `json:"review_on" validate:"omitempty,datetime=2006-01-02"`
	EndOn        *string            `json:"end_on" validate:"omitempty,datetime=2006-01-02"`
	Note         string             `json:"note" validate:"max=4000"`
}

// Validate fills defaults and applies the free-text rule.
func (p *PlanCreate) Validate(time.Time) error {
	p.Title = strings.TrimSpace(p.Title)
	if p.Status == "" {
		p.Status = PlanConsidered
	}
	if p.OptionID == nil && p.Title == "" {
		return errs.Invalid(errs.Field("title", "required", "is required for an option outside the catalogue"))
	}
	if p.OptionID == nil && p.Category == "" {
		p.Category = catalogue.CategoryOther
	}
	return nil
}

// PlanUpdate is a partial change of a plan item.
type PlanUpdate struct {
	Status       *PlanStatus      `json:"status" validate:"omitempty,enum"`
	ArrangedBy   *ParticipantRole `json:"arranged_by" validate:"omitempty,enum"`
	ArrangedNote *string          `json:"arranged_note" validate:"omitempty,max=500"`
	GoalIDs      *[]int64         `json:"goal_ids" validate:"omitempty,max=30,dive,gt=0"`
	StartOn      *string          `json:"start_on" validate:"omitempty,max=10"`
	ReviewOn     *string          `json:"review_on" validate:"omitempty,max=10"`
	EndOn        *string          `json:"end_on" validate:"omitempty,max=10"`
	Note         *string          `json:"note" validate:"omitempty,max=4000"`
}

// Validate checks the dates; an empty string clears one.
func (u PlanUpdate) Validate(time.Time) error {
	var fields []errs.FieldError
	for name, v := range map[string]*string{"start_on": u.StartOn, "review_on": u.ReviewOn, "end_on": u.EndOn} {
		if v != nil && *v != "" && !IsDate(*v) {
			fields = append(fields, errs.Field(name, "datetime", "must be a date (YYYY-MM-DD), or empty to clear it"))
		}
	}
	if len(fields) > 0 {
		return errs.Invalid(fields...)
	}
	return nil
}

func dateOrNil(v *string) *string {
	if v == nil || *v == "" {
		return nil
	}
	return v
}

// Apply returns p changed by u, checking the status step.
func (u PlanUpdate) Apply(p PlanItem) (PlanItem, error) {
	if u.Status != nil {
		if err := CheckPlanStep(p.Status, *u.Status); err != nil {
			return p, err
		}
		p.Status = *u.Status
	}
	if u.ArrangedBy != nil {
		p.ArrangedBy = *u.ArrangedBy
	}
	if u.ArrangedNote != nil {
		p.ArrangedNote = *u.ArrangedNote
	}
	if u.GoalIDs != nil {
		p.GoalIDs = *u.GoalIDs
	}
	if u.StartOn != nil {
		p.StartOn = dateOrNil(u.StartOn)
	}
	if u.ReviewOn != nil {
		p.ReviewOn = dateOrNil(u.ReviewOn)
	}
	if u.EndOn != nil {
		p.EndOn = dateOrNil(u.EndOn)
	}
	if u.Note != nil {
		p.Note = *u.Note
	}
	return p, nil
}
