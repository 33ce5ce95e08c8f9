// Package appointment is the planned joint talk: when and where the POH,
// the peer, the coach, the resident and perhaps people of the resident's
// network meet, who has answered, and whether the talk was held. It holds
// the types, their rules and the value lists; the store keeps them and the
// API serves them. Participants' names are case data: the access log and
// the calendar feed never carry them.
package appointment

import (
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/enum"
	"github.com/hoi-app/hoi/internal/errs"
)

// Status is a participant's answer to the invitation, as in iCalendar's
// PARTSTAT.
type Status string

// The participant statuses; everyone starts needs_action.
const (
	NeedsAction Status = "needs_action"
	Accepted    Status = "accepted"
	Declined    Status = "declined"
	Tentative   Status = "tentative"
)

// Statuses lists every participant status.
var Statuses = enum.Of[Status]{NeedsAction, Accepted, Declined, Tentative}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { return Statuses.Has(s) }

// Values lists Statuses.
func (Status) Values() []string { return Statuses.Strings() }

// Outcome is what became of the appointment; none while it is planned.
type Outcome string

// The outcomes.
const (
	Held      Outcome = "held"
	Cancelled Outcome = "cancelled"
	NoShow    Outcome = "no_show"
)

// Outcomes lists every outcome.
var Outcomes = enum.Of[Outcome]{Held, Cancelled, NoShow}

// Valid reports whether o is one of Outcomes.
func (o Outcome) Valid() bool { return Outcomes.Has(o) }

// Values lists Outcomes.
func (Outcome) Values() []string { return Outcomes.Strings() }

// Limits of an appointment.
const (
	MinDuration = 15
	MaxDuration = 240
	// MaxAgendaSpan is the longest range one agenda request may ask for.
	MaxAgendaSpan = 62 * 24 * time.Hour
	// MaxPast and MaxAhead bound a start around the server's clock: a talk
	// may be recorded that was held up to a year ago, and planned up to two
	// years ahead. Beyond that it is a typo or a hostile client (the year
	// 9999 ends in the year 10000, which no calendar can hold).
	MaxPast  = 366 * 24 * time.Hour
	MaxAhead = 2 * 366 * 24 * time.Hour
)

// Participant is one invitee: a staff user of the case team (by id), the
// resident, or a person of the resident's network by name.
type Participant struct {
	UserID      *int64                   `json:"user_id,omitempty" validate:"omitempty,gt=0"`
	Role        caseflow.ParticipantRole `json:"role" validate:"required,enum"`
	Name        string                   `json:"name,omitempty" validate:"max=80"`
	Status      Status                   `json:"status"`
	RespondedAt *time.Time               `json:"responded_at,omitempty"`
}

// ParticipantInput is an invitee as the planner names them.
type ParticipantInput struct {
	UserID *int64                   `json:"user_id" validate:"omitempty,gt=0"`
	Role   caseflow.ParticipantRole `json:"role" validate:"required,enum"`
	Name   string                   `json:"name" validate:"max=80"`
}

// Appointment is one planned talk of a case.
type Appointment struct {
	ID           int64             `json:"id"`
	CaseID       int64             `json:"case_id"`
	Kind         caseflow.Kind     `json:"kind"`
	StartsAt     time.Time         `json:"starts_at"`
	Duration     int               `json:"duration_minutes"`
	Location     caseflow.Location `json:"location"`
	Place        string            `json:"place"`
	Participants []Participant     `json:"participants"`
	Outcome      *Outcome          `json:"outcome"`
	Version      int64             `json:"version"`
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
}

// EndsAt is the end of the appointment.
func (a Appointment) EndsAt() time.Time {
	return a.StartsAt.Add(time.Duration(a.Duration) * time.Minute)
}

