package store

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/hoi-app/hoi/internal/caseflow"
)

// worklistLimit bounds each worklist section: the home screen shows what to
// do next, and says how many there are in all (Totals); the rest is in the
// case list. Each case shown is an access-log row, so this bound is also the
// cost of opening the home screen.
const worklistLimit = 25

// limitOfWorklist is worklistLimit unless a test set another.
func (db *DB) limitOfWorklist() int {
	if db.worklistLimit != nil {
		return *db.worklistLimit
	}
	return worklistLimit
}

// Worklist gathers the signed-in user's work within scope: four indexed
// statements, whatever the number of cases, prepared once and scanned into
// plain variables (the worklist is the home screen: a POH opens it all day).
//
// more are the sections the policy grants beyond the case sections (none
// when left out); each is its own small function below.
func (db *DB) Worklist(ctx context.Context, s caseflow.Scope, more ...caseflow.WorklistSections) (caseflow.Worklist, error) {
	now := db.now()
	today := now.Format("2006-01-02")
	horizon := now.Add(caseflow.FollowUpHorizon).Format("2006-01-02")
	where, args := scopeSQL(s)
	where += " AND cases.erased_at IS NULL"
	open := openCases
	w := caseflow.Worklist{NewSignals: []caseflow.WorkItem{}, FollowUpsDue: []caseflow.WorkItem{}, Drafts: []caseflow.WorkItem{}, MissingConsent: []caseflow.WorkItem{},
		ToSchedule: []caseflow.WorkItem{}, AwaitingReply: []caseflow.WorkItem{},
		AwaitingAnswer: []caseflow.WorkItem{}, StaleOptions: []caseflow.StaleOption{}}
	const cols = "SELECT cases.id, cases.label, cases.status, cases.signalled_at, cases.next_follow_up_on FROM cases WHERE "
	const count = "SELECT COUNT(*) FROM cases WHERE "
	max := db.limitOfWorklist()
	limit := " LIMIT " + strconv.Itoa(max)

	waiting := func(it *caseflow.WorkItem) {
		d := caseflow.DaysBetween(it.SignalledAt, now)
		it.DaysWaiting = &d
	}
	signals := where + " AND cases.status = " + quoted(caseflow.StatusSignalled)
	if err := db.workItems(ctx, &w.NewSignals, cols+signals+" ORDER BY cases.signalled_at, cases.id"+limit, args, waiting); err != nil {
		return w, translate("worklist signals", err)
	}
	if err := db.sectionTotal(ctx, &w.Totals.NewSignals, len(w.NewSignals), max, count+signals, args); err != nil {
		return w, translate("worklist signals", err)
	}
	due, dueArgs := where+open+" AND cases.next_follow_up_on IS NOT NULL AND cases.next_follow_up_on <= ?", append(args[:len(args):len(args)], horizon)
	if err := db.workItems(ctx, &w.FollowUpsDue, cols+due+" ORDER BY cases.next_follow_up_on, cases.id"+limit,
		dueArgs, func(it *caseflow.WorkItem) {
			if due, err := time.Parse("2006-01-02", *it.DueOn); err == nil && *it.DueOn < today {
				d := caseflow.DaysBetween(due, now)
				it.DaysOverdue = &d
			}
		}); err != nil {
		return w, translate("worklist follow-ups", err)
	}
	if err := db.sectionTotal(ctx, &w.Totals.FollowUpsDue, len(w.FollowUpsDue), max, count+due, dueArgs); err != nil {
		return w, translate("worklist follow-ups", err)
	}

	dwhere, dargs := " FROM cases JOIN conversations ON conversations.case_id = cases.id WHERE "+
		where+open+" AND conversations.status = "+quoted(caseflow.Draft), args
	dcount, dcountArgs := "SELECT COUNT(*)"+dwhere, dargs
	if s.PracticeID != nil {
		// The drafts come from the practice's index of drafts of open cases
		// (conversations.open_case, kept by triggers), newest first, each
		// case looked up by its key and checked again. CROSS JOIN keeps that
		// order in SQLite; PostgreSQL plans the join itself. The practice's
		// count is the index range alone, no case looked up; a peer's or
		// coach's (their team's cases only) joins.
		drafts := " FROM conversations CROSS JOIN cases WHERE conversations.practice_id = ? AND conversations.status = " + quoted(caseflow.Draft) +
			" AND conversations.open_case = TRUE AND conversations.case_id = cases.id AND "
		dwhere = drafts + where + open
		dargs = append([]any{*s.PracticeID}, args...)
		dcount, dcountArgs = "SELECT COUNT(*)"+dwhere, dargs
		if s.TeamMember == nil && s.CaseID == nil {
			dcount = "SELECT COUNT(*) FROM conversations WHERE conversations.practice_id = ? AND conversations.status = " + quoted(caseflow.Draft) + " AND conversations.open_case = TRUE"
			dcountArgs = []any{*s.PracticeID}
		}
	}
	rows, err := db.query(ctx, "SELECT conversations.id, conversations.updated_at, cases.id, cases.label, cases.status, cases.signalled_at"+dwhere+" ORDER BY conversations.updated_at DESC"+limit, dargs...)
	if err != nil {
		return w, translate("worklist drafts", err)
	}
	defer rows.Close()
	for rows.Next() {
		var it caseflow.WorkItem
		var conv int64
		var at time.Time
		if err := rows.Scan(&conv, &at, &it.CaseID, &it.Label, &it.Status, &it.SignalledAt); err != nil {
			return w, translate("worklist drafts", err)
		}
		it.ConversationID, it.DraftUpdatedAt = &conv, &at
		w.Drafts = append(w.Drafts, it)
	}
	if err := rows.Err(); err != nil {
		return w, translate("worklist drafts", err)
	}
	if err := db.sectionTotal(ctx, &w.Totals.Drafts, len(w.Drafts), max, dcount, dcountArgs); err != nil {
		return w, translate("worklist drafts", err)
	}

	consent := where + open + " AND cases.consent_status = " + quoted(caseflow.ConsentUnknown)
	if err := db.workItems(ctx, &w.MissingConsent, cols+consent+" ORDER BY cases.signalled_at, cases.id"+limit, args, waiting); err != nil {
		return w, translate("worklist consent", err)
	}
	if err := db.sectionTotal(ctx, &w.Totals.MissingConsent, len(w.MissingConsent), max, count+consent, args); err != nil {
		return w, translate("worklist consent", err)
	}
	if err := db.worklistToSchedule(ctx, &w, where, args, now, max); err != nil {
		return w, err
	}
	if err := db.worklistAwaiting(ctx, &w, s, where, args, now, max); err != nil {
		return w, err
	}
	for _, m := range more {
		if m.AwaitingAnswer {
			if err := db.worklistAwaitingAnswer(ctx, s, now, &w); err != nil {
				return w, translate("worklist awaiting answer", err)
			}
		}
		if m.StaleOptions {
			if err := db.worklistStaleOptions(ctx, s.RegionID, now, &w); err != nil {
				return w, translate("worklist stale options", err)
			}
		}
	}
	return w, db.markSelfChecks(ctx, &w)
}

