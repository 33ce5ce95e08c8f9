package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hoi-app/hoi/internal/audit"
)

// TestMapGrowsFromUse: the region's free-text plan items of consented cases
// are listed for the coach grouped by title and category (not those of a
// case without consent); "toevoegen aan de sociale kaart" drafts an inactive
// option and links every such plan item to it; the option's usage then
// counts them, with the region's small-count rule.
func TestMapGrowsFromUse(t *testing.T) {
	e := newEnv(t)
	const title = "Wandelclub Het Bos"
	withConsent := e.newCase("poh@hoi.example", []string{"coach@hoi.example"}, true)
	other := e.newCase("poh2@hoi.example", nil, true) // another practice of the region
	without := e.newCase("poh@hoi.example", nil, false)
	var items []int64
	for _, c := range []struct {
		poh   string
		id    int64
		title string
	}{{"poh@hoi.example", withConsent.id, title}, {"poh2@hoi.example", other.id, "  wandelclub het bos "}, {"poh@hoi.example", without.id, title}} {
		var it struct {
			ID int64 `json:"id"`
		}
		e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/plan", c.id), token: e.session(c.poh),
			body: map[string]any{"title": c.title, "category": "group", "arranged_by": "resident", "status": "chosen"}}), 201, "plan").json(&it)
		items = append(items, it.ID)
	}
	type freeText struct {
		Items []struct {
			Title    string `json:"title"`
			Category string `json:"category"`
			Items    int    `json:"items"`
		} `json:"items"`
	}
	find := func() (n int) {
		var ft freeText
		e.must(e.do(req{method: "GET", path: "/api/v1/options/free-text", token: e.session("coach@hoi.example")}), 200, "free text").json(&ft)
		for _, x := range ft.Items {
			if x.Category == "group" && (x.Title == title || x.Title == "wandelclub het bos") {
				n += x.Items
			}
		}
		return n
	}
	mark := e.logMark()
	if n := find(); n != 2 {
		t.Errorf("free-text plan items of %q: %d, want 2 (the case without consent left out)", title, n)
	}
	if rows := e.accessLogSince(mark); len(rows) != 1 || rows[0].Action != audit.ActionSearch || rows[0].ResourceType != audit.ResourcePlanItem || rows[0].CaseID != nil {
		t.Errorf("the list's access-log rows: %+v", rows)
	}
	if got := e.do(req{method: "GET", path: "/api/v1/options/free-text", token: e.session("poh@hoi.example")}).status; got != http.StatusForbidden {
		t.Errorf("a POH lists free-text plan items: %d, want 403", got)
	}

	var d struct {
		Option struct {
			ID       int64  `json:"id"`
			Name     string `json:"name"`
			Category string `json:"category"`
			Active   bool   `json:"active"`
		} `json:"option"`
		Linked int `json:"linked"`
	}
	e.must(e.do(req{method: "POST", path: "/api/v1/options/from-plan", token: e.session("coach@hoi.example"), body: map[string]any{"title": " " + title + " ", "category": "group"}}), 201, "draft").json(&d)
	if d.Option.Name != title || d.Option.Category != "group" || d.Option.Active || d.Linked != 2 {
		t.Errorf("drafted: %+v, want %q group inactive with 2 plan items linked", d, title)
	}
	for i, want := range []bool{true, true, false} {
		var it struct {
			OptionID *int64 `json:"option_id"`
		}
		owner := []string{"poh@hoi.example", "poh2@hoi.example", "poh@hoi.example"}[i]
		var plan struct {
			Items []struct {
				ID       int64  `json:"id"`
				OptionID *int64 `json:"option_id"`
			} `json:"items"`
		}
		e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/plan", []int64{withConsent.id, other.id, without.id}[i]), token: e.session(owner)}), 200, "plan").json(&plan)
		for _, p := range plan.Items {
			if p.ID == items[i] {
				it.OptionID = p.OptionID
			}
		}
		if got := it.OptionID != nil && *it.OptionID == d.Option.ID; got != want {
			t.Errorf("plan item %d linked to the draft: %v, want %v", i, got, want)
		}
	}
	if n := find(); n != 0 {
		t.Errorf("after drafting, %d free-text plan items of %q are still listed", n, title)
	}
	if got := e.do(req{method: "POST", path: "/api/v1/options/from-plan", token: e.session("coach@hoi.example"), body: map[string]any{"title": title, "category": "group"}}).status; got != http.StatusConflict {
		t.Errorf("drafting the same name again: %d, want 409", got)
	}
	if got := e.do(req{method: "POST", path: "/api/v1/options/from-plan", token: e.session("coach@hoi.example"), body: map[string]any{"title": "  ", "category": "group"}}).status; got != http.StatusBadRequest {
		t.Errorf("an empty title: %d, want 400", got)
	}

	var u struct {
		Items []struct {
			OptionID  int64 `json:"option_id"`
			Chosen    any   `json:"chosen"`
			Started   any   `json:"started"`
			Completed any   `json:"completed"`
			Helped    any   `json:"helped"`
		} `json:"items"`
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/options/usage", token: e.session("coach@hoi.example")}), 200, "usage").json(&u)
	found := false
	for _, x := range u.Items {
		if x.OptionID == d.Option.ID {
			found = true
			if fmt.Sprintf("%v %v %v %v", x.Chosen, x.Started, x.Completed, x.Helped) != "<5 0 0 0" {
				t.Errorf("usage of the draft: %+v, want chosen <5, the rest 0", x)
			}
		}
	}
	if !found {
		t.Errorf("the draft has no usage row: %+v", u.Items)
	}
}
