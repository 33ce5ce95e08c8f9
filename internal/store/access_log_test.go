package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
)

// TestPreparedAccessLogInsertsKeepEveryRow writes batches through the
// access-log INSERTs prepared on the writer pool — one transaction alone,
// and several sharing a group commit — and reads every row back with its
// fields: 64 + 8 + 1 chunks, in order.
func TestPreparedAccessLogInsertsKeepEveryRow(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t, nil)
	if !store.AuditPrepared(db) {
		t.Fatal("Migrate did not prepare the access-log INSERTs")
	}
	region, err := db.EnsureRegion(ctx, "Regio Log")
	must(t, err)
	at := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	batch := func(first int64, n int) []audit.Entry {
		out := make([]audit.Entry, n)
		for i := range out {
			id := first + int64(i)
			out[i] = audit.Entry{At: at, UserID: 7, Role: "poh", RegionID: region.ID, ClientAddr: "192.0.2.1",
				Action: audit.Action("case.read"), Outcome: audit.Outcome("allowed"), ResourceType: audit.Resource("case"),
				ResourceID: &id, CaseID: &id, RequestID: "req"}
		}
		return out
	}
	must(t, db.InsertAccessLog(ctx, batch(1, 73)))
	done := make(chan error, 4)
	for i := range 4 {
		go func() { done <- db.InsertAccessLog(ctx, batch(int64(1000*(i+1)), 9)) }()
	}
	for range 4 {
		must(t, <-done)
	}
	rows, err := db.AccessLog(ctx, store.AccessLogFilter{RegionID: region.ID, Limit: 200})
	must(t, err)
	if len(rows) != 73+4*9 {
		t.Fatalf("%d access-log rows, want %d", len(rows), 73+4*9)
	}
	seen := map[int64]bool{}
	for _, r := range rows {
		if r.CaseID == nil || r.ResourceID == nil || *r.CaseID != *r.ResourceID || r.UserID != 7 || r.Role != "poh" ||
			string(r.Action) != "case.read" || r.ClientAddr != "192.0.2.1" || !r.At.Equal(at) {
			t.Fatalf("row %+v lost a field", r)
		}
		seen[*r.CaseID] = true
	}
	for id := int64(1); id <= 73; id++ {
		if !seen[id] {
			t.Fatalf("case %d of the first batch is missing", id)
		}
	}
}

