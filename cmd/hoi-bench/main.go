// Command hoi-bench is HOI's load test (issue 8): it seeds a region-scale
// database with bulk inserts on HOI's own schema, starts the real hoi binary on
// it, drives a mixed workload over HTTP with real logins at several
// concurrency levels, measures a raw-SQL Echo server doing the same reads on
// the same database, and prints and saves (bench/results/) the figures.
//
//	make bench                 # default region (about 10 minutes, mostly the first seed)
//	make bench ARGS=--small    # 1/50th, under 5 minutes
//	bin/hoi-bench --database-url postgres://… --small
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// config is the command line.
type config struct {
	small      bool
	dbURL      string
	hoiBin     string
	repo       string
	levels     []int
	duration   time.Duration
	fresh      bool
	pprof      bool
	outDir     string
	skipRaw    bool
	writeLevel int
	routes     bool
	routeConns int
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "bare-server" {
		fs := flag.NewFlagSet("bare-server", flag.ExitOnError)
		dbURL := fs.String("database-url", "", "database")
		fs.Parse(os.Args[2:])
		if err := runBareServer(*dbURL, os.Getenv("BENCH_ADDR")); err != nil {
			fmt.Fprintln(os.Stderr, "bare-server:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "raw-server" {
		fs := flag.NewFlagSet("raw-server", flag.ExitOnError)
		dbURL := fs.String("database-url", "", "database")
		fs.Parse(os.Args[2:])
		if err := runRawServer(*dbURL, os.Getenv("BENCH_ADDR")); err != nil {
			fmt.Fprintln(os.Stderr, "raw-server:", err)
			os.Exit(1)
		}
		return
	}
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "hoi-bench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("hoi-bench", flag.ContinueOnError)
	fs.BoolVar(&cfg.small, "small", false, "1/50th of the region, shorter levels: a quick run under 5 minutes")
	fs.StringVar(&cfg.dbURL, "database-url", "", "sqlite://file.db (default bench/results/db/<preset>.db) or postgres://… (an empty database)")
	fs.StringVar(&cfg.hoiBin, "hoi-bin", "bin/hoi", "the hoi binary to start (make bench builds it)")
	fs.StringVar(&cfg.repo, "repo", ".", "the repository root (front end, pprof build)")
	levels := fs.String("levels", "10,50,200", "concurrency levels (virtual users)")
	fs.DurationVar(&cfg.duration, "duration", 0, "duration per level and workload (default 20s, 5s with --small)")
	fs.BoolVar(&cfg.fresh, "fresh", false, "seed again even if a seeded SQLite file of this size exists")
	fs.BoolVar(&cfg.pprof, "pprof", false, "build hoi with a loopback pprof listener and save a CPU profile of the top level")
	fs.StringVar(&cfg.outDir, "out", "bench/results", "where the JSON results go")
	fs.BoolVar(&cfg.skipRaw, "skip-raw", false, "skip the raw-SQL baseline")
	fs.IntVar(&cfg.writeLevel, "write-level", 50, "concurrency of the writes-only workload")
	fs.BoolVar(&cfg.routes, "routes", false, "measure single routes (case, notes, list, worklist) beside a bare net/http handler instead of the workloads")
	fs.IntVar(&cfg.routeConns, "route-conns", 50, "connections of the --routes mode")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	for _, s := range strings.Split(*levels, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return cfg, fmt.Errorf("--levels: %q is not a positive number", s)
		}
		cfg.levels = append(cfg.levels, n)
	}
	if cfg.duration == 0 {
		cfg.duration = 20 * time.Second
		if cfg.small {
			cfg.duration = 5 * time.Second
		}
	}
	return cfg, nil
}

// Result is the JSON written to bench/results/<timestamp>.json.
type Result struct {
	Started      time.Time         `json:"started"`
	Machine      Machine           `json:"machine"`
	Preset       string            `json:"preset"`
	Database     string            `json:"database"`
	Sizes        Sizes             `json:"sizes"`
	Rows         map[string]int    `json:"rows,omitempty"`
	SeedSeconds  float64           `json:"seed_seconds"`
	SeedReused   bool              `json:"seed_reused"`
	DBBytes      int64             `json:"db_bytes"`
	LoginSeconds float64           `json:"login_seconds"`
	Logins       int               `json:"logins"`
	Outcomes     *OutcomesTiming   `json:"outcomes_region_idle,omitempty"`
	Notes        []string          `json:"notes,omitempty"`
	Phases       []PhaseResult     `json:"phases"`
	Ratios       map[string]string `json:"hoi_vs_raw_reads,omitempty"`
	ServerPeakKB int64             `json:"server_peak_rss_kb"`
	RawPeakKB    int64             `json:"raw_peak_rss_kb,omitempty"`
	Frontend     []Chunk           `json:"frontend_chunks,omitempty"`
	InitialJSGz  int64             `json:"initial_js_gzip_bytes,omitempty"`
	Targets      []Target          `json:"targets"`
	Profile      string            `json:"cpu_profile,omitempty"`
	Routes       []RouteResult     `json:"routes,omitempty"`
}

// OutcomesTiming is the region-wide outcomes over one year, asked one at a
// time on an idle server.
type OutcomesTiming struct {
	P50ms float64 `json:"p50_ms"`
	Maxms float64 `json:"max_ms"`
	// TooSlow: one answer took so long that outcomes were left out of the
	// workload; P50ms is that one answer.
	TooSlow bool `json:"too_slow_for_workload,omitempty"`
}

func run(ctx context.Context, cfg config) error {
	res := Result{Started: time.Now().UTC(), Machine: machine(), Preset: "default", Sizes: defaultSizes}
	if cfg.small {
		res.Preset, res.Sizes = "small", defaultSizes.scaled(50)
	}
	if cfg.dbURL == "" {
		cfg.dbURL = "sqlite://" + filepath.Join(cfg.repo, "bench/results/db", res.Preset+".db")
	}
	res.Database = "sqlite"
	if !strings.HasPrefix(cfg.dbURL, "sqlite://") {
		res.Database = "postgres"
	}
	logf := func(f string, a ...any) {
		fmt.Fprintf(os.Stderr, "[%s] %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(f, a...))
	}
	if err := os.MkdirAll(cfg.outDir, 0o755); err != nil {
		return err
	}
	stamp := res.Started.Format("20060102-150405")

	if err := prepare(ctx, cfg, &res, logf); err != nil {
		return err
	}
	p, err := loadPools(cfg.dbURL, res.Sizes.Practices)
	if err != nil {
		return fmt.Errorf("read id pools: %w", err)
	}

	bin := cfg.hoiBin
	if cfg.pprof {
		logf("building hoi with a loopback pprof listener (bin/hoi-pprof)")
		if bin, err = buildProfiled(cfg.repo); err != nil {
			return fmt.Errorf("pprof build: %w", err)
		}
	}
	pprofAddr, _ := freeAddr()
	logPath := filepath.Join(cfg.outDir, stamp+"-hoi.log")
	// A virtual user writes back to back, far beyond a person autosaving: the
	// per-user write limit (an abuse guard, 20/s by default) is raised so
	// that the writes measure the server, not the guard.
	hoi, err := start(ctx, "hoi", bin, []string{"serve"}, []string{"HOI_DATABASE_URL=" + cfg.dbURL, "HOI_ENV=dev", "HOI_JWT_SECRET=" + randomSecret(),
		"HOI_LOG_LEVEL=info", "HOI_BENCH_PPROF_ADDR=" + pprofAddr, "HOI_WRITE_RATE=10000"}, logPath, "/readyz")
	res.Notes = append(res.Notes, "hoi runs with HOI_WRITE_RATE=10000: the per-user write limit is an abuse guard, raised so that back-to-back virtual users measure the server")
	if err != nil {
		return err
	}
	defer hoi.stop()
	logf("hoi serving on %s (log: %s)", hoi.base, logPath)

	lc := newClient(8)
	maxUsers := slices.Max(append(cfg.levels, cfg.writeLevel))
	if cfg.routes {
		maxUsers = 1 // one POH of practice 1
	}
	d, logins, err := p.loginAll(ctx, lc, hoi.base, maxUsers)
	if err != nil {
		return err
	}
	res.LoginSeconds, res.Logins = d.Seconds(), logins
	logf("%d logins in %.1fs", res.Logins, d.Seconds())

	if cfg.routes {
		return runRoutesMode(ctx, cfg, &res, hoi, p, stamp, pprofAddr, logf)
	}

	noOutcomes := false
	if t, ok, err := timeOutcomes(ctx, lc, hoi.base, p); err != nil {
		return err
	} else if !ok && t == nil {
		noOutcomes = true
		res.Notes = append(res.Notes, "GET /api/v1/outcomes answered 404: outcomes left out of the workload")
	} else {
		res.Outcomes = t
		if !ok {
			noOutcomes = true
			res.Notes = append(res.Notes, fmt.Sprintf("GET /api/v1/outcomes for the region took %.1f s: outcomes left out of the workload", t.P50ms/1000))
		}
	}

	var profileDone chan error
	top := cfg.levels[len(cfg.levels)-1]
	for _, n := range cfg.levels {
		for _, mix := range []string{"reads", "mixed"} {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if cfg.pprof && n == top && mix == "mixed" {
				res.Profile = filepath.Join(cfg.outDir, stamp+"-hoi-cpu.pprof")
				profileDone = captureProfile(pprofAddr, res.Profile, cfg.duration-time.Second)
			}
			ph := runPhase(ctx, "hoi", hoi.base, false, p, mix, n, cfg.duration, noOutcomes)
			logf("hoi %-6s c=%-4d %8.0f req/s  errors %d", mix, n, ph.TotalRPS, ph.Errors)
			res.Phases = append(res.Phases, ph)
		}
	}
	if profileDone != nil {
		if err := <-profileDone; err != nil {
			res.Notes = append(res.Notes, "cpu profile: "+err.Error())
			res.Profile = ""
		}
	}
	ph := runPhase(ctx, "hoi", hoi.base, false, p, "writes", cfg.writeLevel, cfg.duration, noOutcomes)
	logf("hoi writes c=%-4d %8.0f req/s  errors %d", cfg.writeLevel, ph.TotalRPS, ph.Errors)
	res.Phases = append(res.Phases, ph)
	res.ServerPeakKB = hoi.memKB("VmHWM")
	hoi.stop()

	if !cfg.skipRaw && ctx.Err() == nil {
		self, _ := os.Executable()
		raw, err := start(ctx, "raw", self, []string{"raw-server", "--database-url", cfg.dbURL}, nil, filepath.Join(cfg.outDir, stamp+"-raw.log"), "/api/v1/cases/1/plan")
		if err != nil {
			return err
		}
		res.Ratios = map[string]string{}
		for _, n := range cfg.levels {
			ph := runPhase(ctx, "raw", raw.base, true, p, "reads", n, cfg.duration, true)
			logf("raw reads  c=%-4d %8.0f req/s  errors %d", n, ph.TotalRPS, ph.Errors)
			res.Phases = append(res.Phases, ph)
			if h := findPhase(res.Phases, "hoi", "reads", n); h != nil && ph.TotalRPS > 0 {
				res.Ratios[strconv.Itoa(n)] = fmt.Sprintf("%.0f%%", 100*h.TotalRPS/ph.TotalRPS)
			}
		}
		res.RawPeakKB = raw.memKB("VmHWM")
		raw.stop()
	}
	res.DBBytes = dbSize(cfg.dbURL)
	res.Frontend, res.InitialJSGz = frontendSizes(cfg.repo)
	res.Targets = targets(&res, cfg.levels)

	printReport(os.Stdout, &res)
	out := filepath.Join(cfg.outDir, stamp+".json")
	b, _ := json.MarshalIndent(res, "", "  ")
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return err
	}
	fmt.Printf("\nResults: %s\n", out)
	if res.Profile != "" {
		fmt.Printf("CPU profile of hoi under the top level: go tool pprof -top %s %s\n", filepath.Join(cfg.repo, "bin/hoi-pprof"), res.Profile)
	}
	return nil
}

// prepare makes sure the database holds a seeded region of res.Sizes: it
// reuses a SQLite file seeded with the same sizes unless --fresh.
func prepare(ctx context.Context, cfg config, res *Result, logf func(string, ...any)) error {
	sidecar := ""
	if path, ok := strings.CutPrefix(cfg.dbURL, "sqlite://"); ok {
		sidecar = path + ".seed.json"
		if !cfg.fresh {
			if b, err := os.ReadFile(sidecar); err == nil {
				var prev Result
				if json.Unmarshal(b, &prev) == nil && prev.Sizes == res.Sizes {
					if _, err := os.Stat(path); err == nil {
						res.SeedSeconds, res.Rows, res.SeedReused = prev.SeedSeconds, prev.Rows, true
						logf("reusing %s (seeded in %.0fs; --fresh seeds again)", path, prev.SeedSeconds)
						return migrate(ctx, cfg.dbURL)
					}
				}
			}
		}
		for _, s := range []string{"", "-wal", "-shm", ".seed.json"} {
			if err := os.Remove(path + s); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
	}
	start := time.Now()
	if err := migrate(ctx, cfg.dbURL); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if res.Database == "postgres" {
		db, _, err := openRaw(cfg.dbURL, true)
		if err != nil {
			return err
		}
		var name string
		err = db.QueryRow("SELECT name FROM regions ORDER BY id LIMIT 1").Scan(&name)
		db.Close()
		if err == nil {
			if name == regionName(res.Sizes) {
				res.SeedReused = true
				logf("reusing the seeded PostgreSQL database")
				return nil
			}
			return fmt.Errorf("the PostgreSQL database is not empty: give hoi-bench an empty one")
		}
	}
	logf("seeding %s: %+v", res.Database, res.Sizes)
	rows, err := seed(ctx, cfg.dbURL, res.Sizes, logf)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	res.Rows, res.SeedSeconds = rows, time.Since(start).Seconds()
	logf("seeded in %.1fs", res.SeedSeconds)
	if sidecar != "" {
		b, _ := json.Marshal(Result{Sizes: res.Sizes, Rows: rows, SeedSeconds: res.SeedSeconds})
		return os.WriteFile(sidecar, b, 0o644)
	}
	return nil
}

func findPhase(ps []PhaseResult, server, mix string, n int) *PhaseResult {
	for i := range ps {
		if ps[i].Server == server && ps[i].Mix == mix && ps[i].Concurrency == n {
			return &ps[i]
		}
	}
	return nil
}

// runRoutesMode is make bench ARGS=--routes: the single routes beside the
// bare handler, the server's peak RSS, printed and saved.
func runRoutesMode(ctx context.Context, cfg config, res *Result, hoi *proc, p *pools, stamp, pprofAddr string, logf func(string, ...any)) error {
	caseID, err := routeCase(cfg.dbURL)
	if err != nil {
		return fmt.Errorf("pick the case of the routes: %w", err)
	}
	var profileDone chan error
	if cfg.pprof {
		res.Profile = filepath.Join(cfg.outDir, stamp+"-hoi-routes-cpu.pprof")
		profileDone = captureProfile(pprofAddr, res.Profile, 20*time.Second)
	}
	res.Routes, err = runRoutes(ctx, cfg, hoi.base, p.practices[0].pohTokens[0], caseID, stamp, logf)
	if profileDone != nil {
		if perr := <-profileDone; perr != nil {
			res.Profile = ""
		}
	}
	res.ServerPeakKB = hoi.memKB("VmHWM")
	if err != nil {
		return err
	}
	fmt.Printf("HOI routes bench, %s set on %s, case %d, %s, %d vCPUs (%s)\n", res.Preset, res.Database, caseID, res.Started.Format("2006-01-02"), res.Machine.CPUs, res.Machine.Model)
	printRoutes(os.Stdout, res.Routes)
	fmt.Printf("\nhoi peak RSS: %.0f MB\n", float64(res.ServerPeakKB)/1024)
	out := filepath.Join(cfg.outDir, stamp+"-routes.json")
	b, _ := json.MarshalIndent(res, "", "  ")
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return err
	}
	fmt.Printf("Results: %s\n", out)
	if res.Profile != "" {
		fmt.Printf("CPU profile of hoi (the first 20 s): go tool pprof -top %s %s\n", filepath.Join(cfg.repo, "bin/hoi-pprof"), res.Profile)
	}
	return nil
}
