// Command twoinstances runs two hoi processes on one PostgreSQL database
// behind nginx (round robin, no sticky sessions, loopback only) and checks
// that they behave as one service. Usage:
//
//	go run ./scripts/twoinstances -bin bin/hoi -postgres postgres://… [-nginx /usr/sbin/nginx]
//
// It checks that requests alternate between the instances (each instance's
// own /metrics counts them, and nginx names the upstream in a header of its
// own); that a login through one instance is refreshed through the other, the
// rotated-away refresh token presented again at once (a second tab) keeps the
// session, and after the grace is refused and ends it; that two concurrent saves of one
// draft with the same If-Match, one through each instance, give one 200 and
// one 412 and store the winner's text; that eight concurrent duplicates of a
// POST with one Idempotency-Key, over both instances, create one note; and
// that failed-login throttling holds
// across instances (wrong passwords from one address spread over both lock
// that account for that address on both, while the owner logs in from
// another), with the client address taken from X-Forwarded-For because
// HOI_TRUSTED_PROXIES trusts nginx.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/hoi-app/hoi/scripts/internal/hoiclient"
	"github.com/hoi-app/hoi/scripts/internal/hoiproc"
)

// upstreamHeader is added by nginx (not by hoi): which instance answered.
const upstreamHeader = "X-Test-Upstream"

func main() {
	bin := flag.String("bin", "bin/hoi", "the hoi binary")
	pg := flag.String("postgres", "", "URL of a fresh PostgreSQL database (required)")
	nginx := flag.String("nginx", "/usr/sbin/nginx", "the nginx binary")
	limit := flag.Duration("timeout", 2*time.Minute, "give up after this long")
	flag.Parse()
	if *pg == "" {
		fail(errors.New("-postgres is required: several instances need a shared database"))
	}
	dir, err := os.MkdirTemp("", "hoi-twoinstances-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	t := &test{bin: *bin, url: *pg, nginxBin: *nginx, dir: dir}
	ctx, cancel := context.WithTimeout(context.Background(), *limit)
	defer cancel()
	start := time.Now()
	err = t.run(ctx)
	t.cleanup()
	if err != nil {
		for _, p := range t.procs {
			fmt.Fprintf(os.Stderr, "hoi log %s (tail):\n%s\n", p.LogPath, p.Tail(1500))
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "error.log")); len(b) > 0 {
			fmt.Fprintf(os.Stderr, "nginx error log:\n%s\n", b)
		}
		os.RemoveAll(dir)
		fail(err)
	}
	fmt.Printf("two-instance test (postgres, nginx round robin): %s (%s)\n", strings.Join(t.passed, "; "), time.Since(start).Round(100*time.Millisecond))
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "two-instance test: FAILED: %v\n", err)
	os.Exit(1)
}

type test struct {
	bin, url, nginxBin, dir string
	procs                   []*hoiproc.Proc
	metrics                 []string // each instance's metrics listener
	nginx                   *exec.Cmd
	lb                      string // base URL of nginx
	passed                  []string
}

func (t *test) cleanup() {
	if t.nginx != nil && t.nginx.Process != nil {
		t.nginx.Process.Signal(syscall.SIGTERM) // fast shutdown of master and workers
		done := make(chan struct{})
		go func() { t.nginx.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.nginx.Process.Kill()
		}
	}
	for _, p := range t.procs {
		p.Stop()
	}
}

func (t *test) run(ctx context.Context) error {
	env := hoiproc.Env(t.url, "HOI_TRUSTED_PROXIES=127.0.0.1/32")
	if _, err := hoiproc.Run(ctx, t.bin, env, "seed-demo"); err != nil {
		return err
	}
	for i := range 2 {
		addr, err := hoiproc.FreeAddr()
		if err != nil {
			return err
		}
		metricsAddr, err := hoiproc.FreeAddr()
		if err != nil {
			return err
		}
		p, err := hoiproc.Start(t.bin, append(env, "HOI_METRICS_ADDR="+metricsAddr), addr, filepath.Join(t.dir, fmt.Sprintf("hoi%d.log", i+1)))
		if err != nil {
			return err
		}
		t.procs = append(t.procs, p)
		t.metrics = append(t.metrics, metricsAddr)
	}
	for _, p := range t.procs {
		if err := p.WaitReady(30 * time.Second); err != nil {
			return err
		}
	}
	if err := t.startNginx(); err != nil {
		return err
	}
	for _, step := range []struct {
		name string
		fn   func(context.Context) error
	}{
		{"no sticky sessions", t.alternates},
		{"login on one, refresh on the other", t.refreshAcross},
		{"concurrent draft saves", t.concurrentDraft},
		{"a retried POST creates once", t.idempotentAcross},
		{"login throttling across instances", t.throttleAcross},
	} {
		if err := step.fn(ctx); err != nil {
			return fmt.Errorf("%s: %w", step.name, err)
		}
	}
	return nil
}

