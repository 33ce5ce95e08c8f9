package api_test

import (
	"crypto/tls"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hoi-app/hoi/api"
)

// inventedMethod returns a syntactically valid, never-seen method of n letters.
func inventedMethod(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('A' + r.IntN(26))
	}
	return string(b)
}

// hoiSeries counts the hoi_http_* series in reg.
func hoiSeries(t *testing.T, reg *prometheus.Registry) int {
	t.Helper()
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range fams {
		if strings.HasPrefix(f.GetName(), "hoi_http_") {
			n += len(f.GetMetric())
		}
	}
	return n
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestMetricsStayBoundedWhateverClientsSend sends 1,000 distinct invented
// methods (4 KB each) and 1,000 distinct invented paths, unauthenticated,
// and checks that the metric series, the heap and the log stay bounded.
func TestMetricsStayBoundedWhateverClientsSend(t *testing.T) {
	reg := prometheus.NewRegistry()
	e := newEnv(t, func(d *api.Deps) { d.Registry = reg })
	h := e.srv.Handler()
	rnd := rand.New(rand.NewPCG(1, 2))
	send := func(method, path string) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(method, path, nil))
		if w.Code >= 500 {
			t.Fatalf("%.20s %s: got %d", method, path, w.Code)
		}
	}
	// Warm up every kind of answer once, so the baseline holds their series.
	send("GET", "/healthz")
	send("BREW", "/api/v1/cases")
	send("GET", "/api/v1/no-such-route")
	send("PATCH", "/no-such-page")
	base, heapBefore, logBefore := hoiSeries(t, reg), heapInUse(), len(e.logs.String())

	const n = 1000
	for i := range n {
		path := fmt.Sprintf("/api/v1/x%d/%s", i, inventedMethod(rnd, 12))
		send(inventedMethod(rnd, 4096), path)                     // a 405 or 404
		send("GET", path)                                         // a 404 on an invented path
		send(inventedMethod(rnd, 8), fmt.Sprintf("/inv/%d", i))   // the SPA's catch-all: 405
		send("DELETE", fmt.Sprintf("/api/v1/cases/%d/x%d", i, i)) // unmatched below a real route
	}
	after := hoiSeries(t, reg)
	heapGrowth := int64(heapInUse()) - int64(heapBefore)
	logGrowth := len(e.logs.String()) - logBefore
	t.Logf("series: %d before, %d after %d hostile requests; heap %+d KB; log %+d KB", base, after, 4*n, heapGrowth>>10, logGrowth>>10)
	if after-base > 10 {
		t.Errorf("hoi_http_* series grew from %d to %d: labels follow what clients send", base, after)
	}
	if heapGrowth > 2<<20 {
		t.Errorf("heap grew by %d KB over %d hostile requests, want under 2 MB", heapGrowth>>10, 4*n)
	}
	if perLine := logGrowth / (4 * n); perLine > 400 {
		t.Errorf("log lines of hostile requests average %d bytes, want under 400", perLine)
	}
}

func TestLogLinesCutUntrustedValues(t *testing.T) {
	e := newEnv(t)
	long := strings.Repeat("M", 30<<10)
	w := httptest.NewRecorder()
	r := httptest.NewRequest(long, "/api/v1/cases", nil)
	r.Header.Set("X-Request-Id", `"}{"injected":true,`+strings.Repeat("x", 200))
	e.srv.Handler().ServeHTTP(w, r)
	for _, line := range strings.Split(strings.TrimSpace(e.logs.String()), "\n") {
		if len(line) > 600 {
			t.Errorf("a log line of %d bytes: %.200s…", len(line), line)
		}
		if strings.Contains(line, "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM") || strings.Contains(line, `"injected":true`) {
			t.Errorf("a log line carries the client's value: %.300s", line)
		}
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("log line is not JSON: %.300s", line)
		}
		if entry["msg"] == "request" && entry["method"] != "other" {
			t.Errorf("invented method logged as %q, want other", entry["method"])
		}
		if id, ok := entry["client_request_id"].(string); ok && !regexp.MustCompile(`^[A-Za-z0-9._:/?-]{1,64}~?$`).MatchString(id) {
			t.Errorf("client_request_id %q is not cut and sanitised", id)
		}
	}
}

