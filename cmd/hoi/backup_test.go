package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hoi-app/hoi/internal/store"
)

func TestBackupThenRestoreThroughTheCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "hoi.db")
	t.Setenv("HOI_DATABASE_URL", "sqlite://"+db)
	ctx := context.Background()
	if err := run(ctx, []string{"migrate"}); err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(dir, "backup.db")
	if err := run(ctx, []string{"backup", "--to", to}); err != nil {
		t.Fatalf("backup: %v", err)
	}
	if fi, err := os.Stat(to); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v, want mode 0600", fi, err)
	}
	if err := run(ctx, []string{"backup", "--to", to}); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("second backup to the same file: got %v, want a refusal naming --force", err)
	}
	if err := run(ctx, []string{"backup", "--to", to, "--force"}); err != nil {
		t.Errorf("backup --force: %v", err)
	}
	if err := run(ctx, []string{"restore", "--from", to}); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if _, err := store.VerifySQLite(ctx, db); err != nil {
		t.Errorf("restored database: %v", err)
	}
}

func TestBackupAndRestoreNeedTheirFile(t *testing.T) {
	t.Setenv("HOI_DATABASE_URL", "sqlite://"+filepath.Join(t.TempDir(), "hoi.db"))
	for _, args := range [][]string{{"backup"}, {"restore"}, {"backup", "--to", "x", "extra"}} {
		if err := run(context.Background(), args); err == nil {
			t.Errorf("%v: got no error", args)
		}
	}
}