func (t *test) startNginx() error {
	addr, err := hoiproc.FreeAddr()
	if err != nil {
		return err
	}
	user := ""
	if os.Geteuid() == 0 {
		// Workers would switch to nobody, who cannot enter this 0700 temp dir.
		user = "user root;"
	}
	conf := fmt.Sprintf(`# two-instance test: loopback only, round robin, no stickiness.
%s
daemon off;
worker_processes 1;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log warn;
events { worker_connections 256; }
http {
  access_log %[2]s/access.log;
  client_body_temp_path %[2]s/body;
  proxy_temp_path %[2]s/proxy;
  fastcgi_temp_path %[2]s/fastcgi;
  uwsgi_temp_path %[2]s/uwsgi;
  scgi_temp_path %[2]s/scgi;
  upstream hoi {
    server %[3]s max_fails=0;
    server %[4]s max_fails=0;
  }
  server {
    listen %[5]s;
    location / {
      proxy_pass http://hoi;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream off;
      add_header %[6]s $upstream_addr always;
    }
  }
}
`, user, t.dir, t.procs[0].Addr, t.procs[1].Addr, addr, upstreamHeader)
	confPath := filepath.Join(t.dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		return err
	}
	cmd := exec.Command(t.nginxBin, "-p", t.dir, "-c", confPath, "-e", filepath.Join(t.dir, "error.log"))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start nginx: %w", err)
	}
	t.nginx = cmd
	t.lb = "http://" + addr
	c := &http.Client{Timeout: time.Second}
	for range 200 {
		if resp, err := c.Get(t.lb + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	return errors.New("nginx did not answer within 5s")
}

// upstream names the instance (1 or 2) that answered through nginx.
func (t *test) upstream(r *hoiclient.Response) int {
	for i, p := range t.procs {
		if r.Header.Get(upstreamHeader) == p.Addr {
			return i + 1
		}
	}
	return 0
}

// served reads hoi_http_requests_total for route from an instance's /metrics
// (on its own listener).
func served(ctx context.Context, metricsAddr string, route string) (int, error) {
	r, err := hoiclient.New("http://"+metricsAddr).Do(ctx, "GET", "/metrics", nil, nil)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, line := range strings.Split(string(r.Body), "\n") {
		if strings.HasPrefix(line, "hoi_http_requests_total{") && strings.Contains(line, `route="`+route+`"`) {
			f := strings.Fields(line)
			v, _ := strconv.ParseFloat(f[len(f)-1], 64)
			n += int(v)
		}
	}
	return n, nil
}

func (t *test) login(ctx context.Context, email string) (*hoiclient.Client, *hoiclient.Response, error) {
	c := hoiclient.New(t.lb)
	r, err := c.Login(ctx, email, hoiproc.DemoPassword)
	if err != nil {
		return nil, nil, err
	}
	return c, r, hoiclient.Expect(r, "login "+email, http.StatusOK)
}

func (t *test) alternates(ctx context.Context) error {
	c, _, err := t.login(ctx, "poh@hoi.example")
	if err != nil {
		return err
	}
	var before [2]int
	for i := range t.procs {
		if before[i], err = served(ctx, t.metrics[i], "/api/v1/me"); err != nil {
			return err
		}
	}
	const n = 20
	seq := make([]int, 0, n)
	for range n {
		r, err := c.Do(ctx, "GET", "/api/v1/me", nil, nil)
		if err != nil {
			return err
		}
		if err := hoiclient.Expect(r, "GET /me through nginx", 200); err != nil {
			return err
		}
		seq = append(seq, t.upstream(r))
	}
	var got [2]int
	for i := range t.procs {
		after, err := served(ctx, t.metrics[i], "/api/v1/me")
		if err != nil {
			return err
		}
		got[i] = after - before[i]
	}
	if got[0]+got[1] != n || got[0] < n/2-1 || got[1] < n/2-1 {
		return fmt.Errorf("instances' /metrics counted %d and %d of %d requests; want about half each", got[0], got[1], n)
	}
	for i := 1; i < len(seq); i++ {
		if seq[i] == seq[i-1] || seq[i] == 0 {
			return fmt.Errorf("upstreams in order: %v; want them to alternate", seq)
		}
	}
	t.passed = append(t.passed, fmt.Sprintf("%d requests alternated (metrics: %d + %d)", n, got[0], got[1]))
	return nil
}

func (t *test) refreshAcross(ctx context.Context) error {
	c, r, err := t.login(ctx, "peer@hoi.example")
	if err != nil {
		return err
	}
	first := t.upstream(r)
	old := c.Refresh
	if old == "" {
		return errors.New("login set no refresh cookie")
	}
	// Round robin sends the next request to the other instance; a filler
	// request puts it back on track should anything else have come between.
	for attempt := 0; ; attempt++ {
		r, err = c.RefreshSession(ctx)
		if err != nil {
			return err
		}
		if err := hoiclient.Expect(r, "refresh", http.StatusOK); err != nil {
			return err
		}
		if t.upstream(r) != first {
			break
		}
		if attempt == 3 {
			return errors.New("every refresh went to the instance that logged in")
		}
		first = t.upstream(r)
		if _, err := c.Do(ctx, "GET", "/healthz", nil, nil); err != nil {
			return err
		}
	}
	second := t.upstream(r)
	// The new access token works on both instances.
	seen := map[int]bool{}
	for range 2 {
		r, err := c.Do(ctx, "GET", "/api/v1/me", nil, nil)
		if err != nil {
			return err
		}
		if err := hoiclient.Expect(r, "GET /me with the refreshed token", 200); err != nil {
			return err
		}
		seen[t.upstream(r)] = true
	}
	if !seen[1] || !seen[2] {
		return fmt.Errorf("the refreshed token was used on %v only", seen)
	}
	// A second tab presents the same, just-rotated token through the other
	// instance: within the grace it gets a sibling, and the session lives.
	tab := hoiclient.New(t.lb)
	tab.Refresh = old
	r, err = tab.RefreshSession(ctx)
	if err != nil {
		return err
	}
	if err := hoiclient.Expect(r, "the rotated token again within the grace (a second tab)", http.StatusOK); err != nil {
		return err
	}
	sibling := t.upstream(r)
	for _, cl := range []*hoiclient.Client{c, tab} {
		r, err := cl.Do(ctx, "GET", "/api/v1/me", nil, nil)
		if err != nil {
			return err
		}
		if err := hoiclient.Expect(r, "GET /me of both tabs", 200); err != nil {
			return err
		}
	}
	// After the grace, the rotated-away token is a theft: refused, and the
	// whole session ends, on whichever instance.
	time.Sleep(refreshGrace + time.Second)
	stale := hoiclient.New(t.lb)
	stale.Refresh = old
	r, err = stale.RefreshSession(ctx)
	if err != nil {
		return err
	}
	if err := hoiclient.Expect(r, "reuse of the old refresh token after the grace", http.StatusUnauthorized); err != nil {
		return err
	}
	refused := t.upstream(r)
	for _, cl := range []*hoiclient.Client{c, tab} {
		r, err := cl.Do(ctx, "GET", "/api/v1/me", nil, nil)
		if err != nil {
			return err
		}
		if err := hoiclient.Expect(r, "GET /me after the family was revoked", http.StatusUnauthorized); err != nil {
			return err
		}
	}
	t.passed = append(t.passed, fmt.Sprintf("login on instance %d, refresh on instance %d, the same token again within the grace on instance %d (sibling, session alive), after the grace refused on instance %d and the session ended",
		first, second, sibling, refused))
	return nil
}

// refreshGrace mirrors auth.RefreshGrace: how long a rotated refresh token
// may come back (two tabs) before it counts as stolen.
const refreshGrace = 5 * time.Second

func (t *test) concurrentDraft(ctx context.Context) error {
	c, _, err := t.login(ctx, "poh2@hoi.example")
	if err != nil {
		return err
	}
	r, err := c.Do(ctx, "POST", "/api/v1/cases", map[string]any{"label": "LB", "birth_year": 1990, "question": "twee instanties", "referral_intention": "none"}, nil)
	if err != nil {
		return err
	}
	if err := hoiclient.Expect(r, "create case", 201); err != nil {
		return err
	}
	var created struct {
		ID int64 `json:"id"`
	}
	r.JSON(&created)
	r, err = c.Do(ctx, "POST", fmt.Sprintf("/api/v1/cases/%d/conversations", created.ID), map[string]any{"held_on": time.Now().UTC().Format("2006-01-02"), "kind": "exploratory", "location": "home"}, nil)
	if err != nil {
		return err
	}
	if err := hoiclient.Expect(r, "create draft", 201); err != nil {
		return err
	}
	r.JSON(&created)
	path := fmt.Sprintf("/api/v1/conversations/%d", created.ID)
	version := r.Version()

	const rounds = 10
	across := 0
	for round := range rounds {
		// Two clients, so two connections to nginx, released at once.
		var wg sync.WaitGroup
		var res [2]*hoiclient.Response
		var errs [2]error
		texts := [2]string{fmt.Sprintf("ronde %d: versie A", round), fmt.Sprintf("ronde %d: versie B", round)}
		startGun := make(chan struct{})
		for i := range 2 {
			cc := hoiclient.New(t.lb)
			cc.Token = c.Token
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-startGun
				res[i], errs[i] = cc.Do(ctx, "PATCH", path, map[string]any{"sections": map[string]any{"story": texts[i]}}, map[string]string{"If-Match": strconv.Quote(strconv.FormatInt(version, 10))})
			}()
		}
		close(startGun)
		wg.Wait()
		if err := errors.Join(errs[0], errs[1]); err != nil {
			return err
		}
		winner := -1
		for i, r := range res {
			if r.Status == 200 {
				winner = i
			}
		}
		statuses := []int{res[0].Status, res[1].Status}
		if winner < 0 || res[1-winner].Status != http.StatusPreconditionFailed {
			return fmt.Errorf("round %d: statuses %v, want one 200 and one 412", round, statuses)
		}
		if t.upstream(res[0]) != t.upstream(res[1]) {
			across++
		}
		r, err := c.Do(ctx, "GET", path, nil, nil)
		if err != nil {
			return err
		}
		var conv struct {
			Sections struct {
				Story string `json:"story"`
			} `json:"sections"`
		}
		r.JSON(&conv)
		if conv.Sections.Story != texts[winner] || r.Version() != version+1 {
			return fmt.Errorf("round %d: stored %q at version %d, want the winner's %q at version %d", round, conv.Sections.Story, r.Version(), texts[winner], version+1)
		}
		version = r.Version()
	}
	if across < rounds/2 {
		return fmt.Errorf("only %d of %d rounds had the two saves on different instances", across, rounds)
	}
	t.passed = append(t.passed, fmt.Sprintf("%d rounds of two concurrent saves (%d across both instances): one 200 + one 412 each, winner's text stored", rounds, across))
	return nil
}

