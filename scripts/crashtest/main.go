// Command crashtest checks that hoi loses no acknowledged write when it is
// killed. It starts bin/hoi serve on a fresh database (an SQLite file in a
// temp dir, or the PostgreSQL database named by -postgres), lets a few
// workers write notes, draft saves (If-Match) and plan changes, kills the
// server with SIGKILL at random moments, restarts it, and after every
// restart reads back every write that got a 2xx. On SQLite it also runs
// PRAGMA integrity_check along the way and at the end. It prints
//
//	crash test (sqlite): N kills, M acknowledged writes checked, 0 lost
//
// and exits non-zero when anything is lost or goes wrong.
//
//	go run ./scripts/crashtest -bin bin/hoi                       # SQLite
//	go run ./scripts/crashtest -bin bin/hoi -postgres postgres://…  # PostgreSQL (a fresh database)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/scripts/internal/hoiclient"
	"github.com/hoi-app/hoi/scripts/internal/hoiproc"
	"github.com/hoi-app/hoi/scripts/internal/workload"
)

// accounts are the writers: one POH per demo practice, so each worker is a
// different user (a per-user rate limit then throttles each on its own).
var accounts = []string{"poh@hoi.example", "poh2@hoi.example", "poh3@hoi.example"}

func main() {
	bin := flag.String("bin", "bin/hoi", "the hoi binary")
	pg := flag.String("postgres", "", "URL of a fresh PostgreSQL database (default: SQLite in a temp dir)")
	kills := flag.Int("kills", 20, "how many times to kill the server")
	maxRun := flag.Duration("max-run", 1500*time.Millisecond, "longest stretch of writes between kills")
	limit := flag.Duration("timeout", 4*time.Minute, "give up after this long")
	keep := flag.Bool("keep", false, "keep the temp dir (logs, database)")
	flag.Parse()

	name := "sqlite"
	if *pg != "" {
		name = "postgres"
	}
	t := &test{name: name, bin: *bin, kills: *kills, maxRun: *maxRun}
	dir, err := os.MkdirTemp("", "hoi-crashtest-")
	if err != nil {
		fail(name, err)
	}
	if !*keep {
		defer os.RemoveAll(dir)
	}
	t.dir = dir
	if *pg != "" {
		t.url = *pg
	} else {
		t.dbPath = filepath.Join(dir, "hoi.db")
		t.url = "sqlite://" + t.dbPath
	}
	ctx, cancel := context.WithTimeout(context.Background(), *limit)
	defer cancel()
	start := time.Now()
	err = t.run(ctx)
	if t.proc != nil {
		t.proc.Kill()
	}
	if err != nil {
		if t.proc != nil {
			fmt.Fprintf(os.Stderr, "hoi log (tail):\n%s\n", t.proc.Tail(3000))
		}
		if !*keep {
			os.RemoveAll(dir)
		}
		fail(name, err)
	}
	integrity := ""
	if t.dbPath != "" {
		integrity = fmt.Sprintf("; PRAGMA integrity_check ok %d times", t.integrity)
	}
	fmt.Printf("crash test (%s): %d kills, %d acknowledged writes checked, 0 lost (%d notes, %d draft saves, %d plan changes; %d writes in doubt at a kill%s; %s)\n",
		name, t.killed, t.total(), t.sum("note"), t.sum("draft"), t.sum("plan"), t.inDoubt, integrity, time.Since(start).Round(time.Second))
}

func fail(name string, err error) {
	fmt.Fprintf(os.Stderr, "crash test (%s): FAILED: %v\n", name, err)
	os.Exit(1)
}

type test struct {
	name, bin, dir, url, dbPath string
	kills                       int
	maxRun                      time.Duration

	proc      *hoiproc.Proc
	addr      string
	workers   []*workload.Worker
	killed    int
	inDoubt   int
	integrity int
}

func (t *test) total() int {
	n := 0
	for _, w := range t.workers {
		n += w.Total()
	}
	return n
}

func (t *test) sum(kind string) int {
	n := 0
	for _, w := range t.workers {
		n += w.Acked[kind]
	}
	return n
}

func (t *test) start() error {
	p, err := hoiproc.Start(t.bin, hoiproc.Env(t.url), t.addr, filepath.Join(t.dir, "hoi.log"))
	if err != nil {
		return err
	}
	t.proc = p
	return p.WaitReady(30 * time.Second)
}

