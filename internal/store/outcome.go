package store

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/outcome"
)

// OutcomeData aggregates the numbers behind the outcome figures of q per
// calendar month in set-based queries: region figures read whole months from
// the outcome_months rollup (rollup.go) and count only a partly covered first
// or last month from the facts; practice figures count from the facts, over
// covering indexes and the case_closures summary. The answer is a few rows
// per month whatever the number of cases. Tenancy (the region, or the one
// practice q names) is in every WHERE clause. Erased cases count: erasure
// keeps exactly the facts read here.
func (db *DB) OutcomeData(ctx context.Context, q outcome.Query) (outcome.Data, error) {
	var d outcome.Data
	r := db.r.WithContext(ctx)
	scope, arg := "practice_id IN (SELECT id FROM practices WHERE region_id = ?)", q.RegionID
	if q.PracticeID != nil {
		scope, arg = "practice_id = ?", *q.PracticeID
	}
	in := func(alias string) string { return alias + "." + scope }
	month := func(col string) string { return monthExpr(db.dialect, col) }
	counted := [][2]time.Time{{q.From, q.To}} // the days counted from the facts
	if q.PracticeID == nil {
		var first, last string
		first, last, counted = wholeMonths(q.From, q.To)
		if first != "" {
			if err := rollupMonths(r, q.RegionID, first, last, &d); err != nil {
				return d, translate("outcome rollup", err)
			}
		}
	}
	for _, rg := range counted {
		from, until := rg[0].UTC(), rg[1].UTC().AddDate(0, 0, 1)
		fromDay, toDay := rg[0].Format(time.DateOnly), rg[1].Format(time.DateOnly)
		if err := scanAppend(r.Raw("SELECT substr(c.first_conversation_on, 1, 7) AS month, "+daysExpr(db.dialect, "c")+" AS days, count(*) AS n FROM cases c WHERE "+in("c")+
			" AND c.first_conversation_on >= ? AND c.first_conversation_on <= ? GROUP BY 1, 2", arg, fromDay, toDay), &d.FirstConversations); err != nil {
			return d, translate("outcome first conversations", err)
		}
		if err := closureMonths(r, db.dialect, in("cc"), arg, from, until, &d); err != nil {
			return d, translate("outcome closures", err)
		}
		if err := scanAppend(r.Raw("SELECT "+month("p.created_at")+" AS month, p.category, p.status, count(*) AS n FROM plan_items p WHERE "+in("p")+
			" AND p.created_at >= ? AND p.created_at < ? GROUP BY 1, 2, 3", arg, from, until), &d.Plan); err != nil {
			return d, translate("outcome plan items", err)
		}
		if err := scanAppend(r.Raw("SELECT "+month("c.signalled_at")+" AS month, count(*) AS n FROM cases c WHERE "+in("c")+
			" AND c.signalled_at >= ? AND c.signalled_at < ? GROUP BY 1", arg, from, until), &d.Signals); err != nil {
			return d, translate("outcome signals", err)
		}
		if err := scanAppend(r.Raw("SELECT "+month("g.updated_at")+" AS month, count(*) AS n FROM goals g WHERE "+in("g")+
			" AND g.status = ? AND g.updated_at >= ? AND g.updated_at < ? GROUP BY 1", arg, caseflow.GoalReached, from, until), &d.GoalsReached); err != nil {
			return d, translate("outcome goals", err)
		}
	}
	if err := avoided(r, in("cc"), arg, q.From.UTC(), q.To.UTC().AddDate(0, 0, 1), &d); err != nil {
		return d, translate("outcome sustained", err)
	}
	if err := residentVoice(r, db.dialect, scope, arg, q.From.UTC(), q.To.UTC(), &d); err != nil {
		return d, err
	}
	if err := providerAnswers(r, db.dialect, scope, arg, q.From.UTC(), q.To.UTC(), &d); err != nil {
		return d, err
	}
	if err := planningOutcomes(r, db.dialect, scope, arg, q.From.UTC(), q.To.UTC(), &d); err != nil {
		return d, err
	}
	return d, nil
}

// providerAnswers counts the providers' answers to the requests of plan
// items answered in the range (issue 18), in both scopes from the facts (the
// rollup does not keep them): one range scan of the covering index
// ix_plan_items_answers per practice. A decline ends the loop, so the reason
// kept on the item is the answer's; an accepted request has none.
func providerAnswers(r *gorm.DB, dialect Dialect, scope string, arg any, from, to time.Time, d *outcome.Data) error {
	days := "CAST(julianday(p.loop_answered_on) - julianday(p.loop_requested_on) AS INTEGER)"
	if dialect == Postgres {
		days = "(CAST(p.loop_answered_on AS date) - CAST(p.loop_requested_on AS date))"
	}
	if err := scanAppend(r.Raw("SELECT substr(p.loop_answered_on, 1, 7) AS month, p.category, "+days+" AS days, coalesce(p.loop_reason, '') AS reason, count(*) AS n"+
		" FROM plan_items p WHERE p."+scope+" AND p.loop_answered_on >= ? AND p.loop_answered_on <= ? GROUP BY 1, 2, 3, 4",
		arg, from.Format(time.DateOnly), to.Format(time.DateOnly)), &d.Answers); err != nil {
		return translate("outcome provider answers", err)
	}
	return nil
}

