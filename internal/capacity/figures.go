package capacity

import (
	"math"
	"sort"
	"time"

	"github.com/hoi-app/hoi/internal/outcome"
)

// Data are the raw numbers the store aggregates in SQL, per location and
// day: a handful of rows per day whatever the number of cases.
type Data struct {
	Locations []Location
	// Signals count cases by location and signal day.
	Signals []DayCount
	// Talks count first talks by location, day held and days waited.
	Talks []DayWait
	// Open counts today's open signals per location.
	Open map[int64]int
	// Workers are the region's active peers and coaches with their load.
	Workers []Worker
}

// Location is a practice of the scope.
type Location struct {
	ID   int64  `json:"practice_id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// DayCount is N cases of a location on Day ("2006-01-02").
type DayCount struct {
	PracticeID int64
	Day        string
	N          int
}

// DayWait is N first talks of a location held on Day after Days days.
type DayWait struct {
	PracticeID int64
	Day        string
	Days       int
	N          int
}

// Worker is one peer's or coach's caseload.
type Worker struct {
	UserID      int64  `json:"user_id"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	ActiveCases int    `json:"active_cases"`
	CaseloadCap *int   `json:"caseload_cap"`
	// LoadPercent is active cases as a percentage of the cap (rounded);
	// nil without a cap.
	LoadPercent *int `json:"load_percent"`
}

// Wait is a distribution of days waited.
type Wait struct {
	Median *float64 `json:"median"`
	P90    *float64 `json:"p90"`
	N      int      `json:"n"`
}

// WeekFigures are one week's numbers.
type WeekFigures struct {
	Start     string `json:"start"`
	End       string `json:"end"`
	Signals   int    `json:"signals"`
	TalksHeld int    `json:"talks_held"`
	Wait      Wait   `json:"wait_days"`
}

// LocationFigures are one location's numbers over the range, and per week.
type LocationFigures struct {
	Location
	Signals     int           `json:"signals"`
	TalksHeld   int           `json:"talks_held"`
	OpenSignals int           `json:"open_signals"`
	Wait        Wait          `json:"wait_days"`
	Weeks       []WeekFigures `json:"weeks"`
}

// ForecastWeek is one forecast week.
type ForecastWeek struct {
	Start       string   `json:"start"`
	End         string   `json:"end"`
	Signals     float64  `json:"signals"`
	OpenSignals float64  `json:"open_signals"`
	WaitDays    *float64 `json:"wait_days"`
}

// Forecast is the four weeks ahead from the eight behind (see the package
// comment for the method).
type Forecast struct {
	Method         string         `json:"method"`
	BaseFrom       string         `json:"base_from"`
	BaseTo         string         `json:"base_to"`
	SignalsPerWeek float64        `json:"signals_per_week"`
	TalksPerWeek   float64        `json:"talks_per_week"`
	OpenSignals    int            `json:"open_signals"`
	Weeks          []ForecastWeek `json:"weeks"`
}

// Method is the forecast's method in a sentence, as the report states it.
const Method = "mean of the last 8 whole weeks: signals S and talks held T per week; open signals after week k = max(0, open now + k*(S - T)); wait = open signals / T weeks"

// Warning kinds.
const (
	WarnWait = "waiting_time"
	WarnLoad = "caseload"
)

// Warning is a threshold passed.
type Warning struct {
	Kind      string  `json:"kind"`
	UserID    *int64  `json:"user_id,omitempty"`
	WeekStart string  `json:"week_start,omitempty"`
	Value     float64 `json:"value"`
	Threshold float64 `json:"threshold"`
}

// Report is the whole answer of GET /capacity.
type Report struct {
	Weeks     []WeekFigures     `json:"weeks"`
	Locations []LocationFigures `json:"locations"`
	Workers   []Worker          `json:"workers"`
	Forecast  Forecast          `json:"forecast"`
	Warnings  []Warning         `json:"warnings"`
}

type waits struct {
	hist map[int]int
	n    int
}

func (w *waits) add(days, n int) {
	if w.hist == nil {
		w.hist = map[int]int{}
	}
	w.hist[days] += n
	w.n += n
}

func (w waits) figures() Wait {
	out := Wait{N: w.n}
	if w.n > 0 {
		out.Median, out.P90 = outcome.NearestRank(w.hist, w.n, 50), outcome.NearestRank(w.hist, w.n, 90)
	}
	return out
}

