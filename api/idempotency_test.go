package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hoi-app/hoi/api"
)

// notesOf counts the notes of a case, as its POH sees them.
func (e *env) notesOf(caseID int64) int {
	e.t.Helper()
	var l struct {
		Total int `json:"total"`
	}
	e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/notes", caseID), token: e.session("poh@hoi.example")}), 200, "notes").json(&l)
	return l.Total
}

func idem(key string) map[string]string { return map[string]string{"Idempotency-Key": key} }

func TestIdempotencyKeyMakesARetriedPOSTCreateOnce(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, true)
	poh := e.session("poh@hoi.example")
	notes := fmt.Sprintf("/api/v1/cases/%d/notes", f.id)
	before := e.notesOf(f.id)
	body := map[string]any{"text": "Eén keer, ook als het twee keer verstuurd wordt"}

	first := e.must(e.do(req{method: "POST", path: notes, token: poh, body: body, header: idem(`"retry-1"`)}), 201, "first")
	again := e.must(e.do(req{method: "POST", path: notes, token: poh, body: body, header: idem(`"retry-1"`)}), 201, "retry")
	if string(again.body) != string(first.body) || again.header.Get("Location") != first.header.Get("Location") {
		t.Errorf("the retry answered %s (Location %q), want the first answer %s (Location %q)", again.body, again.header.Get("Location"), first.body, first.header.Get("Location"))
	}
	if again.header.Get("Idempotent-Replayed") != "true" || first.header.Get("Idempotent-Replayed") != "" {
		t.Errorf("Idempotent-Replayed: first %q, retry %q; want only the retry marked", first.header.Get("Idempotent-Replayed"), again.header.Get("Idempotent-Replayed"))
	}
	if got := e.notesOf(f.id); got != before+1 {
		t.Errorf("notes: %d after two sends with one key, want %d", got, before+1)
	}

	t.Run("the same key with another body or path is 422", func(t *testing.T) {
		for name, r := range map[string]req{
			"another body": {method: "POST", path: notes, token: poh, body: map[string]any{"text": "iets anders"}, header: idem(`"retry-1"`)},
			"another path": {method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/plan", f.id), token: poh, body: map[string]any{"title": "Zwemmen", "arranged_by": "resident"}, header: idem(`"retry-1"`)},
		} {
			if p := e.do(r).problem(); p.Status != 422 || p.Type != "urn:hoi:problem:idempotency-key-reused" {
				t.Errorf("%s: got %d %s, want 422 idempotency-key-reused", name, p.Status, p.Type)
			}
		}
		if got := e.notesOf(f.id); got != before+1 {
			t.Errorf("notes: %d, want still %d", got, before+1)
		}
	})
	t.Run("keys are per user", func(t *testing.T) {
		e.must(e.do(req{method: "POST", path: notes, token: e.session("peer@hoi.example"), body: body, header: idem(`"retry-1"`)}), 201, "peer, same key")
		if got := e.notesOf(f.id); got != before+2 {
			t.Errorf("notes: %d, want %d (another user's key is another key)", got, before+2)
		}
	})
	t.Run("a failed request frees its key", func(t *testing.T) {
		e.must(e.do(req{method: "POST", path: notes, token: poh, body: map[string]any{"text": ""}, header: idem("fix-and-retry")}), 400, "invalid")
		e.must(e.do(req{method: "POST", path: notes, token: poh, body: map[string]any{"text": "nu goed"}, header: idem("fix-and-retry")}), 201, "fixed")
		if r := e.do(req{method: "POST", path: notes, token: poh, body: map[string]any{"text": "nu goed"}, header: idem("fix-and-retry")}); r.header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("the fixed request again: got %d without replay", r.status)
		}
	})
	t.Run("after 24 hours the key is new again", func(t *testing.T) {
		n := e.notesOf(f.id)
		e.clock.Advance(api.IdempotencyTTL + time.Minute)
		poh := e.token("poh@hoi.example") // the cached session idled out
		e.sessions["poh@hoi.example"] = poh
		if r := e.do(req{method: "POST", path: notes, token: poh, body: body, header: idem(`"retry-1"`)}); r.status != 201 || r.header.Get("Idempotent-Replayed") != "" {
			t.Errorf("after the TTL: got %d replayed=%q, want a fresh 201", r.status, r.header.Get("Idempotent-Replayed"))
		}
		if got := e.notesOf(f.id); got != n+1 {
			t.Errorf("notes: %d, want %d", got, n+1)
		}
	})
	t.Run("malformed keys are refused", func(t *testing.T) {
		for name, v := range map[string]string{
			"empty":        `""`,
			"too long":     `"` + strings.Repeat("k", 256) + `"`,
			"unterminated": `"abc`,
			"control":      "\"a\tb\"",
			"space":        "a b",
		} {
			if r := e.do(req{method: "POST", path: notes, token: e.session("poh@hoi.example"), body: body, header: idem(v)}); r.status != 400 {
				t.Errorf("%s key %q: got %d, want 400", name, v, r.status)
			}
		}
	})
}

