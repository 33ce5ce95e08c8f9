// Package outcome computes what HOI brings, per period and in total: signals,
// residents seen, days to the first conversation, closures by outcome,
// referrals avoided with their denominator, whether avoidance was sustained,
// and what residents chose and reached. The definitions below are the one
// place these figures are defined; "referral avoided" itself is
// caseflow.ReferralAvoided. Region-wide figures below 5 are suppressed.
//
// Which period a case counts in depends on the figure:
//   - signals: signalled_at;
//   - residents seen and days to first conversation: the date of the first
//     finalised conversation;
//   - closed by outcome, referrals avoided, sustained, conversations per case
//     and domain change: closed_at (the trajectory as a whole, once ended);
//   - plan items: the item's created_at; goals reached: the goal's last
//     change (when it was marked reached);
//   - self-check before the first conversation: the date of the first
//     finalised conversation, like residents seen, which is its denominator;
//     a case counts when its resident submitted the self-check on or before
//     that day (the UTC date of the submission; a conversation has a day, no
//     time, so a self-check filled in on the morning of the talk counts);
//   - did it help: the plan item's created_at, like plan items; each item
//     with feedback counts once, with the rating of its latest feedback
//     (a later feedback replaces an earlier one);
//   - days from signal to scheduled: the creation of the case's first
//     appointment (the first one made, whatever became of it later), like
//     days to first conversation counts by the event that ends the wait;
//   - days from scheduled to held: the date of the first finalised
//     conversation, for the cases whose first appointment was made on or
//     before that day;
//   - no-show rate: the appointment's start; appointments with outcome
//     no_show over those held or no_show (cancelled and still planned ones
//     are in neither).
//
// All dates are calendar dates in UTC.
package outcome

import (
	"time"

	"github.com/hoi-app/hoi/internal/errs"
)

// Scope is how wide the figures look.
type Scope string

// The scopes: one practice, or the whole region.
const (
	ScopePractice Scope = "practice"
	ScopeRegion   Scope = "region"
)

// Interval is the length of one period.
type Interval string

// The intervals: calendar months or quarters.
const (
	Month   Interval = "month"
	Quarter Interval = "quarter"
)

// MaxPeriods bounds one request: five years of months.
const MaxPeriods = 60

// Query is one request for figures, after the caller's rights were applied.
type Query struct {
	Scope      Scope
	RegionID   int64
	PracticeID *int64 // set for ScopePractice
	From, To   time.Time
	Interval   Interval
	// Suppress hides counts below 5 ("<5"): region-wide figures, and every
	// figure an admin sees, since the admin is not a carer of the residents.
	Suppress bool
}

// Period is one stretch of dates, both ends inclusive.
type Period struct {
	Start, End time.Time
}

// Contains reports whether day d (a UTC date) lies in p.
func (p Period) Contains(d time.Time) bool { return !d.Before(p.Start) && !d.After(p.End) }

// Day truncates t to its UTC calendar date.
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DefaultRange is the range when the caller names none: the twelve calendar
// months up to and including today's.
func DefaultRange(today time.Time) (from, to time.Time) {
	to = Day(today)
	from = time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -11, 0)
	return from, to
}

// Periods splits [q.From, q.To] into calendar months or quarters, the first
// and last clipped to the range.
func (q Query) Periods() []Period {
	months := 1
	if q.Interval == Quarter {
		months = 3
	}
	var out []Period
	start := q.From
	for !start.After(q.To) {
		y, m, _ := start.Date()
		first := time.Date(y, m-time.Month((int(m)-1)%months), 1, 0, 0, 0, 0, time.UTC)
		end := first.AddDate(0, months, -1)
		if end.After(q.To) {
			end = q.To
		}
		out = append(out, Period{Start: start, End: end})
		start = end.AddDate(0, 0, 1)
	}
	return out
}

// Check validates the range and interval.
func (q Query) Check() error {
	var fields []errs.FieldError
	if q.Interval != Month && q.Interval != Quarter {
		fields = append(fields, errs.Field("interval", "oneof", "must be month or quarter"))
	}
	if q.To.Before(q.From) {
		fields = append(fields, errs.Field("to", "range", "must not be before from"))
	} else if q.Interval == Month || q.Interval == Quarter {
		if n := len(q.Periods()); n > MaxPeriods {
			fields = append(fields, errs.Field("from", "range", "the range holds too many periods; ask at most 60"))
		}
	}
	if len(fields) > 0 {
		return errs.Invalid(fields...)
	}
	return nil
}
