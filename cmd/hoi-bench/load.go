package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// practicePool is what the virtual users of one practice work on.
type practicePool struct {
	id        int64
	pohs      []string // e-mail addresses: one account per virtual user of the practice, up to all its POHs
	gp        string
	cases     []int64
	open      []int64
	finals    []int64
	drafts    []int64
	plan      []int64
	pohTokens []string
	gpToken   string
}

// pools holds the ids the workload picks from and the versions it tracks for
// If-Match, read from the seeded database before the run.
type pools struct {
	practices  []*practicePool
	adminEmail string
	adminToken string
	searches   []string
	mu         sync.Mutex
	versions   map[string]int64 // "conversation/12" → version
}

func (p *pools) version(key string) int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.versions[key]
}

func (p *pools) setVersion(key string, v int64) {
	p.mu.Lock()
	p.versions[key] = v
	p.mu.Unlock()
}

func loadPools(databaseURL string, nPractices int) (*pools, error) {
	db, _, err := openRaw(databaseURL, true)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	ids := func(q string, args ...any) ([]int64, error) {
		rows, err := db.Query(q, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			out = append(out, id)
		}
		return out, rows.Err()
	}
	P := &pools{versions: map[string]int64{}, searches: []string{"an", "ma", "ri", "P0001", "no", "tim"}}
	if err := db.QueryRow("SELECT email FROM users WHERE role = 'admin' ORDER BY id LIMIT 1").Scan(&P.adminEmail); err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	for p := int64(1); p <= int64(nPractices); p++ {
		pp := &practicePool{id: p}
		rows, err := db.Query("SELECT email FROM users WHERE practice_id = $1 AND role = 'poh' ORDER BY id", p)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var e string
			rows.Scan(&e)
			pp.pohs = append(pp.pohs, e)
		}
		rows.Close()
		if len(pp.pohs) == 0 {
			return nil, fmt.Errorf("practice %d has no POH", p)
		}
		if err := db.QueryRow("SELECT email FROM users WHERE practice_id = $1 AND role = 'gp' ORDER BY id LIMIT 1", p).Scan(&pp.gp); err != nil {
			return nil, fmt.Errorf("gp of practice %d: %w", p, err)
		}
		open := "('signalled','exploring','follow_up')"
		if pp.cases, err = ids("SELECT id FROM cases WHERE practice_id = $1 ORDER BY id DESC LIMIT 400", p); err != nil {
			return nil, err
		}
		if pp.open, err = ids("SELECT id FROM cases WHERE practice_id = $1 AND status IN "+open+" ORDER BY id DESC LIMIT 200", p); err != nil {
			return nil, err
		}
		if pp.finals, err = ids("SELECT c.id FROM conversations c JOIN cases k ON k.id = c.case_id WHERE k.practice_id = $1 AND c.status = 'final' ORDER BY c.id DESC LIMIT 200", p); err != nil {
			return nil, err
		}
		rows, err = db.Query("SELECT c.id, c.version FROM conversations c JOIN cases k ON k.id = c.case_id WHERE k.practice_id = $1 AND c.status = 'draft' ORDER BY c.id DESC LIMIT 200", p)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, v int64
			rows.Scan(&id, &v)
			pp.drafts = append(pp.drafts, id)
			P.versions["conversation/"+strconv.FormatInt(id, 10)] = v
		}
		rows.Close()
		rows, err = db.Query("SELECT i.id, i.version FROM plan_items i JOIN cases k ON k.id = i.case_id WHERE k.practice_id = $1 AND k.status IN "+open+" ORDER BY i.id DESC LIMIT 200", p)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, v int64
			rows.Scan(&id, &v)
			pp.plan = append(pp.plan, id)
			P.versions["plan/"+strconv.FormatInt(id, 10)] = v
		}
		rows.Close()
		P.practices = append(P.practices, pp)
	}
	return P, nil
}

// client is the load generator's HTTP client: keep-alive, one connection per
// virtual user, loopback only.
func newClient(conns int) *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: conns * 2, MaxIdleConnsPerHost: conns * 2, MaxConnsPerHost: 0, IdleConnTimeout: time.Minute, DisableCompression: true,
	}}
}

type response struct {
	status int
	etag   string
	body   []byte
}

func call(ctx context.Context, c *http.Client, method, url, token, ifMatch string, body []byte, keep bool) (response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return response{}, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	out := response{status: res.StatusCode, etag: res.Header.Get("ETag")}
	if keep {
		out.body, err = io.ReadAll(res.Body)
	} else {
		_, err = io.Copy(io.Discard, res.Body)
	}
	return out, err
}

