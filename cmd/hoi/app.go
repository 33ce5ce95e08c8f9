package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hoi-app/hoi/api"
	"github.com/hoi-app/hoi/frontend"
	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/config"
	"github.com/hoi-app/hoi/internal/password"
	"github.com/hoi-app/hoi/internal/retention"
	"github.com/hoi-app/hoi/internal/seed"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/user"
	"github.com/hoi-app/hoi/openapi"
)

// Main wires HOI's parts from the configuration. The end-to-end tests use it
// too, so the binary and the tests start the same thing.
type Main struct {
	Config config.Config
	Log    *slog.Logger
}

// NewMain reads the configuration and sets up logging.
func NewMain(getenv func(string) string) (*Main, error) {
	cfg, err := config.FromEnv(getenv)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	return &Main{Config: cfg, Log: log}, nil
}

func (m *Main) open(ctx context.Context) (*store.DB, error) {
	db, err := store.Open(m.Config.DatabaseURL, store.Options{})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func newHasher() *password.Hasher {
	// Each hash takes 19 MiB: cap concurrent hashes at twice the cores so a
	// login storm queues instead of exhausting memory.
	return password.NewHasher(password.DefaultParams(), 2*runtime.NumCPU())
}

// Serve runs the HTTP server until ctx ends.
// defaultMemoryLimit is the Go heap's soft limit when GOMEMLIMIT is unset.
const defaultMemoryLimit = 160 << 20

func (m *Main) Serve(ctx context.Context) error {
	if m.Config.SecretGenerated {
		m.Log.Warn("HOI_JWT_SECRET is not set: using a random secret for this run; sessions end when the process stops")
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft heap limit: under a burst of requests the collector works
		// harder instead of letting the heap double (issue 8's RSS budget
		// is 200 MB). GOMEMLIMIT overrides it.
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	db, err := m.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rec := audit.NewRecorder(db, 256)
	defer rec.Close()
	hasher := newHasher()
	if !frontend.Built() {
		m.Log.Warn("this binary was built without the app: / serves a placeholder page; build it with make build")
	}
	srv := api.New(api.Deps{
		DB:     db,
		Hasher: hasher,
		Auth: &auth.Service{
			Store: db, Hasher: hasher, Now: db.Now,
			Tokens: auth.NewTokens(m.Config.JWTSecret, auth.AccessTokenTTL, db.Now),
		},
		Recorder:       rec,
		Log:            m.Log,
		Registry:       prometheus.NewRegistry(),
		SPA:            frontend.Dist(),
		OpenAPI:        openapi.Spec,
		TrustedProxies: m.Config.TrustedProxies,
		WriteRate:      m.Config.WriteRate,
		WriteBurst:     int(3 * m.Config.WriteRate),
		SecureCookies:  true,
		MetricsToken:   m.Config.MetricsToken,
		PublicURL:      m.Config.PublicURL,
	})
	go retention.Job{DB: db, Days: m.Config.RetentionDays, Log: m.Log}.Run(ctx)
	go housekeeping(ctx, db, m.Log)
	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", m.Config.Addr, err)
	}
	metricsLn, err := m.listenMetrics()
	if err != nil {
		ln.Close()
		return err
	}
	m.Log.Info("listening", "addr", ln.Addr().String(), "metrics_addr", m.Config.MetricsAddr, "database", string(db.Dialect()), "env", m.Config.Env)
	fmt.Fprintf(os.Stderr, "\nHOI is running: open http://%s/ (API reference: http://%s/api/docs/). Stop with Ctrl-C.\n\n", ln.Addr(), ln.Addr())
	err = serveBoth(ctx, func(ctx context.Context) error { return srv.ListenAndServe(ctx, ln) },
		func(ctx context.Context) error {
			if metricsLn == nil {
				<-ctx.Done()
				return nil
			}
			return srv.ServeMetrics(ctx, metricsLn)
		})
	m.Log.Info("stopped")
	return err
}

// listenMetrics opens the metrics listener (nil when HOI_METRICS_ADDR=off).
func (m *Main) listenMetrics() (net.Listener, error) {
	if m.Config.MetricsAddr == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", m.Config.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("listen for /metrics on %s (%s; off switches it off): %w", m.Config.MetricsAddr, config.EnvMetricsAddr, err)
	}
	return ln, nil
}

