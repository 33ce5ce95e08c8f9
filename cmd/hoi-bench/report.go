package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Machine is what the figures were taken on.
type Machine struct {
	CPUs   int    `json:"nproc"`
	Model  string `json:"cpu_model"`
	MemMiB int64  `json:"mem_mib"`
	GoOS   string `json:"goos"`
}

func machine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), GoOS: runtime.GOOS + "/" + runtime.GOARCH}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				m.Model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		fmt.Sscanf(strings.SplitN(string(b), "\n", 2)[0], "MemTotal: %d kB", &kb)
		m.MemMiB = kb / 1024
	}
	return m
}

// timeOutcomes asks the region's outcomes over one year ten times, one at a
// time, as an admin; ok is false when the server has no outcomes route.
//
// One answer slower than slowOutcomes keeps outcomes out of the workload
// (the timing is still reported): otherwise those requests alone would
// decide every other figure.
func timeOutcomes(ctx context.Context, c *http.Client, base string, p *pools) (*OutcomesTiming, bool, error) {
	const slowOutcomes = 5 * time.Second
	slow := &http.Client{Transport: c.Transport, Timeout: 5 * time.Minute}
	var lat []time.Duration
	for i := 0; i < 10; i++ {
		start := time.Now()
		res, err := call(ctx, slow, "GET", base+"/api/v1/outcomes?"+yearRange(), p.adminToken, "", nil, true)
		if err != nil {
			return nil, false, err
		}
		if d := time.Since(start); d > slowOutcomes && res.status == http.StatusOK {
			ms := float64(d.Milliseconds())
			return &OutcomesTiming{P50ms: ms, Maxms: ms, TooSlow: true}, false, nil
		}
		if res.status == http.StatusNotFound {
			return nil, false, nil
		}
		if res.status != http.StatusOK {
			return nil, false, fmt.Errorf("GET /outcomes: %d %s", res.status, res.body)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	return &OutcomesTiming{P50ms: pct(lat, 50), Maxms: float64(lat[len(lat)-1].Microseconds()) / 1000}, true, nil
}

// captureProfile fetches a CPU profile from the bench-only pprof listener.
func captureProfile(addr, path string, d time.Duration) chan error {
	done := make(chan error, 1)
	go func() {
		res, err := http.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, max(1, int(d.Seconds()))))
		if err != nil {
			done <- err
			return
		}
		defer res.Body.Close()
		f, err := os.Create(path)
		if err != nil {
			done <- err
			return
		}
		_, err = io.Copy(f, res.Body)
		f.Close()
		done <- err
	}()
	return done
}

// Chunk is one built front-end file with its gzip size.
type Chunk struct {
	File    string `json:"file"`
	Bytes   int64  `json:"bytes"`
	Gzip    int64  `json:"gzip_bytes"`
	Initial bool   `json:"initial"`
}

// frontendSizes gzips every asset of frontend/dist; initial are the scripts
// index.html loads or preloads.
func frontendSizes(repo string) ([]Chunk, int64) {
	dist := filepath.Join(repo, "frontend/dist")
	index, _ := os.ReadFile(filepath.Join(dist, "index.html"))
	initial := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?:src|href)="/?(assets/[^"]+\.js)"`).FindAllStringSubmatch(string(index), -1) {
		initial[m[1]] = true
	}
	files, _ := filepath.Glob(filepath.Join(dist, "assets", "*"))
	var out []Chunk
	var initGz int64
	for _, f := range files {
		if !strings.HasSuffix(f, ".js") && !strings.HasSuffix(f, ".css") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		w.Write(b)
		w.Close()
		rel := "assets/" + filepath.Base(f)
		c := Chunk{File: rel, Bytes: int64(len(b)), Gzip: int64(buf.Len()), Initial: initial[rel]}
		if c.Initial {
			initGz += c.Gzip
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Chunk) int { return int(b.Gzip - a.Gzip) })
	return out, initGz
}

// Target is one figure of issue 8 with what was measured.
type Target struct {
	Name     string `json:"name"`
	Want     string `json:"want"`
	Got      string `json:"got"`
	Met      bool   `json:"met"`
	Measured bool   `json:"measured"`
}

func endpoint(ph *PhaseResult, name string) *EndpointResult {
	if ph == nil {
		return nil
	}
	for i := range ph.Endpoints {
		if ph.Endpoints[i].Endpoint == name {
			return &ph.Endpoints[i]
		}
	}
	return nil
}

