package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/hsds/hsdstest"
	"github.com/hoi-app/hoi/internal/password"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/user"
)

// hsdsPage is the HSDS API page as the tests read it.
type hsdsPage struct {
	TotalItems int               `json:"total_items"`
	PageNumber int               `json:"page_number"`
	Size       int               `json:"size"`
	TotalPages int               `json:"total_pages"`
	Contents   []json.RawMessage `json:"contents"`
}

// emptyRegion makes a region with no options and a coach, and signs in.
func (e *env) emptyRegion(name string) string {
	e.t.Helper()
	ctx := context.Background()
	r, err := e.db.EnsureRegion(ctx, name)
	if err != nil {
		e.t.Fatal(err)
	}
	hash, err := password.NewHasher(password.DefaultParams(), 1).Hash(ctx, demoPassword)
	if err != nil {
		e.t.Fatal(err)
	}
	email := uniqueEmail()
	if _, err := e.db.CreateUser(ctx, store.NewUser{Create: user.Create{Email: email, DisplayName: "Coach", Role: user.RoleCoach}, RegionID: r.ID, PasswordHash: hash},
		func(int64) []audit.Entry { return nil }); err != nil {
		e.t.Fatal(err)
	}
	return e.token(email)
}

func (e *env) hsdsAll(tok string, full bool) (hsdsPage, []json.RawMessage) {
	e.t.Helper()
	var all []json.RawMessage
	var first hsdsPage
	for page := 1; ; page++ {
		var p hsdsPage
		r := e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/hsds/services?per_page=20&page=%d&full=%t", page, full), token: tok})
		if r.status != http.StatusOK {
			e.t.Fatalf("page %d: %d %s", page, r.status, r.body)
		}
		r.json(&p)
		if page == 1 {
			first = p
		}
		all = append(all, p.Contents...)
		if page >= p.TotalPages {
			return first, all
		}
	}
}

func TestHSDSServicesAnswerTheHSDSPage(t *testing.T) {
	e := newEnv(t)
	coach := e.session("coach@hoi.example")
	first, all := e.hsdsAll(coach, false)
	if first.TotalItems != 42 || first.PageNumber != 1 || first.Size != 20 || first.TotalPages != 3 || len(all) != 42 {
		t.Fatalf("page: total %d, number %d, size %d, pages %d, listed %d; want 42, 1, 20, 3, 42", first.TotalItems, first.PageNumber, first.Size, first.TotalPages, len(all))
	}
	for _, c := range all {
		if err := hsdstest.Validate("3.1-dev", "service_list.json", c); err != nil {
			t.Errorf("service_list 3.1: %v\n%s", err, c)
		}
	}
	_, full := e.hsdsAll(coach, true)
	carried := map[string]int{}
	for _, c := range full {
		var m map[string]any
		if err := json.Unmarshal(c, &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"capacities", "schedules", "service_at_locations", "wait_time", "eligibility_description", "assured_date", "organization", "attributes"} {
			if m[k] != nil {
				carried[k]++
			}
		}
	}
	for _, k := range []string{"capacities", "schedules", "service_at_locations", "wait_time", "eligibility_description", "assured_date", "organization", "attributes"} {
		if carried[k] == 0 {
			t.Errorf("no demo service carries %s", k)
		}
	}
	for _, c := range full {
		var s struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(c, &s); err != nil {
			t.Fatal(err)
		}
		one := e.do(req{method: "GET", path: "/api/v1/hsds/services/" + s.ID, token: coach})
		if one.status != http.StatusOK {
			t.Fatalf("service %s: %d", s.ID, one.status)
		}
		if err := hsdstest.Validate("3.1-dev", "service.json", one.body); err != nil {
			t.Errorf("service 3.1: %v", err)
		}
		var m map[string]any
		one.json(&m)
		delete(m, "capacities")
		b, _ := json.Marshal(m)
		if err := hsdstest.Validate("3.0", "service.json", b); err != nil {
			t.Errorf("service 3.0 without capacities: %v", err)
		}
	}
	t.Run("another region's service is not found", func(t *testing.T) {
		var s struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(full[0], &s); err != nil {
			t.Fatal(err)
		}
		if r := e.do(req{method: "GET", path: "/api/v1/hsds/services/" + s.ID, token: e.session("admin2@hoi.example")}); r.status != http.StatusNotFound {
			t.Errorf("got %d, want 404", r.status)
		}
	})
}