// idempotentAcross sends one note eight times at once with one
// Idempotency-Key, through nginx over both instances, then once more: one
// note is created, every answer is that note or a 409 "still in progress",
// and the key with another body is 422.
func (t *test) idempotentAcross(ctx context.Context) error {
	c, _, err := t.login(ctx, "poh@hoi.example")
	if err != nil {
		return err
	}
	r, err := c.Do(ctx, "POST", "/api/v1/cases", map[string]any{"label": "Idem", "birth_year": 1985, "question": "één keer", "referral_intention": "none"}, nil)
	if err != nil {
		return err
	}
	if err := hoiclient.Expect(r, "create case", 201); err != nil {
		return err
	}
	var created struct {
		ID int64 `json:"id"`
	}
	r.JSON(&created)
	notes := fmt.Sprintf("/api/v1/cases/%d/notes", created.ID)
	key := map[string]string{"Idempotency-Key": fmt.Sprintf(`"twoinstances-%d"`, time.Now().UnixNano())}
	body := map[string]any{"text": "Verstuurd, time-out, opnieuw verstuurd"}
	const n = 8
	var wg sync.WaitGroup
	res := make([]*hoiclient.Response, n)
	errs := make([]error, n)
	startGun := make(chan struct{})
	for i := range n {
		cc := hoiclient.New(t.lb)
		cc.Token = c.Token
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-startGun
			res[i], errs[i] = cc.Do(ctx, "POST", notes, body, key)
		}()
	}
	close(startGun)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	var on [3]int
	fresh, replayed, busy := 0, 0, 0
	for _, r := range res {
		on[t.upstream(r)]++
		switch {
		case r.Status == 201 && r.Header.Get("Idempotent-Replayed") == "":
			fresh++
		case r.Status == 201:
			replayed++
		case r.Status == http.StatusConflict && r.Header.Get("Retry-After") != "":
			busy++
		default:
			return fmt.Errorf("a duplicate was answered %s", r)
		}
	}
	if fresh != 1 {
		return fmt.Errorf("%d of %d concurrent duplicates were carried out (%d replayed, %d told to wait); want exactly one", fresh, n, replayed, busy)
	}
	if on[1] == 0 || on[2] == 0 {
		return fmt.Errorf("the duplicates went to instances %v; want both", on)
	}
	retry, err := c.Do(ctx, "POST", notes, body, key)
	if err != nil {
		return err
	}
	if retry.Status != 201 || retry.Header.Get("Idempotent-Replayed") != "true" {
		return fmt.Errorf("the retry after the race: got %s (replayed %q), want the first answer", retry, retry.Header.Get("Idempotent-Replayed"))
	}
	other, err := c.Do(ctx, "POST", notes, map[string]any{"text": "iets anders"}, key)
	if err != nil {
		return err
	}
	if err := hoiclient.Expect(other, "the same key with another body", http.StatusUnprocessableEntity); err != nil {
		return err
	}
	list, err := c.Do(ctx, "GET", notes, nil, nil)
	if err != nil {
		return err
	}
	var l struct {
		Total int `json:"total"`
	}
	if err := list.JSON(&l); err != nil {
		return err
	}
	if l.Total != 1 {
		return fmt.Errorf("the case has %d notes after %d sends with one key; want 1", l.Total, n+2)
	}
	t.passed = append(t.passed, fmt.Sprintf("%d concurrent duplicates with one Idempotency-Key over both instances (%d + %d): 1 created, %d replayed, %d told to wait; the retry replayed, another body 422, 1 note stored",
		n, on[1], on[2], replayed, busy))
	return nil
}