// TestListViewIsOneRowAndReadsBackPerCase stores list views (Entry.Shown)
// beside plain entries in one batch, more cases than one INSERT chunk, and
// checks the compact form — one access_log row per view, one pair per case
// — and that every reader sees the view as one row per case: the region's
// listing (with its filters and pages), the case's own log (newest first)
// and the export's (oldest first).
func TestListViewIsOneRowAndReadsBackPerCase(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t, nil)
	region, err := db.EnsureRegion(ctx, "Regio Lijst")
	must(t, err)
	at := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	entry := func(user int64, res audit.Resource) audit.Entry {
		return audit.Entry{At: at, UserID: user, Role: "poh", RegionID: region.ID, ClientAddr: "192.0.2.7",
			Action: audit.ActionSearch, Outcome: audit.Allowed, ResourceType: res, RequestID: "req-list"}
	}
	shown := make([]int64, 0, 75)
	for i := range int64(75) {
		shown = append(shown, 500+i)
	}
	worklist := entry(7, audit.ResourceWorklist)
	worklist.Shown = shown
	list := entry(8, audit.ResourceCase)
	list.Shown = []int64{510, 600}
	c := int64(510)
	read := entry(8, audit.ResourceCase)
	read.Action, read.CaseID, read.ResourceID = audit.ActionRead, &c, &c
	empty := entry(8, audit.ResourceCase) // a list that showed nothing
	must(t, db.InsertAccessLog(ctx, []audit.Entry{worklist, read, list, empty}))

	_, r := db.SQLDBs()
	var logRows, pairs int
	must(t, r.QueryRow(fmt.Sprintf("SELECT COUNT(*) FROM access_log WHERE region_id = %d", region.ID)).Scan(&logRows))
	must(t, r.QueryRow("SELECT COUNT(*) FROM access_log_cases").Scan(&pairs))
	if logRows != 4 || pairs != 77 {
		t.Fatalf("stored %d access-log rows and %d case pairs, want 4 and 77", logRows, pairs)
	}

	all, err := db.AccessLog(ctx, store.AccessLogFilter{RegionID: region.ID, Limit: 200})
	must(t, err)
	if len(all) != 75+1+2+1 {
		t.Fatalf("the region's listing has %d rows, want 79 (a row per case shown)", len(all))
	}
	perCase := map[int64]int{}
	for i, e := range all {
		if i > 0 && e.ID > all[i-1].ID {
			t.Fatalf("row %d (id %d) after id %d: not newest first", i, e.ID, all[i-1].ID)
		}
		if e.RequestID != "req-list" || !e.At.Equal(at) || e.ClientAddr != "192.0.2.7" || e.Outcome != audit.Allowed {
			t.Fatalf("row %+v lost a field", e)
		}
		if e.CaseID != nil {
			perCase[*e.CaseID]++
		}
	}
	if perCase[500] != 1 || perCase[574] != 1 || perCase[510] != 3 || perCase[600] != 1 || len(perCase) != 76 {
		t.Fatalf("cases in the listing: %v", perCase)
	}
	// Pages of 10 cover the listing exactly once, in the same order.
	var paged []audit.Entry
	for off := 0; ; off += 10 {
		p, err := db.AccessLog(ctx, store.AccessLogFilter{RegionID: region.ID, Offset: off, Limit: 10})
		must(t, err)
		paged = append(paged, p...)
		if len(p) < 10 {
			break
		}
	}
	if len(paged) != len(all) {
		t.Fatalf("pages hold %d rows, the listing %d", len(paged), len(all))
	}
	for i := range paged {
		if paged[i].ID != all[i].ID || (paged[i].CaseID == nil) != (all[i].CaseID == nil) ||
			paged[i].CaseID != nil && *paged[i].CaseID != *all[i].CaseID {
			t.Fatalf("page row %d differs from the listing", i)
		}
	}
	user8, err := db.AccessLog(ctx, store.AccessLogFilter{RegionID: region.ID, UserID: ptr(int64(8))})
	must(t, err)
	if len(user8) != 4 {
		t.Fatalf("user 8 has %d rows, want 4 (a read, a list of two, an empty list)", len(user8))
	}
	of510, err := db.AccessLog(ctx, store.AccessLogFilter{RegionID: region.ID, CaseID: &c})
	must(t, err)
	kinds := map[string]bool{}
	for i, e := range of510 {
		kinds[string(e.Action)+" "+string(e.ResourceType)] = true
		if *e.CaseID != 510 || i > 0 && e.ID > of510[i-1].ID {
			t.Fatalf("case 510 in the region's listing: %+v", of510)
		}
	}
	if len(of510) != 3 || !kinds["read case"] || !kinds["search case"] || !kinds["search worklist"] {
		t.Fatalf("case 510 in the region's listing: %+v", of510)
	}
	byUser, err := db.AccessLog(ctx, store.AccessLogFilter{RegionID: region.ID, CaseID: &c, UserID: ptr(int64(7)), ResourceType: "worklist"})
	must(t, err)
	if len(byUser) != 1 || *byUser[0].CaseID != 510 {
		t.Fatalf("case 510 for user 7's worklist: %+v", byUser)
	}
	other, err := db.AccessLog(ctx, store.AccessLogFilter{RegionID: region.ID + 1, CaseID: &c})
	must(t, err)
	if len(other) != 0 {
		t.Fatalf("another region's listing shows case 510: %+v", other)
	}
	ref := store.NewCaseRefForTest(c)
	own, err := db.CaseAccessLog(ctx, ref, 0, 50)
	must(t, err)
	if len(own) != 3 || own[0].ID < own[1].ID || own[1].ID < own[2].ID {
		t.Fatalf("case 510's own log: %+v", own)
	}
	oldest, err := store.CaseAccessLogForExport(db, ctx, c)
	must(t, err)
	if len(oldest) != 3 || oldest[0].ID > oldest[1].ID || oldest[1].ID > oldest[2].ID || oldest[0].ID != of510[2].ID {
		t.Fatalf("case 510's log for the export: %+v", oldest)
	}

	w, _ := db.SQLDBs()
	if _, err := w.Exec("DELETE FROM access_log_cases"); err == nil {
		t.Error("DELETE on access_log_cases succeeded; it must be append-only")
	}
	if _, err := w.Exec("UPDATE access_log_cases SET case_id = 1"); err == nil {
		t.Error("UPDATE on access_log_cases succeeded; it must be append-only")
	}
}

func ptr[T any](v T) *T { return &v }
