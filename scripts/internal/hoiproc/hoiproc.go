// Package hoiproc starts, kills and stops hoi processes for the durability
// scripts under scripts/: the crash test, the two-instance test and the
// backup drill. Every process it starts dies with the program that started
// it (Pdeathsig), so a failed script leaves nothing running.
package hoiproc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// Secret is the fixed signing secret of the test instances: all instances of
// one test share it, as production instances must.
const Secret = "durability-test-secret-0123456789abcdef-0123456789"

// DemoPassword is the demo accounts' password in the tests.
const DemoPassword = "durability-demo-password"

// Env returns the environment for a hoi process on databaseURL: the current
// environment without any HOI_ variable, plus the test settings and extra.
// The metrics listener is off (several processes share the machine); a later
// HOI_METRICS_ADDR in extra wins.
func Env(databaseURL string, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HOI_") {
			env = append(env, kv)
		}
	}
	env = append(env, "HOI_ENV=dev", "HOI_JWT_SECRET="+Secret, "HOI_DEMO_PASSWORD="+DemoPassword,
		"HOI_LOG_LEVEL=warn", "HOI_METRICS_ADDR=off", "HOI_DATABASE_URL="+databaseURL)
	return append(env, extra...)
}

// FreeAddr returns a loopback address with a port that was free a moment ago.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// Run runs one hoi command (seed-demo, backup, …) to completion and returns
// its combined output.
func Run(ctx context.Context, bin string, env []string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("hoi %s: %w: %s", strings.Join(args, " "), err, tail(string(out), 1500))
	}
	return string(out), nil
}

// Proc is a running hoi serve.
type Proc struct {
	Addr    string
	LogPath string
	cmd     *exec.Cmd
	done    chan struct{}
	err     error
}

// Start starts hoi serve on addr with env, logging to logPath (appended, so
// one file tells the story of every restart).
func Start(bin string, env []string, addr, logPath string) (*Proc, error) {
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(logf, "---- start %s on %s\n", time.Now().Format(time.RFC3339Nano), addr)
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(append([]string(nil), env...), "HOI_ADDR="+addr)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("start hoi: %w", err)
	}
	p := &Proc{Addr: addr, LogPath: logPath, cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		logf.Close()
		close(p.done)
	}()
	return p, nil
}

// PID is the process id, for reading /proc/<pid>/status.
func (p *Proc) PID() int { return p.cmd.Process.Pid }

// URL is the base URL of the process.
func (p *Proc) URL() string { return "http://" + p.Addr }

// WaitReady waits until /readyz answers 200, failing early when the process
// exits.
func (p *Proc) WaitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	c := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return fmt.Errorf("hoi on %s exited before it was ready: %v (log: %s)", p.Addr, p.err, p.LogPath)
		default:
		}
		if resp, err := c.Get(p.URL() + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("hoi on %s not ready after %s (log: %s)", p.Addr, timeout, p.LogPath)
}

// Kill sends SIGKILL and waits for the process to be gone.
func (p *Proc) Kill() error {
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case <-p.done:
		return nil
	case <-time.After(10 * time.Second):
		return errors.New("hoi did not die within 10s of SIGKILL")
	}
}

// Stop asks the process to shut down gracefully (SIGTERM) and kills it when
// it has not stopped within 20 seconds.
func (p *Proc) Stop() error {
	select {
	case <-p.done:
		return nil
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		return nil
	case <-time.After(20 * time.Second):
		p.Kill()
		return errors.New("hoi did not stop within 20s of SIGTERM")
	}
}

// Tail returns the last n bytes of the process's log, for failure reports.
func (p *Proc) Tail(n int) string {
	b, _ := os.ReadFile(p.LogPath)
	return tail(string(b), n)
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
