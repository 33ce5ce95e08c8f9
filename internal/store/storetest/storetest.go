// Package storetest opens real, empty, migrated databases for tests: an
// SQLite file in the test's temp dir, or — when HOI_TEST_POSTGRES_URL names a
// PostgreSQL database — a fresh schema in it, so the same suites run on both.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the driver behind gorm.io/driver/postgres

	"github.com/hoi-app/hoi/internal/store"
)

// EnvPostgres names the PostgreSQL database that tests use instead of SQLite.
const EnvPostgres = "HOI_TEST_POSTGRES_URL"

// Clock is a settable test clock, shared by the store and the auth service.
type Clock struct{ offset atomic.Int64 }

// Now is the real time plus the clock's offset, in UTC.
func (c *Clock) Now() time.Time {
	return time.Now().UTC().Add(time.Duration(c.offset.Load()))
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) { c.offset.Add(int64(d)) }

// URL returns a database URL for a fresh, empty database for tb.
func URL(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		return "sqlite://" + filepath.Join(tb.TempDir(), "hoi.db")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("open postgres: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			db.Exec("DROP SCHEMA " + schema + " CASCADE")
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse %s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// MustOpen returns a migrated, empty database that is closed when tb ends.
func MustOpen(tb testing.TB, clock *Clock) *store.DB {
	tb.Helper()
	opt := store.Options{}
	if clock != nil {
		opt.Now = clock.Now
	}
	db, err := store.Open(URL(tb), opt)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	return db
}
