package api

import (
	"bytes"
	"encoding/csv"
	"strconv"
)

// The CSV of /capacity.csv is "long", one figure per row, in the Dutch
// spreadsheet form of /outcomes.csv (";" between fields, "," in decimals,
// a byte-order mark, CRLF):
//
//	section;location;week_start;week_end;figure;value
//
// sections: week (the scope's weeks), location (per location and week, and
// the range as week "totaal"), worker (figure active_cases, caseload_cap,
// load_percent; location is the worker's user id), forecast (per forecast
// week: signals, open_signals, wait_days; and the base means), warning
// (figure is its kind; value and threshold). An empty value is undefined.
func capacityCSV(rep capacityReport) []byte {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.Comma = csvSeparator
	w.UseCRLF = true
	w.Write([]string{"section", "location", "week_start", "week_end", "figure", "value"})
	row := func(section, loc, start, end, figure, value string) {
		w.Write([]string{section, loc, start, end, figure, value})
	}
	itoa := strconv.Itoa
	num := func(v float64) string { return csvNumber(&v) }
	for _, wk := range rep.Weeks {
		row("week", "", wk.Start, wk.End, "signals", itoa(wk.Signals))
		row("week", "", wk.Start, wk.End, "talks_held", itoa(wk.TalksHeld))
		row("week", "", wk.Start, wk.End, "wait_days_median", csvNumber(wk.Wait.Median))
		row("week", "", wk.Start, wk.End, "wait_days_p90", csvNumber(wk.Wait.P90))
	}
	for _, l := range rep.Locations {
		id := strconv.FormatInt(l.ID, 10)
		for _, wk := range l.Weeks {
			row("location", id, wk.Start, wk.End, "signals", itoa(wk.Signals))
			row("location", id, wk.Start, wk.End, "talks_held", itoa(wk.TalksHeld))
		}
		row("location", id, "totaal", "", "signals", itoa(l.Signals))
		row("location", id, "totaal", "", "talks_held", itoa(l.TalksHeld))
		row("location", id, "totaal", "", "open_signals", itoa(l.OpenSignals))
		row("location", id, "totaal", "", "wait_days_median", csvNumber(l.Wait.Median))
		row("location", id, "totaal", "", "wait_days_p90", csvNumber(l.Wait.P90))
	}
	for _, wr := range rep.Workers {
		id := strconv.FormatInt(wr.UserID, 10)
		row("worker", id, "", "", "active_cases", itoa(wr.ActiveCases))
		row("worker", id, "", "", "caseload_cap", optInt(wr.CaseloadCap))
		row("worker", id, "", "", "load_percent", optInt(wr.LoadPercent))
	}
	f := rep.Forecast
	row("forecast", "", f.BaseFrom, f.BaseTo, "signals_per_week", num(f.SignalsPerWeek))
	row("forecast", "", f.BaseFrom, f.BaseTo, "talks_per_week", num(f.TalksPerWeek))
	row("forecast", "", f.BaseFrom, f.BaseTo, "open_signals", itoa(f.OpenSignals))
	for _, fw := range f.Weeks {
		row("forecast", "", fw.Start, fw.End, "signals", num(fw.Signals))
		row("forecast", "", fw.Start, fw.End, "open_signals", num(fw.OpenSignals))
		row("forecast", "", fw.Start, fw.End, "wait_days", csvNumber(fw.WaitDays))
	}
	for _, wn := range rep.Warnings {
		loc := ""
		if wn.UserID != nil {
			loc = strconv.FormatInt(*wn.UserID, 10)
		}
		row("warning", loc, wn.WeekStart, "", wn.Kind, num(wn.Value))
		row("warning", loc, wn.WeekStart, "", wn.Kind+"_threshold", num(wn.Threshold))
	}
	w.Flush()
	return buf.Bytes()
}

func optInt(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}
