package store

import (
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/appointment"
	"github.com/hoi-app/hoi/internal/outcome"
)

// firstAppointment holds for appointment a when it is the first one made for
// its case (the earliest created_at, then the lowest id), whatever became of
// it: a lookup of ix_appointments_case per row.
const firstAppointment = "NOT EXISTS (SELECT 1 FROM appointments e WHERE e.case_id = a.case_id AND (e.created_at < a.created_at OR (e.created_at = a.created_at AND e.id < a.id)))"

// planningDays are the whole days from a case c's signal to its appointment
// a's creation, and from that creation to c's first conversation (UTC dates).
func planningDays(dialect Dialect) (toScheduled, toHeld string) {
	if dialect == Postgres {
		return "(CAST(a.created_at AT TIME ZONE 'UTC' AS date) - CAST(c.signalled_at AT TIME ZONE 'UTC' AS date))",
			"(CAST(c.first_conversation_on AS date) - CAST(a.created_at AT TIME ZONE 'UTC' AS date))"
	}
	return "CAST(julianday(substr(a.created_at, 1, 10)) - julianday(substr(c.signalled_at, 1, 10)) AS INTEGER)",
		"CAST(julianday(c.first_conversation_on) - julianday(substr(a.created_at, 1, 10)) AS INTEGER)"
}

// keptOutcomes are the appointment outcomes of the no-show rate.
var keptOutcomes = []string{string(appointment.Held), string(appointment.NoShow)}

// planningOutcomes counts the three figures of planning the joint talk
// (issue 17) from the facts over the whole range, in both scopes, as
// residentVoice does: the rollup does not keep them.
//   - cases by the month their first appointment was made, with the days
//     from the signal to it: a range scan of ix_appointments_practice_created
//     with a key lookup of the case;
//   - cases whose first finalised conversation was in the range, with the
//     days from the creation of their first appointment (made on or before
//     that day) to it: ix_cases_practice_first, then ix_appointments_case;
//   - appointments held or no-show by the month they started:
//     ix_appointments_practice_starts (covering).
func planningOutcomes(r *gorm.DB, dialect Dialect, scope string, arg any, from, to time.Time, d *outcome.Data) error {
	fromDay, toDay, until := from.Format(time.DateOnly), to.Format(time.DateOnly), to.AddDate(0, 0, 1)
	toScheduled, toHeld := planningDays(dialect)
	if err := scanAppend(r.Raw("SELECT "+monthExpr(dialect, "a.created_at")+" AS month, "+toScheduled+" AS days, count(*) AS n FROM appointments a JOIN cases c ON c.id = a.case_id WHERE a."+scope+
		" AND a.created_at >= ? AND a.created_at < ? AND "+firstAppointment+" GROUP BY 1, 2", arg, from, until), &d.Scheduled); err != nil {
		return translate("outcome signal to scheduled", err)
	}
	if err := scanAppend(r.Raw("SELECT substr(c.first_conversation_on, 1, 7) AS month, "+toHeld+" AS days, count(*) AS n FROM cases c JOIN appointments a ON a.case_id = c.id WHERE c."+scope+
		" AND c.first_conversation_on >= ? AND c.first_conversation_on <= ? AND "+firstAppointment+" AND "+dayExpr(dialect, "a.created_at")+" <= c.first_conversation_on GROUP BY 1, 2",
		arg, fromDay, toDay), &d.ScheduledToHeld); err != nil {
		return translate("outcome scheduled to held", err)
	}
	var kept []struct {
		Month, Outcome string
		N              int
	}
	if err := r.Raw("SELECT "+monthExpr(dialect, "a.starts_at")+" AS month, a.outcome, count(*) AS n FROM appointments a WHERE a."+scope+
		" AND a.starts_at >= ? AND a.starts_at < ? AND a.outcome IN ? GROUP BY 1, 2", arg, from, until, keptOutcomes).Scan(&kept).Error; err != nil {
		return translate("outcome no-show", err)
	}
	for _, k := range kept {
		d.Kept = append(d.Kept, outcome.MonthCount{Month: k.Month, N: k.N})
		if k.Outcome == string(appointment.NoShow) {
			d.NoShows = append(d.NoShows, outcome.MonthCount{Month: k.Month, N: k.N})
		}
	}
	return nil
}
