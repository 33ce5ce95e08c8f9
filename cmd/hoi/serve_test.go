package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
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

// TestErasedTextLeavesTheLiveFilesOfARunningServer runs hoi serve on a fresh
// SQLite file, writes a case with texts over HTTP, erases it, and then, with
// the server still running, reads hoi.db and hoi.db-wal byte for byte.
func TestErasedTextLeavesTheLiveFilesOfARunningServer(t *testing.T) {
	const pw = "een-demo-wachtwoord-voor-de-test"
	apiAddr := freeAddr(t)
	dbPath := filepath.Join(t.TempDir(), "hoi.db")
	t.Setenv("HOI_DATABASE_URL", "sqlite://"+dbPath)
	t.Setenv("HOI_ADDR", apiAddr)
	t.Setenv("HOI_METRICS_ADDR", "off")
	t.Setenv("HOI_LOG_LEVEL", "error")
	t.Setenv("HOI_DEMO_PASSWORD", pw)
	if err := run(context.Background(), []string{"seed-demo"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}) }()
	defer func() {
		cancel()
		<-done
	}()
	base := "http://" + apiAddr + "/api/v1"
	call := func(method, path, token string, body any, header map[string]string) (int, http.Header, map[string]any) {
		t.Helper()
		b, _ := json.Marshal(body)
		r, _ := http.NewRequest(method, base+path, bytes.NewReader(b))
		r.Header.Set("Content-Type", "application/json")
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		for k, v := range header {
			r.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, res.Header, out
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get("http://" + apiAddr + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("hoi serve did not get ready")
		}
	}
	_, _, tok := call("POST", "/auth/login", "", map[string]string{"email": "poh@hoi.example", "password": pw}, nil)
	token, _ := tok["access_token"].(string)
	texts := []string{"Livefile-label", "Livefile question words", "Livefile story words", "Livefile note words", "Livefile plan title"}
	status, _, c := call("POST", "/cases", token, map[string]any{"label": texts[0], "birth_year": 1970, "question": texts[1], "referral_intention": "none"}, nil)
	if status != 201 {
		t.Fatalf("create case: %d %v", status, c)
	}
	id := int64(c["id"].(float64))
	path := "/cases/" + strconv.FormatInt(id, 10)
	for _, w := range []struct {
		path string
		body any
	}{
		{path + "/conversations", map[string]any{"held_on": "2026-11-02", "kind": "exploratory", "location": "home", "sections": map[string]any{"story": texts[2]}}},
		{path + "/notes", map[string]any{"text": texts[3]}},
		{path + "/plan", map[string]any{"title": texts[4], "arranged_by": "resident"}},
	} {
		if status, _, out := call("POST", w.path, token, w.body, nil); status != 201 {
			t.Fatalf("POST %s: %d %v", w.path, status, out)
		}
	}
	if status, _, out := call("DELETE", path, token, map[string]any{"reason": "Verzoek van de bewoner"}, nil); status != 204 {
		t.Fatalf("erase: %d %v", status, out)
	}
	// The server keeps running: no checkpoint, no close, just the files.
	var blob []byte
	for _, p := range []string{dbPath, dbPath + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		blob = append(blob, b...)
	}
	if !bytes.Contains(blob, []byte("[gewist]")) {
		t.Fatal("the scan does not see the tombstone")
	}
	for _, s := range texts {
		if bytes.Contains(blob, []byte(s)) {
			t.Errorf("%q is still in hoi.db or hoi.db-wal of the running server", s)
		}
	}
	if status, _, _ := call("GET", path, token, nil, nil); status != 410 {
		t.Errorf("the erased case: got %d, want 410", status)
	}
}