// Create is a new appointment.
type Create struct {
	Kind         caseflow.Kind      `json:"kind" validate:"required,enum"`
	StartsAt     time.Time          `json:"starts_at" validate:"required"`
	Duration     int                `json:"duration_minutes" validate:"required"`
	Location     caseflow.Location  `json:"location" validate:"required,enum"`
	Place        string             `json:"place" validate:"max=200"`
	Participants []ParticipantInput `json:"participants" validate:"max=20,dive"`
	// CreatedAt, when set, is when the appointment was made (and the planner
	// accepted it): the demo seed's history only, so that the days from the
	// signal to the first appointment have something to count. No client can
	// set it; without it the store's clock counts.
	CreatedAt *time.Time `json:"-"`
}

// Update changes an appointment; every field present replaces the stored
// one. Participants, when present, replace the list: a participant who stays
// (same user, or same role and name) keeps their answer unless the time
// moves, when everyone but the planner is asked again.
type Update struct {
	Kind         *caseflow.Kind      `json:"kind" validate:"omitempty,enum"`
	StartsAt     *time.Time          `json:"starts_at"`
	Duration     *int                `json:"duration_minutes"`
	Location     *caseflow.Location  `json:"location" validate:"omitempty,enum"`
	Place        *string             `json:"place" validate:"omitempty,max=200"`
	Participants *[]ParticipantInput `json:"participants" validate:"omitempty,max=20,dive"`
	Outcome      *Outcome            `json:"outcome" validate:"omitempty,enum"`
}

// Response is one's own answer to an invitation.
type Response struct {
	Status Status `json:"status" validate:"required,enum"`
}

// Validate applies the rules struct tags cannot express.
func (c *Create) Validate(now time.Time) error {
	c.Place = strings.TrimSpace(c.Place)
	c.StartsAt = c.StartsAt.UTC()
	trimNames(c.Participants)
	var fields []errs.FieldError
	if !startInRange(c.StartsAt, now) {
		fields = append(fields, startField())
	}
	if c.Duration < MinDuration || c.Duration > MaxDuration {
		fields = append(fields, durationField())
	}
	fields = append(fields, checkParticipants(c.Participants)...)
	if len(fields) > 0 {
		return errs.Invalid(fields...)
	}
	return nil
}

// Validate refuses a new start outside the range MaxPast–MaxAhead.
func (u *Update) Validate(now time.Time) error {
	if u.Participants != nil {
		trimNames(*u.Participants)
	}
	if u.StartsAt != nil && !startInRange(u.StartsAt.UTC(), now) {
		return errs.Invalid(startField())
	}
	return nil
}

// trimNames trims the names of ps in place, as they are stored and matched.
func trimNames(ps []ParticipantInput) {
	for i := range ps {
		ps[i].Name = strings.TrimSpace(ps[i].Name)
	}
}

func startInRange(t, now time.Time) bool {
	return !t.Before(now.Add(-MaxPast)) && !t.After(now.Add(MaxAhead))
}

func startField() errs.FieldError {
	return errs.Field("starts_at", "range", "must be at most a year ago and at most two years ahead")
}

func durationField() errs.FieldError {
	return errs.Field("duration_minutes", "range", "must be between 15 and 240 minutes")
}

func checkParticipants(ps []ParticipantInput) []errs.FieldError {
	var fields []errs.FieldError
	seen := map[int64]bool{}
	resident := false
	names := map[string]bool{}
	for i, p := range ps {
		at := "participants[" + itoa(i) + "]"
		switch p.Role {
		case caseflow.ParticipantPOH, caseflow.ParticipantPeer, caseflow.ParticipantCoach, caseflow.ParticipantGP:
			if p.UserID == nil {
				fields = append(fields, errs.Field(at+".user_id", "required", "is required for a staff participant"))
			} else if seen[*p.UserID] {
				fields = append(fields, errs.Field(at+".user_id", "unique", "names someone already invited"))
			} else {
				seen[*p.UserID] = true
			}
		case caseflow.ParticipantResident:
			if resident {
				fields = append(fields, errs.Field(at+".role", "unique", "the resident is already invited"))
			}
			resident = true
		case caseflow.ParticipantOther:
			// Same matches a contact by name, so two of one name would share
			// one answer.
			name := strings.ToLower(strings.TrimSpace(p.Name))
			switch {
			case name == "":
				fields = append(fields, errs.Field(at+".name", "required", "is required for someone of the resident's network"))
			case names[name]:
				fields = append(fields, errs.Field(at+".name", "unique", "names someone already invited"))
			}
			names[name] = true
		}
		if (p.Role == caseflow.ParticipantOther || p.Role == caseflow.ParticipantResident) && p.UserID != nil {
			fields = append(fields, errs.Field(at+".user_id", "excluded", "only staff participants have a user id"))
		}
	}
	return fields
}

