package store_test

import (
	"context"
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
