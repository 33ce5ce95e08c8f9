package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	"github.com/hoi-app/hoi/api"
	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/password"
	"github.com/hoi-app/hoi/internal/seed"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
	"github.com/hoi-app/hoi/internal/user"
	"github.com/hoi-app/hoi/openapi"
)

// demoPassword is the password of every seeded account in these tests.
const demoPassword = "Zorg-op-maat-in-de-wijk-2026"

// syncBuffer collects log output from concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// env is one test's HOI: a real database, the real router, a settable clock
// and the contract validator that checks every response.
type env struct {
	t testing.TB
	// bench skips the contract check, which would dominate timings.
	bench bool
	srv   *api.Server
	db    *store.DB
	clock *storetest.Clock
	logs  *syncBuffer
	spec  validator.Validator
	users map[string]user.User
	// sessions caches one login per account for fixtures and helpers.
	sessions map[string]string
}

var (
	specOnce sync.Once
	specDoc  libopenapi.Document
	specErr  error
)

func loadSpec(t testing.TB) validator.Validator {
	t.Helper()
	specOnce.Do(func() { specDoc, specErr = libopenapi.NewDocument(openapi.Spec) })
	if specErr != nil {
		t.Fatalf("parse openapi.yaml: %v", specErr)
	}
	v, errs := validator.NewValidator(specDoc)
	if len(errs) > 0 {
		t.Fatalf("openapi validator: %v", errs)
	}
	return v
}

// newEnv builds a test HOI. Write limits are lifted unless an option sets
// them, so fixtures can be made quickly.
func newEnv(t testing.TB, opts ...func(*api.Deps)) *env {
	t.Helper()
	clock := &storetest.Clock{}
	db := storetest.MustOpen(t, clock)
	hasher := password.NewHasher(password.DefaultParams(), 4)
	ctx := context.Background()
	if _, err := seed.Demo(ctx, db, hasher, demoPassword); err != nil {
		t.Fatalf("seed: %v", err)
	}
	rec := audit.NewRecorder(db, 64)
	t.Cleanup(rec.Close)
	logs := &syncBuffer{}
	deps := api.Deps{
		DB: db, Hasher: hasher, Recorder: rec, WriteRate: 1e6, WriteBurst: 1e6, PublicRate: 1e6, PublicBurst: 1e6,
		Auth: &auth.Service{
			Store: db, Hasher: hasher, Now: clock.Now,
			Tokens: auth.NewTokens([]byte("test-secret-test-secret-test-secret!"), auth.AccessTokenTTL, clock.Now),
		},
		Log:           slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		OpenAPI:       openapi.Spec,
		SecureCookies: true,
	}
	for _, o := range opts {
		o(&deps)
	}
	srv := api.New(deps)
	e := &env{t: t, srv: srv, db: db, clock: clock, logs: logs, spec: loadSpec(t), users: map[string]user.User{}, sessions: map[string]string{}}
	for _, region := range []string{"Achterhoek (demo)", "Veluwe (demo)"} {
		r, err := db.EnsureRegion(ctx, region)
		if err != nil {
			t.Fatal(err)
		}
		us, _, err := db.Users(ctx, user.Filter{RegionID: r.ID, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range us {
			e.users[u.Email] = u
		}
	}
	return e
}

// req describes one call.
type req struct {
	method, path string
	body         any // marshalled to JSON unless string or []byte (sent raw)
	token        string
	cookie       *http.Cookie
	header       map[string]string
	addr         string
	// caseID is the case the call touches, for the authorization matrix's
	// access-log assertions (0: none).
	caseID int64
}

// resp is a recorded answer.
type resp struct {
	status int
	header http.Header
	body   []byte
	t      testing.TB
}

func (r *resp) json(v any) {
	r.t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		r.t.Fatalf("decode %s: %v", r.body, err)
	}
}

func (r *resp) problem() api.Problem {
	r.t.Helper()
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		r.t.Fatalf("content type: got %q, want application/problem+json (status %d, body %s)", ct, r.status, r.body)
	}
	var p api.Problem
	r.json(&p)
	return p
}

