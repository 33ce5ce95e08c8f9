package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"sync"
)

// The hottest reads (the case page's people and content) skip GORM: a fixed
// statement, prepared once on the read pool, scanned into plain variables.
// GORM's statement building and reflective scanning were a third of the
// CPU of GET /cases/{id} on the bench's region.

// readStmts holds the prepared statements of the raw reads, by query text.
type readStmts struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
	// seen, when set (by the query-plan test), hears every raw read.
	seen func(query string, args []any)
}

// query runs the fixed statement q (with ? placeholders) on the read pool.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := db.readStmt(q)
	if err != nil {
		return nil, err
	}
	if db.raw.seen != nil {
		text := q
		if db.dialect == Postgres {
			text = dollarPlaceholders(q)
		}
		db.raw.seen(text, args)
	}
	return st.QueryContext(ctx, args...)
}

func (db *DB) readStmt(q string) (*sql.Stmt, error) {
	db.raw.mu.Lock()
	defer db.raw.mu.Unlock()
	if st, ok := db.raw.m[q]; ok {
		return st, nil
	}
	_, r := db.SQLDBs()
	text := q
	if db.dialect == Postgres {
		text = dollarPlaceholders(q)
	}
	st, err := r.Prepare(text)
	if err != nil {
		return nil, err
	}
	if db.raw.m == nil {
		db.raw.m = map[string]*sql.Stmt{}
	}
	db.raw.m[q] = st
	return st, nil
}

// dollarPlaceholders turns ? into PostgreSQL's $1, $2, … (the raw reads'
// statements hold no ? inside literals).
func dollarPlaceholders(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// closeReads closes the prepared statements.
func (db *DB) closeReads() {
	db.raw.mu.Lock()
	defer db.raw.mu.Unlock()
	for _, st := range db.raw.m {
		st.Close()
	}
	db.raw.m = nil
}

// scanOne reads the one row of q into dest (a COUNT, say) through the
// prepared read statements.
func (db *DB) scanOne(ctx context.Context, q string, args []any, dest ...any) error {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Err()
}
