package catalogue

import (
	"crypto/rand"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/enum"
	"github.com/hoi-app/hoi/internal/errs"
)

// LocationKind says whether an option is held somewhere or online.
type LocationKind string

// The location kinds (HSDS location_type physical and virtual).
const (
	LocationPhysical LocationKind = "physical"
	LocationOnline   LocationKind = "online"
)

// LocationKinds lists every location kind.
var LocationKinds = enum.Of[LocationKind]{LocationPhysical, LocationOnline}

// Valid reports whether k is one of LocationKinds.
func (k LocationKind) Valid() bool { return LocationKinds.Has(k) }

// Values lists LocationKinds.
func (LocationKind) Values() []string { return LocationKinds.Strings() }

// Location is where an option takes place: an address (or only its PC4
// area) or online.
type Location struct {
	Kind       LocationKind `json:"kind" validate:"required,enum"`
	Address    string       `json:"address" validate:"max=200"`
	PostalCode string       `json:"postal_code" validate:"max=7"`
	City       string       `json:"city" validate:"max=100"`
	URL        string       `json:"url" validate:"omitempty,max=500,url"`
}

// PC4 is the four-digit postcode area of the location, or "".
func (l Location) PC4() string {
	if pc4.MatchString(l.PostalCode) {
		return l.PostalCode[:4]
	}
	return ""
}

var pc4 = regexp.MustCompile(`^[1-9][0-9]{3}`)

// Frequency is how often a group meets (HSDS schedule freq).
type Frequency string

// The frequencies.
const (
	Weekly  Frequency = "WEEKLY"
	Monthly Frequency = "MONTHLY"
)

// Frequencies lists every frequency.
var Frequencies = enum.Of[Frequency]{Weekly, Monthly}

// Valid reports whether f is one of Frequencies.
func (f Frequency) Valid() bool { return Frequencies.Has(f) }

// Values lists Frequencies.
func (Frequency) Values() []string { return Frequencies.Strings() }

// Schedule is when and how often an option (a group) meets, in the terms
// of HSDS's schedule (RFC 5545 recurrence parts).
type Schedule struct {
	Freq        Frequency `json:"freq" validate:"required,enum"`
	Interval    int       `json:"interval" validate:"min=0,max=12"`
	ByDay       string    `json:"by_day" validate:"max=40"`
	OpensAt     string    `json:"opens_at" validate:"omitempty,datetime=15:04"`
	ClosesAt    string    `json:"closes_at" validate:"omitempty,datetime=15:04"`
	Description string    `json:"description" validate:"max=300"`
}

var byDay = regexp.MustCompile(`^((-?[1-5])?(MO|TU|WE|TH|FR|SA|SU))(,(-?[1-5])?(MO|TU|WE|TH|FR|SA|SU))*$`)

// WaitingBand is a rough waiting time where places are not counted.
type WaitingBand string

// The waiting bands.
const (
	WaitNone       WaitingBand = "none"
	WaitUnder4     WaitingBand = "under_4_weeks"
	Wait4To12      WaitingBand = "4_to_12_weeks"
	WaitOver12     WaitingBand = "over_12_weeks"
	WaitListClosed WaitingBand = "closed"
)

// WaitingBands lists every waiting band, shortest first.
var WaitingBands = enum.Of[WaitingBand]{WaitNone, WaitUnder4, Wait4To12, WaitOver12, WaitListClosed}

// Valid reports whether b is one of WaitingBands.
func (b WaitingBand) Valid() bool { return WaitingBands.Has(b) }

// Values lists WaitingBands.
func (WaitingBand) Values() []string { return WaitingBands.Strings() }

