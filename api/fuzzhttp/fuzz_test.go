// Package fuzzhttp fuzzes HOI's real router with a real SQLite store: any
// body sent to a write route must get a 2xx or a problem+json 4xx, never a
// panic or a 500. It lives apart from package api's tests so that the fuzzing
// build does not instrument the OpenAPI validator those tests link.
package fuzzhttp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hoi-app/hoi/api"
	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/password"
	"github.com/hoi-app/hoi/internal/seed"
	"github.com/hoi-app/hoi/internal/store/storetest"
)

const pw = "Zorg-op-maat-in-de-wijk-2026"

type target struct {
	srv    http.Handler
	token  string
	caseID int64
	draft  int64
}

func (tg *target) call(method, path string, body []byte, hdr map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if tg.token != "" {
		r.Header.Set("Authorization", "Bearer "+tg.token)
	}
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	tg.srv.ServeHTTP(w, r)
	return w
}

func setup(f *testing.F) *target {
	clock := &storetest.Clock{}
	db := storetest.MustOpen(f, clock)
	h := password.NewHasher(password.DefaultParams(), 2)
	if _, err := seed.Demo(context.Background(), db, h, pw); err != nil {
		f.Fatal(err)
	}
	rec := audit.NewRecorder(db, 64)
	f.Cleanup(rec.Close)
	srv := api.New(api.Deps{DB: db, Hasher: h, Recorder: rec, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Auth: &auth.Service{Store: db, Hasher: h, Now: clock.Now, Tokens: auth.NewTokens([]byte("fuzz-secret-fuzz-secret-fuzz-secret!!"), auth.AccessTokenTTL, clock.Now)}})
	tg := &target{srv: srv.Handler()}
	w := tg.call("POST", "/api/v1/auth/login", []byte(`{"email":"poh@hoi.example","password":"`+pw+`"}`), nil)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.Unmarshal(w.Body.Bytes(), &tok)
	tg.token = tok.AccessToken
	w = tg.call("POST", "/api/v1/cases", []byte(`{"label":"F","birth_year":1990,"question":"q","referral_intention":"none"}`), nil)
	var c struct {
		ID int64 `json:"id"`
	}
	json.Unmarshal(w.Body.Bytes(), &c)
	tg.caseID = c.ID
	w = tg.call("POST", fmt.Sprintf("/api/v1/cases/%d/conversations", c.ID), []byte(`{"held_on":"2026-11-01","kind":"exploratory","location":"home"}`), nil)
	json.Unmarshal(w.Body.Bytes(), &c)
	tg.draft = c.ID
	if tg.token == "" || tg.caseID == 0 || tg.draft == 0 {
		f.Fatalf("fuzz setup failed: %+v", tg)
	}
	return tg
}

// FuzzWriteRoutes sends each input to the case, draft, plan, note and option
// write routes.
func FuzzWriteRoutes(f *testing.F) {
	for _, s := range []string{
		`{"label":"Noor","birth_year":1994,"question":"Vraag","referral_intention":"none"}`,
		`{"sections":{"story":"x","domains":{"mind":{"text":"y","score":3}}}}`,
		`{"title":"Wandelen","arranged_by":"resident","goal_ids":[1]}`,
		`{"text":"notitie","corrects":1}`, `{"name":"Optie","category":"group","cost":"free"}`,
		`{"diagnosis":"x"}`, `{"a":"b","a":"c"}`, `[]`, `{"birth_year":1e999}`, "\xff",
	} {
		f.Add([]byte(s))
	}
	tg := setup(f)
	draftPath := fmt.Sprintf("/api/v1/conversations/%d", tg.draft)
	routes := []struct{ method, path string }{
		{"POST", "/api/v1/cases"},
		{"PATCH", fmt.Sprintf("/api/v1/cases/%d", tg.caseID)},
		{"PATCH", draftPath},
		{"POST", fmt.Sprintf("/api/v1/cases/%d/plan", tg.caseID)},
		{"POST", fmt.Sprintf("/api/v1/cases/%d/notes", tg.caseID)},
		{"POST", "/api/v1/options"},
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, rt := range routes {
			hdr := map[string]string{}
			if rt.method == "PATCH" {
				hdr["If-Match"] = tg.call("GET", rt.path, nil, nil).Header().Get("ETag")
			}
			w := tg.call(rt.method, rt.path, body, hdr)
			if w.Code >= 500 {
				t.Fatalf("%s %s answered %d to %q: %s", rt.method, rt.path, w.Code, body, w.Body.String())
			}
			if w.Code >= 400 && !strings.HasPrefix(w.Header().Get("Content-Type"), "application/problem+json") {
				t.Fatalf("%s %s answered %d without problem+json", rt.method, rt.path, w.Code)
			}
		}
	})
}