func login(ctx context.Context, c *http.Client, base, email string) (string, error) {
	body, _ := json.Marshal(map[string]string{"email": email, "password": benchPassword})
	res, err := call(ctx, c, "POST", base+"/api/v1/auth/login", "", "", body, true)
	if err != nil {
		return "", err
	}
	if res.status != http.StatusOK {
		return "", fmt.Errorf("login %s: %d %s", email, res.status, res.body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	err = json.Unmarshal(res.body, &tok)
	return tok.AccessToken, err
}

// loginAll signs in, per practice, as many POHs as the largest level has
// virtual users there (HOI limits writes per user, as a real practice would
// have one person per screen), its GP and an admin, a few at a time (each
// login is an argon2id verification). It returns the time and the count.
func (p *pools) loginAll(ctx context.Context, c *http.Client, base string, maxUsers int) (time.Duration, int, error) {
	start := time.Now()
	var wg sync.WaitGroup
	errc := make(chan error, 2*len(p.practices)+1)
	sem := make(chan struct{}, 4)
	do := func(email string, dst *string) {
		defer wg.Done()
		sem <- struct{}{}
		defer func() { <-sem }()
		tok, err := login(ctx, c, base, email)
		if err != nil {
			errc <- err
			return
		}
		*dst = tok
	}
	n := 1
	for i, pp := range p.practices {
		users := maxUsers / len(p.practices)
		if i < maxUsers%len(p.practices) {
			users++
		}
		pp.pohTokens = make([]string, min(max(users, 1), len(pp.pohs)))
		for k := range pp.pohTokens {
			wg.Add(1)
			go do(pp.pohs[k], &pp.pohTokens[k])
		}
		wg.Add(1)
		go do(pp.gp, &pp.gpToken)
		n += len(pp.pohTokens) + 1
	}
	wg.Add(1)
	go do(p.adminEmail, &p.adminToken)
	wg.Wait()
	close(errc)
	for err := range errc {
		return 0, 0, err
	}
	return time.Since(start), n, nil
}

// stat collects one endpoint's latencies and errors.
type stat struct {
	lat    []time.Duration
	errors int
	codes  map[int]int
}

// EndpointResult is one line of the results table.
type EndpointResult struct {
	Endpoint string  `json:"endpoint"`
	Requests int     `json:"requests"`
	RPS      float64 `json:"rps"`
	P50ms    float64 `json:"p50_ms"`
	P95ms    float64 `json:"p95_ms"`
	P99ms    float64 `json:"p99_ms"`
	Errors   int     `json:"errors"`
	Codes    string  `json:"codes,omitempty"`
}

// PhaseResult is one workload at one concurrency against one server.
type PhaseResult struct {
	Server      string           `json:"server"`
	Mix         string           `json:"mix"`
	Concurrency int              `json:"concurrency"`
	Seconds     float64          `json:"seconds"`
	TotalRPS    float64          `json:"total_rps"`
	ReadRPS     float64          `json:"read_rps"`
	WriteRPS    float64          `json:"write_rps"`
	Errors      int              `json:"errors"`
	Endpoints   []EndpointResult `json:"endpoints"`
}

type vu struct {
	ctx     context.Context
	c       *http.Client
	base    string
	raw     bool
	p       *pools
	pp      *practicePool
	slot    int
	slots   int
	r       *rand.Rand
	token   string
	stats   map[string]*stat
	bodies  [][]byte
	nOutcom bool
}

func (v *vu) rec(name string, d time.Duration, status int, err error) {
	s := v.stats[name]
	if s == nil {
		s = &stat{codes: map[int]int{}}
		v.stats[name] = s
	}
	s.lat = append(s.lat, d)
	if err != nil || status >= 400 {
		s.errors++
		if err != nil {
			status = -1
		}
		s.codes[status]++
	}
}

// patchVersioned sends a PATCH with the If-Match of the version remembered
// under key and keeps that version current: the new ETag on success, unknown
// (-1) when the answer was lost or stale, so the next attempt re-reads it.
func (v *vu) patchVersioned(name, key, path string, body []byte) {
	start := time.Now()
	res, err := call(v.ctx, v.c, "PATCH", v.base+path, v.token, etagOf(v.p.version(key)), body, false)
	if n, ok := parseETag(res.etag); ok && res.status == http.StatusOK {
		v.p.setVersion(key, n)
	} else if err != nil || res.status == http.StatusPreconditionFailed {
		v.p.setVersion(key, -1)
	}
	if v.ctx.Err() == nil {
		v.rec(name, time.Since(start), res.status, err)
	}
}

func (v *vu) get(name, path, token string) (response, time.Duration, error) {
	url := v.base + path
	if v.raw {
		sep := "?"
		if slices.Contains([]byte(path), '?') {
			sep = "&"
		}
		url += sep + "practice_id=" + strconv.FormatInt(v.pp.id, 10)
	}
	start := time.Now()
	res, err := call(v.ctx, v.c, "GET", url, token, "", nil, false)
	d := time.Since(start)
	if name != "" && v.ctx.Err() == nil {
		v.rec(name, d, res.status, err)
	}
	return res, d, err
}

// mine picks an id of the practice's list that belongs to this virtual user,
// so that no two users edit the same draft or plan item at once.
func (v *vu) mine(ids []int64) (int64, bool) {
	var own []int64
	for i := v.slot; i < len(ids); i += v.slots {
		own = append(own, ids[i])
	}
	if len(own) == 0 {
		return 0, false
	}
	return own[v.r.IntN(len(own))], true
}

type action struct {
	name   string
	weight int
	write  bool
	run    func(v *vu)
}

func idPath(format string, id int64) string { return fmt.Sprintf(format, id) }

var actions = map[string]action{
	"worklist": {"worklist", 12, false, func(v *vu) { v.get("GET /worklist", "/api/v1/worklist", v.token) }},
	"cases":    {"cases", 10, false, func(v *vu) { v.get("GET /cases (list)", "/api/v1/cases?limit=25", v.token) }},
	"search": {"search", 5, false, func(v *vu) {
		v.get("GET /cases?q= (search)", "/api/v1/cases?limit=25&q="+pick(v.r, v.p.searches), v.token)
	}},
	"case_page": {"case_page", 25, false, func(v *vu) {
		id := pick(v.r, v.pp.cases)
		paths := []struct{ name, path string }{
			{"GET /cases/{id}", idPath("/api/v1/cases/%d", id)},
			{"GET /cases/{id}/conversations", idPath("/api/v1/cases/%d/conversations", id)},
			{"GET /cases/{id}/notes", idPath("/api/v1/cases/%d/notes", id)},
			{"GET /cases/{id}/plan", idPath("/api/v1/cases/%d/plan", id)},
		}
		type out struct {
			status int
			d      time.Duration
			err    error
		}
		res := make([]out, len(paths))
		var wg sync.WaitGroup
		start := time.Now()
		for i, p := range paths {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, d, err := v.get("", p.path, v.token)
				res[i] = out{r.status, d, err}
			}()
		}
		wg.Wait()
		total := time.Since(start)
		if v.ctx.Err() != nil {
			return
		}
		worst, werr := 0, error(nil)
		for i, p := range paths {
			v.rec(p.name, res[i].d, res[i].status, res[i].err)
			if res[i].status > worst || res[i].err != nil {
				worst, werr = res[i].status, res[i].err
			}
		}
		v.rec("case page (4 GETs in parallel)", total, worst, werr)
	}},
	"conversation": {"conversation", 13, false, func(v *vu) {
		v.get("GET /conversations/{id}", idPath("/api/v1/conversations/%d", pick(v.r, v.pp.finals)), v.token)
	}},
	"draft": {"draft", 12, true, func(v *vu) {
		id, ok := v.mine(v.pp.drafts)
		if !ok {
			return
		}
		key := "conversation/" + strconv.FormatInt(id, 10)
		body := pick(v.r, v.bodies)
		if v.p.version(key) < 0 { // the last save's answer was lost: ask, as the app would
			res, _, err := v.get("", idPath("/api/v1/conversations/%d", id), v.token)
			n, ok := parseETag(res.etag)
			if err != nil || !ok {
				return
			}
			v.p.setVersion(key, n)
		}
		v.patchVersioned("PATCH /conversations/{id} (draft save)", key, idPath("/api/v1/conversations/%d", id), body)
	}},
	"note": {"note", 10, true, func(v *vu) {
		body, _ := json.Marshal(map[string]string{"text": sentences(v.r, noteLines, 2)})
		start := time.Now()
		res, err := call(v.ctx, v.c, "POST", v.base+idPath("/api/v1/cases/%d/notes", pick(v.r, v.pp.open)), v.token, "", body, false)
		if v.ctx.Err() == nil {
			v.rec("POST /cases/{id}/notes", time.Since(start), res.status, err)
		}
	}},
	"plan": {"plan", 5, true, func(v *vu) {
		id, ok := v.mine(v.pp.plan)
		if !ok {
			return
		}
		key := "plan/" + strconv.FormatInt(id, 10)
		if v.p.version(key) < 0 { // lost answer: this item's version is unknown now
			return
		}
		body, _ := json.Marshal(map[string]string{"note": pick(v.r, noteLines), "arranged_note": pick(v.r, arrangedNotes)})
		v.patchVersioned("PATCH /plan/{id}", key, idPath("/api/v1/plan/%d", id), body)
	}},
	"outcomes_practice": {"outcomes_practice", 2, false, func(v *vu) {
		if !v.nOutcom {
			v.get("GET /outcomes (practice, 1 year)", "/api/v1/outcomes?"+yearRange(), v.pp.gpToken)
		}
	}},
	"outcomes_region": {"outcomes_region", 1, false, func(v *vu) {
		if !v.nOutcom {
			v.get("GET /outcomes (region, 1 year)", "/api/v1/outcomes?"+yearRange(), v.p.adminToken)
		}
	}},
}

func yearRange() string {
	now := time.Now().UTC()
	return "from=" + now.AddDate(-1, 0, 0).Format("2006-01-02") + "&to=" + now.Format("2006-01-02")
}

func etagOf(v int64) string { return `"` + strconv.FormatInt(v, 10) + `"` }

func parseETag(s string) (int64, bool) {
	if len(s) < 3 {
		return 0, false
	}
	n, err := strconv.ParseInt(s[1:len(s)-1], 10, 64)
	return n, err == nil
}

// mixes name the workloads: the read-heavy mix of a working day, its reads
// alone (also served by the raw-SQL baseline), and writes alone.
var mixes = map[string][]string{
	"mixed":  {"worklist", "cases", "search", "case_page", "conversation", "draft", "note", "plan", "outcomes_practice", "outcomes_region"},
	"reads":  {"worklist", "cases", "search", "case_page", "conversation"},
	"writes": {"draft", "note", "plan"},
}

// runPhase drives n virtual users through mix for d and summarises.
func runPhase(parent context.Context, server, base string, raw bool, p *pools, mix string, n int, d time.Duration, noOutcomes bool) PhaseResult {
	var acts []action
	total := 0
	for _, name := range mixes[mix] {
		a := actions[name]
		if noOutcomes && (name == "outcomes_practice" || name == "outcomes_region") {
			continue
		}
		acts = append(acts, a)
		total += a.weight
	}
	bodies := draftBodies()
	ctx, cancel := context.WithTimeout(parent, d)
	defer cancel()
	c := newClient(n * 4)
	defer c.CloseIdleConnections()
	nP := min(n, len(p.practices))
	vus := make([]*vu, n)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range vus {
		slots := n / nP
		if i%nP < n%nP {
			slots++
		}
		pp := p.practices[i%nP]
		v := &vu{ctx: ctx, c: c, base: base, raw: raw, p: p, pp: pp, slot: i / nP, slots: slots, token: pp.pohTokens[(i/nP)%len(pp.pohTokens)],
			r: rand.New(rand.NewPCG(uint64(i), 42)), stats: map[string]*stat{}, bodies: bodies, nOutcom: noOutcomes}
		vus[i] = v
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				x := v.r.IntN(total)
				for _, a := range acts {
					if x < a.weight {
						a.run(v)
						break
					}
					x -= a.weight
				}
			}
		}()
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	merged := map[string]*stat{}
	for _, v := range vus {
		for name, s := range v.stats {
			m := merged[name]
			if m == nil {
				m = &stat{codes: map[int]int{}}
				merged[name] = m
			}
			m.lat = append(m.lat, s.lat...)
			m.errors += s.errors
			for k, c := range s.codes {
				m.codes[k] += c
			}
		}
	}
	res := PhaseResult{Server: server, Mix: mix, Concurrency: n, Seconds: secs}
	names := make([]string, 0, len(merged))
	for k := range merged {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, name := range names {
		s := merged[name]
		slices.Sort(s.lat)
		e := EndpointResult{Endpoint: name, Requests: len(s.lat), RPS: float64(len(s.lat)) / secs, P50ms: pct(s.lat, 50), P95ms: pct(s.lat, 95), P99ms: pct(s.lat, 99), Errors: s.errors}
		for code, cnt := range s.codes {
			e.Codes += fmt.Sprintf("%d×%d ", cnt, code)
		}
		res.Endpoints = append(res.Endpoints, e)
		res.Errors += s.errors
		if name == "case page (4 GETs in parallel)" {
			continue
		}
		res.TotalRPS += e.RPS
		if name[0] == 'G' {
			res.ReadRPS += e.RPS
		} else {
			res.WriteRPS += e.RPS
		}
	}
	return res
}

func pct(sorted []time.Duration, p int) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	i = min(max(i-1, 0), len(sorted)-1)
	return float64(sorted[i].Microseconds()) / 1000
}

// draftBodies are autosave bodies: whole sections, as the app sends them.
func draftBodies() [][]byte {
	r := rand.New(rand.NewPCG(3, 3))
	out := make([][]byte, 16)
	for i := range out {
		out[i] = []byte(`{"sections":` + string(sectionsJSON(r, nil, nil)) + `}`)
	}
	return out
}
