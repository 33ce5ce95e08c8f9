package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// erasedTables are the tables an erasure rewrites text in: the case, the
// texts of its conversations, addenda, goals, items, notes and plan items,
// and the stored answers of idempotent requests.
var erasedTables = []string{"cases", "conversations", "conversation_addenda", "goals", "case_items", "notes", "plan_items", "plan_item_steps", "idempotency_keys"}

// ScrubErased makes an erasure stick on disk, once its transaction has
// committed, while the server keeps running:
//
//   - SQLite: secure_delete zeroes the erased text in every page the erasure
//     rewrote, but the pages as they were before stay in the database file
//     (when checkpointed earlier) and in the WAL, until the next checkpoint.
//     A TRUNCATE checkpoint copies the rewritten pages over the old ones and
//     empties the WAL. Readers still on an older snapshot delay it; it is
//     retried for a while.
//   - PostgreSQL: an UPDATE leaves the old row version (and its TOAST and
//     index entries) in the table's pages as a dead tuple. VACUUM of the
//     affected tables removes the dead versions, once no transaction anywhere
//     in the cluster can still see them. PostgreSQL's own WAL segments keep
//     copies until they are recycled after checkpoints; see the README.
func (db *DB) ScrubErased(ctx context.Context) error {
	if db.dialect == Postgres {
		return db.vacuumErased(ctx)
	}
	return db.checkpointTruncate(ctx)
}

// checkpointTruncate runs PRAGMA wal_checkpoint(TRUNCATE) on the writer
// until it completes (busy = 0) or about ten seconds have passed.
func (db *DB) checkpointTruncate(ctx context.Context) error {
	w, _ := db.SQLDBs()
	deadline := time.Now().Add(10 * time.Second)
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, 500*time.Millisecond) {
		var busy, frames, done int
		if err := w.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &done); err != nil {
			return fmt.Errorf("scrub: wal checkpoint: %w", err)
		}
		if busy == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("scrub: wal checkpoint still blocked by readers after 10s (%d of %d frames copied)", done, frames)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("scrub: %w", ctx.Err())
		case <-t.C:
		}
	}
}

// vacuumErased runs one VACUUM over erasedTables (outside any transaction,
// as VACUUM must).
func (db *DB) vacuumErased(ctx context.Context) error {
	w, _ := db.SQLDBs()
	if _, err := w.ExecContext(ctx, "VACUUM (INDEX_CLEANUP ON) "+strings.Join(erasedTables, ", ")); err != nil {
		return fmt.Errorf("scrub: vacuum: %w", err)
	}
	return nil
}
