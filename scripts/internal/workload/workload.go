// Package workload drives acknowledged writes against a running hoi and
// checks afterwards that every write that got a 2xx is still there: notes
// with unique markers, draft saves with If-Match whose story grows by one
// marker per save, and plan changes whose note grows the same way. The crash
// test and the backup drill under scripts/ share it.
//
// A worker sends one request at a time, so after a crash at most one of its
// writes is in doubt (sent, but no answer): that write may or may not have
// landed, and Verify accepts either — but nothing acknowledged may be missing.
package workload

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hoi-app/hoi/scripts/internal/hoiclient"
)

// ErrInDoubt means a write got no answer (the server died or the connection
// broke): it may or may not have been stored.
var ErrInDoubt = errors.New("write in doubt: no answer")

// Limits keep the growing texts inside the API's maxima.
const (
	maxStory    = 19000 // sections.story: max 20000
	maxPlanNote = 3900  // plan note: max 4000
)

// Doc is the acknowledged state of a versioned record (a draft or a plan item).
type Doc struct {
	ID      int64
	Version int64
	Text    string // the draft's story or the plan item's note
	Status  string // the plan item's status
}

// Worker owns one case, one draft conversation and one plan item, and writes
// to them one request at a time.
type Worker struct {
	Name   string
	C      *hoiclient.Client
	CaseID int64
	Draft  Doc
	Plan   Doc
	Notes  []string // acknowledged note texts, in order

	pendingDraft, pendingPlan *Doc
	seq                       int
	rng                       *rand.Rand

	// Acked counts acknowledged writes by kind: note, draft, plan.
	Acked map[string]int
	// Refused counts non-2xx answers that are allowed (429: rate limited).
	Refused int
}

