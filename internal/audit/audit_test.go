package audit_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
)

// countingWriter counts the transactions the recorder opens on a real store.
type countingWriter struct {
	db  *store.DB
	txs atomic.Int64
}

func (c *countingWriter) InsertAccessLog(ctx context.Context, e []audit.Entry) error {
	c.txs.Add(1)
	return c.db.InsertAccessLog(ctx, e)
}

func TestRecorderGroupCommitsConcurrentReads(t *testing.T) {
	db := storetest.MustOpen(t, nil)
	ctx := context.Background()
	region, err := db.EnsureRegion(ctx, "Regio")
	if err != nil {
		t.Fatal(err)
	}
	w := &countingWriter{db: db}
	rec := audit.NewRecorder(w, 64)
	const n = 200
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			id := int64(i)
			err := rec.Record(ctx, audit.Entry{At: time.Now(), UserID: 1, Role: "poh", RegionID: region.ID, ClientAddr: "127.0.0.1",
				Action: audit.ActionRead, Outcome: audit.Allowed, ResourceType: "case", ResourceID: &id, RequestID: "r"})
			if err != nil {
				t.Errorf("record %d: %v", i, err)
			}
		}(i)
	}
	wg.Wait()
	rec.Close()
	rows, err := db.AccessLog(ctx, store.AccessLogFilter{RegionID: region.ID, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n {
		t.Errorf("rows: got %d, want %d: every Record returned only after its row was committed", len(rows), n)
	}
	if txs := w.txs.Load(); txs >= n {
		t.Errorf("transactions: got %d for %d concurrent reads, want fewer (group commit)", txs, n)
	} else {
		t.Logf("%d entries in %d transactions", n, txs)
	}
	if err := rec.Record(ctx, audit.Entry{}); err != audit.ErrClosed {
		t.Errorf("after Close: got %v, want ErrClosed", err)
	}
}