// Capacity is how many places an option has free (of a maximum), or its
// waiting band, and when that was last updated.
type Capacity struct {
	Available   *int        `json:"available" validate:"omitempty,min=0,max=100000"`
	Maximum     *int        `json:"maximum" validate:"omitempty,min=0,max=100000"`
	WaitingBand WaitingBand `json:"waiting_band" validate:"omitempty,enum"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

// Full reports whether the option has no places now.
func (c Capacity) Full() bool {
	return (c.Available != nil && *c.Available == 0) || (c.WaitingBand != "" && c.WaitingBand != WaitNone)
}

// StaleAfter is how long a listing stays current without being verified.
const StaleAfter = 6 * 30 * 24 * time.Hour

// Stale reports whether a listing last verified on verified (a date, or
// nil) needs checking at now: never verified, or six months ago.
func Stale(verified *string, now time.Time) bool {
	if verified == nil {
		return true
	}
	d, err := time.Parse(time.DateOnly, *verified)
	return err != nil || now.AddDate(0, -6, 0).After(d)
}

// Details are the fields of an option beyond the name and category that
// HSDS carries: where, when, for whom, how many places, when verified.
type Details struct {
	Location       *Location `json:"location"`
	Schedule       *Schedule `json:"schedule"`
	Eligibility    string    `json:"eligibility" validate:"max=1000"`
	Capacity       *Capacity `json:"capacity"`
	LastVerifiedOn *string   `json:"last_verified_on" validate:"omitempty,datetime=2006-01-02"`
}

// normalize trims the texts of d.
func (d *Details) normalize() {
	d.Eligibility = strings.TrimSpace(d.Eligibility)
	if d.Location != nil {
		l := d.Location
		l.Address, l.City, l.URL = strings.TrimSpace(l.Address), strings.TrimSpace(l.City), strings.TrimSpace(l.URL)
		l.PostalCode = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(l.PostalCode), " ", ""))
	}
	if d.Schedule != nil {
		d.Schedule.ByDay = strings.ToUpper(strings.ReplaceAll(d.Schedule.ByDay, " ", ""))
		d.Schedule.Description = strings.TrimSpace(d.Schedule.Description)
	}
}

// Check applies the rules the validator tags cannot say, naming fields
// under prefix.
func (d Details) Check(now time.Time) []errs.FieldError {
	var out []errs.FieldError
	if l := d.Location; l != nil {
		if l.PostalCode != "" && !ValidPostalCode(l.PostalCode) {
			out = append(out, errs.Field("location.postal_code", "postcode", "must be a Dutch postcode (1234AB) or its four digits"))
		}
		if l.Kind == LocationOnline && l.URL == "" {
			out = append(out, errs.Field("location.url", "required", "is required for an online option"))
		}
	}
	if s := d.Schedule; s != nil && s.ByDay != "" && !byDay.MatchString(s.ByDay) {
		out = append(out, errs.Field("schedule.by_day", "byday", "must be days as MO,TU,WE… (optionally with a week number, 1MO)"))
	}
	if c := d.Capacity; c != nil {
		if c.Available == nil && c.WaitingBand == "" {
			out = append(out, errs.Field("capacity", "required", "needs places available or a waiting band"))
		}
		if c.Available != nil && c.Maximum != nil && *c.Available > *c.Maximum {
			out = append(out, errs.Field("capacity.available", "max", "cannot exceed the maximum"))
		}
		if c.UpdatedAt.After(now.Add(time.Hour)) {
			out = append(out, errs.Field("capacity.updated_at", "future", "cannot be in the future"))
		}
	}
	if v := d.LastVerifiedOn; v != nil && *v > now.Format(time.DateOnly) {
		out = append(out, errs.Field("last_verified_on", "future", "cannot be in the future"))
	}
	return out
}

var postal = regexp.MustCompile(`^[1-9][0-9]{3}([A-Z]{2})?$`)

// ValidPostalCode reports whether pc is a Dutch postcode or its PC4 part.
func ValidPostalCode(pc string) bool { return postal.MatchString(pc) }

// NewHSDSID returns a random (version 4) UUID for a new option's HSDS id.
func NewHSDSID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("catalogue: crypto/rand: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
