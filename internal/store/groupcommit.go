package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"
)

// groupCommitMax bounds how many write transactions share one commit.
const groupCommitMax = 64

// committer runs SQLite's write transactions on its one writer connection
// and lets those that queue up while a commit is under way share the next
// one (group commit): each runs in a savepoint of a common transaction, so a
// failure undoes only its own changes, and each hears its result only once
// the common commit — with its fsync — has succeeded. Alone, a transaction
// runs as before. This is what the access log does for reads, here for all
// writes: under load one fsync and one write of the shared index pages per
// batch instead of per request, in the same serial order.
type committer struct {
	db   *gorm.DB
	reqs chan *txReq
	// mu guards shut: requests are sent under the read lock, so that once
	// close has set shut no request can be queued that nobody answers.
	mu      sync.RWMutex
	shut    bool
	closing chan struct{}
	wg      sync.WaitGroup
	// batches and txs count commits and the transactions in them.
	batches, txs atomic.Int64
}

type txReq struct {
	ctx context.Context
	fn  func(*gorm.DB) error
	err chan error
}

// errClosed is the answer to a write after Close.
var errClosed = errors.New("store: closed")

func newCommitter(db *gorm.DB) *committer {
	c := &committer{db: db, reqs: make(chan *txReq, 4*groupCommitMax), closing: make(chan struct{})}
	c.wg.Add(1)
	go c.run()
	return c
}

// do runs fn in a write transaction and returns once it is committed or
// rolled back. A caller that gives up while queued withdraws its request; once
// its turn has come it waits for the outcome, so an answer is never "failed"
// for a write that was in fact stored.
func (c *committer) do(ctx context.Context, fn func(*gorm.DB) error) error {
	r := &txReq{ctx: ctx, fn: fn, err: make(chan error, 1)}
	c.mu.RLock()
	if c.shut {
		c.mu.RUnlock()
		return errClosed
	}
	select {
	case c.reqs <- r:
		c.mu.RUnlock()
	case <-ctx.Done():
		c.mu.RUnlock()
		return ctx.Err()
	}
	return <-r.err
}

// close answers what is still queued with errClosed and stops the writer.
func (c *committer) close() {
	c.mu.Lock()
	if !c.shut {
		c.shut = true
		close(c.closing)
	}
	c.mu.Unlock()
	c.wg.Wait()
}

func (c *committer) run() {
	defer c.wg.Done()
	for {
		var first *txReq
		select {
		case first = <-c.reqs:
		case <-c.closing:
			for {
				select {
				case r := <-c.reqs:
					r.err <- errClosed
				default:
					return
				}
			}
		}
		batch := []*txReq{first}
	drain:
		for len(batch) < groupCommitMax {
			select {
			case r := <-c.reqs:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		c.commit(batch)
	}
}

// commit runs a batch: alone, as a plain transaction; together, each in a
// savepoint of one transaction.
func (c *committer) commit(batch []*txReq) {
	live := batch[:0]
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err <- err // gave up before its turn: nothing was written
			continue
		}
		live = append(live, r)
	}
	if len(live) > 0 {
		c.batches.Add(1)
		c.txs.Add(int64(len(live)))
	}
	switch len(live) {
	case 0:
		return
	case 1:
		r := live[0]
		r.err <- guard(func() error { return c.db.WithContext(r.ctx).Transaction(r.fn) })
		return
	}
	results := make([]error, len(live))
	err := guard(func() error {
		return c.db.Transaction(func(tx *gorm.DB) error {
			for i, r := range live {
				results[i] = guard(func() error { return tx.Transaction(r.fn) })
			}
			return nil
		})
	})
	for i, r := range live {
		if err != nil {
			r.err <- fmt.Errorf("group commit: %w", err)
		} else {
			r.err <- results[i]
		}
	}
}

// guard turns a panic in fn into an error, so one bad request cannot stop
// the writer.
func guard(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic in write transaction: %v", p)
		}
	}()
	return fn()
}
