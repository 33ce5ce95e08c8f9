package api_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/store"
)

// checkpoint copies the WAL into the database file and empties it, as
// SQLite's automatic checkpoints do now and then: afterwards the texts
// written so far sit in hoi.db itself. No-op on PostgreSQL.
func (e *env) checkpoint() {
	e.t.Helper()
	if e.db.Dialect() != store.SQLite {
		return
	}
	w, _ := e.db.SQLDBs()
	if _, err := w.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		e.t.Fatal(err)
	}
}

// liveFiles returns the bytes of the open database as they are on disk now,
// without checkpointing or closing anything, in two views. On SQLite both are
// hoi.db followed by hoi.db-wal. On PostgreSQL, read with pageinspect (which
// the test cluster's superuser may install) from every table, TOAST table and
// index of the test's schema: tuples is the data of every row version and
// index entry the pages still hold (live or dead), pages the raw pages,
// free space included.
func (e *env) liveFiles() (tuples, pages []byte) {
	e.t.Helper()
	w, _ := e.db.SQLDBs()
	if e.db.Dialect() == store.SQLite {
		var seq int
		var name, file string
		if err := w.QueryRow("PRAGMA database_list").Scan(&seq, &name, &file); err != nil {
			e.t.Fatal(err)
		}
		var blob []byte
		for _, p := range []string{file, file + "-wal"} {
			b, err := os.ReadFile(p)
			if err != nil && !os.IsNotExist(err) {
				e.t.Fatal(err)
			}
			blob = append(blob, b...)
		}
		return blob, blob
	}
	ctx := context.Background()
	// The extension lives once per database, in a schema of its own, so
	// that dropping a test's schema does not take it along.
	if _, err := w.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS hoi_pageinspect; CREATE EXTENSION IF NOT EXISTS pageinspect SCHEMA hoi_pageinspect"); err != nil {
		e.t.Fatalf("pageinspect (the test cluster's superuser installs it): %v", err)
	}
	var ext string
	if err := w.QueryRowContext(ctx, "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pageinspect'").Scan(&ext); err != nil {
		e.t.Fatal(err)
	}
	rows, err := w.QueryContext(ctx, `
		WITH mine AS (SELECT c.oid, c.reltoastrelid FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'i')),
		rels AS (SELECT oid FROM mine
			UNION SELECT reltoastrelid FROM mine WHERE reltoastrelid <> 0
			UNION SELECT i.indexrelid FROM pg_index i JOIN mine ON i.indrelid = mine.reltoastrelid)
		SELECT c.oid, c.relkind::text, coalesce(a.amname, ''), pg_relation_size(c.oid) / current_setting('block_size')::int
		FROM rels JOIN pg_class c ON c.oid = rels.oid LEFT JOIN pg_am a ON a.oid = c.relam`)
	if err != nil {
		e.t.Fatal(err)
	}
	type rel struct {
		oid      int64
		kind, am string
		blocks   int64
	}
	var rels []rel
	for rows.Next() {
		var r rel
		if err := rows.Scan(&r.oid, &r.kind, &r.am, &r.blocks); err != nil {
			e.t.Fatal(err)
		}
		rels = append(rels, r)
	}
	rows.Close()
	var tup, raw bytes.Buffer
	collect := func(q string, args ...any) {
		rows, err := w.QueryContext(ctx, q, args...)
		if err != nil {
			e.t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var b []byte
			if err := rows.Scan(&b); err != nil {
				e.t.Fatal(err)
			}
			tup.Write(b)
		}
	}
	for _, r := range rels {
		if r.kind == "i" && r.am != "btree" {
			e.t.Fatalf("index %d is %s: teach the scan to read it", r.oid, r.am)
		}
		for b := int64(0); b < r.blocks; b++ {
			var page []byte
			if err := w.QueryRowContext(ctx, "SELECT "+ext+".get_raw_page($1::oid::regclass::text, $2::int)", r.oid, b).Scan(&page); err != nil {
				e.t.Fatal(err)
			}
			raw.Write(page)
			switch {
			case r.kind != "i":
				collect("SELECT t_data FROM "+ext+".heap_page_items($1::bytea) WHERE t_data IS NOT NULL", page)
			case b > 0: // block 0 of a btree is its metapage
				collect("SELECT decode(replace(data, ' ', ''), 'hex') FROM "+ext+".bt_page_items($1::bytea) WHERE data IS NOT NULL", page)
			}
		}
	}
	return tup.Bytes(), raw.Bytes()
}

// erasedTextLeft returns the texts still found in the live files: on SQLite
// anywhere in hoi.db and hoi.db-wal, on PostgreSQL in any row version or
// index entry (see the README: PostgreSQL does not overwrite the free space
// VACUUM leaves, which this logs). VACUUM cannot remove row versions that an
// older transaction anywhere in the cluster may still see (other packages'
// tests share the database), so on PostgreSQL the store's scrub gets a few
// more chances.
func (e *env) erasedTextLeft(texts []string) []string {
	e.t.Helper()
	for attempt := 0; ; attempt++ {
		tuples, pages := e.liveFiles()
		if !bytes.Contains(tuples, []byte(store.ErasedLabel)) {
			e.t.Fatal("the scan does not see the tombstone: is it reading the right files?")
		}
		var left, lingering []string
		for _, s := range texts {
			if bytes.Contains(tuples, []byte(s)) {
				left = append(left, s)
			} else if bytes.Contains(pages, []byte(s)) {
				lingering = append(lingering, s)
			}
		}
		if len(left) == 0 || e.db.Dialect() == store.SQLite || attempt == 10 {
			if len(lingering) > 0 {
				e.t.Logf("PostgreSQL: %d of %d erased texts are in no row version but still in the free space of their pages (not overwritten until reused)", len(lingering), len(texts))
			}
			return left
		}
		e.t.Logf("attempt %d: %d texts still in dead row versions (%s…); vacuuming again", attempt+1, len(left), strings.Join(left[:1], ""))
		time.Sleep(300 * time.Millisecond)
		if err := e.db.ScrubErased(context.Background()); err != nil {
			e.t.Fatal(err)
		}
	}
}