func (r *resp) cookie(name string) *http.Cookie {
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// do sends rq through the real router and checks the answer against the
// OpenAPI document; an accepted request must also be valid against it.
func (e *env) do(rq req) *resp {
	e.t.Helper()
	var body []byte
	switch b := rq.body.(type) {
	case nil:
	case string:
		body = []byte(b)
	case []byte:
		body = b
	default:
		var err error
		if body, err = json.Marshal(b); err != nil {
			e.t.Fatal(err)
		}
	}
	newReq := func() *http.Request {
		r := httptest.NewRequest(rq.method, rq.path, bytes.NewReader(body))
		if body != nil {
			r.Header.Set("Content-Type", "application/json")
		}
		if rq.token != "" {
			r.Header.Set("Authorization", "Bearer "+rq.token)
		}
		if rq.cookie != nil {
			r.AddCookie(&http.Cookie{Name: rq.cookie.Name, Value: rq.cookie.Value})
		}
		for k, v := range rq.header {
			r.Header.Set(k, v)
		}
		if rq.addr != "" {
			r.RemoteAddr = rq.addr + ":40000"
		}
		return r
	}
	rec := httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(rec, newReq())
	res := rec.Result()
	got := &resp{status: res.StatusCode, header: res.Header, body: rec.Body.Bytes(), t: e.t}
	if !e.bench {
		e.checkContract(newReq(), res, got)
	}
	return got
}

func (e *env) checkContract(r *http.Request, res *http.Response, got *resp) {
	e.t.Helper()
	if !strings.HasPrefix(r.URL.Path, "/api/v1/") && r.URL.Path != "/healthz" && r.URL.Path != "/readyz" || r.Method == http.MethodOptions {
		return // OPTIONS is Echo's automatic Allow answer, not an operation
	}
	if d := got.problem; got.status == http.StatusMethodNotAllowed ||
		got.status == http.StatusNotFound && (d().Detail == "Not Found" || d().Detail == "route not found") {
		return // no such operation: nothing in the contract to compare with
	}
	res.Body = io.NopCloser(bytes.NewReader(got.body))
	if ok, errs := e.spec.ValidateHttpResponse(r, res); !ok {
		for _, ve := range errs {
			e.t.Errorf("%s %s → %d violates the contract: %s (%s) body=%s", r.Method, r.URL.Path, got.status, ve.Message, ve.Reason, got.body)
		}
	}
	if got.status < 300 {
		if ok, errs := e.spec.ValidateHttpRequest(r); !ok {
			for _, ve := range errs {
				e.t.Errorf("%s %s was accepted but the contract calls the request invalid: %s (%s)", r.Method, r.URL.Path, ve.Message, ve.Reason)
			}
		}
	}
}

// login logs email in and returns its access token and refresh cookie.
func (e *env) login(email string) (string, *http.Cookie) {
	e.t.Helper()
	r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": email, "password": demoPassword}})
	if r.status != http.StatusOK {
		e.t.Fatalf("login %s: got %d %s", email, r.status, r.body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	r.json(&tok)
	return tok.AccessToken, r.cookie("hoi_refresh")
}

// session returns a cached access token of email, logging in once.
func (e *env) session(email string) string {
	e.t.Helper()
	if tok, ok := e.sessions[email]; ok {
		return tok
	}
	tok := e.token(email)
	e.sessions[email] = tok
	return tok
}

// token logs in and returns only the access token.
func (e *env) token(email string) string {
	e.t.Helper()
	tok, _ := e.login(email)
	return tok
}

// accessLog returns every access-log row of the demo regions.
func (e *env) accessLog() []audit.Entry {
	e.t.Helper()
	var all []audit.Entry
	for _, email := range []string{"admin@hoi.example", "admin2@hoi.example"} {
		rows, err := e.db.AccessLog(context.Background(), store.AccessLogFilter{RegionID: e.users[email].RegionID, Limit: 200})
		if err != nil {
			e.t.Fatal(err)
		}
		all = append(all, rows...)
	}
	return all
}

// accessLogOf returns the access-log rows of one case, newest first,
// whoever made them (a denied attempt from another region included).
func (e *env) accessLogOf(caseID int64) []audit.Entry {
	e.t.Helper()
	var rows []audit.Entry
	for _, r := range e.accessLogSince(0) {
		if r.CaseID != nil && *r.CaseID == caseID {
			rows = append(rows, r)
		}
	}
	return rows
}

// logMark is the newest access-log row id, for accessLogSince.
func (e *env) logMark() int64 {
	e.t.Helper()
	var id int64
	_, r := e.db.SQLDBs()
	if err := r.QueryRow("SELECT coalesce(max(id), 0) FROM access_log").Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	return id
}

// accessLogSince returns every access-log row after mark, of every region,
// newest first.
func (e *env) accessLogSince(mark int64) []audit.Entry {
	e.t.Helper()
	var all []audit.Entry
	for _, email := range []string{"admin@hoi.example", "admin2@hoi.example"} {
		for off := 0; ; off += 200 {
			rows, err := e.db.AccessLog(context.Background(), store.AccessLogFilter{RegionID: e.users[email].RegionID, Offset: off, Limit: 200})
			if err != nil {
				e.t.Fatal(err)
			}
			done := len(rows) < 200
			for _, r := range rows {
				if r.ID <= mark {
					done = true
					break
				}
				all = append(all, r)
			}
			if done {
				break
			}
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID > all[j].ID })
	return all
}