// Setup logs in as email and creates the worker's case, draft and plan item.
func Setup(ctx context.Context, c *hoiclient.Client, name, email, password string, seed uint64) (*Worker, error) {
	w := &Worker{Name: name, C: c, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), Acked: map[string]int{}}
	r, err := c.Login(ctx, email, password)
	if err != nil {
		return nil, fmt.Errorf("%s: login: %w", name, err)
	}
	if err := hoiclient.Expect(r, name+": login", http.StatusOK); err != nil {
		return nil, err
	}
	r, err = c.Do(ctx, "POST", "/api/v1/cases", map[string]any{
		"label": "Crash " + name, "birth_year": 1980, "question": "Duurzaamheidstest " + name, "referral_intention": "specialist_ggz",
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: create case: %w", name, err)
	}
	var created struct {
		ID int64 `json:"id"`
	}
	if err := hoiclient.Expect(r, name+": create case", http.StatusCreated); err != nil {
		return nil, err
	}
	if err := r.JSON(&created); err != nil {
		return nil, err
	}
	w.CaseID = created.ID
	r, err = c.Do(ctx, "POST", fmt.Sprintf("/api/v1/cases/%d/conversations", w.CaseID), map[string]any{
		"held_on": time.Now().UTC().Format("2006-01-02"), "kind": "exploratory", "location": "home",
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: create draft: %w", name, err)
	}
	if err := hoiclient.Expect(r, name+": create draft", http.StatusCreated); err != nil {
		return nil, err
	}
	if err := r.JSON(&created); err != nil {
		return nil, err
	}
	w.Draft = Doc{ID: created.ID, Version: r.Version()}
	r, err = c.Do(ctx, "POST", fmt.Sprintf("/api/v1/cases/%d/plan", w.CaseID), map[string]any{
		"title": "Herstelcafé " + name, "arranged_by": "poh",
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: create plan item: %w", name, err)
	}
	if err := hoiclient.Expect(r, name+": create plan item", http.StatusCreated); err != nil {
		return nil, err
	}
	if err := r.JSON(&created); err != nil {
		return nil, err
	}
	w.Plan = Doc{ID: created.ID, Version: r.Version(), Status: "considered"}
	return w, nil
}

// Total is the number of acknowledged writes so far.
func (w *Worker) Total() int { return w.Acked["note"] + w.Acked["draft"] + w.Acked["plan"] }

// Step sends one write, chosen at random. It returns ErrInDoubt when the
// write got no answer, and another error when the server answered in a way
// that means something is wrong (a 412 on a version only this worker
// changes, a 5xx, …).
func (w *Worker) Step(ctx context.Context) error {
	w.seq++
	switch n := w.rng.IntN(3); {
	case n == 0:
		return w.note(ctx)
	case n == 1 && len(w.Draft.Text) < maxStory:
		return w.saveDraft(ctx)
	default:
		return w.changePlan(ctx)
	}
}

func (w *Worker) marker(kind string) string {
	return fmt.Sprintf("%s%s%d.%04x", w.Name, kind, w.seq, w.rng.IntN(1<<16))
}

func (w *Worker) note(ctx context.Context) error {
	text := "crash-note " + w.marker("n")
	r, err := w.C.Do(ctx, "POST", fmt.Sprintf("/api/v1/cases/%d/notes", w.CaseID), map[string]string{"text": text}, nil)
	if err != nil {
		return ErrInDoubt // may or may not be stored; never counted
	}
	if ok, err := w.answered(r, "note", http.StatusCreated); !ok {
		return err
	}
	w.Notes = append(w.Notes, text)
	w.Acked["note"]++
	return nil
}

func (w *Worker) saveDraft(ctx context.Context) error {
	next := Doc{ID: w.Draft.ID, Version: w.Draft.Version + 1, Text: join(w.Draft.Text, w.marker("d"))}
	r, err := w.C.Do(ctx, "PATCH", fmt.Sprintf("/api/v1/conversations/%d", w.Draft.ID),
		map[string]any{"sections": map[string]any{"story": next.Text}},
		map[string]string{"If-Match": strconv.Quote(strconv.FormatInt(w.Draft.Version, 10))})
	if err != nil {
		w.pendingDraft = &next
		return ErrInDoubt
	}
	if ok, err := w.answered(r, "draft save", http.StatusOK); !ok {
		return err
	}
	if v := r.Version(); v != next.Version {
		return fmt.Errorf("%s: draft save answered version %d, want %d", w.Name, v, next.Version)
	}
	w.Draft = next
	w.Acked["draft"]++
	return nil
}

func (w *Worker) changePlan(ctx context.Context) error {
	status := map[string]string{"considered": "chosen", "chosen": "considered"}[w.Plan.Status]
	text := join(w.Plan.Text, w.marker("p"))
	if len(text) > maxPlanNote {
		text = w.marker("p") // start over; the earlier markers were checked by the version chain
	}
	next := Doc{ID: w.Plan.ID, Version: w.Plan.Version + 1, Text: text, Status: status}
	r, err := w.C.Do(ctx, "PATCH", fmt.Sprintf("/api/v1/plan/%d", w.Plan.ID),
		map[string]any{"status": status, "note": text},
		map[string]string{"If-Match": strconv.Quote(strconv.FormatInt(w.Plan.Version, 10))})
	if err != nil {
		w.pendingPlan = &next
		return ErrInDoubt
	}
	if ok, err := w.answered(r, "plan change", http.StatusOK); !ok {
		return err
	}
	if v := r.Version(); v != next.Version {
		return fmt.Errorf("%s: plan change answered version %d, want %d", w.Name, v, next.Version)
	}
	w.Plan = next
	w.Acked["plan"]++
	return nil
}

// join appends a marker to a text of markers.
func join(text, marker string) string {
	if text == "" {
		return marker
	}
	return text + " " + marker
}

// answered sorts an HTTP answer: ok for want, a pause for 429 (rate limits
// are allowed to refuse; nothing was stored), an error for anything else.
func (w *Worker) answered(r *hoiclient.Response, what string, want int) (bool, error) {
	switch r.Status {
	case want:
		return true, nil
	case http.StatusTooManyRequests:
		w.Refused++
		time.Sleep(200 * time.Millisecond)
		return false, nil
	}
	return false, fmt.Errorf("%s: %s: got %s, want %d", w.Name, what, r, want)
}

// Verify reads the worker's records back and compares them with what was
// acknowledged. A write in doubt may have landed or not; when it did, it
// becomes the acknowledged state. It returns a description of every
// acknowledged write that is missing (nil when none).
func (w *Worker) Verify(ctx context.Context) ([]string, error) {
	var lost []string
	stored, err := w.readDraft(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case stored.Version == w.Draft.Version && stored.Text == w.Draft.Text:
	case w.pendingDraft != nil && stored.Version == w.pendingDraft.Version && stored.Text == w.pendingDraft.Text:
		w.Draft = *w.pendingDraft
	default:
		lost = append(lost, fmt.Sprintf("%s: draft %d: stored version %d with %d chars, want version %d with %d chars (or the write in doubt)",
			w.Name, w.Draft.ID, stored.Version, len(stored.Text), w.Draft.Version, len(w.Draft.Text)))
	}
	w.pendingDraft = nil

	plan, err := w.readPlan(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case plan == w.Plan:
	case w.pendingPlan != nil && plan == *w.pendingPlan:
		w.Plan = *w.pendingPlan
	default:
		lost = append(lost, fmt.Sprintf("%s: plan item %d: stored version %d status %s, want version %d status %s (or the write in doubt)",
			w.Name, w.Plan.ID, plan.Version, plan.Status, w.Plan.Version, w.Plan.Status))
	}
	w.pendingPlan = nil

	missing, err := MissingNotes(ctx, w.C, w.CaseID, w.Notes)
	if err != nil {
		return nil, err
	}
	for _, m := range missing {
		lost = append(lost, fmt.Sprintf("%s: note %q", w.Name, m))
	}
	return lost, nil
}

func (w *Worker) readDraft(ctx context.Context) (Doc, error) {
	r, err := w.C.Do(ctx, "GET", fmt.Sprintf("/api/v1/conversations/%d", w.Draft.ID), nil, nil)
	if err != nil {
		return Doc{}, err
	}
	if err := hoiclient.Expect(r, w.Name+": read draft", http.StatusOK); err != nil {
		return Doc{}, err
	}
	var conv struct {
		Sections struct {
			Story string `json:"story"`
		} `json:"sections"`
	}
	if err := r.JSON(&conv); err != nil {
		return Doc{}, err
	}
	return Doc{ID: w.Draft.ID, Version: r.Version(), Text: conv.Sections.Story}, nil
}

func (w *Worker) readPlan(ctx context.Context) (Doc, error) {
	r, err := w.C.Do(ctx, "GET", fmt.Sprintf("/api/v1/cases/%d/plan", w.CaseID), nil, nil)
	if err != nil {
		return Doc{}, err
	}
	if err := hoiclient.Expect(r, w.Name+": read plan", http.StatusOK); err != nil {
		return Doc{}, err
	}
	var plan struct {
		Items []struct {
			ID      int64  `json:"id"`
			Version int64  `json:"version"`
			Status  string `json:"status"`
			Note    string `json:"note"`
		} `json:"items"`
	}
	if err := r.JSON(&plan); err != nil {
		return Doc{}, err
	}
	for _, it := range plan.Items {
		if it.ID == w.Plan.ID {
			return Doc{ID: it.ID, Version: it.Version, Text: it.Note, Status: it.Status}, nil
		}
	}
	return Doc{}, fmt.Errorf("%s: plan item %d is gone", w.Name, w.Plan.ID)
}

// MissingNotes returns the texts of want that case caseID does not hold.
func MissingNotes(ctx context.Context, c *hoiclient.Client, caseID int64, want []string) ([]string, error) {
	have := map[string]bool{}
	for offset := 0; ; {
		r, err := c.Do(ctx, "GET", fmt.Sprintf("/api/v1/cases/%d/notes?offset=%d&limit=200", caseID, offset), nil, nil)
		if err != nil {
			return nil, err
		}
		if err := hoiclient.Expect(r, "list notes", http.StatusOK); err != nil {
			return nil, err
		}
		var page struct {
			Items []struct {
				Text string `json:"text"`
			} `json:"items"`
			Total int `json:"total"`
		}
		if err := r.JSON(&page); err != nil {
			return nil, err
		}
		for _, n := range page.Items {
			have[n.Text] = true
		}
		offset += len(page.Items)
		if len(page.Items) == 0 || offset >= page.Total {
			break
		}
	}
	var missing []string
	for _, t := range want {
		if !have[t] {
			missing = append(missing, t)
		}
	}
	return missing, nil
}

// Snapshot is a copy of what a worker had acknowledged at one moment.
type Snapshot struct {
	Name   string
	CaseID int64
	Draft  Doc
	Plan   Doc
	Notes  []string
	Acked  int
}

// Snapshot copies the acknowledged state. Call it only while the worker is
// not writing.
func (w *Worker) Snapshot() Snapshot {
	return Snapshot{Name: w.Name, CaseID: w.CaseID, Draft: w.Draft, Plan: w.Plan, Notes: append([]string(nil), w.Notes...), Acked: w.Total()}
}

// Holds checks, through c, that a database (for instance one restored from a
// backup) holds everything s had acknowledged: every note, a draft at least
// as new whose story starts with the acknowledged story (stories only grow),
// and a plan item at least as new. It returns what is missing.
func (s Snapshot) Holds(ctx context.Context, c *hoiclient.Client) ([]string, error) {
	w := &Worker{Name: s.Name, C: c, CaseID: s.CaseID, Draft: s.Draft, Plan: s.Plan}
	var lost []string
	d, err := w.readDraft(ctx)
	if err != nil {
		return nil, err
	}
	if d.Version < s.Draft.Version || !strings.HasPrefix(d.Text, s.Draft.Text) {
		lost = append(lost, fmt.Sprintf("%s: draft %d: version %d (%d chars), want ≥ %d starting with the %d acknowledged chars", s.Name, s.Draft.ID, d.Version, len(d.Text), s.Draft.Version, len(s.Draft.Text)))
	}
	p, err := w.readPlan(ctx)
	if err != nil {
		return nil, err
	}
	if p.Version < s.Plan.Version {
		lost = append(lost, fmt.Sprintf("%s: plan item %d: version %d, want ≥ %d", s.Name, s.Plan.ID, p.Version, s.Plan.Version))
	}
	missing, err := MissingNotes(ctx, c, s.CaseID, s.Notes)
	if err != nil {
		return nil, err
	}
	for _, m := range missing {
		lost = append(lost, fmt.Sprintf("%s: note %q", s.Name, m))
	}
	return lost, nil
}
