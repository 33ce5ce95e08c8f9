package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hoi-app/hoi/internal/audit"
)

type userJSON struct {
	ID          int64  `json:"id"`
	Email       string `json:"email"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	PracticeID  *int64 `json:"practice_id"`
	Active      bool   `json:"active"`
	Version     int64  `json:"version"`
}

func TestAdminManagesPracticesAndUsersOfTheirRegion(t *testing.T) {
	e := newEnv(t)
	admin := e.token("admin@hoi.example")

	r := e.do(req{method: "POST", path: "/api/v1/practices", token: admin, body: map[string]any{"name": "  Huisartsen Zuid ", "agb_code": "01234567"}})
	if r.status != http.StatusCreated {
		t.Fatalf("create practice: got %d %s", r.status, r.body)
	}
	var pr struct {
		ID       int64  `json:"id"`
		Name     string `json:"name"`
		RegionID int64  `json:"region_id"`
	}
	r.json(&pr)
	if pr.Name != "Huisartsen Zuid" || pr.RegionID != e.users["admin@hoi.example"].RegionID {
		t.Errorf("practice: got %+v, want the trimmed name in the admin's region", pr)
	}
	if r := e.do(req{method: "POST", path: "/api/v1/practices", token: admin, body: map[string]any{"name": "Huisartsen Zuid"}}); r.status != http.StatusConflict {
		t.Errorf("duplicate practice name: got %d, want 409", r.status)
	}
	var list struct {
		Items []struct{ Name string } `json:"items"`
		Total int                     `json:"total"`
	}
	e.do(req{method: "GET", path: "/api/v1/practices", token: admin}).json(&list)
	if list.Total != 6 {
		t.Errorf("practices of Achterhoek: got %d, want 6 (3 demo practices + 2 demo locations + 1 new)", list.Total)
	}

	r = e.do(req{method: "POST", path: "/api/v1/users", token: admin, body: map[string]any{
		"email": "Nieuwe.POH@Hoi.Example", "display_name": "Nieuwe POH", "role": "poh", "practice_id": pr.ID, "password": "een-lang-genoeg-wachtwoord"}})
	if r.status != http.StatusCreated || r.header.Get("ETag") == "" || r.header.Get("Location") == "" {
		t.Fatalf("create user: got %d %s (ETag %q)", r.status, r.body, r.header.Get("ETag"))
	}
	var u userJSON
	r.json(&u)
	if u.Email != "nieuwe.poh@hoi.example" || !u.Active || u.PracticeID == nil || *u.PracticeID != pr.ID {
		t.Errorf("user: got %+v", u)
	}
	if r := e.do(req{method: "POST", path: "/api/v1/auth/login", body: loginBody("nieuwe.poh@hoi.example", "een-lang-genoeg-wachtwoord")}); r.status != 200 {
		t.Errorf("the new user cannot log in: %d", r.status)
	}
	if r := e.do(req{method: "POST", path: "/api/v1/users", token: admin, body: map[string]any{
		"email": "nieuwe.poh@hoi.example", "display_name": "Dubbel", "role": "peer", "password": "een-lang-genoeg-wachtwoord"}}); r.status != http.StatusConflict {
		t.Errorf("duplicate email: got %d, want 409", r.status)
	}
	// A practice of another region cannot be used.
	veluwePOH := e.users["poh3@hoi.example"]
	p := e.do(req{method: "POST", path: "/api/v1/users", token: admin, body: map[string]any{
		"email": "x@hoi.example", "display_name": "X", "role": "gp", "practice_id": *veluwePOH.PracticeID, "password": "een-lang-genoeg-wachtwoord"}}).problem()
	if p.Status != 400 || len(p.Errors) != 1 || p.Errors[0].Field != "practice_id" {
		t.Errorf("practice of another region: got %+v, want 400 naming practice_id", p)
	}

	// Updates need the current ETag.
	path := fmt.Sprintf("/api/v1/users/%d", u.ID)
	if r := e.do(req{method: "PATCH", path: path, token: admin, body: map[string]any{"display_name": "Zonder If-Match"}}); r.status != http.StatusPreconditionRequired {
		t.Errorf("PATCH without If-Match: got %d, want 428", r.status)
	}
	etag := e.do(req{method: "GET", path: path, token: admin}).header.Get("ETag")
	r = e.do(req{method: "PATCH", path: path, token: admin, header: map[string]string{"If-Match": etag}, body: map[string]any{"display_name": "Nieuwe naam", "role": "gp"}})
	if r.status != 200 || r.header.Get("ETag") == etag {
		t.Fatalf("PATCH: got %d %s", r.status, r.body)
	}
	r.json(&u)
	if u.DisplayName != "Nieuwe naam" || u.Role != "gp" {
		t.Errorf("after PATCH: got %+v", u)
	}
	if r := e.do(req{method: "PATCH", path: path, token: admin, header: map[string]string{"If-Match": etag}, body: map[string]any{"display_name": "Verouderd"}}); r.status != http.StatusPreconditionFailed {
		t.Errorf("stale If-Match: got %d, want 412", r.status)
	}
	// A regional role cannot keep a practice.
	cur := e.do(req{method: "GET", path: path, token: admin}).header.Get("ETag")
	if p := e.do(req{method: "PATCH", path: path, token: admin, header: map[string]string{"If-Match": cur}, body: map[string]any{"role": "coach", "practice_id": pr.ID}}).problem(); p.Status != 400 {
		t.Errorf("coach with a practice: got %d, want 400", p.Status)
	}
	// Admins cannot lock themselves out.
	self := fmt.Sprintf("/api/v1/users/%d", e.users["admin@hoi.example"].ID)
	selfTag := e.do(req{method: "GET", path: self, token: admin}).header.Get("ETag")
	if r := e.do(req{method: "PATCH", path: self, token: admin, header: map[string]string{"If-Match": selfTag}, body: map[string]any{"active": false}}); r.status != http.StatusConflict {
		t.Errorf("self-deactivation: got %d, want 409", r.status)
	}
	// A password reset must follow the policy and ends sessions.
	if p := e.do(req{method: "PATCH", path: path, token: admin, header: map[string]string{"If-Match": cur}, body: map[string]any{"password": "welkomwelkom"}}).problem(); p.Status != 400 || p.Errors[0].Field != "password" {
		t.Errorf("common password reset: got %+v", p)
	}
}

func TestAnotherRegionsUsersAreNotFound(t *testing.T) {
	e := newEnv(t)
	admin2 := e.token("admin2@hoi.example")
	id := e.users["poh@hoi.example"].ID
	path := fmt.Sprintf("/api/v1/users/%d", id)
	if p := e.do(req{method: "GET", path: path, token: admin2}).problem(); p.Status != 404 {
		t.Errorf("GET another region's user: got %d, want 404", p.Status)
	}
	r := e.do(req{method: "PATCH", path: path, token: admin2, header: map[string]string{"If-Match": `"1"`}, body: map[string]any{"active": false}})
	if r.status != 404 {
		t.Errorf("PATCH another region's user: got %d, want 404", r.status)
	}
	if strings.Contains(string(r.body), "Sanne") || strings.Contains(string(r.body), "poh@hoi.example") {
		t.Errorf("404 leaked the user: %s", r.body)
	}
	var list struct {
		Items []userJSON `json:"items"`
	}
	e.do(req{method: "GET", path: "/api/v1/users?limit=200", token: admin2}).json(&list)
	for _, u := range list.Items {
		if !strings.HasPrefix(u.Email, "admin2@") && !strings.HasPrefix(u.Email, "poh3@") {
			t.Errorf("Veluwe admin sees %s of another region", u.Email)
		}
	}
	if still := e.token("poh@hoi.example"); still == "" {
		t.Error("the PATCH from another region deactivated the user")
	}
	var plist struct {
		Items []struct{ Name string } `json:"items"`
	}
	e.do(req{method: "GET", path: "/api/v1/practices", token: admin2}).json(&plist)
	if len(plist.Items) != 1 || plist.Items[0].Name != "Huisartsenpraktijk De Veluwezoom" {
		t.Errorf("Veluwe practices: got %+v", plist.Items)
	}
}

func TestAccessLogRecordsEveryTouchWithoutContent(t *testing.T) {
	e := newEnv(t)
	admin := e.token("admin@hoi.example")
	poh := e.token("poh@hoi.example")
	e.do(req{method: "GET", path: "/api/v1/me", token: poh, addr: "198.51.100.9"})
	e.do(req{method: "GET", path: "/api/v1/users", token: poh})   // denied
	e.do(req{method: "GET", path: "/api/v1/users", token: admin}) // search
	r := e.do(req{method: "POST", path: "/api/v1/users", token: admin, body: map[string]any{
		"email": "log@hoi.example", "display_name": "Geheime Naam", "role": "peer", "password": "een-lang-genoeg-wachtwoord"}})
	var created userJSON
	r.json(&created)
	e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/users/%d", e.users["poh3@hoi.example"].ID), token: admin}) // other region: denied

	rows := e.accessLog()
	pohID, adminID := e.users["poh@hoi.example"].ID, e.users["admin@hoi.example"].ID
	want := []struct {
		user    int64
		action  audit.Action
		outcome audit.Outcome
		typ     string
		id      int64
		addr    string
	}{
		{pohID, audit.ActionRead, audit.Allowed, "user", pohID, "198.51.100.9"},
		{pohID, audit.ActionSearch, audit.Denied, "user", 0, ""},
		{adminID, audit.ActionSearch, audit.Allowed, "user", 0, ""},
		{adminID, audit.ActionCreate, audit.Allowed, "user", created.ID, ""},
		{adminID, audit.ActionRead, audit.Denied, "user", e.users["poh3@hoi.example"].ID, ""},
	}
	for _, w := range want {
		found := false
		for _, row := range rows {
			if row.UserID == w.user && row.Action == w.action && row.Outcome == w.outcome && string(row.ResourceType) == w.typ &&
				(w.id == 0 || row.ResourceID != nil && *row.ResourceID == w.id) && (w.addr == "" || row.ClientAddr == w.addr) {
				found = true
				if row.RequestID == "" || row.At.IsZero() || row.Role == "" || row.RegionID == 0 {
					t.Errorf("row %+v lacks request id, time, role or region", row)
				}
			}
		}
		if !found {
			t.Errorf("no access-log row %+v among %d rows", w, len(rows))
		}
	}
}