func TestRequestIDsAreMadeByTheServer(t *testing.T) {
	e := newEnv(t)
	tok := e.session("poh@hoi.example")
	hexID := regexp.MustCompile(`^[0-9a-f]{32}$`)
	r := e.do(req{method: "GET", path: "/api/v1/cases", token: tok, header: map[string]string{"X-Request-Id": "lb-1234.abc"}})
	got := r.header.Get("X-Request-Id")
	if got == "lb-1234.abc" || !hexID.MatchString(got) {
		t.Errorf("X-Request-Id: got %q, want one the server made (32 hex digits)", got)
	}
	for _, row := range e.accessLog() {
		if row.RequestID == "lb-1234.abc" {
			t.Errorf("the access log records the client's request id: %+v", row)
		}
	}
	var line map[string]any
	for _, l := range strings.Split(e.logs.String(), "\n") {
		if strings.Contains(l, got) && strings.Contains(l, `"msg":"request"`) {
			json.Unmarshal([]byte(l), &line)
		}
	}
	if line["request_id"] != got || line["client_request_id"] != "lb-1234.abc" {
		t.Errorf("log line: got request_id %v, client_request_id %v; want the server's id and the client's in its own field", line["request_id"], line["client_request_id"])
	}
	p := e.do(req{method: "GET", path: "/api/v1/cases/999999", token: tok, header: map[string]string{"X-Request-Id": "mine"}})
	if id := p.problem().RequestID; id != p.header.Get("X-Request-Id") || id == "mine" {
		t.Errorf("problem request_id %q, header %q: want the server's id in both", id, p.header.Get("X-Request-Id"))
	}
}

func TestHSTSOnlyOverTLSOrFromATrustedProxy(t *testing.T) {
	_, trusted, _ := net.ParseCIDR("10.0.0.0/8")
	e := newEnv(t, func(d *api.Deps) { d.TrustedProxies = []*net.IPNet{trusted} })
	for _, c := range []struct {
		name   string
		remote string
		proto  string
		tls    bool
		want   bool
	}{
		{"a client on the practice network claiming https", "192.168.1.20", "https", false, false},
		{"a local client claiming https", "127.0.0.1", "https", false, false},
		{"a public client claiming https", "192.0.2.1", "https", false, false},
		{"plain http", "192.0.2.1", "", false, false},
		{"a trusted proxy saying https", "10.1.2.3", "https", false, true},
		{"a trusted proxy saying http", "10.1.2.3", "http", false, false},
		{"TLS to HOI itself", "192.0.2.1", "", true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/healthz", nil)
			r.RemoteAddr = c.remote + ":41000"
			if c.proto != "" {
				r.Header.Set("X-Forwarded-Proto", c.proto)
			}
			if c.tls {
				r.TLS = &tls.ConnectionState{}
			}
			w := httptest.NewRecorder()
			e.srv.Handler().ServeHTTP(w, r)
			if got := w.Header().Get("Strict-Transport-Security") != ""; got != c.want {
				t.Errorf("HSTS sent: %v, want %v", got, c.want)
			}
		})
	}
}

// scrape asks the metrics listener's router for /metrics.
func scrape(s *api.Server, header map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", "/metrics", nil)
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.Metrics().ServeHTTP(w, r)
	return w
}

func TestMetricsLiveOnTheirOwnListener(t *testing.T) {
	e := newEnv(t)
	if r := e.do(req{method: "GET", path: "/metrics"}); r.status != http.StatusNotFound || strings.Contains(string(r.body), "hoi_http_requests_total") {
		t.Errorf("GET /metrics on the API listener: got %d %.100s, want 404", r.status, r.body)
	}
	if w := scrape(e.srv, nil); w.Code != 200 || !strings.Contains(w.Body.String(), "hoi_http_requests_total") {
		t.Errorf("metrics listener: got %d %.100s, want the metrics", w.Code, w.Body.String())
	}

	const token = "metrics-token-0123456789abcdef"
	withToken := newEnv(t, func(d *api.Deps) { d.MetricsToken = token })
	for _, c := range []struct {
		auth string
		want int
	}{{"", 401}, {"Bearer wrong-token-0123456789abcdef", 401}, {"Bearer " + token, 200}} {
		if w := scrape(withToken.srv, map[string]string{"Authorization": c.auth}); w.Code != c.want {
			t.Errorf("with HOI_METRICS_TOKEN set, Authorization %q: got %d, want %d", c.auth, w.Code, c.want)
		}
	}
}

func TestKeysDifferingOnlyInCaseAreRefused(t *testing.T) {
	e := newEnv(t)
	r := e.do(req{method: "POST", path: "/api/v1/cases", token: e.session("poh@hoi.example"),
		body: `{"label":"A","LABEL":"B","birth_year":1980,"question":"Vraag","referral_intention":"none"}`})
	if r.status != 400 {
		t.Fatalf("got %d %s, want 400", r.status, r.body)
	}
	p := r.problem()
	if len(p.Errors) != 1 || p.Errors[0].Field != "LABEL" || !strings.Contains(p.Errors[0].Message, `"label"`) {
		t.Errorf("problem: got %+v, want it to name LABEL and label", p.Errors)
	}
}