func targets(r *Result, levels []int) []Target {
	top := levels[len(levels)-1]
	mixed := findPhase(r.Phases, "hoi", "mixed", top)
	var ts []Target
	p99 := func(name, ep string, limit float64) {
		t := Target{Name: fmt.Sprintf("%s p99 at %d users", name, top), Want: fmt.Sprintf("< %.0f ms", limit)}
		if e := endpoint(mixed, ep); e != nil {
			t.Got, t.Met, t.Measured = fmt.Sprintf("%.1f ms", e.P99ms), e.P99ms < limit, true
		}
		ts = append(ts, t)
	}
	p99("case page", "case page (4 GETs in parallel)", 20)
	p99("worklist", "GET /worklist", 20)
	p99("draft save", "PATCH /conversations/{id} (draft save)", 30)
	best, bestN := 0.0, 0
	for _, ph := range r.Phases {
		if ph.Server == "hoi" && ph.Mix == "mixed" && ph.TotalRPS > best {
			best, bestN = ph.TotalRPS, ph.Concurrency
		}
	}
	ts = append(ts, Target{Name: "mixed read-heavy throughput", Want: "≥ 3000 req/s", Got: fmt.Sprintf("%.0f req/s (at %d users)", best, bestN), Met: best >= 3000, Measured: true})
	for _, ph := range r.Phases {
		if ph.Server == "hoi" && ph.Mix == "writes" {
			ts = append(ts, Target{Name: "durable writes", Want: "≥ 1000 writes/s", Got: fmt.Sprintf("%.0f writes/s (at %d users)", ph.WriteRPS, ph.Concurrency), Met: ph.WriteRPS >= 1000, Measured: true})
		}
	}
	t := Target{Name: "outcomes, whole region, one year", Want: "< 150 ms"}
	if r.Outcomes != nil {
		t.Got, t.Met, t.Measured = fmt.Sprintf("%.1f ms p50 idle, max %.1f ms", r.Outcomes.P50ms, r.Outcomes.Maxms), r.Outcomes.P50ms < 150, true
	} else {
		t.Got = "not measured: no /outcomes route"
	}
	ts = append(ts, t)
	hb, rb := 0.0, 0.0
	for _, ph := range r.Phases {
		if ph.Mix == "reads" && ph.Server == "hoi" {
			hb = max(hb, ph.TotalRPS)
		} else if ph.Mix == "reads" && ph.Server == "raw" {
			rb = max(rb, ph.TotalRPS)
		}
	}
	t = Target{Name: "HOI reads vs raw-SQL Echo (best level each)", Want: "≥ 60 %"}
	if rb > 0 {
		t.Got, t.Met, t.Measured = fmt.Sprintf("%.0f %% (%.0f vs %.0f req/s)", 100*hb/rb, hb, rb), hb/rb >= 0.6, true
	}
	ts = append(ts, t)
	ts = append(ts, Target{Name: "server peak RSS", Want: "< 200 MB", Got: fmt.Sprintf("%.0f MB", float64(r.ServerPeakKB)/1024), Met: r.ServerPeakKB < 200*1024, Measured: r.ServerPeakKB > 0})
	t = Target{Name: "initial-route JavaScript", Want: "≤ 80 KB gzip"}
	if r.InitialJSGz > 0 {
		t.Got, t.Met, t.Measured = fmt.Sprintf("%.1f KB gzip", float64(r.InitialJSGz)/1024), r.InitialJSGz <= 80*1024, true
	} else {
		t.Got = "frontend/dist not built"
	}
	return append(ts, t)
}

func printReport(w io.Writer, r *Result) {
	m := r.Machine
	fmt.Fprintf(w, "\nHOI bench — %s data set on %s; %d CPUs (%s), %d MiB\n", r.Preset, r.Database, m.CPUs, m.Model, m.MemMiB)
	fmt.Fprintf(w, "rows: %+v\n", r.Sizes)
	for _, ph := range r.Phases {
		fmt.Fprintf(w, "\n%s · %s · %d users · %.0fs: %.0f req/s (reads %.0f, writes %.0f), %d errors\n", ph.Server, ph.Mix, ph.Concurrency, ph.Seconds, ph.TotalRPS, ph.ReadRPS, ph.WriteRPS, ph.Errors)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "endpoint\treq/s\tp50 ms\tp95 ms\tp99 ms\terrors\t")
		for _, e := range ph.Endpoints {
			errs := fmt.Sprint(e.Errors)
			if e.Codes != "" {
				errs += " (" + strings.TrimSpace(e.Codes) + ")"
			}
			fmt.Fprintf(tw, "%s\t%.0f\t%.1f\t%.1f\t%.1f\t%s\t\n", e.Endpoint, e.RPS, e.P50ms, e.P95ms, e.P99ms, errs)
		}
		tw.Flush()
	}
	fmt.Fprintln(w)
	if len(r.Ratios) > 0 {
		fmt.Fprintf(w, "HOI reads as a share of the raw-SQL Echo server, per level: %v\n", r.Ratios)
	}
	seed := fmt.Sprintf("%.1fs", r.SeedSeconds)
	if r.SeedReused {
		seed += " (earlier run; file reused)"
	}
	fmt.Fprintf(w, "server peak RSS (VmHWM): %.1f MB; raw server: %.1f MB\n", float64(r.ServerPeakKB)/1024, float64(r.RawPeakKB)/1024)
	fmt.Fprintf(w, "database size: %.1f MB; seed time: %s; %d logins in %.1fs\n", float64(r.DBBytes)/1e6, seed, r.Logins, r.LoginSeconds)
	if r.Outcomes != nil {
		fmt.Fprintf(w, "outcomes, region, one year, idle: p50 %.1f ms, max %.1f ms\n", r.Outcomes.P50ms, r.Outcomes.Maxms)
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "note:", n)
	}
	if len(r.Frontend) > 0 {
		fmt.Fprintln(w, "\nfront end (frontend/dist/assets, gzip -9):")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "chunk\tbytes\tgzip\tinitial\t")
		for _, c := range r.Frontend {
			init := ""
			if c.Initial {
				init = "yes"
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t\n", c.File, c.Bytes, c.Gzip, init)
		}
		tw.Flush()
		fmt.Fprintf(w, "initial-route JavaScript: %.1f KB gzip\n", float64(r.InitialJSGz)/1024)
	}
	fmt.Fprintln(w, "\ntargets (issue 8):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, t := range r.Targets {
		state := "MISSED"
		switch {
		case !t.Measured:
			state = "n/a"
		case t.Met:
			state = "met"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", t.Name, t.Want, t.Got, state)
	}
	tw.Flush()
}
