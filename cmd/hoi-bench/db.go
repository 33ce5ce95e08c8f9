package main

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "github.com/mattn/go-sqlite3"    // registers "sqlite3"
)

// openRaw opens the bench's own database/sql handle on databaseURL, for
// seeding, for the workload's id pools and for the raw-SQL baseline.
func openRaw(databaseURL string, readOnly bool) (*sql.DB, bool, error) {
	if path, ok := strings.CutPrefix(databaseURL, "sqlite://"); ok {
		v := url.Values{}
		v.Set("_journal_mode", "WAL")
		v.Set("_busy_timeout", "10000")
		v.Set("_loc", "UTC")
		v.Set("_synchronous", "FULL")
		if readOnly {
			v.Set("_query_only", "1")
		}
		db, err := sql.Open("sqlite3", "file:"+path+"?"+v.Encode())
		if err != nil {
			return nil, false, err
		}
		if !readOnly {
			db.SetMaxOpenConns(1)
		}
		return db, false, nil
	}
	if strings.HasPrefix(databaseURL, "postgres://") || strings.HasPrefix(databaseURL, "postgresql://") {
		db, err := sql.Open("pgx", databaseURL)
		return db, true, err
	}
	return nil, false, fmt.Errorf("database URL must start with sqlite:// or postgres://")
}

// dbSize is the database's size on disk: the SQLite file with its WAL, or
// pg_database_size.
func dbSize(databaseURL string) int64 {
	if path, ok := strings.CutPrefix(databaseURL, "sqlite://"); ok {
		var n int64
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if st, err := os.Stat(path + suffix); err == nil {
				n += st.Size()
			}
		}
		return n
	}
	db, _, err := openRaw(databaseURL, true)
	if err != nil {
		return 0
	}
	defer db.Close()
	var n int64
	_ = db.QueryRow("SELECT pg_database_size(current_database())").Scan(&n)
	return n
}