// residentVoice counts the two figures of the resident's own voice (issue
// 16) from the facts over the whole range, in both scopes: the rollup does
// not keep them. Each is one range scan of a covering outcome index per
// practice with a primary-key or plan_item_id lookup per row:
//   - cases whose first conversation was in the range and whose self-check
//     was submitted on or before its day (self_checks by its key, case_id);
//   - plan items made in the range, by category and the rating of their
//     latest feedback (the feedback with the highest id: ids grow with time),
//     through plan_feedback's plan_item_id index.
func residentVoice(r *gorm.DB, dialect Dialect, scope string, arg any, from, to time.Time, d *outcome.Data) error {
	fromDay, toDay, until := from.Format(time.DateOnly), to.Format(time.DateOnly), to.AddDate(0, 0, 1)
	if err := scanAppend(r.Raw("SELECT substr(c.first_conversation_on, 1, 7) AS month, count(*) AS n FROM cases c JOIN self_checks s ON s.case_id = c.id WHERE c."+scope+
		" AND c.first_conversation_on >= ? AND c.first_conversation_on <= ? AND s.submitted_at IS NOT NULL AND "+dayExpr(dialect, "s.submitted_at")+" <= c.first_conversation_on GROUP BY 1",
		arg, fromDay, toDay), &d.SelfCheckFirst); err != nil {
		return translate("outcome self-check before the first conversation", err)
	}
	if err := scanAppend(r.Raw("SELECT "+monthExpr(dialect, "p.created_at")+" AS month, p.category, f.rating, count(*) AS n FROM plan_items p JOIN plan_feedback f ON f.plan_item_id = p.id WHERE p."+scope+
		" AND p.created_at >= ? AND p.created_at < ? AND NOT EXISTS (SELECT 1 FROM plan_feedback l WHERE l.plan_item_id = f.plan_item_id AND l.id > f.id) GROUP BY 1, 2, 3",
		arg, from, until), &d.Feedback); err != nil {
		return translate("outcome did it help", err)
	}
	return nil
}

// dayExpr is the UTC calendar date ("2006-01-02") of a timestamp column, to
// compare with a date kept as text (first_conversation_on).
func dayExpr(d Dialect, col string) string {
	if d == Postgres {
		return "to_char(" + col + " AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
	}
	return "substr(" + col + ", 1, 10)"
}

// wholeMonths splits the days [from, to] into the calendar months it covers
// whole (first and last as "2006-01", empty when none) and the days outside
// them: at most a partial month at either end.
func wholeMonths(from, to time.Time) (first, last string, rest [][2]time.Time) {
	start := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	if !start.Equal(from) {
		start = start.AddDate(0, 1, 0)
	}
	end := time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1) // last day of the month before to's
	if to.AddDate(0, 0, 1).Day() == 1 {
		end = to // to is the last day of its month
	}
	if start.After(end) {
		return "", "", [][2]time.Time{{from, to}}
	}
	if from.Before(start) {
		rest = append(rest, [2]time.Time{from, start.AddDate(0, 0, -1)})
	}
	if to.After(end) {
		rest = append(rest, [2]time.Time{end.AddDate(0, 0, 1), to})
	}
	return start.Format(outcome.MonthKey), end.Format(outcome.MonthKey), rest
}

// scanAppend adds the rows of q to *dst (GORM's Scan would replace them:
// the rollup and each counted range add to the same slices).
func scanAppend[T any](q *gorm.DB, dst *[]T) error {
	var rows []T
	if err := q.Scan(&rows).Error; err != nil {
		return err
	}
	*dst = append(*dst, rows...)
	return nil
}

// closureMonths sums the case closures per month, intention and outcome, with
// the per-domain change sums, in one scan of case_closures.
func closureMonths(r *gorm.DB, dialect Dialect, scope string, arg any, from, until time.Time, d *outcome.Data) error {
	cols := []string{monthExpr(dialect, "cc.closed_at"), "cc.referral_intention", "cc.outcome", "count(*)", "coalesce(sum(cc.conversations), 0)"}
	for _, dm := range caseflow.Domains {
		c := "cc." + changeColumn(dm)
		cols = append(cols, "coalesce(sum("+c+"), 0)", "count("+c+")")
	}
	rows, err := r.Raw("SELECT "+strings.Join(cols, ", ")+" FROM case_closures cc WHERE "+scope+
		" AND cc.closed_at >= ? AND cc.closed_at < ? GROUP BY 1, 2, 3", arg, from, until).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		m := outcome.MonthClosure{Change: make([]int, len(caseflow.Domains)), ChangeN: make([]int, len(caseflow.Domains))}
		dest := []any{&m.Month, &m.Intention, &m.Outcome, &m.N, &m.Conversations}
		for i := range caseflow.Domains {
			dest = append(dest, &m.Change[i], &m.ChangeN[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		d.Closures = append(d.Closures, m)
	}
	return rows.Err()
}

// avoided lists the followed avoided referrals closed in the range, each with
// the close of the resident's next specialist or addiction referral, as
// case_closures keeps them (noteReferral).
func avoided(r *gorm.DB, scope string, arg any, from, until time.Time, d *outcome.Data) error {
	var rows []struct {
		ClosedAt       time.Time
		NextReferralAt *time.Time
	}
	if err := r.Raw("SELECT cc.closed_at, cc.next_referral_at FROM case_closures cc WHERE "+scope+
		" AND cc.followed = ? AND cc.closed_at >= ? AND cc.closed_at < ?", arg, true, from, until).Scan(&rows).Error; err != nil {
		return err
	}
	for _, row := range rows {
		a := outcome.AvoidedCase{ClosedAt: row.ClosedAt.UTC()}
		if row.NextReferralAt != nil {
			t := row.NextReferralAt.UTC()
			a.NextReferral = &t
		}
		d.Avoided = append(d.Avoided, a)
	}
	return nil
}
