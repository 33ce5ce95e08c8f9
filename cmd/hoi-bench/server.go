package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// proc is a server process the bench started and will stop.
type proc struct {
	name string
	cmd  *exec.Cmd
	base string
	log  *os.File
}

// freeAddr finds a free loopback port: the bench never listens elsewhere.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func randomSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func start(ctx context.Context, name, bin string, args, env []string, logPath, ready string) (*proc, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	lf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	// The metrics listener is off: the bench reads RSS from /proc, and a
	// second listener on a fixed port would clash with a running hoi.
	cmd.Env = append(os.Environ(), append(env, "HOI_ADDR="+addr, "BENCH_ADDR="+addr, "HOI_METRICS_ADDR=off")...)
	cmd.Stdout, cmd.Stderr = lf, lf
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		lf.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, base: "http://" + addr, log: lf}
	deadline := time.Now().Add(5 * time.Minute) // first start migrates a big file
	for time.Now().Before(deadline) {
		if ctx.Err() != nil {
			p.stop()
			return nil, ctx.Err()
		}
		res, err := http.Get(p.base + ready)
		if err == nil {
			res.Body.Close()
			if res.StatusCode < 500 {
				return p, nil
			}
		}
		if cmd.ProcessState != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.stop()
	return nil, fmt.Errorf("%s did not become ready; see %s", name, logPath)
}

// stop ends the process gracefully (SIGTERM), then for good.
func (p *proc) stop() {
	if p == nil || p.cmd.Process == nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
	p.log.Close()
}

// memKB reads a field (VmHWM, VmRSS) of /proc/<pid>/status in KiB.
func (p *proc) memKB(field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
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

// pprofOverlay is added to cmd/hoi in a bench-only build (go build -overlay),
// so the shipped binary never carries a profiling endpoint.
const pprofOverlay = `package main

import (
	"net/http"
	_ "net/http/pprof"
	"os"
)

func init() {
	if a := os.Getenv("HOI_BENCH_PPROF_ADDR"); a != "" {
		go http.ListenAndServe(a, nil)
	}
}
`

// buildProfiled builds bin/hoi-pprof: cmd/hoi plus a pprof listener on a
// loopback address taken from HOI_BENCH_PPROF_ADDR.
func buildProfiled(repo string) (string, error) {
	dir, err := os.MkdirTemp("", "hoi-bench-overlay")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "zz_bench_pprof.go")
	if err := os.WriteFile(src, []byte(pprofOverlay), 0o600); err != nil {
		return "", err
	}
	target, _ := filepath.Abs(filepath.Join(repo, "cmd/hoi/zz_bench_pprof.go"))
	ov := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(ov, []byte(fmt.Sprintf(`{"Replace":{%q:%q}}`, target, src)), 0o600); err != nil {
		return "", err
	}
	out := filepath.Join(repo, "bin/hoi-pprof")
	cmd := exec.Command("go", "build", "-trimpath", "-overlay", ov, "-o", out, "./cmd/hoi")
	cmd.Dir, cmd.Stdout, cmd.Stderr = repo, os.Stderr, os.Stderr
	return out, cmd.Run()
}
