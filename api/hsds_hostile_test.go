package api_test

import (
	"net/http"
	"testing"
)

// TestHSDSPagesRefuseHostileParameters: a page so far out that page ×
// per_page overflows (the offset wrapped round to the first page on SQLite
// and went negative, an error, on PostgreSQL) is a 400 naming page, like
// every other page or per_page that is no page.
func TestHSDSPagesRefuseHostileParameters(t *testing.T) {
	e := newEnv(t)
	tok := e.session("coach@hoi.example")
	for _, tc := range []struct{ query, field string }{
		{"page=9223372036854775807", "page"},
		{"page=46116860184273880&per_page=200", "page"},
		{"page=1000001", "page"},
		{"page=0", "page"},
		{"page=-1", "page"},
		{"page=1e3", "page"},
		{"per_page=0", "per_page"},
		{"per_page=1000000000", "per_page"},
		{"per_page=-1", "per_page"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			got := e.do(req{method: "GET", path: "/api/v1/hsds/services?" + tc.query, token: tok})
			if got.status != http.StatusBadRequest {
				t.Fatalf("got %d, want 400: %.300s", got.status, got.body)
			}
			if p := got.problem(); len(p.Errors) != 1 || p.Errors[0].Field != tc.field {
				t.Errorf("got errors %+v, want one naming %s", p.Errors, tc.field)
			}
		})
	}
	t.Run("the last allowed page is an empty page", func(t *testing.T) {
		var p hsdsPage
		e.must(e.do(req{method: "GET", path: "/api/v1/hsds/services?page=1000000&per_page=200", token: tok}), 200, "page 1000000").json(&p)
		if len(p.Contents) != 0 || p.PageNumber != 1000000 {
			t.Errorf("got page %d with %d services, want page 1000000 with none", p.PageNumber, len(p.Contents))
		}
	})
}

// TestHSDSImportRefusesWhatNoTextCanHold: an HSDS document with U+0000 in a
// name or description was a 500 on PostgreSQL when applied (and stored as
// sent on SQLite); one with invalid UTF-8 was stored with U+FFFD in its
// place, unasked. Both are a 400 naming the body, dry run or not, and the
// catalogue is unchanged.
func TestHSDSImportRefusesWhatNoTextCanHold(t *testing.T) {
	e := newEnv(t)
	tok := e.session("coach@hoi.example")
	total := func() int {
		var p hsdsPage
		e.must(e.do(req{method: "GET", path: "/api/v1/hsds/services?per_page=1", token: tok}), 200, "count").json(&p)
		return p.TotalItems
	}
	before := total()
	for name, body := range map[string]string{
		"a NUL in a name":        `[{"id":"3f1c1d2e-5b6a-4c7d-8e9f-0a1b2c3d4e5f","name":"Zwem\u0000club"}]`,
		"a NUL in a description": `{"contents":[{"id":"3f1c1d2e-5b6a-4c7d-8e9f-0a1b2c3d4e5f","name":"Zwemclub","description":"a\u0000b"}]}`,
		"invalid UTF-8":          "[{\"id\":\"3f1c1d2e-5b6a-4c7d-8e9f-0a1b2c3d4e5f\",\"name\":\"Zwem\xffclub\"}]",
	} {
		for _, apply := range []string{"false", "true"} {
			t.Run(name+" apply="+apply, func(t *testing.T) {
				got := e.do(req{method: "POST", path: "/api/v1/options/import?apply=" + apply, token: tok, body: body})
				if got.status != http.StatusBadRequest {
					t.Fatalf("got %d, want 400: %.300s", got.status, got.body)
				}
				if p := got.problem(); len(p.Errors) != 1 || p.Errors[0].Field != "body" {
					t.Errorf("got errors %+v, want one naming body", p.Errors)
				}
			})
		}
	}
	if after := total(); after != before {
		t.Errorf("the catalogue went from %d to %d services", before, after)
	}
}
