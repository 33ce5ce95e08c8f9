// Command soak runs the real hoi binary on loopback under a bounded, mixed
// load with hostile requests in between, samples its resident memory every
// few seconds, prints the curve, and fails when memory keeps growing after
// the warm-up. Usage (make soak runs it):
//
//	go run ./scripts/soak -bin bin/hoi [-duration 10m] [-warmup 2m] [-sample 10s] [-max-growth 10] [-postgres postgres://…]
//
// The load: POH writers (notes, draft autosaves with If-Match, plan changes,
// as the crash test writes them; scripts/internal/workload), readers (case
// list, case page, notes, worklist, outcomes, options, /me), a retrying
// client that sends every note twice with one Idempotency-Key, and token
// refreshes. The hostile part, unauthenticated: invented methods of up to
// 4 KB on invented paths, invented paths, oversized and numerous headers,
// forged bearer tokens, long X-Request-Ids, bodies over the limit, malformed
// JSON and wrong passwords for invented accounts. Every request goes to
// 127.0.0.1. Legitimate requests must never get a 5xx, and the metrics
// listener's series must stay bounded.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hoi-app/hoi/scripts/internal/hoiclient"
	"github.com/hoi-app/hoi/scripts/internal/hoiproc"
	"github.com/hoi-app/hoi/scripts/internal/workload"
)

func main() {
	bin := flag.String("bin", "bin/hoi", "the hoi binary")
	duration := flag.Duration("duration", envDuration("SOAK_DURATION", 10*time.Minute), "how long the load runs (SOAK_DURATION)")
	warmup := flag.Duration("warmup", envDuration("SOAK_WARMUP", 2*time.Minute), "growth is measured from the sample at this time on (SOAK_WARMUP)")
	every := flag.Duration("sample", 10*time.Second, "RSS sampling interval")
	maxGrowth := flag.Float64("max-growth", 10, "fail when RSS after the warm-up grows by more than this many percent")
	pg := flag.String("postgres", "", "URL of an empty PostgreSQL database (default: a fresh SQLite file)")
	flag.Parse()
	if *warmup >= *duration {
		*warmup = *duration / 5
	}
	dir, err := os.MkdirTemp("", "hoi-soak-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	s := &soak{bin: *bin, dir: dir, url: *pg, duration: *duration, warmup: *warmup, every: *every, maxGrowth: *maxGrowth}
	if s.url == "" {
		s.url = "sqlite://" + filepath.Join(dir, "hoi.db")
	}
	err = s.run()
	if s.proc != nil {
		s.proc.Stop()
	}
	if err != nil {
		if s.proc != nil {
			fmt.Fprintf(os.Stderr, "hoi log (tail):\n%s\n", s.proc.Tail(2000))
		}
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "soak: FAILED: %v\n", err)
	os.Exit(1)
}

func envDuration(name string, def time.Duration) time.Duration {
	if v := os.Getenv(name); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			fail(fmt.Errorf("%s=%q: %w", name, v, err))
		}
		return d
	}
	return def
}

type soak struct {
	bin, dir, url                    string
	duration, warmup, every          time.Duration
	maxGrowth                        float64
	proc                             *hoiproc.Proc
	metricsAddr                      string
	legit, hostile, legitErr, server atomic.Int64
	firstErr                         atomic.Value
}

type sample struct {
	at             time.Duration
	rssKB, hwmKB   int64
	legit, hostile int64
	series         int
	dbBytes        int64
}

