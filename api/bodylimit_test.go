package api_test

import (
	"bytes"
	"testing"
)

// TestOversizedBodiesAreRefusedEverywhere proves what the contract says of
// TooLarge: the 1 MiB body limit holds on every route, also on those that read
// no body (the probes, logout), and the answer is the documented problem.
func TestOversizedBodiesAreRefusedEverywhere(t *testing.T) {
	e := newEnv(t)
	big := bytes.Repeat([]byte("x"), 1<<20+1)
	for _, rq := range []req{
		{method: "GET", path: "/healthz"},
		{method: "GET", path: "/readyz"},
		{method: "POST", path: "/api/v1/auth/logout"},
	} {
		t.Run(rq.method+" "+rq.path, func(t *testing.T) {
			rq.body = big
			r := e.do(rq)
			if r.status != 413 {
				t.Fatalf("got %d %s, want 413", r.status, r.body)
			}
			if p := r.problem(); p.Status != 413 {
				t.Errorf("problem status: got %d, want 413", p.Status)
			}
		})
	}
}
