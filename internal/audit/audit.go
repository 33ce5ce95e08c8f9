// Package audit keeps the access log that NEN 7513 asks of anything holding
// health data: who touched which record, when, how and from where — never what
// the record says. Reads are group-committed by a Recorder; writes log in the
// same transaction as the write itself.
package audit

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Action is what was done with the data.
type Action string

// The actions of the access log.
const (
	ActionCreate Action = "create"
	ActionRead   Action = "read"
	ActionUpdate Action = "update"
	ActionDelete Action = "delete"
	ActionSearch Action = "search"
	ActionExport Action = "export"
)

// Resource is the kind of record an access-log row names.
type Resource string

// The resources of the access log.
const (
	ResourceCase         Resource = "case"
	ResourceConsent      Resource = "consent"
	ResourceTeam         Resource = "team"
	ResourceConversation Resource = "conversation"
	ResourceAddendum     Resource = "addendum"
	ResourceNote         Resource = "note"
	ResourcePlanItem     Resource = "plan_item"
	ResourceAccessLog    Resource = "access_log"
	ResourceWorklist     Resource = "worklist"
	ResourceOutcomes     Resource = "outcomes"
	ResourceUser         Resource = "user"
	ResourcePractice     Resource = "practice"
	ResourceOption       Resource = "option"
	ResourceVoucher      Resource = "voucher"
	ResourceAppointment  Resource = "appointment"
	ResourceCalendarFeed Resource = "calendar_feed"
	// ResourceCapacity is the capacity figures and the region's thresholds.
	ResourceCapacity Resource = "capacity"
	// The resident's own part: their session (the second check that opened
	// it), the case's link, the self-check and "does it help?" feedback.
	ResourceResidentSession Resource = "resident_session"
	ResourceResidentLink    Resource = "resident_link"
	ResourceSelfCheck       Resource = "self_check"
	ResourcePlanFeedback    Resource = "plan_feedback"
)

// Outcome says whether the policy let the access through.
type Outcome string

// The outcomes. A request for a record outside the caller's tenancy is logged
// as denied, even though the caller is told 404.
const (
	Allowed Outcome = "allowed"
	Denied  Outcome = "denied"
)

// Entry is one access-log row. It has ids only; no content ever goes in.
type Entry struct {
	ID           int64     `json:"id"`
	At           time.Time `json:"at"`
	UserID       int64     `json:"user_id"`
	Role         string    `json:"role"`
	RegionID     int64     `json:"region_id"`
	PracticeID   *int64    `json:"practice_id"`
	ClientAddr   string    `json:"client_addr"`
	Action       Action    `json:"action"`
	Outcome      Outcome   `json:"outcome"`
	ResourceType Resource  `json:"resource_type"`
	ResourceID   *int64    `json:"resource_id"`
	CaseID       *int64    `json:"case_id"`
	RequestID    string    `json:"request_id"`
	// Shown are the cases a list view showed, for one entry that stands
	// for the whole view: the store keeps it as one row plus one narrow
	// (case, entry) pair per case, and reads it back as one entry per case
	// with CaseID set, as if each had its own row. Never in JSON.
	Shown []int64 `json:"-"`
}

// Writer stores a batch of entries in one transaction.
type Writer interface {
	InsertAccessLog(ctx context.Context, entries []Entry) error
}

// ErrClosed is returned by Record after Close.
var ErrClosed = errors.New("audit: recorder closed")

type pending struct {
	entries []Entry
	done    chan error
}

// Recorder commits read events before their response is sent, batching the
// entries of concurrent requests into one transaction (group commit) so that
// reads do not queue behind one fsync each.
type Recorder struct {
	w        Writer
	maxBatch int
	in       chan pending
	mu       sync.RWMutex
	closed   bool
	wg       sync.WaitGroup
}

// NewRecorder starts a recorder writing to w.
func NewRecorder(w Writer, maxBatch int) *Recorder {
	r := &Recorder{w: w, maxBatch: maxBatch, in: make(chan pending, maxBatch*4)}
	r.wg.Add(1)
	go r.run()
	return r
}

// Record stores the entries of one request and returns once they are
// committed, in one batch with those of concurrent requests.
func (r *Recorder) Record(ctx context.Context, es ...Entry) error {
	if len(es) == 0 {
		return nil
	}
	done := make(chan error, 1)
	r.mu.RLock()
	if r.closed {
		r.mu.RUnlock()
		return ErrClosed
	}
	select {
	case r.in <- pending{entries: es, done: done}:
		r.mu.RUnlock()
	case <-ctx.Done():
		r.mu.RUnlock()
		return ctx.Err()
	}
	// Wait for the commit even when ctx ends: the rows are on their way, and
	// the caller must not report success without them.
	return <-done
}

// Close commits what is queued and stops the recorder.
func (r *Recorder) Close() {
	r.mu.Lock()
	if !r.closed {
		r.closed = true
		close(r.in)
	}
	r.mu.Unlock()
	r.wg.Wait()
}

func (r *Recorder) run() {
	defer r.wg.Done()
	batch := make([]pending, 0, r.maxBatch)
	entries := make([]Entry, 0, r.maxBatch)
	for first := range r.in {
		batch = append(batch[:0], first)
	drain:
		for len(batch) < r.maxBatch {
			select {
			case p, ok := <-r.in:
				if !ok {
					break drain
				}
				batch = append(batch, p)
			default:
				break drain
			}
		}
		entries = entries[:0]
		for _, p := range batch {
			entries = append(entries, p.entries...)
		}
		err := r.w.InsertAccessLog(context.Background(), entries)
		for _, p := range batch {
			p.done <- err
		}
	}
}
