package caseflow

import (
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/errs"
)

// Domain is a life domain: positive health and the self-sufficiency matrix, merged.
type Domain string

// The nine life domains, in the order of the conversation guide.
const (
	DomainDailyLife     Domain = "daily_life"
	DomainBody          Domain = "body"
	DomainMind          Domain = "mind"
	DomainMeaning       Domain = "meaning"
	DomainRelationships Domain = "relationships"
	DomainParticipation Domain = "participation"
	DomainMoney         Domain = "money"
	DomainHousing       Domain = "housing"
	DomainSafety        Domain = "safety"
)

// Kind is what sort of conversation it was.
type Kind string

// The conversation kinds.
const (
	KindExploratory Kind = "exploratory"
	KindFollowUp    Kind = "follow_up"
	KindNetwork     Kind = "network"
)

// ConversationStatus: a draft until finalised, then read-only.
type ConversationStatus string

// The conversation statuses.
const (
	Draft ConversationStatus = "draft"
	Final ConversationStatus = "final"
)

// Participant is someone who took part: a team member by user id, the
// resident, or another person by role ("zus", "werkgever").
type Participant struct {
	UserID *int64          `json:"user_id,omitempty" validate:"omitempty,gt=0"`
	Role   ParticipantRole `json:"role" validate:"required,enum"`
	Name   string          `json:"name,omitempty" validate:"max=80"`
}

// DomainEntry is what the resident says about one life domain, with an
// optional 1–5 "how is it going" score.
type DomainEntry struct {
	Text  string `json:"text" validate:"max=8000"`
	Score *int   `json:"score" validate:"omitempty,gte=1,lte=5"`
}

// NetworkEntry is a person around the resident and what they mean. A draft
// may hold one without a name (it is being typed); finalising refuses it.
type NetworkEntry struct {
	Who     string `json:"who" validate:"max=200"`
	Meaning string `json:"meaning" validate:"max=2000"`
}

// Entry is a short text in the resident's words, optionally tied to a domain.
// A draft may hold an empty one; finalising refuses it when it has a domain.
type Entry struct {
	Text   string  `json:"text" validate:"max=2000"`
	Domain *Domain `json:"domain" validate:"omitempty,enum"`
}

// GoalUpdate changes the status of an existing goal of the case; it is
// applied when the conversation is finalised.
type GoalUpdate struct {
	GoalID int64      `json:"goal_id" validate:"required,gt=0"`
	Status GoalStatus `json:"status" validate:"required,enum"`
}

// ConsideredOption is an option talked about, from the catalogue or free text.
// A chosen one becomes a plan item when the conversation is finalised; who
// arranges it is asked in the guide. Goals links it to new goals of this
// conversation (indexes into Sections.Goals), GoalIDs to existing goals of
// the case.
type ConsideredOption struct {
	OptionID   *int64             `json:"option_id" validate:"omitempty,gt=0"`
	Text       string             `json:"text" validate:"max=500"`
	Category   catalogue.Category `json:"category" validate:"omitempty,enum"`
	Chosen     bool               `json:"chosen"`
	ArrangedBy ParticipantRole    `json:"arranged_by" validate:"omitempty,enum"`
	Goals      []int              `json:"goals" validate:"max=30,dive,gte=0"`
	GoalIDs    []int64            `json:"goal_ids" validate:"max=30,dive,gt=0"`
}

// Agreement is who does what next, and by when, optionally about one of the
// options talked about (an index into Sections.Options). A draft may hold
// one half-typed; finalising refuses it.
type Agreement struct {
	Who    string  `json:"who" validate:"max=200"`
	What   string  `json:"what" validate:"max=2000"`
	DueOn  *string `json:"due_on" validate:"omitempty,datetime=2006-01-02"`
	Option *int    `json:"option" validate:"omitempty,gte=0"`
}

// Sections are the content of a conversation, in the resident's own words.
type Sections struct {
	Story          string                 `json:"story" validate:"max=20000"`
	Domains        map[Domain]DomainEntry `json:"domains" validate:"max=9,dive"`
	Network        []NetworkEntry         `json:"network" validate:"max=50,dive"`
	Strengths      []Entry                `json:"strengths" validate:"max=50,dive"`
	Sensitivities  []Entry                `json:"sensitivities" validate:"max=50,dive"`
	Goals          []Entry                `json:"goals" validate:"max=30,dive"`
	GoalUpdates    []GoalUpdate           `json:"goal_updates" validate:"max=30,dive"`
	Needs          []Entry                `json:"needs" validate:"max=30,dive"`
	Options        []ConsideredOption     `json:"options" validate:"max=50,dive"`
	Agreements     []Agreement            `json:"agreements" validate:"max=30,dive"`
	NextFollowUpOn *string                `json:"next_follow_up_on" validate:"omitempty,datetime=2006-01-02"`
	// Priorities are up to three domains the resident marked "hier wil ik
	// over praten"; the guide shows them first.
	Priorities []Domain `json:"priorities" validate:"max=3"`
}

