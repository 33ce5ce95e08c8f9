package api_test

import (
	"fmt"
	"testing"
)

// TestTeamChangesNeedIfMatch: PUT /cases/{id}/team is a conditional update
// like every other edit: 428 without If-Match, 412 on a stale ETag (another
// POH changed the case or its team meanwhile), 200 with the current one.
func TestTeamChangesNeedIfMatch(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", nil, true)
	poh := e.session("poh@hoi.example")
	path := fmt.Sprintf("/api/v1/cases/%d", f.id)
	peer, coach := e.users["peer@hoi.example"].ID, e.users["coach@hoi.example"].ID
	put := func(ifMatch string, members ...int64) *resp {
		h := map[string]string{}
		if ifMatch != "" {
			h["If-Match"] = ifMatch
		}
		return e.do(req{method: "PUT", path: path + "/team", token: poh, header: h, body: map[string]any{"members": append([]int64{}, members...)}})
	}
	if r := put("", peer); r.status != 428 || r.problem().Type != "urn:hoi:problem:if-match-required" {
		t.Errorf("without If-Match: got %d %s, want 428", r.status, r.body)
	}
	read := e.etagOf("poh@hoi.example", path)
	first := put(read, peer)
	if first.status != 200 || first.header.Get("ETag") == read {
		t.Fatalf("with the current ETag: got %d (ETag %q after %q), want 200 and a new ETag", first.status, first.header.Get("ETag"), read)
	}
	// A second tab still holding the old ETag would silently drop the peer.
	if r := put(read, coach); r.status != 412 || r.problem().Type != "urn:hoi:problem:stale-version" {
		t.Errorf("with a stale ETag: got %d %s, want 412", r.status, r.body)
	}
	var c struct {
		Team []struct {
			UserID int64 `json:"user_id"`
		} `json:"team"`
	}
	e.do(req{method: "GET", path: path, token: poh}).json(&c)
	if len(c.Team) != 1 || c.Team[0].UserID != peer {
		t.Errorf("team after the stale write: %+v, want only the peer", c.Team)
	}
	if r := put(first.header.Get("ETag"), peer, coach); r.status != 200 {
		t.Errorf("with the fresh ETag: got %d %s, want 200", r.status, r.body)
	}
}
