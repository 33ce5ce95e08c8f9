// Package capacity puts the new bottlenecks in view: signals per week
// against joint talks held, the wait from signal to first talk per location,
// each peer's and coach's caseload against their cap, and a short forecast
// with a warning when the forecast wait or a worker's load passes the
// thresholds the region's admin set. The definitions here are the one place
// these figures are defined.
//
// Definitions (all dates are UTC calendar dates; weeks are ISO weeks,
// Monday to Sunday):
//   - signals: cases by the day they were signalled (every source);
//   - talks held: first joint talks, i.e. cases by the date of their first
//     finalised conversation: each signal needs one, so talks held per week
//     is the rate at which the queue of signals is served;
//   - wait: days from the signal's date to the first talk, for the talks held
//     in the period (nearest-rank median and p90, as in package outcome);
//   - open signals: cases still signalled (no talk yet), not erased, now;
//   - active cases of a worker: cases on whose team they are, neither closed
//     nor withdrawn nor erased.
//
// Forecast (Forecast): the base is the eight whole weeks before the week
// holding today. S is the mean of their signals per week, T the mean of
// their talks held per week, Q0 today's open signals. For the four weeks
// from this week on (k = 1…4): signals S; open signals at the end of week
// k Q_k = max(0, Q0 + k·(S − T)); forecast wait Q_k / T weeks, in days
// (undefined when T is 0). A warning is raised for the first forecast week
// whose wait reaches the region's wait threshold, and for every worker
// whose active cases reach the load threshold's percentage of their cap.
package capacity

import (
	"time"

	"github.com/hoi-app/hoi/internal/errs"
)

// Interval is the length of one period; only weeks for now.
const Interval = "week"

// MaxWeeks bounds one request: two years of weeks.
const MaxWeeks = 104

// BaseWeeks and ForecastWeeks are the forecast's window and horizon.
const (
	BaseWeeks     = 8
	ForecastWeeks = 4
)

// Query is one request for the figures, after the caller's rights were
// applied: the region's, or one location's (PracticeID).
type Query struct {
	RegionID   int64
	PracticeID *int64
	From, To   time.Time
}

// Week is one ISO week, clipped to a range; both ends inclusive.
type Week struct {
	Start, End time.Time
}

// Monday is the Monday of d's ISO week.
func Monday(d time.Time) time.Time {
	d = day(d)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

func day(t time.Time) time.Time {
	y, m, dd := t.UTC().Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}

// DefaultRange is the range when the caller names none: the twelve weeks up
// to and including today's.
func DefaultRange(today time.Time) (from, to time.Time) {
	to = day(today)
	return Monday(to).AddDate(0, 0, -7*11), to
}

// Weeks splits [q.From, q.To] into ISO weeks, the first and last clipped.
func (q Query) Weeks() []Week {
	var out []Week
	for start := q.From; !start.After(q.To); {
		end := Monday(start).AddDate(0, 0, 6)
		if end.After(q.To) {
			end = q.To
		}
		out = append(out, Week{Start: start, End: end})
		start = end.AddDate(0, 0, 1)
	}
	return out
}

// Check validates the range.
func (q Query) Check() error {
	if q.To.Before(q.From) {
		return errs.Invalid(errs.Field("to", "range", "must not be before from"))
	}
	if q.To.Sub(q.From) > time.Duration(MaxWeeks*7)*24*time.Hour {
		return errs.Invalid(errs.Field("from", "range", "the range holds too many weeks; ask at most 104"))
	}
	return nil
}

// Base is the forecast's base window for today: the eight whole weeks
// before today's week, as [from, to].
func Base(today time.Time) (from, to time.Time) {
	m := Monday(today)
	return m.AddDate(0, 0, -7*BaseWeeks), m.AddDate(0, 0, -1)
}