// TestConcurrentDuplicatesCreateOnce sends one POST eight times at once with
// one key: one is carried out, the others get 409 (still in progress) or,
// when the first has finished, its answer.
func TestConcurrentDuplicatesCreateOnce(t *testing.T) {
	e := newEnv(t)
	poh := e.session("poh@hoi.example")
	cases := func() int {
		var l struct {
			Total int `json:"total"`
		}
		e.do(req{method: "GET", path: "/api/v1/cases?limit=1", token: poh}).json(&l)
		return l.Total
	}
	before := cases()
	body := map[string]any{"label": "Tegelijk", "birth_year": 1990, "question": "Twee tabbladen, één casus", "referral_intention": "none"}
	const n = 8
	var wg sync.WaitGroup
	got := make([]*resp, n)
	start := make(chan struct{})
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			got[i] = e.do(req{method: "POST", path: "/api/v1/cases", token: poh, body: body, header: idem(`"same-case"`)})
		}()
	}
	close(start)
	wg.Wait()
	created, replayed, busy := 0, 0, 0
	var location string
	for _, r := range got {
		switch {
		case r.status == 201 && r.header.Get("Idempotent-Replayed") == "":
			created++
			location = r.header.Get("Location")
		case r.status == 201:
			replayed++
		case r.status == http.StatusConflict && r.problem().Type == "urn:hoi:problem:idempotency-in-progress" && r.header.Get("Retry-After") != "":
			busy++
		default:
			t.Errorf("unexpected answer %d %s", r.status, r.body)
		}
	}
	if created != 1 || created+replayed+busy != n {
		t.Errorf("%d created, %d replayed, %d told to wait; want exactly one created", created, replayed, busy)
	}
	if after := cases(); after != before+1 {
		t.Errorf("cases: %d before, %d after; want one more", before, after)
	}
	r := e.must(e.do(req{method: "POST", path: "/api/v1/cases", token: poh, body: body, header: idem(`"same-case"`)}), 201, "retry after the race")
	if r.header.Get("Location") != location || r.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("retry: Location %q replayed %q, want %q replayed", r.header.Get("Location"), r.header.Get("Idempotent-Replayed"), location)
	}
}

// TestErasureErasesStoredAnswers: a stored answer holds the case's text, so
// erasing the case deletes it; a retry then meets the erased case.
func TestErasureErasesStoredAnswers(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", nil, true)
	poh := e.session("poh@hoi.example")
	texts := []string{"Stored-answer note words", "Stored-answer addendum words"}
	notes := fmt.Sprintf("/api/v1/cases/%d/notes", f.id)
	addenda := fmt.Sprintf("/api/v1/conversations/%d/addenda", f.final)
	e.must(e.do(req{method: "POST", path: notes, token: poh, body: map[string]any{"text": texts[0]}, header: idem("k-note")}), 201, "note")
	e.must(e.do(req{method: "POST", path: addenda, token: poh, body: map[string]any{"text": texts[1]}, header: idem("k-addendum")}), 201, "addendum")
	if r := e.do(req{method: "POST", path: addenda, token: poh, body: map[string]any{"text": texts[1]}, header: idem("k-addendum")}); r.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("addendum retry: got %d without replay", r.status)
	}
	e.must(e.do(req{method: "DELETE", path: fmt.Sprintf("/api/v1/cases/%d", f.id), token: poh, body: map[string]any{"reason": "Verzoek van de bewoner"}}), 204, "erase")
	for _, c := range []struct{ path, key, text string }{{notes, "k-note", texts[0]}, {addenda, "k-addendum", texts[1]}} {
		if r := e.do(req{method: "POST", path: c.path, token: poh, body: map[string]any{"text": c.text}, header: idem(c.key)}); r.status != 410 {
			t.Errorf("retry of %s after the erasure: got %d %s, want 410", c.path, r.status, r.body)
		}
	}
	for _, s := range e.erasedTextLeft(texts) {
		t.Errorf("%q is still on disk (in a stored answer?)", s)
	}
}
