package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/store"
)

// openSQLite opens and migrates an SQLite database at path, whatever the
// run's HOI_TEST_POSTGRES_URL says: backup and restore of files are SQLite's.
func openSQLite(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open("sqlite://"+path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(context.Background()); err != nil {
		db.Close()
		t.Fatal(err)
	}
	return db
}

func regionNames(t *testing.T, path string) map[string]bool {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("select name from regions")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		got[n] = true
	}
	return got
}

func TestBackupWhileWritingHoldsEveryEarlierWrite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openSQLite(t, filepath.Join(dir, "hoi.db"))
	defer db.Close()

	var acked atomic.Int64 // regions r-1 … r-acked are committed
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := int64(1); ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := db.EnsureRegion(ctx, fmt.Sprintf("r-%d", i)); err != nil {
				t.Errorf("write %d: %v", i, err)
				return
			}
			acked.Store(i)
		}
	}()
	for acked.Load() < 50 { // let the writer get going, so the backup overlaps real writes
		time.Sleep(time.Millisecond)
	}
	before := acked.Load()
	to := filepath.Join(dir, "backup.db")
	res, err := store.Backup(ctx, "sqlite://"+filepath.Join(dir, "hoi.db"), to, false)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if res.Tool != "VACUUM INTO" || res.Bytes == 0 {
		t.Errorf("result: got %+v", res)
	}
	fi, err := os.Stat(to)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode: got %v, want 0600", fi.Mode().Perm())
	}
	if _, err := store.VerifySQLite(ctx, to); err != nil {
		t.Errorf("verify: %v", err)
	}
	got := regionNames(t, to)
	for i := int64(1); i <= before; i++ {
		if !got[fmt.Sprintf("r-%d", i)] {
			t.Fatalf("region r-%d, acknowledged before the backup began, is not in it (before=%d, in backup=%d)", i, before, len(got))
		}
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(to + suffix); err == nil {
			t.Errorf("backup left %s behind: it must be self-contained", suffix)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".hoi-backup-*")); len(left) > 0 {
		t.Errorf("temp files left: %v", left)
	}
}

func TestBackupKeepsAnExistingFileWithoutForce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "hoi.db")
	openSQLite(t, src).Close()
	to := filepath.Join(dir, "backup.db")
	if err := os.WriteFile(to, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := store.Backup(ctx, "sqlite://"+src, to, false)
	if err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("got %v, want a refusal naming --force", err)
	}
	if b, _ := os.ReadFile(to); string(b) != "keep me" {
		t.Fatal("the existing file was changed")
	}
	if _, err := store.Backup(ctx, "sqlite://"+src, to, true); err != nil {
		t.Fatalf("with force: %v", err)
	}
	if _, err := store.VerifySQLite(ctx, to); err != nil {
		t.Errorf("verify after force: %v", err)
	}
}

func TestBackupOfAMissingDatabaseFails(t *testing.T) {
	dir := t.TempDir()
	_, err := store.Backup(context.Background(), "sqlite://"+filepath.Join(dir, "nope.db"), filepath.Join(dir, "b.db"), false)
	if err == nil {
		t.Fatal("got no error")
	}
	if _, err := os.Stat(filepath.Join(dir, "nope.db")); err == nil {
		t.Error("backup created the database it was asked to copy")
	}
}

func TestRestoreRefusesWhileTheDatabaseIsInUse(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "hoi.db")
	db := openSQLite(t, path)
	defer db.Close()
	if _, err := store.Backup(ctx, "sqlite://"+path, filepath.Join(dir, "b.db"), false); err != nil {
		t.Fatal(err)
	}
	_, err := store.Restore(ctx, "sqlite://"+path, filepath.Join(dir, "b.db"))
	if !errors.Is(err, store.ErrInUse) {
		t.Fatalf("got %v, want ErrInUse", err)
	}
	if err := db.Ping(ctx); err != nil {
		t.Errorf("the serving database was disturbed: %v", err)
	}
}

func TestRestoreReplacesTheDatabaseAndKeepsTheOldOne(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "hoi.db")
	db := openSQLite(t, path)
	if _, err := db.EnsureRegion(ctx, "in backup"); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "b.db")
	if _, err := store.Backup(ctx, "sqlite://"+path, backup, false); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EnsureRegion(ctx, "after backup"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	res, err := store.Restore(ctx, "sqlite://"+path, backup)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	got := regionNames(t, path)
	if !got["in backup"] || got["after backup"] {
		t.Errorf("restored regions: got %v, want the backup's", got)
	}
	if res.Replaced == "" || !regionNames(t, res.Replaced)["after backup"] {
		t.Errorf("the replaced database was not kept complete at %q", res.Replaced)
	}
	if res.Migrations == 0 {
		t.Error("restore reported no migrations")
	}
	db = openSQLite(t, path)
	defer db.Close()
	if ok, err := db.MigrationsCurrent(ctx); err != nil || !ok {
		t.Errorf("after restore: current=%v err=%v", ok, err)
	}
}

func TestRestoreRefusesAnUnsoundBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "hoi.db")
	db := openSQLite(t, path)
	if _, err := db.EnsureRegion(ctx, "keep"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 400)), 0o600)
	foreign := filepath.Join(dir, "foreign.db")
	f, _ := sql.Open("sqlite3", "file:"+foreign)
	if _, err := f.Exec("create table t(x)"); err != nil {
		t.Fatal(err)
	}
	f.Close()

	for name, from := range map[string]string{"not sqlite": garbage, "not hoi": foreign, "missing": filepath.Join(dir, "missing.db")} {
		t.Run(name, func(t *testing.T) {
			if _, err := store.Restore(ctx, "sqlite://"+path, from); err == nil {
				t.Fatal("got no error")
			}
			if !regionNames(t, path)["keep"] {
				t.Error("the database was touched by a refused restore")
			}
		})
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".hoi-restore-*")); len(left) > 0 {
		t.Errorf("temp files left: %v", left)
	}
}

func TestRestoreOnPostgresPointsAtPgRestore(t *testing.T) {
	_, err := store.Restore(context.Background(), "postgres://u@127.0.0.1:1/x", "f")
	if err == nil || !strings.Contains(err.Error(), "pg_restore") {
		t.Errorf("got %v, want guidance naming pg_restore", err)
	}
}
