package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/caseflow"
)

// answerDays is region's number of days a request may wait for the
// provider's answer (regions.answer_days, default 14).
func (db *DB) answerDays(ctx context.Context, region int64) (int, error) {
	rows, err := db.query(ctx, "SELECT answer_days FROM regions WHERE id = ?", region)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := caseflow.DefaultAnswerDays
	if rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}

// worklistAwaitingAnswer adds the requests within scope that have waited
// more than the region's number of days for the provider's answer, the
// longest waiting first. A practice's come from the index of its
// unanswered requests (ix_plan_items_loop).
func (db *DB) worklistAwaitingAnswer(ctx context.Context, s caseflow.Scope, now time.Time, w *caseflow.Worklist) error {
	days, err := db.answerDays(ctx, s.RegionID)
	if err != nil {
		return err
	}
	// Overdue after more than days whole days: requested on or before this.
	cutoff := now.UTC().AddDate(0, 0, -(days + 1)).Format(time.DateOnly)
	where, args := scopeSQL(s)
	q := "SELECT cases.id, cases.label, cases.status, cases.signalled_at, plan_items.id, plan_items.category, plan_items.loop_requested_on " +
		"FROM cases JOIN plan_items ON plan_items.case_id = cases.id WHERE " + where + " AND cases.erased_at IS NULL" + openCases +
		" AND plan_items.loop_status = " + quoted(caseflow.LoopRequested) + " AND plan_items.loop_requested_on <= ?"
	args = append(args, cutoff)
	if s.PracticeID != nil {
		q, args = q+" AND plan_items.practice_id = ?", append(args, *s.PracticeID)
	}
	max := db.limitOfWorklist()
	rows, err := db.query(ctx, q+" ORDER BY plan_items.loop_requested_on, plan_items.id LIMIT "+strconv.Itoa(max), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var it caseflow.WorkItem
		var item int64
		var cat, on string
		if err := rows.Scan(&it.CaseID, &it.Label, &it.Status, &it.SignalledAt, &item, &cat, &on); err != nil {
			return err
		}
		it.PlanItemID, it.Category, it.RequestedOn = &item, &cat, &on
		if d, err := time.Parse(time.DateOnly, on); err == nil {
			n := caseflow.DaysBetween(d, now)
			it.DaysWaiting = &n
		}
		w.AwaitingAnswer = append(w.AwaitingAnswer, it)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	count := "SELECT COUNT(*)" + q[strings.Index(q, " FROM cases JOIN"):]
	return db.sectionTotal(ctx, &w.Totals.AwaitingAnswer, len(w.AwaitingAnswer), max, count, args)
}

// worklistStaleOptions adds the active listings of the region not verified
// for six months (catalogue.Stale), never verified or the oldest first.
func (db *DB) worklistStaleOptions(ctx context.Context, region int64, now time.Time, w *caseflow.Worklist) error {
	cutoff := now.UTC().AddDate(0, -6, 0).Format(time.DateOnly)
	max := db.limitOfWorklist()
	const cond = " FROM options WHERE region_id = ? AND active = ? AND (last_verified_on IS NULL OR last_verified_on < ?)"
	rows, err := db.query(ctx, "SELECT id, name, category, last_verified_on"+cond+" ORDER BY last_verified_on, id LIMIT "+strconv.Itoa(max), region, true, cutoff)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var o caseflow.StaleOption
		if err := rows.Scan(&o.OptionID, &o.Name, &o.Category, &o.LastVerifiedOn); err != nil {
			return err
		}
		w.StaleOptions = append(w.StaleOptions, o)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return db.sectionTotal(ctx, &w.Totals.StaleOptions, len(w.StaleOptions), max, "SELECT COUNT(*)"+cond, []any{region, true, cutoff})
}
