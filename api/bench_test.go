package api_test

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
)

// BenchmarkLogin measures a full login: throttle check, argon2id verify
// (19 MiB, 2 passes), session and refresh token writes, JWT signing.
func BenchmarkLogin(b *testing.B) {
	e := newEnv(b)
	e.bench = true
	body := loginBody("poh@hoi.example", demoPassword)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: body}); r.status != http.StatusOK {
			b.Fatalf("login: %d", r.status)
		}
	}
}

// BenchmarkMe measures an authenticated read: JWT verify, session check,
// user lookup and a group-committed access-log row.
func BenchmarkMe(b *testing.B) {
	e := newEnv(b)
	e.bench = true
	tok := e.token("poh@hoi.example")
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if r := e.do(req{method: "GET", path: "/api/v1/me", token: tok}); r.status != http.StatusOK {
				b.Errorf("me: %d", r.status)
				return
			}
		}
	})
}

// BenchmarkCasePage measures the four reads of a case page (case,
// conversations, notes, plan) of a demo case, as its POH, through the whole
// stack: authentication, session check, tenancy gate, queries, access log.
func BenchmarkCasePage(b *testing.B) {
	e := newEnv(b)
	e.bench = true
	tok := e.token("poh@hoi.example")
	base := followUpCase(b, e, tok)
	paths := []string{base, base + "/conversations", base + "/notes", base + "/plan"}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if r := e.do(req{method: "GET", path: paths[i%len(paths)], token: tok}); r.status != http.StatusOK {
				b.Errorf("%s: %d", paths[i%len(paths)], r.status)
				return
			}
			i++
		}
	})
}

// BenchmarkDraftSave measures an autosave of a conversation draft with
// If-Match (each parallel worker edits its own draft), the write the guide
// makes most: session check, write limit, case gate, optimistic lock, the
// access-log row in the same transaction and its fsync.
func BenchmarkDraftSave(b *testing.B) {
	e := newEnv(b)
	e.bench = true
	e.srv.WriteRate, e.srv.WriteBurst = 1e6, 1e6
	tok := e.token("poh@hoi.example")
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/cases?status=exploring,follow_up", token: tok}), 200, "cases").json(&list)
	var next atomic.Int64
	sections := map[string]any{"story": "Zij vertelt over haar week en wat haar energie geeft.",
		"domains": map[string]any{"mind": map[string]any{"text": "Somber in de ochtend, beter na een wandeling.", "score": 3}}}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		c := list.Items[int(next.Add(1)-1)%len(list.Items)].ID
		r := e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/conversations", c), token: tok,
			body: map[string]any{"held_on": "2026-11-20", "kind": "follow_up", "location": "home"}}), 201, "draft")
		var cv struct {
			ID int64 `json:"id"`
		}
		r.json(&cv)
		etag := r.header.Get("ETag")
		for pb.Next() {
			r := e.do(req{method: "PATCH", path: fmt.Sprintf("/api/v1/conversations/%d", cv.ID), token: tok, header: map[string]string{"If-Match": etag},
				body: map[string]any{"sections": sections}})
			if r.status != http.StatusOK {
				b.Errorf("autosave: %d %s", r.status, r.body)
				return
			}
			etag = r.header.Get("ETag")
		}
	})
}

// BenchmarkCaseGet measures GET /cases/{id} alone, as its POH: the route of
// the --routes bench's first line, for profiling.
func BenchmarkCaseGet(b *testing.B) {
	e := newEnv(b)
	e.bench = true
	tok := e.token("poh@hoi.example")
	path := followUpCase(b, e, tok)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if r := e.do(req{method: "GET", path: path, token: tok}); r.status != http.StatusOK {
				b.Errorf("%s: %d", path, r.status)
				return
			}
		}
	})
}

// followUpCase is the path of the first demo case in follow-up.
func followUpCase(b *testing.B, e *env, tok string) string {
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/cases?status=follow_up", token: tok}), 200, "cases").json(&list)
	if len(list.Items) == 0 {
		b.Fatal("no demo case in follow-up")
	}
	return fmt.Sprintf("/api/v1/cases/%d", list.Items[0].ID)
}
