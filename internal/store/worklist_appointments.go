package store

import (
	"context"
	"strconv"
	"time"

	"github.com/hoi-app/hoi/internal/appointment"
	"github.com/hoi-app/hoi/internal/caseflow"
)

// The worklist's sections of planning the joint talk, each one indexed
// statement: where is the scope's fragment on cases (scopeSQL, erased cases
// left out), args its arguments.

// plannedAppointment is an appointment that still stands or took place.
const plannedAppointment = "(ap.outcome IS NULL OR ap.outcome = " + "'" + string(appointment.Held) + "')"

// worklistToSchedule is "nog in te plannen": signals without a planned
// appointment, the longest waiting first, with the days waiting. It walks
// the same index as the new signals; the appointment check is one probe of
// the planned-appointments index per case.
func (db *DB) worklistToSchedule(ctx context.Context, w *caseflow.Worklist, where string, args []any, now time.Time, max int) error {
	cond := " FROM cases WHERE " + where +
		" AND cases.status = " + quoted(caseflow.StatusSignalled) +
		" AND NOT EXISTS (SELECT 1 FROM appointments ap WHERE ap.case_id = cases.id AND " + plannedAppointment + ")"
	q := "SELECT cases.id, cases.label, cases.status, cases.signalled_at, cases.next_follow_up_on" + cond +
		" ORDER BY cases.signalled_at, cases.id LIMIT " + strconv.Itoa(max)
	if err := db.workItems(ctx, &w.ToSchedule, q, args, func(it *caseflow.WorkItem) {
		d := caseflow.DaysBetween(it.SignalledAt, now)
		it.DaysWaiting = &d
	}); err != nil {
		return translate("worklist to schedule", err)
	}
	return translate("worklist to schedule", db.sectionTotal(ctx, &w.Totals.ToSchedule, len(w.ToSchedule), max, "SELECT COUNT(*)"+cond, args))
}

// worklistAwaiting is "wacht op antwoord": coming appointments in scope
// where someone still has to answer, soonest first. For a practice it is
// one range of the awaiting index (practice, start).
func (db *DB) worklistAwaiting(ctx context.Context, w *caseflow.Worklist, s caseflow.Scope, where string, args []any, now time.Time, max int) error {
	cond := " FROM appointments ap JOIN cases ON cases.id = ap.case_id WHERE " +
		where + " AND ap.outcome IS NULL AND ap.pending > 0 AND ap.starts_at >= ?"
	qargs := append(args[:len(args):len(args)], now.UTC())
	if s.PracticeID != nil {
		cond, qargs = cond+" AND ap.practice_id = ?", append(qargs, *s.PracticeID)
	}
	rows, err := db.query(ctx, "SELECT cases.id, cases.label, cases.status, cases.signalled_at, ap.id, ap.starts_at, ap.pending"+cond+
		" ORDER BY ap.starts_at, ap.id LIMIT "+strconv.Itoa(max), qargs...)
	if err != nil {
		return translate("worklist awaiting", err)
	}
	defer rows.Close()
	for rows.Next() {
		var it caseflow.WorkItem
		var id int64
		var at time.Time
		var pending int
		if err := rows.Scan(&it.CaseID, &it.Label, &it.Status, &it.SignalledAt, &id, &at, &pending); err != nil {
			return translate("worklist awaiting", err)
		}
		at = at.UTC()
		it.AppointmentID, it.StartsAt, it.AwaitingReplies = &id, &at, &pending
		w.AwaitingReply = append(w.AwaitingReply, it)
	}
	if err := rows.Err(); err != nil {
		return translate("worklist awaiting", err)
	}
	return translate("worklist awaiting", db.sectionTotal(ctx, &w.Totals.AwaitingReply, len(w.AwaitingReply), max, "SELECT COUNT(*)"+cond, qargs))
}