func (s *soak) run() error {
	ctx := context.Background()
	env := hoiproc.Env(s.url)
	if _, err := hoiproc.Run(ctx, s.bin, env, "seed-demo"); err != nil {
		return err
	}
	addr, err := hoiproc.FreeAddr()
	if err != nil {
		return err
	}
	if s.metricsAddr, err = hoiproc.FreeAddr(); err != nil {
		return err
	}
	s.proc, err = hoiproc.Start(s.bin, append(env, "HOI_METRICS_ADDR="+s.metricsAddr), addr, filepath.Join(s.dir, "hoi.log"))
	if err != nil {
		return err
	}
	if err := s.proc.WaitReady(30 * time.Second); err != nil {
		return err
	}
	base := s.proc.URL()
	fmt.Printf("soak: hoi %s on %s (%s), %s of mixed and hostile load, RSS every %s, growth measured after %s (limit %.0f %%)\n",
		s.bin, addr, strings.SplitN(s.url, ":", 2)[0], s.duration, s.every, s.warmup, s.maxGrowth)

	// Every loop has a client (a session) of its own and refreshes it now
	// and then; the legitimate logins all happen before the hostile wrong
	// passwords lock the loopback address.
	type session struct {
		c    *hoiclient.Client
		w    *workload.Worker
		last time.Time
	}
	var writers, readers []*session
	for i, email := range []string{"poh@hoi.example", "poh2@hoi.example", "poh3@hoi.example"} {
		w, err := workload.Setup(ctx, hoiclient.New(base), fmt.Sprintf("w%d", i), email, hoiproc.DemoPassword, uint64(i+1))
		if err != nil {
			return err
		}
		writers = append(writers, &session{c: w.C, w: w, last: time.Now()})
		for range 2 {
			rc := hoiclient.New(base)
			r, err := rc.Login(ctx, email, hoiproc.DemoPassword)
			if err != nil {
				return err
			}
			if err := hoiclient.Expect(r, "reader login", 200); err != nil {
				return err
			}
			readers = append(readers, &session{c: rc, w: w, last: time.Now()})
		}
	}
	run, stop := context.WithTimeout(ctx, s.duration)
	defer stop()
	var wg sync.WaitGroup
	seed := uint64(0)
	goLoop := func(pause time.Duration, sess *session, step func(context.Context, *rand.Rand)) {
		wg.Add(1)
		seed++
		rng := rand.New(rand.NewPCG(seed, uint64(time.Now().UnixNano())))
		go func() {
			defer wg.Done()
			for run.Err() == nil {
				if sess != nil && time.Since(sess.last) > refreshEvery {
					r, err := sess.c.RefreshSession(run)
					s.note("refresh", r, err, 200)
					sess.last = time.Now()
				}
				step(run, rng)
				time.Sleep(pause)
			}
		}()
	}
	for _, w := range writers {
		goLoop(20*time.Millisecond, w, func(ctx context.Context, _ *rand.Rand) { s.write(ctx, w.w) })
	}
	for i, r := range readers {
		if i == 0 {
			goLoop(200*time.Millisecond, r, func(ctx context.Context, rng *rand.Rand) { s.retry(ctx, r.c, r.w.CaseID, rng) })
			continue
		}
		goLoop(10*time.Millisecond, r, func(ctx context.Context, rng *rand.Rand) { s.read(ctx, r.c, r.w, rng) })
	}
	hostileClient := &http.Client{Timeout: 10 * time.Second}
	for range 2 {
		goLoop(5*time.Millisecond, nil, func(ctx context.Context, rng *rand.Rand) { s.attack(ctx, hostileClient, base, rng) })
	}

	samples := []sample{s.take(0)}
	start := time.Now()
	tick := time.NewTicker(s.every)
	for done := false; !done; {
		select {
		case <-tick.C:
			samples = append(samples, s.take(time.Since(start)))
		case <-run.Done():
			done = true
		}
	}
	tick.Stop()
	wg.Wait()
	samples = append(samples, s.take(time.Since(start)))
	return s.report(samples)
}

// take samples RSS (VmRSS, VmHWM), the counters, the metric series and the database size.
func (s *soak) take(at time.Duration) sample {
	return sample{at: at, rssKB: memKB(s.proc.PID(), "VmRSS"), hwmKB: memKB(s.proc.PID(), "VmHWM"),
		legit: s.legit.Load(), hostile: s.hostile.Load(), series: s.series(), dbBytes: s.dbSize()}
}

