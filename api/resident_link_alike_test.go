package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestResidentLinkUnknownExpiredRevokedAlike: a link token nobody issued,
// one that expired, one revoked by the POH, one replaced by a newer link and
// one of an erased case get the same answer — status, problem type, title
// and detail — so that whoever holds an old link learns nothing from it
// (they were 404 for the first and 410 with two other texts for the rest).
// Only a wrong birth year on a live link says more: it was live.
func TestResidentLinkUnknownExpiredRevokedAlike(t *testing.T) {
	e := newEnv(t)
	poh := e.session("poh@hoi.example")
	tokens := map[string]string{"unknown": "bestaat-niet-bestaat-niet-bestaat-niet-bestaat-niet"}
	f := e.newCase("poh@hoi.example", nil, true)
	tokens["revoked"] = e.residentLink(f.poh, f.id)
	e.must(e.do(req{method: "DELETE", path: fmt.Sprintf("/api/v1/cases/%d/resident-link", f.id), token: poh}), 204, "revoke")
	g := e.newCase("poh@hoi.example", nil, true)
	tokens["replaced"] = e.residentLink(g.poh, g.id)
	e.residentLink(g.poh, g.id)
	h := e.newCase("poh@hoi.example", nil, true)
	tokens["of an erased case"] = e.residentLink(h.poh, h.id)
	e.must(e.do(req{method: "DELETE", path: fmt.Sprintf("/api/v1/cases/%d", h.id), token: poh, body: map[string]any{"reason": "Verzoek van de bewoner"}}), 204, "erase")
	k := e.newCase("poh@hoi.example", nil, true)
	expired := e.residentLink(k.poh, k.id)

	type answer struct {
		status                    int
		typ, title, detail, extra string
	}
	ask := func(tok string) answer {
		r, ck := e.residentLogin(tok, 1980)
		if ck != nil {
			t.Errorf("a dead link set a session cookie")
		}
		if r.status < 400 {
			t.Fatalf("a dead link opened a session: %d %s", r.status, r.body)
		}
		p := r.problem()
		return answer{r.status, p.Type, p.Title, p.Detail, fmt.Sprint(p.AttemptsLeft)}
	}
	want := ask(tokens["unknown"])
	if want.status != http.StatusNotFound {
		t.Errorf("an unknown link: got %d, want 404", want.status)
	}
	for name, tok := range tokens {
		if got := ask(tok); got != want {
			t.Errorf("a %s link answers %+v, an unknown one %+v", name, got, want)
		}
	}
	e.clock.Advance(14*24*time.Hour + time.Minute)
	if got := ask(expired); got != want {
		t.Errorf("an expired link answers %+v, an unknown one %+v", got, want)
	}
}
