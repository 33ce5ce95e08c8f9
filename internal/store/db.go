// Package store keeps HOI's data in SQLite (one laptop) or PostgreSQL (a
// region) through GORM. It owns every query, enforces tenancy inside them, and
// turns driver errors into the kinds of package errs. Dialect differences stay
// in this package.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/hoi-app/hoi/internal/errs"
)

// Dialect names the database engine behind a DB.
type Dialect string

// The supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// MinSQLiteVersion is the oldest SQLite that HOI runs on: older releases have
// the WAL-reset bug that can corrupt a database under concurrent checkpoints.
const MinSQLiteVersion = "3.51.3"

// DB is HOI's database. On SQLite, writes go through one connection whose
// transactions begin IMMEDIATE, so a read-then-write transaction never fails
// with "database is locked"; reads use a small pool of query-only connections.
// On PostgreSQL both are the same pool.
type DB struct {
	w       *gorm.DB
	r       *gorm.DB
	dialect Dialect
	now     func() time.Time
	// commit groups SQLite's write transactions (nil on PostgreSQL, which
	// commits concurrent transactions in parallel itself).
	commit *committer
	// raw holds the prepared statements of the hottest reads (rawread.go).
	raw readStmts
	// sessions keeps recent session checks (sessioncache.go).
	sessions sessionCache
	// audit holds the prepared access-log INSERTs (access_log.go).
	audit auditStmts
	// worklistLimit, when set (by tests), replaces the worklist's section
	// size.
	worklistLimit *int
}

// Options tune Open.
type Options struct {
	// ReadConns is the size of the SQLite read pool (default 4).
	ReadConns int
	// Now is the clock (default time.Now in UTC).
	Now func() time.Time
	// SessionCacheTTL is how long a session check is kept (default 2 s; a
	// negative value keeps none): the bound on how late this instance
	// learns of a revocation made on another instance.
	SessionCacheTTL time.Duration
}

// Open connects to databaseURL: sqlite://path/to/file.db or postgres://….
// It does not migrate; call Migrate.
func Open(databaseURL string, opt Options) (*DB, error) {
	db, err := open(databaseURL, opt)
	if err != nil {
		return nil, err
	}
	switch {
	case opt.SessionCacheTTL == 0:
		db.sessions.ttl = 2 * time.Second
	case opt.SessionCacheTTL > 0:
		db.sessions.ttl = opt.SessionCacheTTL
	}
	return db, nil
}

func open(databaseURL string, opt Options) (*DB, error) {
	if opt.Now == nil {
		opt.Now = func() time.Time { return time.Now().UTC() }
	}
	if opt.ReadConns == 0 {
		opt.ReadConns = 4
	}
	cfg := func() *gorm.Config {
		return &gorm.Config{
			Logger:                 logger.Discard,
			NowFunc:                opt.Now,
			SkipDefaultTransaction: true,
			PrepareStmt:            true,
			TranslateError:         true,
		}
	}
	switch {
	case strings.HasPrefix(databaseURL, "sqlite://"):
		return openSQLite(strings.TrimPrefix(databaseURL, "sqlite://"), opt, cfg)
	case strings.HasPrefix(databaseURL, "postgres://"), strings.HasPrefix(databaseURL, "postgresql://"):
		g, err := gorm.Open(postgres.Open(databaseURL), cfg())
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		sqlDB, err := g.DB()
		if err != nil {
			return nil, err
		}
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(20)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		return &DB{w: g, r: g, dialect: Postgres, now: opt.Now}, nil
	default:
		return nil, fmt.Errorf("database URL must start with sqlite:// or postgres://")
	}
}