// Apply returns a with u applied, or the field that makes it invalid.
func (u Update) Apply(a Appointment) (Appointment, []ParticipantInput, error) {
	if u.Kind != nil {
		a.Kind = *u.Kind
	}
	if u.StartsAt != nil {
		a.StartsAt = u.StartsAt.UTC()
	}
	if u.Duration != nil {
		if *u.Duration < MinDuration || *u.Duration > MaxDuration {
			return a, nil, errs.Invalid(durationField())
		}
		a.Duration = *u.Duration
	}
	if u.Location != nil {
		a.Location = *u.Location
	}
	if u.Place != nil {
		a.Place = strings.TrimSpace(*u.Place)
	}
	if u.Outcome != nil {
		o := *u.Outcome
		a.Outcome = &o
	}
	if u.Participants == nil {
		return a, nil, nil
	}
	if fields := checkParticipants(*u.Participants); len(fields) > 0 {
		return a, nil, errs.Invalid(fields...)
	}
	return a, *u.Participants, nil
}

// Same reports whether input p names participant q.
func (p ParticipantInput) Same(q Participant) bool {
	if p.UserID != nil || q.UserID != nil {
		return p.UserID != nil && q.UserID != nil && *p.UserID == *q.UserID
	}
	return p.Role == q.Role && strings.TrimSpace(p.Name) == q.Name
}

// AgendaItem is one appointment in a staff member's own agenda: when,
// where, which case (its pseudonymous label), their own answer, and whether
// it overlaps another appointment of theirs.
type AgendaItem struct {
	Appointment
	Label         string  `json:"label"`
	MyStatus      Status  `json:"my_status"`
	DoubleBooked  bool    `json:"double_booked"`
	OverlapsWith  []int64 `json:"overlaps_with"`
	CaseReachable bool    `json:"-"`
}

// FlagOverlaps marks the items that overlap another item of the same list
// (one person's agenda), leaving cancelled and declined ones out: they take
// no time.
func FlagOverlaps(items []AgendaItem) {
	for i := range items {
		items[i].OverlapsWith = []int64{}
	}
	for i := range items {
		if !items[i].Busy() {
			continue
		}
		for j := i + 1; j < len(items); j++ {
			if !items[j].Busy() {
				continue
			}
			a, b := items[i], items[j]
			if a.StartsAt.Before(b.EndsAt()) && b.StartsAt.Before(a.EndsAt()) {
				items[i].DoubleBooked, items[j].DoubleBooked = true, true
				items[i].OverlapsWith = append(items[i].OverlapsWith, b.ID)
				items[j].OverlapsWith = append(items[j].OverlapsWith, a.ID)
			}
		}
	}
}

// Busy reports whether the item takes the person's time.
func (it AgendaItem) Busy() bool {
	return it.MyStatus != Declined && (it.Outcome == nil || *it.Outcome == Held)
}

// CheckRange validates an agenda range.
func CheckRange(from, to time.Time) error {
	switch {
	case !to.After(from):
		return errs.Invalid(errs.Field("to", "range", "must be after from"))
	case to.Sub(from) > MaxAgendaSpan:
		return errs.Invalid(errs.Field("to", "range", "may be at most 62 days after from"))
	}
	return nil
}

// Summary is the title of an appointment where its case's content may not
// go (a calendar feed, an .ics file): the case's pseudonymous label and the
// kind of talk, never the resident's question or anyone's name.
func Summary(label string, k caseflow.Kind) string {
	switch k {
	case caseflow.KindExploratory:
		return "Verkennend gesprek – " + label
	case caseflow.KindNetwork:
		return "Netwerkgesprek – " + label
	}
	return "Vervolggesprek – " + label
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
