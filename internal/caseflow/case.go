// Package caseflow holds the HOI trajectory of one resident: the case with its
// signal, consent, team, status and outcome; its conversations; goals,
// strengths and needs; plan items and notes. The rules of the domain — which
// status may follow which, what "referral avoided" means, what a finalised
// conversation still allows — live here and only here.
package caseflow

import (
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/errs"
)

// Status is where a case is in its trajectory.
type Status string

// The statuses of DESIGN.md.
const (
	StatusSignalled Status = "signalled"
	StatusExploring Status = "exploring"
	StatusFollowUp  Status = "follow_up"
	StatusClosed    Status = "closed"
	StatusWithdrawn Status = "withdrawn"
)

// transitions is the status machine: signalled → exploring → follow_up →
// closed, with withdrawn possible until the case has ended.
var transitions = map[Status][]Status{
	StatusSignalled: {StatusExploring, StatusWithdrawn},
	StatusExploring: {StatusFollowUp, StatusClosed, StatusWithdrawn},
	StatusFollowUp:  {StatusExploring, StatusClosed, StatusWithdrawn},
}

// Allowed lists the statuses that may follow s.
func (s Status) Allowed() []Status { return transitions[s] }

// Ended reports whether the case is closed or withdrawn.
func (s Status) Ended() bool { return s == StatusClosed || s == StatusWithdrawn }

// CheckTransition returns a conflict listing the allowed next statuses when
// from → to is not a valid step.
func CheckTransition(from, to Status) error {
	for _, s := range transitions[from] {
		if s == to {
			return nil
		}
	}
	allowed := make([]string, 0, len(transitions[from]))
	for _, s := range transitions[from] {
		allowed = append(allowed, string(s))
	}
	detail := "a case cannot go from " + string(from) + " to " + string(to)
	if len(allowed) == 0 {
		detail += "; it has ended"
	} else {
		detail += "; allowed next: " + strings.Join(allowed, ", ")
	}
	return &errs.Error{Kind: errs.ErrConflict, Detail: detail, Extra: map[string]any{"allowed": allowed}}
}

// Intention is the GP's referral intention when signalling: the baseline
// against which "referral avoided" is measured. It never changes afterwards.
type Intention string

// The referral intentions.
const (
	IntentionNone          Intention = "none"
	IntentionBasicGGZ      Intention = "basic_ggz"
	IntentionSpecialistGGZ Intention = "specialist_ggz"
	IntentionAddictionCare Intention = "addiction_care"
)

// Outcome is how a case ended.
type Outcome string

// The outcomes.
const (
	OutcomeSupported     Outcome = "supported_without_referral"
	OutcomeBasicGGZ      Outcome = "referred_basic_ggz"
	OutcomeSpecialistGGZ Outcome = "referred_specialist_ggz"
	OutcomeAddictionCare Outcome = "referred_addiction_care"
	OutcomeWithdrawn     Outcome = "withdrawn"
)

// Status is the status a case gets when it ends with o.
func (o Outcome) Status() Status {
	if o == OutcomeWithdrawn {
		return StatusWithdrawn
	}
	return StatusClosed
}

// ReferralAvoided is HOI's headline figure: the GP meant to refer to
// specialist GGZ or addiction care, and the case ended with neither.
func ReferralAvoided(i Intention, o Outcome) bool {
	return i.IsSpecialistReferral() && o.Valid() && !o.IsSpecialistReferral() && o != OutcomeWithdrawn
}

// ConsentStatus records whether the resident agreed to share their case with
// network partners (the peer expert and the neighbourhood coach).
type ConsentStatus string

// The consent statuses; peers and coaches see a case only when given.
const (
	ConsentUnknown  ConsentStatus = "unknown"
	ConsentGiven    ConsentStatus = "given"
	ConsentDeclined ConsentStatus = "declined"
)

