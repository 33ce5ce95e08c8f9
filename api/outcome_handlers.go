package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/outcome"
	"github.com/hoi-app/hoi/internal/policy"
	"github.com/hoi-app/hoi/internal/practice"
	"github.com/hoi-app/hoi/internal/store"
)

// outcomeReport is the body of GET /outcomes.
type outcomeReport struct {
	Scope       outcome.Scope    `json:"scope"`
	RegionID    int64            `json:"region_id"`
	PracticeID  *int64           `json:"practice_id"`
	From        string           `json:"from"`
	To          string           `json:"to"`
	Interval    outcome.Interval `json:"interval"`
	Suppression string           `json:"suppression"`
	Total       outcome.Figures  `json:"total"`
	Periods     []outcomePeriod  `json:"periods"`
	// ByEntryPoint splits the range's totals by practice kind and case
	// source: every kind × source, in the order of their enums.
	ByEntryPoint []entryPointFigures `json:"by_entry_point"`
}

// entryPointFigures are the figures of one entry point over the range:
// signals, residents seen, days to the first conversation, closures by
// outcome, referrals avoided (with its GP-intention denominator) and the
// planning figures (signal to scheduled, scheduled to held, no-show rate).
type entryPointFigures struct {
	Kind             practice.Kind   `json:"kind"`
	Source           caseflow.Source `json:"source"`
	Signals          outcome.Count   `json:"signals"`
	ResidentsSeen    outcome.Count   `json:"residents_seen"`
	DaysToFirst      outcome.Days    `json:"days_to_first_conversation"`
	ClosedByOutcome  outcome.Closed  `json:"closed_by_outcome"`
	ReferralsAvoided outcome.Avoided `json:"referrals_avoided"`
	DaysToScheduled  outcome.Days    `json:"days_signal_to_scheduled"`
	ScheduledToHeld  outcome.Days    `json:"days_scheduled_to_held"`
	NoShow           outcome.NoShow  `json:"no_show"`
}

type outcomePeriod struct {
	Start   string          `json:"start"`
	End     string          `json:"end"`
	Figures outcome.Figures `json:"figures"`
}

func (s *Server) outcomes(c echo.Context) error {
	rep, err := s.outcomeReport(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rep)
}

func (s *Server) outcomesCSV(c echo.Context) error {
	rep, err := s.outcomeReport(c)
	if err != nil {
		return err
	}
	name := "hoi-uitkomsten-" + rep.From + "-" + rep.To + ".csv"
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", outcomeCSV(rep))
}

// outcomeReport computes the figures in the scope the policy gives the
// caller (aggregates only: the access-log row names no case).
func (s *Server) outcomeReport(c echo.Context) (outcomeReport, error) {
	q, err := s.outcomeQuery(c)
	if err != nil {
		return outcomeReport{}, err
	}
	data, err := s.DB.OutcomeData(c.Request().Context(), q)
	if err != nil {
		return outcomeReport{}, err
	}
	total, figures := outcome.Compute(q, data, s.DB.Now())
	rep := outcomeReport{Scope: q.Scope, RegionID: q.RegionID, PracticeID: q.PracticeID, From: q.From.Format(time.DateOnly), To: q.To.Format(time.DateOnly),
		Interval: q.Interval, Suppression: "none", Total: total, Periods: make([]outcomePeriod, len(figures))}
	if q.Suppress {
		rep.Suppression = "below_5"
	}
	for i, p := range q.Periods() {
		rep.Periods[i] = outcomePeriod{Start: p.Start.Format(time.DateOnly), End: p.End.Format(time.DateOnly), Figures: figures[i]}
	}
	byEntry, err := s.DB.OutcomeDataByEntryPoint(c.Request().Context(), q)
	if err != nil {
		return outcomeReport{}, err
	}
	for _, k := range practice.Kinds {
		for _, src := range caseflow.Sources {
			d := byEntry[store.EntryPoint{Kind: string(k), Source: string(src)}]
			if d == nil {
				d = &outcome.Data{}
			}
			t, _ := outcome.Compute(q, *d, s.DB.Now())
			rep.ByEntryPoint = append(rep.ByEntryPoint, entryPointFigures{Kind: k, Source: src, Signals: t.Signals, ResidentsSeen: t.ResidentsSeen,
				DaysToFirst: t.DaysToFirst, ClosedByOutcome: t.ClosedByOutcome, ReferralsAvoided: t.ReferralsAvoided,
				DaysToScheduled: t.DaysToScheduled, ScheduledToHeld: t.DaysScheduledToHeld, NoShow: t.NoShow})
		}
	}
	return rep, nil
}

// outcomeQuery reads the parameters and applies who may see what: the GP and
// POH their own practice, the admin the region or one practice of it.
func (s *Server) outcomeQuery(c echo.Context) (outcome.Query, error) {
	p := principal(c)
	q := outcome.Query{RegionID: p.RegionID, Interval: outcome.Interval(c.QueryParam("interval")), Scope: outcome.Scope(c.QueryParam("scope"))}
	if q.Interval == "" {
		q.Interval = outcome.Month
	}
	var fields []errs.FieldError
	var practice *int64
	if v := c.QueryParam("practice"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			fields = append(fields, errs.Field("practice", "type", "must be a practice id"))
		}
		practice = &id
	}
	q.From, q.To = outcome.DefaultRange(s.DB.Now())
	for name, dst := range map[string]*time.Time{"from": &q.From, "to": &q.To} {
		if v := c.QueryParam(name); v != "" {
			d, err := time.Parse(time.DateOnly, v)
			if err != nil {
				fields = append(fields, errs.Field(name, "datetime", "must be a date (YYYY-MM-DD)"))
			}
			*dst = d
		}
	}
	switch q.Scope {
	case "", outcome.ScopePractice, outcome.ScopeRegion:
	default:
		fields = append(fields, errs.Field("scope", "oneof", "must be practice or region"))
	}
	if len(fields) > 0 {
		return q, errs.Invalid(fields...)
	}
	if err := q.Check(); err != nil {
		return q, err
	}
	sc, err := policy.OutcomeFor(p, q.Scope == outcome.ScopeRegion, q.Scope == outcome.ScopePractice, practice)
	if err != nil {
		return q, err
	}
	if sc.CheckPractice {
		if _, err := s.DB.Practice(c.Request().Context(), p.RegionID, *sc.PracticeID); err != nil {
			return q, err
		}
	}
	q.Scope, q.PracticeID, q.Suppress = outcome.ScopePractice, sc.PracticeID, sc.Suppress
	if sc.Region {
		q.Scope = outcome.ScopeRegion
	}
	return q, nil
}