func (t *test) throttleAcross(ctx context.Context) error {
	// A client address of its own (TEST-NET-1), passed on by nginx in
	// X-Forwarded-For and believed because nginx is a trusted proxy.
	c := hoiclient.New(t.lb)
	c.ForwardedFor = "192.0.2.77"
	const email = "gp2@hoi.example"
	var on [3]int
	var statuses []int
	for i := range 6 {
		r, err := c.Do(ctx, "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": fmt.Sprintf("wrong-password-%d", i)}, nil)
		if err != nil {
			return err
		}
		on[t.upstream(r)]++
		statuses = append(statuses, r.Status)
	}
	for i, s := range statuses {
		want := http.StatusUnauthorized
		if i == 5 {
			want = http.StatusTooManyRequests
		}
		if s != want {
			return fmt.Errorf("statuses of 6 wrong passwords: %v, want five 401 then 429", statuses)
		}
	}
	if on[1] == 0 || on[2] == 0 {
		return fmt.Errorf("the wrong passwords went to instances %v; want both", on)
	}
	// Now even the right password is refused, on both instances.
	seen := map[int]bool{}
	for range 2 {
		r, err := c.Do(ctx, "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": hoiproc.DemoPassword}, nil)
		if err != nil {
			return err
		}
		if err := hoiclient.Expect(r, "right password after the lockout", http.StatusTooManyRequests); err != nil {
			return err
		}
		if r.Header.Get("Retry-After") == "" {
			return errors.New("429 without Retry-After")
		}
		seen[t.upstream(r)] = true
	}
	if !seen[1] || !seen[2] {
		return fmt.Errorf("429 seen on %v only; want both instances", seen)
	}
	// The lockout is the (account, address) pair's, not the proxy's: another
	// client through the same nginx still logs in.
	if _, _, err := t.login(ctx, "coach@hoi.example"); err != nil {
		return fmt.Errorf("another account through the same proxy: %w", err)
	}
	// And the account's owner, from another address, is slowed down but
	// not locked out, whichever instance answers.
	owner := hoiclient.New(t.lb)
	owner.ForwardedFor = "192.0.2.78"
	started := time.Now()
	r, err := owner.Login(ctx, email, hoiproc.DemoPassword)
	if err != nil {
		return err
	}
	if err := hoiclient.Expect(r, "the right password from another address", http.StatusOK); err != nil {
		return err
	}
	t.passed = append(t.passed, fmt.Sprintf("6 wrong passwords over both instances (%d + %d): 401×5 then 429, and 429 on both for the right one from that address; the owner from another address logs in (after %s)",
		on[1], on[2], time.Since(started).Round(10*time.Millisecond)))
	return nil
}