// Person is a user as shown on a case: id, name and role.
type Person struct {
	UserID      int64  `json:"user_id"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
}

// Signal is how the case started.
type Signal struct {
	Question          string    `json:"question"`
	SignalledBy       Person    `json:"signalled_by"`
	SignalledAt       time.Time `json:"signalled_at"`
	ReferralIntention Intention `json:"referral_intention"`
	// Source is staff_signal, or self_referral when the resident used a
	// voucher code; SignalledBy is then the staff member who issued it.
	Source Source `json:"source"`
}

// Consent is the latest consent decision.
type Consent struct {
	Status     ConsentStatus `json:"status"`
	At         *time.Time    `json:"at"`
	RecordedBy *Person       `json:"recorded_by"`
}

// Closure is the outcome of an ended case.
type Closure struct {
	Outcome  Outcome   `json:"outcome"`
	Reason   string    `json:"reason"`
	ClosedAt time.Time `json:"closed_at"`
	ClosedBy Person    `json:"closed_by"`
}

// Case is the full case as its team sees it.
type Case struct {
	ID                  int64     `json:"id"`
	PracticeID          int64     `json:"practice_id"`
	Label               string    `json:"label"`
	BirthYear           int       `json:"birth_year"`
	PC4                 *string   `json:"pc4"`
	PracticeRef         *string   `json:"practice_ref"`
	Signal              Signal    `json:"signal"`
	Status              Status    `json:"status"`
	AllowedNext         []Status  `json:"allowed_next"`
	Consent             Consent   `json:"consent"`
	Team                []Person  `json:"team"`
	Closure             *Closure  `json:"closure"`
	FirstConversationOn *string   `json:"first_conversation_on"`
	NextFollowUpOn      *string   `json:"next_follow_up_on"`
	Goals               []Goal    `json:"goals"`
	Strengths           []Item    `json:"strengths"`
	Sensitivities       []Item    `json:"sensitivities"`
	Needs               []Item    `json:"needs"`
	DomainScores        []Score   `json:"domain_scores"`
	Version             int64     `json:"version"`
	CreatedAt           time.Time `json:"created_at"`
	UpdatedAt           time.Time `json:"updated_at"`
}

// Summary is what a GP sees of a case of their practice: status, outcome,
// chosen option categories and dates — never narrative text.
type Summary struct {
	ID                  int64         `json:"id"`
	PracticeID          int64         `json:"practice_id"`
	Label               string        `json:"label"`
	BirthYear           int           `json:"birth_year"`
	Status              Status        `json:"status"`
	ReferralIntention   Intention     `json:"referral_intention"`
	SignalledAt         time.Time     `json:"signalled_at"`
	ConsentStatus       ConsentStatus `json:"consent_status"`
	FirstConversationOn *string       `json:"first_conversation_on"`
	NextFollowUpOn      *string       `json:"next_follow_up_on"`
	Outcome             *Outcome      `json:"outcome"`
	ClosedAt            *time.Time    `json:"closed_at"`
	ChosenCategories    []string      `json:"chosen_categories"`
	// Loops is where the request of each requested plan item stands, by
	// category: the GP sees whether the provider took the resident on.
	Loops []CategoryLoop `json:"loops"`
}

// ListItem is one row of a case list: no narrative, for every role that may list.
type ListItem struct {
	ID                  int64         `json:"id"`
	PracticeID          int64         `json:"practice_id"`
	Label               string        `json:"label"`
	BirthYear           int           `json:"birth_year"`
	Status              Status        `json:"status"`
	ReferralIntention   Intention     `json:"referral_intention"`
	ConsentStatus       ConsentStatus `json:"consent_status"`
	SignalledAt         time.Time     `json:"signalled_at"`
	FirstConversationOn *string       `json:"first_conversation_on"`
	NextFollowUpOn      *string       `json:"next_follow_up_on"`
	UpdatedAt           time.Time     `json:"updated_at"`
}

// Create is a new signal, by a GP or POH of the practice.
type Create struct {
	Label             string     `json:"label" validate:"required,max=60"`
	BirthYear         int        `json:"birth_year" validate:"required,gte=1900,lte=2100"`
	PC4               *string    `json:"pc4" validate:"omitempty,len=4,numeric"`
	PracticeRef       *string    `json:"practice_ref" validate:"omitempty,max=40"`
	Question          string     `json:"question" validate:"required,max=4000"`
	ReferralIntention Intention  `json:"referral_intention" validate:"required,enum"`
	SignalledAt       *time.Time `json:"signalled_at"`
}

// Normalize trims the texts.
func (c *Create) Normalize() {
	c.Label = strings.TrimSpace(c.Label)
	c.Question = strings.TrimSpace(c.Question)
	c.PC4 = trimOpt(c.PC4)
	c.PracticeRef = trimOpt(c.PracticeRef)
}

// Validate fills the signal time and refuses dates in the future.
func (c *Create) Validate(now time.Time) error {
	if c.SignalledAt == nil {
		c.SignalledAt = &now
	}
	if c.SignalledAt.After(now.Add(time.Minute)) {
		return errs.Invalid(errs.Field("signalled_at", "future", "cannot be in the future"))
	}
	if c.BirthYear > now.Year() {
		return errs.Invalid(errs.Field("birth_year", "future", "cannot be in the future"))
	}
	return nil
}

// Update is a partial change of the case by its POH. The referral intention
// is the baseline of the outcome figures and cannot change.
type Update struct {
	Label          *string `json:"label" validate:"omitempty,min=1,max=60"`
	BirthYear      *int    `json:"birth_year" validate:"omitempty,gte=1900,lte=2100"`
	PC4            *string `json:"pc4" validate:"omitempty,max=4"`
	PracticeRef    *string `json:"practice_ref" validate:"omitempty,max=40"`
	Question       *string `json:"question" validate:"omitempty,min=1,max=4000"`
	Status         *Status `json:"status" validate:"omitempty,oneof=exploring follow_up"`
	NextFollowUpOn *string `json:"next_follow_up_on" validate:"omitempty,max=10"`
}

// Validate applies what tags cannot: an empty string clears pc4,
// practice_ref and next_follow_up_on; label and question cannot become blank.
func (u *Update) Validate(time.Time) error {
	var fields []errs.FieldError
	if u.Label != nil && strings.TrimSpace(*u.Label) == "" {
		fields = append(fields, errs.Field("label", "required", "cannot be blank"))
	}
	if u.Question != nil && strings.TrimSpace(*u.Question) == "" {
		fields = append(fields, errs.Field("question", "required", "cannot be blank"))
	}
	if u.PC4 != nil && *u.PC4 != "" && !isDigits(*u.PC4, 4) {
		fields = append(fields, errs.Field("pc4", "len", "must be 4 digits, or empty to clear it"))
	}
	if u.NextFollowUpOn != nil && *u.NextFollowUpOn != "" && !IsDate(*u.NextFollowUpOn) {
		fields = append(fields, errs.Field("next_follow_up_on", "datetime", "must be a date (YYYY-MM-DD), or empty to clear it"))
	}
	if len(fields) > 0 {
		return errs.Invalid(fields...)
	}
	return nil
}

// IsDate reports whether s is a calendar date in ISO form.
func IsDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ConsentInput records the resident's decision.
type ConsentInput struct {
	Status ConsentStatus `json:"status" validate:"required,oneof=given declined"`
	At     *time.Time    `json:"at"`
}

// CloseInput ends a case with an outcome and a short reason.
type CloseInput struct {
	Outcome Outcome `json:"outcome" validate:"required,enum"`
	Reason  string  `json:"reason" validate:"required,max=1000"`
}

// TeamInput is the whole new team: the peers and coaches of the region.
type TeamInput struct {
	Members []int64 `json:"members" validate:"max=10,dive,gt=0"`
	// OverCapReason is required when a new member is at their caseload
	// cap: why they take this case all the same. It is kept with the team,
	// never logged.
	OverCapReason string `json:"over_cap_reason" validate:"max=300"`
}

// Candidate is a peer or coach a POH can put on a team, with their load.
type Candidate struct {
	Person
	ActiveCases int  `json:"active_cases"`
	CaseloadCap *int `json:"caseload_cap"`
	// NextFreeSlot is the start of their first free working hour within two
	// weeks (capacity.NextFreeSlot); nil when none is.
	NextFreeSlot *time.Time `json:"next_free_slot"`
}

// Filter narrows a case list.
type Filter struct {
	Status        []Status
	TeamMember    *int64
	Query         string
	SignalledFrom *time.Time
	SignalledTo   *time.Time
	Sort          string // signalled_at, -signalled_at, updated_at, -updated_at, label
	Offset, Limit int
}

func trimOpt(s *string) *string {
	if s == nil {
		return nil
	}
	v := strings.TrimSpace(*s)
	if v == "" {
		return nil
	}
	return &v
}
