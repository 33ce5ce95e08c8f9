package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

// TestGroupCommit queues write transactions behind one that holds the writer
// and checks that they then share one commit, each in its own savepoint: the
// ones that fail (an error, a panic) leave nothing behind and do not undo
// the others; one whose caller gave up while queued is never run.
func TestGroupCommit(t *testing.T) {
	db, err := Open("sqlite://"+filepath.Join(t.TempDir(), "gc.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.w.Exec("CREATE TABLE t (v text NOT NULL UNIQUE)").Error; err != nil {
		t.Fatal(err)
	}
	insert := func(v string) func(*gorm.DB) error {
		return func(tx *gorm.DB) error { return tx.Exec("INSERT INTO t (v) VALUES (?)", v).Error }
	}
	started, release := make(chan struct{}), make(chan struct{})
	results := map[string]chan error{}
	run := func(ctx context.Context, name string, fn func(*gorm.DB) error) {
		ch := make(chan error, 1)
		results[name] = ch
		go func() { ch <- db.tx(ctx, fn) }()
	}
	run(ctx, "a", func(tx *gorm.DB) error {
		close(started)
		<-release
		return insert("a")(tx)
	})
	<-started
	gone, cancel := context.WithCancel(ctx)
	run(ctx, "b", insert("b"))
	run(ctx, "c", func(tx *gorm.DB) error {
		if err := insert("c")(tx); err != nil {
			return err
		}
		return errors.New("c changes its mind")
	})
	run(ctx, "d", func(tx *gorm.DB) error {
		if err := insert("d")(tx); err != nil {
			return err
		}
		panic("d panics")
	})
	run(gone, "f", insert("f"))
	run(ctx, "e", insert("e"))
	run(ctx, "dup", insert("a")) // a committed first: a duplicate
	for deadline := time.Now().Add(10 * time.Second); len(db.commit.reqs) < 6; {
		if time.Now().After(deadline) {
			t.Fatalf("only %d transactions queued", len(db.commit.reqs))
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	close(release)
	for name, want := range map[string]string{"a": "", "b": "", "e": "", "c": "c changes its mind", "d": "panic", "f": "context canceled", "dup": "duplicated"} {
		err := <-results[name]
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v, want success", name, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: got %v, want an error with %q", name, err, want)
		}
	}
	var got []string
	if err := db.r.Raw("SELECT v FROM t").Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"a", "b", "e"}) {
		t.Errorf("stored %v, want [a b e]", got)
	}
	if b, n := db.commit.batches.Load(), db.commit.txs.Load(); b != 2 || n != 6 {
		t.Errorf("got %d commits for %d transactions, want a alone, then b, c, d, e and dup together (2 for 6)", b, n)
	}
	db.Close()
	if err := db.tx(ctx, insert("late")); !errors.Is(err, errClosed) {
		t.Errorf("after Close: got %v, want errClosed", err)
	}
}