func (s *soak) report(samples []sample) error {
	fmt.Printf("\n%8s %9s %9s %9s %9s %8s %9s\n", "t", "RSS MB", "peak MB", "legit/s", "hostile/s", "series", "db MB")
	var base *sample
	maxAfter := int64(0)
	for i := range samples {
		sm := &samples[i]
		rate := func(n func(sample) int64) float64 {
			if i == 0 {
				return 0
			}
			return float64(n(*sm)-n(samples[i-1])) / (sm.at - samples[i-1].at).Seconds()
		}
		mark := ""
		if base == nil && sm.at >= s.warmup-time.Second {
			base, mark = sm, "  ← baseline (end of warm-up)"
		} else if base != nil && sm.rssKB > maxAfter {
			maxAfter = sm.rssKB
		}
		fmt.Printf("%8s %9.1f %9.1f %9.0f %9.0f %8d %9.1f%s\n", sm.at.Round(time.Second), float64(sm.rssKB)/1024, float64(sm.hwmKB)/1024,
			rate(func(x sample) int64 { return x.legit }), rate(func(x sample) int64 { return x.hostile }), sm.series, float64(sm.dbBytes)/(1<<20), mark)
	}
	last := samples[len(samples)-1]
	fmt.Printf("\nrequests: %d legitimate (%d unexpected answers, %d server errors), %d hostile; metric series %d → %d\n",
		last.legit, s.legitErr.Load(), s.server.Load(), last.hostile, samples[0].series, last.series)
	var problems []string
	if base == nil || maxAfter == 0 {
		problems = append(problems, "no samples after the warm-up: run longer")
	} else {
		growth := 100 * float64(maxAfter-base.rssKB) / float64(base.rssKB)
		fmt.Printf("RSS after the warm-up: %.1f MB at %s, at most %.1f MB later: %+.1f %% (limit %.0f %%)\n",
			float64(base.rssKB)/1024, base.at.Round(time.Second), float64(maxAfter)/1024, growth, s.maxGrowth)
		if growth > s.maxGrowth {
			problems = append(problems, fmt.Sprintf("RSS grew by %.1f %% after the warm-up", growth))
		}
	}
	if n := s.server.Load(); n > 0 {
		problems = append(problems, fmt.Sprintf("%d server errors (5xx) to legitimate or hostile requests; first: %v", n, s.firstErr.Load()))
	}
	if n := s.legitErr.Load(); n > 0 {
		problems = append(problems, fmt.Sprintf("%d legitimate requests answered unexpectedly; first: %v", n, s.firstErr.Load()))
	}
	if last.series > 2*samples[1].series+50 {
		problems = append(problems, fmt.Sprintf("metric series grew from %d to %d", samples[1].series, last.series))
	}
	if last.legit == 0 || last.hostile == 0 {
		problems = append(problems, "no load was sent")
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	fmt.Println("soak: passed")
	return nil
}

// note records a legitimate request's answer: 2xx (or a 429 of the write
// limit) is fine, a 5xx is a server error, anything else unexpected.
func (s *soak) note(what string, r *hoiclient.Response, err error, ok ...int) {
	s.legit.Add(1)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return // the soak's end cut the request short
		}
		s.legitErr.Add(1)
		s.firstErr.CompareAndSwap(nil, fmt.Sprintf("%s: %v", what, err))
		return
	}
	if r.Status >= 500 {
		s.server.Add(1)
		s.firstErr.CompareAndSwap(nil, fmt.Sprintf("%s: %s", what, r))
		return
	}
	for _, want := range append(ok, http.StatusTooManyRequests) {
		if r.Status == want || want == 200 && r.Status/100 == 2 {
			return
		}
	}
	s.legitErr.Add(1)
	s.firstErr.CompareAndSwap(nil, fmt.Sprintf("%s: %s", what, r))
}

func (s *soak) write(ctx context.Context, w *workload.Worker) {
	err := w.Step(ctx)
	s.legit.Add(1)
	if err != nil && !errors.Is(err, workload.ErrInDoubt) && ctx.Err() == nil {
		if strings.Contains(err.Error(), " 5") {
			s.server.Add(1)
		} else {
			s.legitErr.Add(1)
		}
		s.firstErr.CompareAndSwap(nil, err.Error())
	}
}

// refreshEvery keeps access tokens (15 minutes) fresh and rotates refresh
// tokens along the way.
const refreshEvery = 5 * time.Minute

func (s *soak) read(ctx context.Context, c *hoiclient.Client, w *workload.Worker, rng *rand.Rand) {
	paths := []string{
		"/api/v1/me", "/api/v1/cases?limit=20", fmt.Sprintf("/api/v1/cases/%d", w.CaseID), fmt.Sprintf("/api/v1/cases/%d/notes?limit=50", w.CaseID),
		fmt.Sprintf("/api/v1/cases/%d/plan", w.CaseID), fmt.Sprintf("/api/v1/conversations/%d", w.Draft.ID), "/api/v1/worklist",
		"/api/v1/options?q=herstel", "/api/v1/cases?q=Crash", "/api/v1/outcomes",
	}
	p := paths[rng.IntN(len(paths))]
	r, err := c.Do(ctx, "GET", p, nil, nil)
	s.note("GET "+p, r, err, 200)
}