func TestHSDSExportImportRoundTrip(t *testing.T) {
	e := newEnv(t)
	_, full := e.hsdsAll(e.session("coach@hoi.example"), true)
	doc, err := json.Marshal(full)
	if err != nil {
		t.Fatal(err)
	}
	tok := e.emptyRegion("Twente (test)")
	var dry importDiff
	r := e.do(req{method: "POST", path: "/api/v1/options/import", token: tok, body: doc})
	if r.status != http.StatusOK {
		t.Fatalf("dry run: %d %s", r.status, r.body)
	}
	r.json(&dry)
	if dry.Applied || len(dry.New) != 42 || len(dry.Refused) != 0 {
		t.Fatalf("dry run: applied %v, new %d, refused %+v; want a dry run of 42 new", dry.Applied, len(dry.New), dry.Refused)
	}
	if _, after := e.hsdsAll(tok, true); len(after) != 0 {
		t.Fatalf("the dry run imported %d services", len(after))
	}
	var done importDiff
	e.do(req{method: "POST", path: "/api/v1/options/import?apply=true", token: tok, body: doc}).json(&done)
	if !done.Applied || len(done.New) != 42 {
		t.Fatalf("apply: applied %v, new %d", done.Applied, len(done.New))
	}
	_, back := e.hsdsAll(tok, true)
	if len(back) != len(full) {
		t.Fatalf("exported %d after import, want %d", len(back), len(full))
	}
	for i := range full {
		if got, want := normalizedService(t, back[i]), normalizedService(t, full[i]); got != want {
			t.Errorf("service %d changed in the round trip:\n got %s\nwant %s", i, got, want)
		}
	}
	var again importDiff
	e.do(req{method: "POST", path: "/api/v1/options/import", token: tok, body: doc}).json(&again)
	if len(again.Unchanged) != 42 || len(again.New)+len(again.Changed)+len(again.Refused) != 0 {
		t.Errorf("re-import: %d unchanged, %d new, %d changed, %d refused; want all 42 unchanged", len(again.Unchanged), len(again.New), len(again.Changed), len(again.Refused))
	}
}

// normalizedService drops what belongs to the exporting HOI, not the
// directory: the last-modified time.
func normalizedService(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "last_modified")
	b, _ := json.Marshal(m)
	return string(b)
}

type importDiff struct {
	Applied   bool `json:"applied"`
	New       []importLine
	Changed   []importLine
	Unchanged []importLine
	Refused   []importLine
}

type importLine struct {
	HSDSID  string   `json:"hsds_id"`
	Name    string   `json:"name"`
	Changes []string `json:"changes"`
	Reasons []string `json:"reasons"`
}

func TestImportTheOfficialExample(t *testing.T) {
	e := newEnv(t)
	raw, err := os.ReadFile(filepath.Join(hsdstest.Dir(), "3.1-dev", "example-base.json"))
	if err != nil {
		t.Fatal(err)
	}
	coach := e.session("coach@hoi.example")
	for _, q := range []string{"?apply=true", ""} {
		var d importDiff
		r := e.do(req{method: "POST", path: "/api/v1/options/import" + q, token: coach, body: raw})
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d %s", q, r.status, r.body)
		}
		r.json(&d)
		if len(d.New)+len(d.Changed)+len(d.Refused) != 0 {
			t.Errorf("%s: the profile document changed the catalogue: %+v", q, d)
		}
	}
}

func TestImportRefusesAndDiffs(t *testing.T) {
	e := newEnv(t)
	coach := e.session("coach@hoi.example")
	_, full := e.hsdsAll(coach, true)
	var s map[string]any
	if err := json.Unmarshal(full[0], &s); err != nil {
		t.Fatal(err)
	}
	s["description"] = "Nieuwe beschrijving"
	dup := map[string]any{"id": "0d7a3c9e-5b2f-4f6e-9a1d-2c3b4a5d6e7f", "name": s["name"], "status": "active"}
	bad := map[string]any{"id": "nope", "name": "Zonder id", "status": "active"}
	doc, _ := json.Marshal([]any{s, dup, bad})
	var d importDiff
	e.do(req{method: "POST", path: "/api/v1/options/import", token: coach, body: doc}).json(&d)
	if len(d.Changed) != 1 || len(d.Changed[0].Changes) != 1 || d.Changed[0].Changes[0] != "description" {
		t.Errorf("changed: %+v; want the description of one", d.Changed)
	}
	if len(d.Refused) != 2 {
		t.Fatalf("refused: %+v; want the duplicate name and the bad id", d.Refused)
	}
	for _, l := range d.Refused {
		if len(l.Reasons) == 0 {
			t.Errorf("%s refused without a reason", l.Name)
		}
	}
	if r := e.do(req{method: "POST", path: "/api/v1/options/import", token: coach, body: []byte(`{"foo": 1}`)}); r.status != http.StatusBadRequest {
		t.Errorf("a non-HSDS document: %d, want 400", r.status)
	}
	if r := e.do(req{method: "POST", path: "/api/v1/options/import", token: e.session("poh@hoi.example"), body: doc}); r.status != http.StatusForbidden {
		t.Errorf("a POH imports: %d, want 403", r.status)
	}
}

