package store_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/hoi-app/hoi/internal/store"
)

// TestDatabaseFilesAreOwnerOnly opens a new database in an existing
// directory of mode 0755 under umask 022 (SQLite alone makes that file 0644),
// writes so that -wal and -shm exist, backs it up into the same directory and
// checks that every one of those files is 0600. A database left 0644 by an
// older HOI is tightened when it is opened.
func TestDatabaseFilesAreOwnerOnly(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "hoi.db")
	db := openSQLite(t, path)
	ctx := context.Background()
	if _, err := db.EnsureRegion(ctx, "Twente"); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "hoi-backup.db")
	if _, err := store.Backup(ctx, "sqlite://"+path, backup, false); err != nil {
		t.Fatal(err)
	}
	check := func(names ...string) {
		t.Helper()
		for _, name := range names {
			fi, err := os.Stat(name)
			if err != nil {
				t.Errorf("%s: %v", filepath.Base(name), err)
				continue
			}
			if got := fi.Mode().Perm(); got != 0o600 {
				t.Errorf("%s: mode %04o, want 0600", filepath.Base(name), got)
			}
		}
	}
	check(path, path+"-wal", path+"-shm", backup)
	db.Close()

	// An older HOI's 0644 files are made owner-only at the next open.
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		os.Chmod(name, 0o644)
	}
	db = openSQLite(t, path)
	defer db.Close()
	if _, err := db.EnsureRegion(ctx, "Drenthe"); err != nil {
		t.Fatal(err)
	}
	check(path, path+"-wal", path+"-shm")
}