// sectionTotal sets *total to the number of items of a worklist section:
// shown when the section is not full (no second statement), else counted
// by q.
func (db *DB) sectionTotal(ctx context.Context, total *int, shown, max int, q string, args []any) error {
	if shown < max {
		*total = shown
		return nil
	}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		if err := rows.Scan(total); err != nil {
			return err
		}
	}
	return rows.Err()
}

// openCases limits a raw read to the cases that have not ended.
var openCases = " AND cases.status IN (" + quoted(caseflow.StatusSignalled) + ", " + quoted(caseflow.StatusExploring) + ", " + quoted(caseflow.StatusFollowUp) + ")"

// quoted is an enum value as an SQL literal (the values are plain words).
func quoted[T ~string](v T) string { return "'" + string(v) + "'" }

// workItems appends the cases query q finds to out, each finished by fill.
func (db *DB) workItems(ctx context.Context, out *[]caseflow.WorkItem, q string, args []any, fill func(*caseflow.WorkItem)) error {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var it caseflow.WorkItem
		var next sql.NullString
		if err := rows.Scan(&it.CaseID, &it.Label, &it.Status, &it.SignalledAt, &next); err != nil {
			return err
		}
		if next.Valid {
			it.DueOn = &next.String
		}
		fill(&it)
		*out = append(*out, it)
	}
	return rows.Err()
}
