package api_test

import (
	"net/http"
	"testing"
)

// TestCalendarFeedDeadTokensAlike: a feed token revoked, replaced or never
// issued, or no token at all, gets one and the same 404: status, type and
// detail (they said "calendar feed: not found" or "calendar feed not found"
// depending on how far the token got).
func TestCalendarFeedDeadTokensAlike(t *testing.T) {
	e := newEnv(t)
	e.appointmentOf(e.newCase("poh@hoi.example", []string{"peer@hoi.example", "coach@hoi.example"}, true))
	revoked := e.feedToken(true)
	replaced := e.feedToken(false)
	live := e.feedToken(false)
	e.must(e.do(req{method: "GET", path: "/api/v1/calendar/" + live + ".ics"}), 200, "the live feed")
	type answer struct {
		status       int
		typ, detail  string
		cacheControl string
	}
	ask := func(file string) answer {
		r := e.do(req{method: "GET", path: "/api/v1/calendar/" + file})
		p := r.problem()
		return answer{r.status, p.Type, p.Detail, r.header.Get("Cache-Control")}
	}
	want := ask("abcdefabcdefabcdefabcdefabcdefabcdefabcdefa.ics")
	if want.status != http.StatusNotFound {
		t.Fatalf("an unknown token: got %d, want 404", want.status)
	}
	for name, file := range map[string]string{"revoked": revoked + ".ics", "replaced": replaced + ".ics", "without .ics": live, "with .ICS": live + ".ICS", "empty": ".ics"} {
		if got := ask(file); got != want {
			t.Errorf("a %s token answers %+v, an unknown one %+v", name, got, want)
		}
	}
}