// TestImportARichExample: the official example-base.json of the shared
// schemas is only a profile document (no organization or service), so the
// fields HOI keeps are proven on the richest example built from the schema:
// an organization with a group service (address, weekly schedule, full
// capacity with a waiting band, eligibility, cost from fees) and an online
// one (monthly schedule, places, cost attribute). Each service validates
// against 3.1-dev/service.json; they import without loss, and a second dry
// run reports both unchanged.
func TestImportARichExample(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "internal", "hsds", "testdata", "rich-organization.json"))
	if err != nil {
		t.Fatal(err)
	}
	var org struct {
		Services []json.RawMessage `json:"services"`
	}
	if err := json.Unmarshal(raw, &org); err != nil || len(org.Services) != 2 {
		t.Fatalf("the example: %v", err)
	}
	for i, sv := range org.Services {
		if err := hsdstest.Validate("3.1-dev", "service.json", sv); err != nil {
			t.Fatalf("service %d of the example is not a valid HSDS 3.1 service: %v", i, err)
		}
	}
	e := newEnv(t)
	coach := e.session("coach@hoi.example")
	var d importDiff
	e.must(e.do(req{method: "POST", path: "/api/v1/options/import?apply=true", token: coach, body: raw}), 200, "import").json(&d)
	if len(d.New) != 2 || len(d.Refused) != 0 {
		t.Fatalf("first import: %+v, want 2 new", d)
	}
	var list struct {
		Items []map[string]any `json:"items"`
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/options?q=Wandelgroep+De+Berkel", token: coach}), 200, "options").json(&list)
	if len(list.Items) != 1 {
		t.Fatalf("options named Wandelgroep De Berkel: %d", len(list.Items))
	}
	o, _ := json.Marshal(list.Items[0])
	for _, want := range []string{`"hsds_id":"6e1a7b4f-2c3d-4e5f-9a01-b2c3d4e5f607"`, `"name":"Wandelgroep De Berkel"`, `"category":"sport_movement"`, `"cost":"free"`,
		`"provider":"Welzijn Oost Achterhoek"`, `"contact":"wandelen@welzijn-oost.example.nl"`, `"eligibility":"Voor iedereen, zonder verwijzing."`,
		`"address":"Marktstraat 12"`, `"postal_code":"7151AB"`, `"city":"Eibergen"`, `"freq":"WEEKLY"`, `"by_day":"TU"`, `"opens_at":"10:00"`, `"closes_at":"11:30"`,
		`"available":0`, `"maximum":12`, `"waiting_band":"under_4_weeks"`, `"updated_at":"2026-11-20T09:00:00Z"`, `"last_verified_on":"2026-10-01"`} {
		if !strings.Contains(string(o), want) {
			t.Errorf("the group service lacks %s:\n%s", want, o)
		}
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/options?q=Online+lotgenotengroep+Somberheid", token: coach}), 200, "options").json(&list)
	o, _ = json.Marshal(list.Items)
	for _, want := range []string{`"kind":"online"`, `"url":"https://welzijn-oost.example.nl/lotgenoten/online"`, `"freq":"MONTHLY"`, `"by_day":"1WE"`,
		`"category":"peer_support"`, `"cost":"municipality"`, `"available":4`, `"maximum":10`, `"waiting_band":"none"`, `"contact":"https://welzijn-oost.example.nl/lotgenoten"`} {
		if !strings.Contains(string(o), want) {
			t.Errorf("the online service lacks %s:\n%s", want, o)
		}
	}
	d = importDiff{}
	e.must(e.do(req{method: "POST", path: "/api/v1/options/import", token: coach, body: raw}), 200, "dry run").json(&d)
	if len(d.Unchanged) != 2 || len(d.New)+len(d.Changed)+len(d.Refused) != 0 {
		t.Errorf("second dry run: %+v, want both unchanged", d)
	}
}
