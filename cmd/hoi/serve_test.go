package main

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestServeKeepsMetricsOffTheAPIListener starts hoi serve and reads
// /metrics from both listeners: only the metrics listener has it.
func TestServeKeepsMetricsOffTheAPIListener(t *testing.T) {
	apiAddr, metricsAddr := freeAddr(t), freeAddr(t)
	t.Setenv("HOI_DATABASE_URL", "sqlite://"+filepath.Join(t.TempDir(), "hoi.db"))
	t.Setenv("HOI_ADDR", apiAddr)
	t.Setenv("HOI_METRICS_ADDR", metricsAddr)
	t.Setenv("HOI_LOG_LEVEL", "error")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	get := func(addr string) (int, string) {
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			res, err := http.Get("http://" + addr + "/metrics")
			if err != nil {
				continue
			}
			var b strings.Builder
			buf := make([]byte, 4096)
			for {
				n, err := res.Body.Read(buf)
				b.Write(buf[:n])
				if err != nil {
					break
				}
			}
			res.Body.Close()
			return res.StatusCode, b.String()
		}
		t.Fatalf("nothing answers on %s", addr)
		return 0, ""
	}
	if status, body := get(metricsAddr); status != 200 || !strings.Contains(body, "go_goroutines") {
		t.Errorf("metrics listener: got %d %.80s, want the metrics", status, body)
	}
	if status, _ := get(apiAddr); status != 404 {
		t.Errorf("API listener: GET /metrics got %d, want 404", status)
	}
}
