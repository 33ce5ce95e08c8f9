package store_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/outcome"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
)

// caseSized are the tables that grow with the cases of a region: a full scan
// of one, or a sort of its rows in a temporary B-tree, is a query that slows
// down as the region grows.
var caseSized = []string{"cases", "case_team", "conversations", "conversation_addenda", "notes", "plan_items", "plan_item_goals",
	"goals", "case_items", "domain_scores", "access_log", "case_closures", "self_checks", "plan_feedback", "appointments", "appointment_participants"}

var (
	sqliteScan = regexp.MustCompile(`\bSCAN (\w+)`)
	pgSeqScan  = regexp.MustCompile(`Seq Scan on (\w+)`)
	pgSort     = regexp.MustCompile(`^\s*(->\s*)?(Incremental )?Sort\b`)
	// sqlAlias finds "FROM cases c" and "JOIN self_checks AS s": SQLite's
	// plan names a table by its alias, so a scan of "c" is a scan of cases.
	sqlAlias = regexp.MustCompile(`(?i)\b(?:FROM|JOIN)\s+(\w+)(?:\s+AS)?\s+(\w+)`)
)

// TestHotQueriesUseIndexes records every statement of the case list (each
// sort, filter and search), the worklist (POH and peer), the case page (gate,
// case, conversations, notes, plan, a conversation, the access log) and the
// outcome figures (practice and region), and asks the database for the plan
// of each: none may scan a case-sized table or sort in a temporary B-tree.
// On PostgreSQL sequential scans and sorts are priced out first, so a plan
// that still has one has no index to use. It runs on SQLite and, with
// HOI_TEST_POSTGRES_URL, on PostgreSQL.
func TestHotQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t, nil)
	region, err := db.EnsureRegion(ctx, "Regio A")
	must(t, err)
	a := newTenant(t, db, region.ID, "Praktijk Een")
	closed := newTenant(t, db, region.ID, "Praktijk Twee")
	must(t, db.CloseCase(ctx, mustGate(t, db, closed.scope, closed.poh, closed.caseID), closed.poh,
		caseflow.CloseInput{Outcome: caseflow.OutcomeSupported, Reason: "Klaar"}, noAudit))
	peerScope := caseflow.Scope{RegionID: region.ID, TeamMember: &a.peer}
	// A request waiting a month for its answer: the worklist finds it, the
	// plan reads its steps, the summary its state.
	month := time.Now().UTC().AddDate(0, -1, 0).Format(time.DateOnly)
	_, err = db.RecordLoopStep(ctx, mustGate(t, db, a.scope, a.poh, a.caseID), a.plan, a.planVersion, a.poh, "poh",
		caseflow.LoopStepInput{Status: caseflow.LoopRequested, On: &month}, noAudit)
	must(t, err)
	everything := caseflow.WorklistSections{AwaitingAnswer: true, StaleOptions: true}

	appt := plan(t, db, a, time.Now().UTC().Add(48*time.Hour))
	reads := store.RecordReads(db)
	for _, sort := range []string{"", "signalled_at", "-signalled_at", "updated_at", "-updated_at", "label"} {
		_, _, err := db.Cases(ctx, a.scope, caseflow.Filter{Sort: sort, Limit: 20})
		must(t, err)
	}
	from := time.Now().AddDate(0, -1, 0)
	for _, f := range []caseflow.Filter{
		{Query: "label", Limit: 20},
		{Status: []caseflow.Status{caseflow.StatusExploring, caseflow.StatusFollowUp}, Limit: 20},
		{TeamMember: &a.peer, Limit: 20},
		{SignalledFrom: &from, Limit: 20},
	} {
		_, _, err := db.Cases(ctx, a.scope, f)
		must(t, err)
	}
	_, _, err = db.Cases(ctx, peerScope, caseflow.Filter{Limit: 20})
	must(t, err)
	for _, s := range []caseflow.Scope{a.scope, peerScope} {
		w, err := db.Worklist(ctx, s, everything)
		must(t, err)
		if s.PracticeID != nil && len(w.AwaitingAnswer) != 1 {
			t.Errorf("the POH's worklist shows %d requests awaiting an answer, want 1", len(w.AwaitingAnswer))
		}
	}
	// Full sections are counted too: with sections of size 0 every count runs.
	store.SetWorklistLimit(db, 0)
	for _, s := range []caseflow.Scope{a.scope, peerScope} {
		_, err := db.Worklist(ctx, s)
		must(t, err)
	}
	store.SetWorklistLimit(db, 25)
	ref := mustGate(t, db, a.scope, a.poh, a.caseID)
	_, err = db.ConversationGate(ctx, a.scope, a.poh, a.final)
	must(t, err)
	_, err = db.PlanItemGate(ctx, peerScope, a.peer, a.plan)
	must(t, err)
	_, err = db.AppointmentGate(ctx, a.scope, a.poh, appt.ID)
	must(t, err)
	for who, s := range map[int64]caseflow.Scope{a.poh: a.scope, a.peer: peerScope} {
		_, err = db.Agenda(ctx, s, who, time.Now(), time.Now().Add(14*24*time.Hour))
		must(t, err)
	}
	_, err = db.Case(ctx, ref)
	must(t, err)
	_, err = db.CaseSummary(ctx, ref)
	must(t, err)
	_, err = db.Conversations(ctx, ref)
	must(t, err)
	_, err = db.Conversation(ctx, ref, a.final)
	must(t, err)
	_, _, err = db.Notes(ctx, ref, 0, 50)
	must(t, err)
	_, err = db.Plan(ctx, ref)
	must(t, err)
	_, err = db.Appointments(ctx, ref)
	must(t, err)
	_, err = db.CaseAccessLog(ctx, ref, 0, 50)
	must(t, err)
	// The auditor's listings: the region's, one user's, one case's.
	user, caseID := int64(1), ref.ID()
	for _, f := range []store.AccessLogFilter{{RegionID: region.ID}, {RegionID: region.ID, UserID: &user},
		{RegionID: region.ID, CaseID: &caseID}, {RegionID: region.ID, CaseID: &caseID, UserID: &user, ResourceType: "case"}} {
		_, err = db.AccessLog(ctx, f)
		must(t, err)
	}
	year := time.Now().UTC().AddDate(-1, 0, 0)
	for _, q := range []outcome.Query{
		{RegionID: region.ID, Scope: outcome.ScopePractice, PracticeID: a.scope.PracticeID, From: year, To: time.Now().UTC(), Interval: outcome.Month},
		{RegionID: region.ID, Scope: outcome.ScopeRegion, From: year, To: time.Now().UTC(), Interval: outcome.Quarter},
	} {
		_, err := db.OutcomeData(ctx, q)
		must(t, err)
		_, err = db.OutcomeDataByEntryPoint(ctx, q)
		must(t, err)
	}

	stmts := reads()
	if len(stmts) < 20 {
		t.Fatalf("recorded only %d statements; the recorder is not seeing the reads", len(stmts))
	}
	seen := map[string]bool{}
	for _, st := range stmts {
		if seen[st.SQL] {
			continue
		}
		seen[st.SQL] = true
		plan, err := store.Explain(db, st)
		if err != nil {
			t.Errorf("explain %s: %v", st.SQL, err)
			continue
		}
		for _, line := range plan {
			bad := badPlanLine(db.Dialect(), line, aliases(st.SQL))
			// A peer's or coach's lists are their own caseload (the cases of
			// their team rows, found by index): bounded by the caseload, not
			// by the region, so sorting them is allowed; scanning is not.
			if strings.Contains(bad, "sort") && strings.Contains(st.SQL, "FROM case_team ct WHERE ct.user_id = ") {
				continue
			}
			// A list view reads back as one row per case it showed: ordering
			// those within a view (PostgreSQL's incremental sort, the log's
			// id order presorted) is bounded by one view, not by the log.
			if strings.Contains(bad, "sort") && strings.Contains(st.SQL, "LEFT JOIN access_log_cases s") &&
				strings.Contains(strings.Join(plan, "\n"), "Presorted Key: a.id") {
				continue
			}
			// One case's access log (its own rows and the views that showed
			// it) is bounded by that case: PostgreSQL sorts the two index
			// ranges it appends rather than merging them; SQLite merges.
			if strings.Contains(bad, "sort") && db.Dialect() == store.Postgres && strings.Contains(st.SQL, "FROM access_log_cases s JOIN access_log a ON a.id = s.entry_id WHERE s.case_id = ") {
				continue
			}
			if bad != "" {
				t.Errorf("%s\n  in the plan of: %s\n  plan:\n    %s", bad, st.SQL, strings.Join(plan, "\n    "))
				break
			}
		}
	}
	t.Logf("%d distinct statements explained", len(seen))
}