// retry sends a note twice with one Idempotency-Key, as the SPA's retry
// queue does after a timeout: the second must be the first's replay.
func (s *soak) retry(ctx context.Context, c *hoiclient.Client, caseID int64, rng *rand.Rand) {
	key := map[string]string{"Idempotency-Key": fmt.Sprintf(`"soak-%x"`, rng.Uint64())}
	body := map[string]string{"text": fmt.Sprintf("soak retry %x", rng.Uint64())}
	path := fmt.Sprintf("/api/v1/cases/%d/notes", caseID)
	first, err := c.Do(ctx, "POST", path, body, key)
	s.note("POST note with a key", first, err, 201)
	if err != nil || first.Status != 201 {
		return
	}
	again, err := c.Do(ctx, "POST", path, body, key)
	s.note("retried POST note", again, err, 201)
	if err == nil && again.Status == 201 && (again.Header.Get("Idempotent-Replayed") != "true" || !bytes.Equal(again.Body, first.Body)) {
		s.legitErr.Add(1)
		s.firstErr.CompareAndSwap(nil, "a retried POST was not the first answer's replay")
	}
}

// attack sends one hostile, unauthenticated request.
func (s *soak) attack(ctx context.Context, c *http.Client, base string, rng *rand.Rand) {
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('A' + rng.IntN(26))
		}
		return string(b)
	}
	method, path, body := "GET", "/api/v1/"+strings.ToLower(word(8)), io.Reader(nil)
	h := http.Header{}
	switch rng.IntN(9) {
	case 0: // an invented method of up to 4 KB on an invented path
		method, path = word(1+rng.IntN(4096)), "/"+strings.ToLower(word(1+rng.IntN(200)))
	case 1: // an invented method on a real route
		method, path = word(3+rng.IntN(40)), "/api/v1/cases"
	case 2: // an oversized header (past the server's 64 KB)
		h.Set("X-Filler", strings.Repeat("x", 70<<10))
	case 3: // many headers, each new
		for i := range 100 {
			h.Set(fmt.Sprintf("X-%s-%d", word(6), i), word(100))
		}
	case 4: // a forged bearer token
		path = "/api/v1/me"
		h.Set("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9."+word(200)+"."+word(43))
	case 5: // a long, hostile request id
		path = "/healthz"
		h.Set("X-Request-Id", `"}{`+word(2000))
	case 6: // a body over the limit
		method, path, body = "POST", "/api/v1/auth/login", bytes.NewReader(bytes.Repeat([]byte("a"), 2<<20))
		h.Set("Content-Type", "application/json")
	case 7: // malformed JSON
		method, path, body = "POST", "/api/v1/auth/login", strings.NewReader(`{"email":`+word(50))
		h.Set("Content-Type", "application/json")
	case 8: // a wrong password for an invented account
		method, path = "POST", "/api/v1/auth/login"
		body = strings.NewReader(fmt.Sprintf(`{"email":"%s@example.invalid","password":"%s"}`, strings.ToLower(word(12)), word(16)))
		h.Set("Content-Type", "application/json")
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, body)
	if err != nil {
		return
	}
	req.Header = h
	s.hostile.Add(1)
	res, err := c.Do(req)
	if err != nil {
		return // the server may close the connection on garbage: fine
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode >= 500 {
		s.server.Add(1)
		s.firstErr.CompareAndSwap(nil, fmt.Sprintf("hostile %.20s %s: %d", method, path, res.StatusCode))
	}
}

// series counts the hoi_http_* series on the metrics listener.
func (s *soak) series() int {
	res, err := http.Get("http://" + s.metricsAddr + "/metrics")
	if err != nil {
		return -1
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "hoi_http_") {
			n++
		}
	}
	return n
}

// dbSize is the size of the SQLite file and its WAL (0 on PostgreSQL).
func (s *soak) dbSize() int64 {
	path, ok := strings.CutPrefix(s.url, "sqlite://")
	if !ok {
		return 0
	}
	var n int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// memKB reads a field (VmRSS, VmHWM) of /proc/<pid>/status in KiB.
func memKB(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}