// Compute folds the data into the report for q, with the forecast for today
// and the warnings of s. The data must hold the days of q and of the
// forecast base (Base(today)).
func Compute(q Query, d Data, s Settings, today time.Time) Report {
	ws := q.Weeks()
	week := func(dayStr string) int {
		t, err := time.Parse(time.DateOnly, dayStr)
		if err != nil || t.Before(q.From) || t.After(q.To) {
			return -1
		}
		return sort.Search(len(ws), func(i int) bool { return !ws[i].End.Before(t) })
	}
	rep := Report{Weeks: make([]WeekFigures, len(ws)), Workers: d.Workers, Warnings: []Warning{}}
	if rep.Workers == nil {
		rep.Workers = []Worker{}
	}
	total := make([]waits, len(ws))
	locAt := map[int64]int{}
	locWaits := make([]waits, len(d.Locations))
	locWeekWaits := make([][]waits, len(d.Locations))
	for i, l := range d.Locations {
		locAt[l.ID] = i
		rep.Locations = append(rep.Locations, LocationFigures{Location: l, OpenSignals: d.Open[l.ID], Weeks: make([]WeekFigures, len(ws))})
		locWeekWaits[i] = make([]waits, len(ws))
	}
	for i, w := range ws {
		rep.Weeks[i] = WeekFigures{Start: w.Start.Format(time.DateOnly), End: w.End.Format(time.DateOnly)}
		for j := range rep.Locations {
			rep.Locations[j].Weeks[i] = rep.Weeks[i]
		}
	}
	for _, c := range d.Signals {
		li, ok := locAt[c.PracticeID]
		if i := week(c.Day); i >= 0 && ok {
			rep.Weeks[i].Signals += c.N
			rep.Locations[li].Signals += c.N
			rep.Locations[li].Weeks[i].Signals += c.N
		}
	}
	for _, c := range d.Talks {
		li, ok := locAt[c.PracticeID]
		if i := week(c.Day); i >= 0 && ok {
			rep.Weeks[i].TalksHeld += c.N
			total[i].add(c.Days, c.N)
			rep.Locations[li].TalksHeld += c.N
			rep.Locations[li].Weeks[i].TalksHeld += c.N
			locWaits[li].add(c.Days, c.N)
			locWeekWaits[li][i].add(c.Days, c.N)
		}
	}
	for i := range ws {
		rep.Weeks[i].Wait = total[i].figures()
		for j := range rep.Locations {
			rep.Locations[j].Weeks[i].Wait = locWeekWaits[j][i].figures()
		}
	}
	for j := range rep.Locations {
		rep.Locations[j].Wait = locWaits[j].figures()
	}
	if rep.Locations == nil {
		rep.Locations = []LocationFigures{}
	}
	rep.Forecast = forecast(d, today)
	for _, fw := range rep.Forecast.Weeks {
		if fw.WaitDays != nil && *fw.WaitDays >= float64(s.WaitWarnDays) {
			rep.Warnings = append(rep.Warnings, Warning{Kind: WarnWait, WeekStart: fw.Start, Value: *fw.WaitDays, Threshold: float64(s.WaitWarnDays)})
			break
		}
	}
	for i, w := range rep.Workers {
		if w.CaseloadCap == nil {
			continue
		}
		if *w.CaseloadCap > 0 {
			p := int(math.Round(100 * float64(w.ActiveCases) / float64(*w.CaseloadCap)))
			rep.Workers[i].LoadPercent = &p
		}
		if w.ActiveCases*100 >= *w.CaseloadCap*s.LoadWarnPercent {
			id := w.UserID
			rep.Warnings = append(rep.Warnings, Warning{Kind: WarnLoad, UserID: &id, Value: float64(w.ActiveCases),
				Threshold: float64(*w.CaseloadCap*s.LoadWarnPercent) / 100})
		}
	}
	return rep
}

// forecast applies the method of the package comment.
func forecast(d Data, today time.Time) Forecast {
	from, to := Base(today)
	in := func(dayStr string) bool {
		t, err := time.Parse(time.DateOnly, dayStr)
		return err == nil && !t.Before(from) && !t.After(to)
	}
	var signals, talks, open int
	for _, c := range d.Signals {
		if in(c.Day) {
			signals += c.N
		}
	}
	for _, c := range d.Talks {
		if in(c.Day) {
			talks += c.N
		}
	}
	for _, n := range d.Open {
		open += n
	}
	S, T := float64(signals)/BaseWeeks, float64(talks)/BaseWeeks
	f := Forecast{Method: Method, BaseFrom: from.Format(time.DateOnly), BaseTo: to.Format(time.DateOnly),
		SignalsPerWeek: round(S, 2), TalksPerWeek: round(T, 2), OpenSignals: open}
	start := Monday(today)
	for k := 1; k <= ForecastWeeks; k++ {
		q := math.Max(0, float64(open)+float64(k)*(S-T))
		fw := ForecastWeek{Start: start.AddDate(0, 0, 7*(k-1)).Format(time.DateOnly), End: start.AddDate(0, 0, 7*k-1).Format(time.DateOnly),
			Signals: round(S, 2), OpenSignals: round(q, 2)}
		if T > 0 {
			w := round(7*q/T, 1)
			fw.WaitDays = &w
		}
		f.Weeks = append(f.Weeks, fw)
	}
	return f
}

func round(v float64, places int) float64 {
	s := math.Pow(10, float64(places))
	return math.Round(v*s) / s
}
