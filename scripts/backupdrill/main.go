// Command backupdrill takes a backup of a serving hoi under write load,
// restores it into a new database, starts hoi on that, and checks that the
// restored database is consistent and holds every write acknowledged before
// the backup began.
//
// On SQLite (the default) it uses hoi backup (VACUUM INTO) and hoi restore
// into a new path, and also checks that hoi restore refuses while the
// server has the database open. On PostgreSQL (-postgres URL, with
// -restore-into URL naming a second, empty database) it uses hoi backup
// (pg_dump --format=custom) and pg_restore.
//
//	go run ./scripts/backupdrill -bin bin/hoi
//	go run ./scripts/backupdrill -bin bin/hoi -postgres postgres://…/a -restore-into postgres://…/b
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/scripts/internal/hoiclient"
	"github.com/hoi-app/hoi/scripts/internal/hoiproc"
	"github.com/hoi-app/hoi/scripts/internal/workload"
)

var accounts = []string{"poh@hoi.example", "poh2@hoi.example", "poh3@hoi.example"}

func main() {
	bin := flag.String("bin", "bin/hoi", "the hoi binary")
	pg := flag.String("postgres", "", "URL of a fresh PostgreSQL database to back up (default: SQLite in a temp dir)")
	into := flag.String("restore-into", "", "URL of an empty PostgreSQL database to restore into (with -postgres)")
	limit := flag.Duration("timeout", 3*time.Minute, "give up after this long")
	flag.Parse()
	name := "sqlite"
	if *pg != "" {
		name = "postgres"
		if *into == "" {
			fail(name, errors.New("-postgres needs -restore-into"))
		}
	}
	dir, err := os.MkdirTemp("", "hoi-backupdrill-")
	if err != nil {
		fail(name, err)
	}
	defer os.RemoveAll(dir)
	d := &drill{name: name, bin: *bin, dir: dir, url: *pg, into: *into}
	if *pg == "" {
		d.url = "sqlite://" + filepath.Join(dir, "hoi.db")
		d.into = "sqlite://" + filepath.Join(dir, "restored", "hoi.db")
	}
	ctx, cancel := context.WithTimeout(context.Background(), *limit)
	defer cancel()
	start := time.Now()
	err = d.run(ctx)
	for _, p := range d.procs {
		p.Kill()
	}
	if err != nil {
		for _, p := range d.procs {
			fmt.Fprintf(os.Stderr, "hoi log %s (tail):\n%s\n", p.LogPath, p.Tail(2000))
		}
		os.RemoveAll(dir)
		fail(name, err)
	}
	check := "integrity_check ok"
	if name == "postgres" {
		check = "pg_restore --exit-on-error clean"
	}
	fmt.Printf("backup drill (%s): backup by %s under load (%d writes acknowledged before it began, %d during it, %d after), restored: %s, all %d acknowledged-before writes present, 0 lost (%s)\n",
		name, d.tool, d.before, d.during, d.after, check, d.before, time.Since(start).Round(100*time.Millisecond))
}

func fail(name string, err error) {
	fmt.Fprintf(os.Stderr, "backup drill (%s): FAILED: %v\n", name, err)
	os.Exit(1)
}

type drill struct {
	name, bin, dir, url, into string
	procs                     []*hoiproc.Proc
	tool                      string
	before, during, after     int
}

// driven is a worker that a goroutine drives while the drill snapshots it.
type driven struct {
	mu sync.Mutex
	w  *workload.Worker
}

func (d *drill) serve(url, log string) (*hoiproc.Proc, error) {
	addr, err := hoiproc.FreeAddr()
	if err != nil {
		return nil, err
	}
	p, err := hoiproc.Start(d.bin, hoiproc.Env(url), addr, filepath.Join(d.dir, log))
	if err != nil {
		return nil, err
	}
	d.procs = append(d.procs, p)
	return p, p.WaitReady(30 * time.Second)
}