// aliases maps the table aliases of a statement to their tables.
func aliases(sql string) map[string]string {
	out := map[string]string{}
	for _, m := range sqlAlias.FindAllStringSubmatch(sql, -1) {
		switch strings.ToUpper(m[2]) {
		case "WHERE", "ON", "JOIN", "LEFT", "INNER", "GROUP", "ORDER", "LIMIT", "USING":
			continue
		}
		out[m[2]] = m[1]
	}
	return out
}

// badPlanLine names what is wrong with one line of a plan, or "" (alias
// names the tables of the statement's aliases).
func badPlanLine(d store.Dialect, line string, alias map[string]string) string {
	if d == store.Postgres {
		if m := pgSeqScan.FindStringSubmatch(line); m != nil && slices.Contains(caseSized, m[1]) {
			return "a sequential scan of " + m[1]
		}
		if pgSort.MatchString(line) {
			return "a sort no index provides"
		}
		return ""
	}
	if m := sqliteScan.FindStringSubmatch(line); m != nil {
		table := m[1]
		if t, ok := alias[table]; ok {
			table = t
		}
		if slices.Contains(caseSized, table) {
			return "a full scan of " + table
		}
	}
	if strings.Contains(line, "TEMP B-TREE FOR ORDER BY") {
		return "a sort in a temporary B-tree"
	}
	return ""
}

// TestBadPlanLineSeesThroughAliases proves the plan check reads SQLite's
// aliased plan lines ("SCAN s") as the tables they name.
func TestBadPlanLineSeesThroughAliases(t *testing.T) {
	sql := "SELECT count(*) FROM cases c JOIN self_checks AS s ON s.case_id = c.id WHERE c.practice_id = ?"
	for line, want := range map[string]string{
		"SCAN s": "a full scan of self_checks", "SCAN c": "a full scan of cases", "SEARCH s USING INTEGER PRIMARY KEY (rowid=?)": "",
		"SCAN practices": "",
	} {
		if got := badPlanLine(store.SQLite, line, aliases(sql)); got != want {
			t.Errorf("%q: got %q, want %q", line, got, want)
		}
	}
}
