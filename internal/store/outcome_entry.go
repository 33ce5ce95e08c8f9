package store

import (
	"context"
	"time"

	"github.com/hoi-app/hoi/internal/appointment"
	"github.com/hoi-app/hoi/internal/outcome"
)

// EntryPoint is where and how cases came in: the practice's kind and the
// case's source.
type EntryPoint struct {
	Kind, Source string
}

// OutcomeDataByEntryPoint aggregates the signals, first conversations,
// closures and the planning figures (first appointment, scheduled to held,
// no-shows) of q per entry point (practice kind and case source), per month,
// from the facts: six grouped index scans. Plan items, goals, domain change,
// "sustained", the resident's voice and the providers' answers are not
// split. Tenancy is in every WHERE clause.
func (db *DB) OutcomeDataByEntryPoint(ctx context.Context, q outcome.Query) (map[EntryPoint]*outcome.Data, error) {
	r := db.r.WithContext(ctx)
	scope, arg := "practice_id IN (SELECT id FROM practices WHERE region_id = ?)", any(q.RegionID)
	if q.PracticeID != nil {
		scope, arg = "practice_id = ?", *q.PracticeID
	}
	from, until := q.From.UTC(), q.To.UTC().AddDate(0, 0, 1)
	out := map[EntryPoint]*outcome.Data{}
	of := func(kind, source string) *outcome.Data {
		k := EntryPoint{kind, source}
		if out[k] == nil {
			out[k] = &outcome.Data{}
		}
		return out[k]
	}
	var signals []struct {
		Kind, Source, Month string
		N                   int
	}
	if err := r.Raw("SELECT p.kind, c.source, "+monthExpr(db.dialect, "c.signalled_at")+" AS month, count(*) AS n FROM cases c JOIN practices p ON p.id = c.practice_id"+
		" WHERE c."+scope+" AND c.signalled_at >= ? AND c.signalled_at < ? GROUP BY 1, 2, 3", arg, from, until).Scan(&signals).Error; err != nil {
		return nil, translate("outcome entry signals", err)
	}
	for _, s := range signals {
		d := of(s.Kind, s.Source)
		d.Signals = append(d.Signals, outcome.MonthCount{Month: s.Month, N: s.N})
	}
	var first []struct {
		Kind, Source, Month string
		Days, N             int
	}
	if err := r.Raw("SELECT p.kind, c.source, substr(c.first_conversation_on, 1, 7) AS month, "+daysExpr(db.dialect, "c")+" AS days, count(*) AS n"+
		" FROM cases c JOIN practices p ON p.id = c.practice_id WHERE c."+scope+" AND c.first_conversation_on >= ? AND c.first_conversation_on <= ? GROUP BY 1, 2, 3, 4",
		arg, q.From.Format(time.DateOnly), q.To.Format(time.DateOnly)).Scan(&first).Error; err != nil {
		return nil, translate("outcome entry first conversations", err)
	}
	for _, f := range first {
		d := of(f.Kind, f.Source)
		d.FirstConversations = append(d.FirstConversations, outcome.MonthDays{Month: f.Month, Days: f.Days, N: f.N})
	}
	var closed []struct {
		Kind, Source, Month, Intention, Outcome string
		N, Conversations                        int
	}
	if err := r.Raw("SELECT p.kind, c.source, "+monthExpr(db.dialect, "cc.closed_at")+" AS month, cc.referral_intention AS intention, cc.outcome, count(*) AS n,"+
		" coalesce(sum(cc.conversations), 0) AS conversations FROM case_closures cc JOIN cases c ON c.id = cc.case_id JOIN practices p ON p.id = cc.practice_id"+
		" WHERE cc."+scope+" AND cc.closed_at >= ? AND cc.closed_at < ? GROUP BY 1, 2, 3, 4, 5", arg, from, until).Scan(&closed).Error; err != nil {
		return nil, translate("outcome entry closures", err)
	}
	for _, c := range closed {
		d := of(c.Kind, c.Source)
		d.Closures = append(d.Closures, outcome.MonthClosure{Month: c.Month, Intention: c.Intention, Outcome: c.Outcome, N: c.N, Conversations: c.Conversations})
	}
	// The planning figures, as planningOutcomes counts them, by the entry
	// point of the appointment's case.
	toScheduled, toHeld := planningDays(db.dialect)
	var scheduled, held []struct {
		Kind, Source, Month string
		Days, N             int
	}
	if err := r.Raw("SELECT p.kind, c.source, "+monthExpr(db.dialect, "a.created_at")+" AS month, "+toScheduled+" AS days, count(*) AS n FROM appointments a JOIN cases c ON c.id = a.case_id"+
		" JOIN practices p ON p.id = a.practice_id WHERE a."+scope+" AND a.created_at >= ? AND a.created_at < ? AND "+firstAppointment+" GROUP BY 1, 2, 3, 4",
		arg, from, until).Scan(&scheduled).Error; err != nil {
		return nil, translate("outcome entry signal to scheduled", err)
	}
	for _, s := range scheduled {
		d := of(s.Kind, s.Source)
		d.Scheduled = append(d.Scheduled, outcome.MonthDays{Month: s.Month, Days: s.Days, N: s.N})
	}
	if err := r.Raw("SELECT p.kind, c.source, substr(c.first_conversation_on, 1, 7) AS month, "+toHeld+" AS days, count(*) AS n FROM cases c JOIN appointments a ON a.case_id = c.id"+
		" JOIN practices p ON p.id = c.practice_id WHERE c."+scope+" AND c.first_conversation_on >= ? AND c.first_conversation_on <= ? AND "+firstAppointment+
		" AND "+dayExpr(db.dialect, "a.created_at")+" <= c.first_conversation_on GROUP BY 1, 2, 3, 4",
		arg, q.From.Format(time.DateOnly), q.To.Format(time.DateOnly)).Scan(&held).Error; err != nil {
		return nil, translate("outcome entry scheduled to held", err)
	}
	for _, h := range held {
		d := of(h.Kind, h.Source)
		d.ScheduledToHeld = append(d.ScheduledToHeld, outcome.MonthDays{Month: h.Month, Days: h.Days, N: h.N})
	}
	var kept []struct {
		Kind, Source, Month, Outcome string
		N                            int
	}
	if err := r.Raw("SELECT p.kind, c.source, "+monthExpr(db.dialect, "a.starts_at")+" AS month, a.outcome, count(*) AS n FROM appointments a JOIN cases c ON c.id = a.case_id"+
		" JOIN practices p ON p.id = a.practice_id WHERE a."+scope+" AND a.starts_at >= ? AND a.starts_at < ? AND a.outcome IN ? GROUP BY 1, 2, 3, 4",
		arg, from, until, keptOutcomes).Scan(&kept).Error; err != nil {
		return nil, translate("outcome entry no-show", err)
	}
	for _, k := range kept {
		d := of(k.Kind, k.Source)
		d.Kept = append(d.Kept, outcome.MonthCount{Month: k.Month, N: k.N})
		if k.Outcome == string(appointment.NoShow) {
			d.NoShows = append(d.NoShows, outcome.MonthCount{Month: k.Month, N: k.N})
		}
	}
	return out, nil
}