// serveBoth runs the API and the metrics server until ctx ends or one of
// them fails, and then stops the other too.
func serveBoth(ctx context.Context, api, metrics func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 2)
	for _, run := range []func(context.Context) error{api, metrics} {
		go func() {
			err := run(ctx)
			cancel()
			errc <- err
		}()
	}
	return errors.Join(<-errc, <-errc)
}

// Migrate brings the schema up to date.
func (m *Main) Migrate(ctx context.Context) error {
	db, err := m.open(ctx)
	if err != nil {
		return err
	}
	m.Log.Info("migrated", "database", string(db.Dialect()))
	return db.Close()
}

// SeedDemo seeds the demo data and prints the logins.
func (m *Main) SeedDemo(ctx context.Context) error {
	db, err := m.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	pw, generated := m.Config.DemoPassword, false
	if pw == "" {
		pw, generated = randomPassword(), true
	}
	if err := password.Check(pw); err != nil {
		return fmt.Errorf("%s: %w", config.EnvDemoPassword, err)
	}
	accounts, err := seed.Demo(ctx, db, newHasher(), pw)
	if err != nil {
		return err
	}
	if err := seed.DemoCaseloads(ctx, db); err != nil {
		return err
	}
	fmt.Println("Demo accounts (all with the same password):")
	for _, a := range accounts {
		fmt.Printf("  %-20s %-6s %-18s %s\n", a.Email, a.Role, a.Name, a.Where)
	}
	if generated {
		fmt.Printf("Password: %s   (random; set %s to choose one)\n", pw, config.EnvDemoPassword)
	} else {
		fmt.Printf("Password: the value of %s\n", config.EnvDemoPassword)
	}
	return nil
}

// CreateUser creates or resets one user from flags; the password comes from
// HOI_USER_PASSWORD or standard input, never from a flag that ps would show.
func (m *Main) CreateUser(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	email := fs.String("email", "", "login email (required)")
	name := fs.String("name", "", "display name (required)")
	role := fs.String("role", "admin", "poh, peer, coach, gp or admin")
	region := fs.String("region", "", "region name; created when missing (required)")
	practiceName := fs.String("practice", "", "practice name, for poh and gp; created when missing")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	r := user.Role(*role)
	if *email == "" || *name == "" || *region == "" || !r.Valid() {
		fs.Usage()
		return errors.New("user create needs --email, --name, --region and a valid --role")
	}
	if r.PracticeBound() != (*practiceName != "") {
		return fmt.Errorf("a %s %s --practice", r, map[bool]string{true: "needs", false: "takes no"}[r.PracticeBound()])
	}
	pw := os.Getenv("HOI_USER_PASSWORD")
	if pw == "" {
		fmt.Fprint(os.Stderr, "Password (at least 12 characters): ")
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("read password: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	if err := password.Check(pw); err != nil {
		return err
	}
	db, err := m.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	reg, err := db.EnsureRegion(ctx, strings.TrimSpace(*region))
	if err != nil {
		return err
	}
	in := store.NewUser{Create: user.Create{Email: user.NormalizeEmail(*email), DisplayName: strings.TrimSpace(*name), Role: r}, RegionID: reg.ID}
	if *practiceName != "" {
		p, err := db.EnsurePractice(ctx, reg.ID, strings.TrimSpace(*practiceName))
		if err != nil {
			return err
		}
		in.PracticeID = &p.ID
	}
	if in.PasswordHash, err = newHasher().Hash(ctx, pw); err != nil {
		return err
	}
	u, err := db.UpsertUser(ctx, in)
	if err != nil {
		return err
	}
	fmt.Printf("user %d (%s, %s) ready in region %q\n", u.ID, u.Email, u.Role, reg.Name)
	return nil
}

func randomPassword() string {
	tok, _, err := auth.NewOpaqueToken()
	if err != nil {
		panic(err)
	}
	return tok[:20]
}
