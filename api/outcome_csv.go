package api

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/hoi-app/hoi/internal/outcome"
)

// The CSV of /outcomes.csv is "wide": a header row, one row per period and a
// last row "totaal" for the whole range, with one column per figure. It is
// written for a Dutch spreadsheet: Dutch Excel takes the comma as decimal
// separator, so fields are separated by ";" (its list separator), decimals
// use "," (0,6667), and a UTF-8 byte-order mark makes Excel read the file as
// UTF-8. Quoting follows RFC 4180; lines end in CRLF. A suppressed count is
// the text "<5"; a withheld or undefined number is an empty field.
const csvSeparator = ';'

func outcomeCSV(rep outcomeReport) []byte {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.Comma = csvSeparator
	w.UseCRLF = true
	w.Write(csvHeader(rep.Total))
	for _, p := range rep.Periods {
		w.Write(csvRow(periodName(rep.Interval, p.Start), p.Start, p.End, p.Figures))
	}
	w.Write(csvRow("totaal", rep.From, rep.To, rep.Total))
	for _, e := range rep.ByEntryPoint {
		w.Write(entryPointRow(rep, e))
	}
	w.Flush()
	return buf.Bytes()
}

// periodName is 2026-03 for a month, 2026-Q1 for a quarter.
func periodName(iv outcome.Interval, start string) string {
	if iv == outcome.Quarter {
		m, _ := strconv.Atoi(start[5:7])
		return start[:4] + "-Q" + strconv.Itoa((m-1)/3+1)
	}
	return start[:7]
}

func csvHeader(f outcome.Figures) []string {
	h := []string{"period", "start", "end", "signals", "residents_seen",
		"days_to_first_conversation_median", "days_to_first_conversation_p90", "days_to_first_conversation_n",
		"closed_supported_without_referral", "closed_referred_basic_ggz", "closed_referred_specialist_ggz", "closed_referred_addiction_care", "closed_withdrawn",
		"referrals_avoided", "referrals_avoided_denominator", "referrals_avoided_rate",
		"sustained_of", "sustained_within_6_months", "sustained_within_12_months",
		"conversations_per_case", "goals_reached"}
	for _, p := range f.PlanItems {
		h = append(h, "plan_"+p.Category+"_chosen", "plan_"+p.Category+"_started", "plan_"+p.Category+"_completed")
	}
	for _, d := range f.DomainChange {
		h = append(h, "domain_"+d.Domain+"_mean_change", "domain_"+d.Domain+"_cases")
	}
	h = append(h, "self_check_before_first_conversation", "self_check_before_first_conversation_denominator", "self_check_before_first_conversation_rate")
	for _, p := range f.Helped {
		h = append(h, "helped_"+p.Category+"_helps", "helped_"+p.Category+"_helps_a_bit", "helped_"+p.Category+"_does_not_help", "helped_"+p.Category+"_stopped")
	}
	for _, a := range f.Answers {
		h = append(h, "answers_"+a.Category+"_answered", "answers_"+a.Category+"_median_days", "answers_"+a.Category+"_declined_no_places",
			"answers_"+a.Category+"_declined_no_places_rate")
	}
	h = append(h, "days_signal_to_scheduled_median", "days_signal_to_scheduled_p90", "days_signal_to_scheduled_n",
		"days_scheduled_to_held_median", "days_scheduled_to_held_p90", "days_scheduled_to_held_n",
		"no_show", "no_show_denominator", "no_show_rate")
	return h
}

func csvRow(name, start, end string, f outcome.Figures) []string {
	c, a := f.ClosedByOutcome, f.ReferralsAvoided
	r := []string{name, start, end, f.Signals.String(), f.ResidentsSeen.String(),
		csvNumber(f.DaysToFirst.Median), csvNumber(f.DaysToFirst.P90), f.DaysToFirst.N.String(),
		c.Supported.String(), c.BasicGGZ.String(), c.SpecialistGGZ.String(), c.AddictionCare.String(), c.Withdrawn.String(),
		a.Count.String(), a.Denominator.String(), csvNumber(a.Rate),
		f.Sustained.Of.String(), f.Sustained.Within6Months.String(), f.Sustained.Within12Months.String(),
		csvNumber(f.ConversationsPerCase), f.GoalsReached.String()}
	for _, p := range f.PlanItems {
		r = append(r, p.Chosen.String(), p.Started.String(), p.Completed.String())
	}
	for _, d := range f.DomainChange {
		r = append(r, csvNumber(d.MeanChange), d.Cases.String())
	}
	sc := f.SelfCheckFirst
	r = append(r, sc.Count.String(), sc.Denominator.String(), csvNumber(sc.Rate))
	for _, p := range f.Helped {
		r = append(r, p.Helps.String(), p.HelpsABit.String(), p.DoesNotHelp.String(), p.Stopped.String())
	}
	for _, a := range f.Answers {
		r = append(r, a.Answered.String(), csvNumber(a.MedianDays), a.NoPlaces.String(), csvNumber(a.NoPlacesRate))
	}
	ts, th, ns := f.DaysToScheduled, f.DaysScheduledToHeld, f.NoShow
	r = append(r, csvNumber(ts.Median), csvNumber(ts.P90), ts.N.String(), csvNumber(th.Median), csvNumber(th.P90), th.N.String(),
		ns.Count.String(), ns.Denominator.String(), csvNumber(ns.Rate))
	return r
}

// entryPointRow is the range's row of one entry point, period
// "ingang:<kind>:<source>": the figures split by entry point, and empty
// fields for those that are not (sustained, plan items, goals, change, the
// resident's voice and the providers' answers), so every row is as long as
// the header.
func entryPointRow(rep outcomeReport, e entryPointFigures) []string {
	r := csvRow("ingang:"+string(e.Kind)+":"+string(e.Source), rep.From, rep.To, outcome.Figures{Signals: e.Signals, ResidentsSeen: e.ResidentsSeen,
		DaysToFirst: e.DaysToFirst, ClosedByOutcome: e.ClosedByOutcome, ReferralsAvoided: e.ReferralsAvoided, PlanItems: rep.Total.PlanItems, DomainChange: rep.Total.DomainChange,
		Helped: rep.Total.Helped, Answers: rep.Total.Answers, DaysToScheduled: e.DaysToScheduled, DaysScheduledToHeld: e.ScheduledToHeld, NoShow: e.NoShow})
	for i := entryPointColumns; i < len(r)-planningColumns; i++ {
		r[i] = ""
	}
	return r
}

// entryPointColumns is how many leading CSV columns an entry-point row
// fills: period to referrals_avoided_rate; it fills the last
// planningColumns too (days_signal_to_scheduled_median to no_show_rate).
const (
	entryPointColumns = 16
	planningColumns   = 9
)

// csvNumber writes a decimal with a comma, as a Dutch spreadsheet reads it.
func csvNumber(v *float64) string {
	if v == nil {
		return ""
	}
	return strings.Replace(strconv.FormatFloat(*v, 'f', -1, 64), ".", ",", 1)
}
