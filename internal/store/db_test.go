package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
)

func TestMigrateFromEmptyIsCurrentAndRepeatable(t *testing.T) {
	db := storetest.MustOpen(t, nil)
	ctx := context.Background()
	ok, err := db.MigrationsCurrent(ctx)
	if err != nil || !ok {
		t.Fatalf("after migrate: current=%v err=%v, want current", ok, err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Errorf("second migrate: %v", err)
	}
}

func TestSQLiteConnectionsAreDurable(t *testing.T) {
	if os.Getenv(storetest.EnvPostgres) != "" {
		t.Skip("SQLite pragmas; this run is on PostgreSQL")
	}
	db := storetest.MustOpen(t, nil)
	w, r := db.SQLDBs()
	if st := w.Stats(); st.MaxOpenConnections != 1 {
		t.Errorf("writer pool: got %d connections, want exactly 1", st.MaxOpenConnections)
	}
	if st := r.Stats(); st.MaxOpenConnections < 2 {
		t.Errorf("reader pool: got %d connections, want a small pool", st.MaxOpenConnections)
	}
	for name, want := range map[string]string{
		"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1", "secure_delete": "1",
	} {
		var got string
		if err := w.QueryRow("PRAGMA " + name).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("writer PRAGMA %s: got %s, want %s", name, got, want)
		}
		if err := r.QueryRow("PRAGMA " + name).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("reader PRAGMA %s: got %s, want %s", name, got, want)
		}
	}
	var qo string
	r.QueryRow("PRAGMA query_only").Scan(&qo)
	if qo != "1" {
		t.Errorf("reader query_only: got %s, want 1", qo)
	}
	if _, err := r.Exec("CREATE TABLE sneaky(x)"); err == nil {
		t.Error("the read pool accepted a write")
	}
}

func TestWriterTransactionsBeginImmediate(t *testing.T) {
	if os.Getenv(storetest.EnvPostgres) != "" {
		t.Skip("SQLite locking; this run is on PostgreSQL")
	}
	// Two stores on one file, as two processes would be: the second
	// writer's read-then-write transaction must wait for the lock, not fail
	// with "database is locked" half-way.
	path := filepath.Join(t.TempDir(), "hoi.db")
	a, err := store.Open("sqlite://"+path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	b, err := store.Open("sqlite://"+path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	done := make(chan error, 2)
	for _, db := range []*store.DB{a, b} {
		go func(db *store.DB) {
			var err error
			for i := 0; i < 50 && err == nil; i++ {
				_, err = db.EnsureRegion(ctx, "Regio "+time.Now().Format(time.RFC3339Nano))
			}
			done <- err
		}(db)
	}
	for i := 0; i < 2; i++ {
		if err := <-done; err != nil {
			t.Errorf("concurrent writers: %v", err)
		}
	}
}

func TestAccessLogIsAppendOnly(t *testing.T) {
	db := storetest.MustOpen(t, nil)
	ctx := context.Background()
	r, err := db.EnsureRegion(ctx, "Regio")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.InsertAccessLog(ctx, []audit.Entry{{At: time.Now(), UserID: 1, Role: "admin", RegionID: r.ID, ClientAddr: "127.0.0.1", Action: audit.ActionRead, Outcome: audit.Allowed, ResourceType: "user", RequestID: "r1"}}); err != nil {
		t.Fatal(err)
	}
	w, _ := db.SQLDBs()
	if _, err := w.Exec("UPDATE access_log SET user_id = 2"); err == nil {
		t.Error("UPDATE on access_log succeeded; it must be append-only")
	}
	if _, err := w.Exec("DELETE FROM access_log"); err == nil {
		t.Error("DELETE on access_log succeeded; it must be append-only")
	}
	rows, err := db.AccessLog(ctx, store.AccessLogFilter{RegionID: r.ID})
	if err != nil || len(rows) != 1 || rows[0].UserID != 1 {
		t.Errorf("after the attempts: got %+v, %v; want the one original row", rows, err)
	}
}

func TestOpenRefusesUnknownURLs(t *testing.T) {
	for _, u := range []string{"mysql://x", "sqlite://", "data/hoi.db"} {
		if _, err := store.Open(u, store.Options{}); err == nil {
			t.Errorf("Open(%q) succeeded", u)
		}
	}
}