func (t *test) run(ctx context.Context) error {
	env := hoiproc.Env(t.url)
	if _, err := hoiproc.Run(ctx, t.bin, env, "seed-demo"); err != nil {
		return err
	}
	var err error
	if t.addr, err = hoiproc.FreeAddr(); err != nil {
		return err
	}
	if err := t.start(); err != nil {
		return err
	}
	seed := uint64(time.Now().UnixNano())
	fmt.Printf("crash test (%s): seed %d, %d workers, %d kills\n", t.name, seed, len(accounts), t.kills)
	for i, email := range accounts {
		w, err := workload.Setup(ctx, hoiclient.New(t.proc.URL()), fmt.Sprintf("w%d", i+1), email, hoiproc.DemoPassword, seed+uint64(i))
		if err != nil {
			return err
		}
		t.workers = append(t.workers, w)
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	g := newGate(len(t.workers))
	errc := make(chan error, len(t.workers))
	var wg sync.WaitGroup
	for _, w := range t.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.drive(ctx, w, g, errc)
		}()
	}
	defer func() { g.stop(); wg.Wait() }()

	for t.killed < t.kills {
		g.open()
		select {
		case <-time.After(time.Duration(50+rng.IntN(int(t.maxRun/time.Millisecond))) * time.Millisecond):
		case err := <-errc:
			return err
		case <-ctx.Done():
			return fmt.Errorf("timed out after %d kills", t.killed)
		}
		// Kill while requests are in flight, then let the workers park.
		g.close()
		if err := t.proc.Kill(); err != nil {
			return err
		}
		t.killed++
		if err := g.waitParked(ctx, 20*time.Second); err != nil {
			return err
		}
		select {
		case err := <-errc:
			return err
		default:
		}
		// Now and then check the files as the kill left them; most restarts
		// leave the WAL recovery to hoi itself.
		if t.dbPath != "" && t.killed%5 == 0 {
			if err := t.checkIntegrity(ctx); err != nil {
				return fmt.Errorf("after kill %d: %w", t.killed, err)
			}
		}
		if err := t.start(); err != nil {
			return fmt.Errorf("restart after kill %d: %w", t.killed, err)
		}
		if err := t.verify(ctx); err != nil {
			return fmt.Errorf("after kill %d: %w", t.killed, err)
		}
	}
	if err := t.proc.Stop(); err != nil {
		return err
	}
	if t.dbPath != "" {
		if err := t.checkIntegrity(ctx); err != nil {
			return fmt.Errorf("at the end: %w", err)
		}
	}
	if err := t.start(); err != nil {
		return err
	}
	if err := t.verify(ctx); err != nil {
		return fmt.Errorf("at the end: %w", err)
	}
	if t.total() == 0 {
		return errors.New("no write was acknowledged")
	}
	return t.proc.Stop()
}

// drive runs one worker until the gate stops: a write, a short pause, again.
func (t *test) drive(ctx context.Context, w *workload.Worker, g *gate, errc chan<- error) {
	for g.pass() {
		err := w.Step(ctx)
		switch {
		case errors.Is(err, workload.ErrInDoubt):
			if !g.closed() {
				// No answer while the server should be up: report it rather
				// than pretend it was a kill.
				if ctx.Err() == nil {
					errc <- fmt.Errorf("%s: a write got no answer while the server was up", w.Name)
				}
				g.park()
				return
			}
			t.countDoubt()
		case err != nil:
			errc <- err
			g.park()
			return
		}
		time.Sleep(time.Duration(2+len(w.Notes)%5) * time.Millisecond)
	}
}

var doubtMu sync.Mutex

func (t *test) countDoubt() {
	doubtMu.Lock()
	t.inDoubt++
	doubtMu.Unlock()
}

func (t *test) verify(ctx context.Context) error {
	var lost []string
	for _, w := range t.workers {
		l, err := w.Verify(ctx)
		if err != nil {
			return err
		}
		lost = append(lost, l...)
	}
	if len(lost) > 0 {
		return fmt.Errorf("%d acknowledged writes lost:\n  %s", len(lost), strings.Join(lost, "\n  "))
	}
	return nil
}

func (t *test) checkIntegrity(ctx context.Context) error {
	if _, err := store.VerifySQLite(ctx, t.dbPath); err != nil {
		return err
	}
	t.integrity++
	return nil
}