// Check applies the rules struct tags cannot express.
func (s *Sections) Check() error {
	var fields []errs.FieldError
	for d := range s.Domains {
		if !d.Valid() {
			fields = append(fields, errs.Field("domains."+string(d), "oneof", "is not a life domain; use one of: "+domainList()))
		}
	}
	seen := map[Domain]bool{}
	for i, d := range s.Priorities {
		if !d.Valid() || seen[d] {
			fields = append(fields, errs.Field("priorities["+itoa(i)+"]", "oneof", "must be a life domain, each at most once; use one of: "+domainList()))
		}
		seen[d] = true
	}
	for i, o := range s.Options {
		if o.OptionID == nil && strings.TrimSpace(o.Text) == "" {
			fields = append(fields, errs.Field("options["+itoa(i)+"].text", "required", "is required for an option outside the catalogue"))
		}
		for _, g := range o.Goals {
			if g >= len(s.Goals) {
				fields = append(fields, errs.Field("options["+itoa(i)+"].goals", "range", "must name goals of this conversation by their place in goals"))
				break
			}
		}
	}
	for i, a := range s.Agreements {
		if a.Option != nil && *a.Option >= len(s.Options) {
			fields = append(fields, errs.Field("agreements["+itoa(i)+"].option", "range", "must name an option of this conversation by its place in options"))
		}
	}
	if len(fields) > 0 {
		return errs.Invalid(fields...)
	}
	return nil
}

// Normalize fills empty collections so clients always get arrays and objects.
func (s *Sections) Normalize() {
	if s.Domains == nil {
		s.Domains = map[Domain]DomainEntry{}
	}
	s.Network = orEmpty(s.Network)
	s.Strengths = orEmpty(s.Strengths)
	s.Sensitivities = orEmpty(s.Sensitivities)
	s.Goals = orEmpty(s.Goals)
	s.GoalUpdates = orEmpty(s.GoalUpdates)
	s.Needs = orEmpty(s.Needs)
	s.Options = orEmpty(s.Options)
	s.Agreements = orEmpty(s.Agreements)
	s.Priorities = orEmpty(s.Priorities)
	for i := range s.Options {
		s.Options[i].Goals = orEmpty(s.Options[i].Goals)
		s.Options[i].GoalIDs = orEmpty(s.Options[i].GoalIDs)
	}
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func domainList() string {
	out := make([]string, len(Domains))
	for i, d := range Domains {
		out[i] = string(d)
	}
	return strings.Join(out, ", ")
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

// Addendum corrects or adds to a finalised conversation without changing it.
type Addendum struct {
	ID        int64     `json:"id"`
	Text      string    `json:"text"`
	Author    Person    `json:"author"`
	CreatedAt time.Time `json:"created_at"`
}

// Conversation is one conversation with the resident.
type Conversation struct {
	ID           int64              `json:"id"`
	CaseID       int64              `json:"case_id"`
	Status       ConversationStatus `json:"status"`
	HeldOn       string             `json:"held_on"`
	Kind         Kind               `json:"kind"`
	Location     Location           `json:"location"`
	Participants []Participant      `json:"participants"`
	Sections     Sections           `json:"sections"`
	Addenda      []Addendum         `json:"addenda"`
	CreatedBy    Person             `json:"created_by"`
	CreatedAt    time.Time          `json:"created_at"`
	UpdatedAt    time.Time          `json:"updated_at"`
	FinalizedAt  *time.Time         `json:"finalized_at"`
	FinalizedBy  *Person            `json:"finalized_by"`
	// UpdatedBy is who saved it last, so that a client that finds a newer
	// version can tell its user's other tab from a colleague.
	UpdatedBy Person `json:"updated_by"`
	Version   int64  `json:"version"`
}

// ConversationCreate starts a draft.
type ConversationCreate struct {
	HeldOn       string        `json:"held_on" validate:"required,datetime=2006-01-02"`
	Kind         Kind          `json:"kind" validate:"required,enum"`
	Location     Location      `json:"location" validate:"required,enum"`
	Participants []Participant `json:"participants" validate:"max=20,dive"`
	Sections     *Sections     `json:"sections"`
}

// ConversationUpdate is an autosave of a draft: every field present replaces
// the stored one. Sections, when present, replace the sections as a whole,
// so two editors never merge half-documents silently (If-Match guards it).
type ConversationUpdate struct {
	HeldOn       *string        `json:"held_on" validate:"omitempty,datetime=2006-01-02"`
	Kind         *Kind          `json:"kind" validate:"omitempty,enum"`
	Location     *Location      `json:"location" validate:"omitempty,enum"`
	Participants *[]Participant `json:"participants" validate:"omitempty,max=20,dive"`
	Sections     *Sections      `json:"sections"`
}

// AddendumInput is the text of a new addendum.
type AddendumInput struct {
	Text string `json:"text" validate:"required,max=8000"`
}

// ErrFinalized is returned for any change to a finalised conversation.
var ErrFinalized = &errs.Error{Kind: errs.ErrConflict, Detail: "this conversation is finalised and read-only; add an addendum to correct it", Extra: map[string]any{"allowed": []string{"addendum"}}}

// ErrDiscardFinal is returned for discarding a finalised conversation.
var ErrDiscardFinal = &errs.Error{Kind: errs.ErrConflict, Detail: "this conversation is finalised and stays in the record; only a draft can be discarded", Extra: map[string]any{"allowed": []string{"addendum"}}}

// ErrNotFinal is returned for an addendum to a draft.
var ErrNotFinal = errs.New(errs.ErrConflict, "this conversation is still a draft: edit it instead of adding an addendum")

// ErrCaseEnded is returned for changes to a closed or withdrawn case.
var ErrCaseEnded = errs.New(errs.ErrConflict, "this case has ended; its record can be read but not changed")