func (d *drill) run(ctx context.Context) error {
	if _, err := hoiproc.Run(ctx, d.bin, hoiproc.Env(d.url), "seed-demo"); err != nil {
		return err
	}
	srv, err := d.serve(d.url, "hoi.log")
	if err != nil {
		return err
	}
	var workers []*driven
	for i, email := range accounts {
		w, err := workload.Setup(ctx, hoiclient.New(srv.URL()), fmt.Sprintf("b%d", i+1), email, hoiproc.DemoPassword, uint64(time.Now().UnixNano())+uint64(i))
		if err != nil {
			return err
		}
		workers = append(workers, &driven{w: w})
	}
	stop := make(chan struct{})
	errc := make(chan error, len(workers))
	var wg sync.WaitGroup
	for _, dw := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				dw.mu.Lock()
				err := dw.w.Step(ctx)
				dw.mu.Unlock()
				if err != nil {
					errc <- err
					return
				}
				time.Sleep(2 * time.Millisecond)
			}
		}()
	}
	stopWorkers := func() error {
		close(stop)
		wg.Wait()
		select {
		case err := <-errc:
			return err
		default:
			return nil
		}
	}

	time.Sleep(1500 * time.Millisecond) // load first
	var snaps []workload.Snapshot
	for _, dw := range workers {
		dw.mu.Lock()
		snaps = append(snaps, dw.w.Snapshot())
		d.before += dw.w.Total()
		dw.mu.Unlock()
	}
	backup := filepath.Join(d.dir, "hoi.backup")
	out, err := hoiproc.Run(ctx, d.bin, hoiproc.Env(d.url), "backup", "--to", backup)
	if err != nil {
		stopWorkers()
		return err
	}
	fmt.Print(indent(out))
	d.during = total(workers) - d.before
	if strings.Contains(out, "pg_dump") {
		d.tool = "pg_dump"
	} else {
		d.tool = "VACUUM INTO"
	}
	time.Sleep(500 * time.Millisecond) // more load after
	if err := stopWorkers(); err != nil {
		return err
	}
	d.after = total(workers) - d.before - d.during

	if fi, err := os.Stat(backup); err != nil {
		return err
	} else if fi.Mode().Perm() != 0o600 {
		return fmt.Errorf("backup file mode %v, want 0600", fi.Mode().Perm())
	}
	if d.name == "sqlite" {
		// A restore over the serving database must be refused.
		if out, err := hoiproc.Run(ctx, d.bin, hoiproc.Env(d.url), "restore", "--from", backup); err == nil || !strings.Contains(out, "in use") {
			return fmt.Errorf("restore over the serving database: got %v, want a refusal saying it is in use: %s", err, out)
		}
	}
	if err := srv.Stop(); err != nil {
		return err
	}
	if err := d.restore(ctx, backup); err != nil {
		return err
	}

	restored, err := d.serve(d.into, "restored.log")
	if err != nil {
		return err
	}
	var lost []string
	for i, s := range snaps {
		c := hoiclient.New(restored.URL())
		if r, err := c.Login(ctx, accounts[i], hoiproc.DemoPassword); err != nil {
			return err
		} else if err := hoiclient.Expect(r, "login on the restored database", 200); err != nil {
			return err
		}
		l, err := s.Holds(ctx, c)
		if err != nil {
			return err
		}
		lost = append(lost, l...)
	}
	if len(lost) > 0 {
		return fmt.Errorf("the restored database misses %d writes acknowledged before the backup began:\n  %s", len(lost), strings.Join(lost, "\n  "))
	}
	if err := restored.Stop(); err != nil {
		return err
	}
	if d.name == "sqlite" {
		if _, err := store.VerifySQLite(ctx, strings.TrimPrefix(d.into, "sqlite://")); err != nil {
			return fmt.Errorf("restored database after serving: %w", err)
		}
	}
	return nil
}

// restore puts the backup into the new database: hoi restore on SQLite
// (which checks integrity and migrates), pg_restore and hoi migrate on
// PostgreSQL.
func (d *drill) restore(ctx context.Context, backup string) error {
	if d.name == "sqlite" {
		out, err := hoiproc.Run(ctx, d.bin, hoiproc.Env(d.into), "restore", "--from", backup)
		fmt.Print(indent(out))
		if err != nil {
			return err
		}
		_, err = store.VerifySQLite(ctx, strings.TrimPrefix(d.into, "sqlite://"))
		return err
	}
	cmd := exec.CommandContext(ctx, "pg_restore", "--no-owner", "--exit-on-error", "--dbname="+d.into, backup)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pg_restore: %w: %s", err, out)
	}
	fmt.Println("  pg_restore --no-owner --exit-on-error into a fresh database: ok")
	_, err := hoiproc.Run(ctx, d.bin, hoiproc.Env(d.into), "migrate")
	return err
}

func total(ws []*driven) int {
	n := 0
	for _, dw := range ws {
		dw.mu.Lock()
		n += dw.w.Total()
		dw.mu.Unlock()
	}
	return n
}

func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if l != "" {
			b.WriteString("  " + l + "\n")
		}
	}
	return b.String()
}
