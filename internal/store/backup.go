package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// ErrInUse is returned by Restore when another process has the SQLite
// database open: a running hoi serve must be stopped first.
var ErrInUse = errors.New("the database is in use: stop hoi serve (and any other hoi command) first")

// BackupResult says what Backup wrote.
type BackupResult struct {
	Path    string
	Bytes   int64
	Tool    string // "VACUUM INTO" or "pg_dump"
	Elapsed time.Duration
}

// Backup writes a consistent, self-contained copy of the database behind
// databaseURL to the file to (mode 0600) while the database keeps serving.
// On SQLite it uses VACUUM INTO on a connection of its own: one read
// transaction, so writers go on and the copy is a snapshot of one moment;
// the copy is then checked (integrity_check, schema_migrations). On PostgreSQL
// it runs pg_dump --format=custom, which must be on PATH. The file appears
// under its name only when complete (temp file + link or rename), and an
// existing file is kept unless force is set.
func Backup(ctx context.Context, databaseURL, to string, force bool) (BackupResult, error) {
	start := time.Now()
	if to == "" {
		return BackupResult{}, errors.New("backup: name the file to write")
	}
	if !force {
		if _, err := os.Lstat(to); err == nil {
			return BackupResult{}, fmt.Errorf("backup: %s already exists; choose another name or pass --force to replace it", to)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(to), ".hoi-backup-*.tmp")
	if err != nil {
		return BackupResult{}, fmt.Errorf("backup: %w", err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer os.Remove(tmpName) // a no-op once it has been renamed or linked

	res := BackupResult{Path: to}
	switch {
	case strings.HasPrefix(databaseURL, "sqlite://"):
		res.Tool = "VACUUM INTO"
		err = backupSQLite(ctx, sqlitePath(databaseURL), tmpName)
	case isPostgresURL(databaseURL):
		res.Tool = "pg_dump"
		err = backupPostgres(ctx, databaseURL, tmpName)
	default:
		err = errors.New("database URL must start with sqlite:// or postgres://")
	}
	if err != nil {
		return res, fmt.Errorf("backup: %w", err)
	}
	if err := syncFile(tmpName); err != nil {
		return res, fmt.Errorf("backup: %w", err)
	}
	if err := publish(tmpName, to, force); err != nil {
		return res, fmt.Errorf("backup: %w", err)
	}
	if fi, err := os.Stat(to); err == nil {
		res.Bytes = fi.Size()
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func sqlitePath(databaseURL string) string { return strings.TrimPrefix(databaseURL, "sqlite://") }

func isPostgresURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// sqliteConn opens one plain connection to the file at path, with a busy
// timeout in milliseconds, without creating the file when it is missing.
func sqliteConn(path string, busyMS int, extra string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("sqlite database %s: %w", path, err)
	}
	db, err := sql.Open("sqlite3", fmt.Sprintf("file:%s?mode=rw&_busy_timeout=%d%s", path, busyMS, extra))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

func backupSQLite(ctx context.Context, path, tmp string) error {
	db, err := sqliteConn(path, 10000, "")
	if err != nil {
		return err
	}
	defer db.Close()
	// tmp exists (empty, mode 0600), which VACUUM INTO accepts and keeps.
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return fmt.Errorf("vacuum into: %w", err)
	}
	if err := db.Close(); err != nil {
		return err
	}
	if _, err := VerifySQLite(ctx, tmp); err != nil {
		return fmt.Errorf("the copy does not check out: %w", err)
	}
	return nil
}

// VerifySQLite checks that the file at path is a sound HOI database: PRAGMA
// integrity_check answers ok and schema_migrations names applied migrations.
// It returns the number of applied migrations.
func VerifySQLite(ctx context.Context, path string) (int, error) {
	db, err := sqliteConn(path, 10000, "")
	if err != nil {
		return 0, err
	}
	defer func() {
		db.Close()
		// Opening a WAL-mode file makes -wal and -shm; closing the last
		// connection folds the WAL in and removes them, but be sure.
		os.Remove(path + "-wal")
		os.Remove(path + "-shm")
	}()
	var res []string
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return 0, fmt.Errorf("integrity_check: %w", err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return 0, fmt.Errorf("integrity_check: %w", err)
		}
		res = append(res, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("integrity_check: %w", err)
	}
	if len(res) != 1 || res[0] != "ok" {
		return 0, fmt.Errorf("integrity_check: %s", strings.Join(res, "; "))
	}
	var n int
	if err := db.QueryRowContext(ctx, "select count(*) from schema_migrations").Scan(&n); err != nil {
		return 0, fmt.Errorf("not a HOI database (schema_migrations): %w", err)
	}
	if n == 0 {
		return 0, errors.New("not a HOI database: schema_migrations is empty")
	}
	return n, nil
}

// backupPostgres runs pg_dump in its custom format (compressed, restorable
// table by table with pg_restore). The password, if the URL has one, goes to
// pg_dump through PGPASSWORD so that ps never shows it.
func backupPostgres(ctx context.Context, databaseURL, tmp string) error {
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		return errors.New("pg_dump is not on PATH: install the PostgreSQL client (Debian: apt-get install postgresql-client) or run pg_dump --format=custom yourself")
	}
	dsn, password, err := splitPassword(databaseURL)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin, "--format=custom", "--no-owner", "--file="+tmp, "--dbname="+dsn)
	cmd.Env = os.Environ()
	if password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+password)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pg_dump: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// splitPassword removes the password from a postgres URL.
func splitPassword(databaseURL string) (dsn, password string, err error) {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return "", "", errors.New("database URL does not parse")
	}
	if u.User != nil {
		password, _ = u.User.Password()
		u.User = url.User(u.User.Username())
	}
	return u.String(), password, nil
}

// RestoreResult says what Restore did.
type RestoreResult struct {
	Path string
	// Replaced is where the database that was there before now lives, so a
	// wrong restore can be undone; empty when there was none.
	Replaced   string
	Migrations int
}

// Restore replaces the SQLite database behind databaseURL with the backup
// file from. It checks the backup first, refuses with ErrInUse while another
// process has the database open (a running server), keeps the old database
// as PATH.replaced-TIMESTAMP, and swaps the files by rename so that the
// database is either the old or the new one. The caller migrates afterwards.
// PostgreSQL databases are restored with pg_restore, not here.
func Restore(ctx context.Context, databaseURL, from string) (RestoreResult, error) {
	if isPostgresURL(databaseURL) {
		return RestoreResult{}, errors.New("restore: on PostgreSQL use pg_restore into an empty database, e.g. pg_restore --no-owner --exit-on-error --dbname=postgres://…/hoi_new FILE; then point HOI_DATABASE_URL at it and run hoi migrate")
	}
	if !strings.HasPrefix(databaseURL, "sqlite://") {
		return RestoreResult{}, errors.New("restore: database URL must start with sqlite:// or postgres://")
	}
	path := sqlitePath(databaseURL)
	res := RestoreResult{Path: path}
	if fi, err := os.Stat(from); err != nil {
		return res, fmt.Errorf("restore: backup file: %w", err)
	} else if !fi.Mode().IsRegular() {
		return res, fmt.Errorf("restore: %s is not a regular file", from)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	exists := false
	if _, err := os.Stat(path); err == nil {
		exists = true
		if err := quiesce(ctx, path); err != nil {
			return res, fmt.Errorf("restore: %s: %w", path, err)
		}
	}

	tmp, err := copyToTemp(from, dir)
	if err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	defer os.Remove(tmp)
	if res.Migrations, err = VerifySQLite(ctx, tmp); err != nil {
		return res, fmt.Errorf("restore: %s is not a sound backup: %w", from, err)
	}
	if err := syncFile(tmp); err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	if exists {
		res.Replaced = path + ".replaced-" + time.Now().UTC().Format("20060102T150405Z")
		if err := os.Rename(path, res.Replaced); err != nil {
			return res, fmt.Errorf("restore: keep the old database: %w", err)
		}
	}
	// quiesce folded the WAL in; what is left belongs to no database now and
	// would be replayed onto the restored file.
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return res, fmt.Errorf("restore: remove stale %s: %w", suffix, err)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	return res, nil
}

// quiesce makes sure no other connection has the database open and folds
// its WAL into the main file. It takes SQLite's exclusive locking mode,
// which fails at once while any other connection (a server's idle pool
// included) holds the database. A server that starts between this check
// and the swap is not caught: stop the service first.
func quiesce(ctx context.Context, path string) error {
	db, err := sqliteConn(path, 0, "&_locking_mode=EXCLUSIVE")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "BEGIN EXCLUSIVE; COMMIT"); err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked) {
			return ErrInUse
		}
		return err
	}
	if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return db.Close()
}

func copyToTemp(from, dir string) (string, error) {
	src, err := os.Open(from)
	if err != nil {
		return "", err
	}
	defer src.Close()
	dst, err := os.CreateTemp(dir, ".hoi-restore-*.tmp")
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		os.Remove(dst.Name())
		return "", fmt.Errorf("copy %s: %w", from, err)
	}
	if err := dst.Close(); err != nil {
		os.Remove(dst.Name())
		return "", err
	}
	return dst.Name(), nil
}

// publish gives the finished temp file its name: by link when an existing
// file must be kept (link fails if the name is taken, even in a race), by
// rename when it may be replaced.
func publish(tmp, to string, force bool) error {
	if err := os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	if force {
		if err := os.Rename(tmp, to); err != nil {
			return err
		}
	} else {
		if err := os.Link(tmp, to); err != nil {
			if errors.Is(err, os.ErrExist) {
				return fmt.Errorf("%s already exists; choose another name or pass --force to replace it", to)
			}
			return err
		}
		os.Remove(tmp)
	}
	return syncDir(filepath.Dir(to))
}

func syncFile(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("fsync %s: %w", name, err)
	}
	return f.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("fsync %s: %w", dir, err)
	}
	return nil
}