func openSQLite(path string, opt Options, cfg func() *gorm.Config) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlite:// URL names no file")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	}
	if err := prepareSQLiteFile(path); err != nil {
		return nil, err
	}
	// Every connection gets the same durability settings: WAL, fsync on
	// every commit (synchronous=FULL), foreign keys, a busy timeout, and
	// secure_delete so erased text does not linger in free pages.
	// Never cache=shared: it bypasses the busy timeout and WAL concurrency.
	params := url.Values{}
	params.Set("_journal_mode", "WAL")
	params.Set("_synchronous", "FULL")
	params.Set("_foreign_keys", "on")
	params.Set("_busy_timeout", "10000")
	params.Set("_secure_delete", "on")
	params.Set("_loc", "UTC")
	base := "file:" + path + "?"

	wp := cloneValues(params)
	wp.Set("_txlock", "immediate")
	w, err := gorm.Open(sqlite.Open(base+wp.Encode()), cfg())
	if err != nil {
		return nil, fmt.Errorf("open sqlite writer: %w", err)
	}
	wdb, err := w.DB()
	if err != nil {
		return nil, err
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxLifetime(0)
	if err := checkSQLiteVersion(wdb); err != nil {
		wdb.Close()
		return nil, err
	}
	if err := tightenSidecars(path); err != nil {
		wdb.Close()
		return nil, err
	}

	rp := cloneValues(params)
	rp.Set("_query_only", "1")
	r, err := gorm.Open(sqlite.Open(base+rp.Encode()), cfg())
	if err != nil {
		wdb.Close()
		return nil, fmt.Errorf("open sqlite readers: %w", err)
	}
	rdb, err := r.DB()
	if err != nil {
		return nil, err
	}
	rdb.SetMaxOpenConns(opt.ReadConns)
	rdb.SetMaxIdleConns(opt.ReadConns)
	rdb.SetConnMaxLifetime(0)
	return &DB{w: w, r: r, dialect: SQLite, now: opt.Now, commit: newCommitter(w)}, nil
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func checkSQLiteVersion(db *sql.DB) error {
	var v string
	if err := db.QueryRow("select sqlite_version()").Scan(&v); err != nil {
		return fmt.Errorf("sqlite version: %w", err)
	}
	if compareVersions(v, MinSQLiteVersion) < 0 {
		return fmt.Errorf("SQLite %s is too old: HOI needs %s or newer (older versions can corrupt a WAL database)", v, MinSQLiteVersion)
	}
	return nil
}

// compareVersions compares dotted version strings numerically.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// Dialect reports the engine.
func (db *DB) Dialect() Dialect { return db.dialect }

// Now is the store's clock.
func (db *DB) Now() time.Time { return db.now() }

// SQLDBs returns the underlying pools (writer, reader) for metrics; on
// PostgreSQL both are the same.
func (db *DB) SQLDBs() (w, r *sql.DB) {
	w, _ = db.w.DB()
	r, _ = db.r.DB()
	return w, r
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	w, r := db.SQLDBs()
	if err := w.PingContext(ctx); err != nil {
		return fmt.Errorf("ping writer: %w", err)
	}
	if err := r.PingContext(ctx); err != nil {
		return fmt.Errorf("ping reader: %w", err)
	}
	var one int
	if err := db.r.WithContext(ctx).Raw("select 1").Scan(&one).Error; err != nil {
		return fmt.Errorf("query: %w", err)
	}
	return nil
}

// Close closes both pools.
func (db *DB) Close() error {
	if db.commit != nil {
		db.commit.close()
	}
	db.closeReads()
	db.closeAudit()
	w, r := db.SQLDBs()
	var err error
	if r != w && r != nil {
		err = r.Close()
	}
	if w != nil {
		err = errors.Join(err, w.Close())
	}
	return err
}

// tx runs fn in one write transaction (on SQLite through the group
// committer: see groupcommit.go).
func (db *DB) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	if db.commit != nil {
		return db.commit.do(ctx, fn)
	}
	return db.w.WithContext(ctx).Transaction(fn)
}

// translate turns GORM and driver errors into errs kinds, naming the operation.
func translate(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return fmt.Errorf("%s: %w", op, errs.ErrNotFound)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return fmt.Errorf("%s: %w", op, errs.ErrConflict)
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return fmt.Errorf("%s: %w: referenced record missing", op, errs.ErrInvalid)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%s: %w", op, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// page clamps offset and limit for list queries.
func page(offset, limit int) (int, int) {
	if offset < 0 {
		offset = 0
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	return offset, limit
}

// saveVersioned writes the columns cols of row (a model whose Version was
// already bumped) only if the stored version is still version: optimistic
// locking that holds across instances and on both engines. A lost race is
// ErrStale. Without cols every column but id and created_at is written.
func saveVersioned(tx *gorm.DB, row any, id, version int64, cols ...string) error {
	q := tx.Model(row).Where("id = ? AND version = ?", id, version)
	if len(cols) > 0 {
		q = q.Select(cols)
	} else {
		q = q.Select("*").Omit("id", "created_at")
	}
	res := q.Updates(row)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return ErrStale
	}
	return nil
}
