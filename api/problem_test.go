package api_test

import (
	"strings"
	"testing"

	"github.com/hoi-app/hoi/api"
)

func TestBadInputGetsProblemJSONNamingTheField(t *testing.T) {
	e := newEnv(t)
	admin := e.token("admin@hoi.example")
	valid := `{"email":"nieuw@hoi.example","display_name":"Nieuw","role":"peer","password":"een-lang-genoeg-wachtwoord"}`
	tests := []struct {
		name        string
		body        string
		contentType string
		status      int
		typ         string
		field       string // the field the problem must name, if any
		detail      string // text the detail must contain, if any
	}{
		{name: "unknown field", body: `{"email":"x@hoi.example","display_name":"X","role":"peer","password":"een-lang-genoeg-wachtwoord","shoe_size":43}`, status: 400, typ: "urn:hoi:problem:unknown-field", field: "shoe_size"},
		{name: "diagnosis field", body: `{"email":"x@hoi.example","display_name":"X","role":"peer","password":"een-lang-genoeg-wachtwoord","diagnosis":"F32.1"}`, status: 400, typ: "urn:hoi:problem:no-diagnosis", field: "diagnosis", detail: "no diagnoses"},
		{name: "dsm field", body: `{"dsm_code":"296.22"}`, status: 400, typ: "urn:hoi:problem:no-diagnosis", field: "dsm_code"},
		{name: "icd field", body: `{"icd10":"F41"}`, status: 400, typ: "urn:hoi:problem:no-diagnosis", field: "icd10"},
		{name: "bsn field", body: `{"bsn":"123456782"}`, status: 400, typ: "urn:hoi:problem:no-bsn", field: "bsn", detail: "no BSN"},
		{name: "missing required fields", body: `{"email":"not-an-email","role":"nurse"}`, status: 400, typ: "urn:hoi:problem:validation-error", field: "display_name"},
		{name: "wrong type", body: `{"email":42}`, status: 400, typ: "urn:hoi:problem:validation-error", field: "email"},
		{name: "malformed JSON says where", body: "{\n\"email\": \"a@b.nl\",\n\"role\" \"peer\"}", status: 400, typ: "urn:hoi:problem:bad-request", detail: "line 3"},
		{name: "truncated JSON", body: `{"email": "a@b.nl"`, status: 400, typ: "urn:hoi:problem:bad-request", detail: "malformed JSON"},
		{name: "trailing data", body: valid + `{}`, status: 400, typ: "urn:hoi:problem:bad-request", detail: "after the JSON object"},
		{name: "not an object", body: `[1,2]`, status: 400, typ: "urn:hoi:problem:bad-request", detail: "JSON object"},
		{name: "empty body", body: ``, status: 400, typ: "urn:hoi:problem:bad-request", detail: "empty"},
		{name: "wrong content type", body: valid, contentType: "text/plain", status: 415, typ: "urn:hoi:problem:unsupported-media-type"},
		{name: "weak password", body: `{"email":"y@hoi.example","display_name":"Y","role":"peer","password":"kort"}`, status: 400, typ: "urn:hoi:problem:validation-error", field: "password"},
		{name: "common password", body: `{"email":"y@hoi.example","display_name":"Y","role":"peer","password":"passwordpassword"}`, status: 400, typ: "urn:hoi:problem:validation-error", field: "password"},
		{name: "poh without practice", body: `{"email":"y@hoi.example","display_name":"Y","role":"poh","password":"een-lang-genoeg-wachtwoord"}`, status: 400, typ: "urn:hoi:problem:validation-error", field: "practice_id"},
		{name: "duplicate keys", body: `{"email":"a@hoi.example","email":"b@hoi.example"}`, status: 400, typ: "urn:hoi:problem:validation-error", field: "email"},
		{name: "deep nesting", body: strings.Repeat(`{"a":`, 40) + "1" + strings.Repeat("}", 40), status: 400, typ: "urn:hoi:problem:bad-request", detail: "nests deeper"},
		{name: "invalid UTF-8", body: "{\"display_name\":\"\xff\xfe\"}", status: 400, typ: "urn:hoi:problem:bad-request", detail: "UTF-8"},
		{name: "huge number", body: `{"practice_id":1e400}`, status: 400, typ: "urn:hoi:problem:validation-error", field: "practice_id"},
		{name: "form-encoded body", body: "email=a", contentType: "application/x-www-form-urlencoded", status: 415, typ: "urn:hoi:problem:unsupported-media-type"},
		{name: "too large", body: `{"display_name":"` + strings.Repeat("a", 2<<20) + `"}`, status: 413, typ: "urn:hoi:problem:too-large"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ct := "application/json"
			if tc.contentType != "" {
				ct = tc.contentType
			}
			r := e.do(req{method: "POST", path: "/api/v1/users", token: admin, body: tc.body, header: map[string]string{"Content-Type": ct}})
			p := r.problem()
			if p.Status != tc.status || r.status != tc.status {
				t.Fatalf("status: got %d (problem %d), want %d: %s", r.status, p.Status, tc.status, r.body)
			}
			if p.Type != tc.typ || p.Title == "" || p.RequestID == "" {
				t.Errorf("got type %q title %q request_id %q, want type %q with a title and request id", p.Type, p.Title, p.RequestID, tc.typ)
			}
			if tc.field != "" {
				found := false
				for _, f := range p.Errors {
					found = found || (f.Field == tc.field && f.Message != "")
				}
				if !found {
					t.Errorf("errors %+v do not name %q", p.Errors, tc.field)
				}
			}
			if tc.detail != "" && !strings.Contains(p.Detail+" "+fieldMessages(p), tc.detail) {
				t.Errorf("detail %q does not mention %q", p.Detail, tc.detail)
			}
		})
	}
	// Nothing of the rejected requests was stored.
	r := e.do(req{method: "GET", path: "/api/v1/users?q=hoi.example&limit=200", token: admin})
	for _, email := range []string{"x@hoi.example", "y@hoi.example", "nieuw@hoi.example"} {
		if strings.Contains(string(r.body), email) {
			t.Errorf("rejected user %s was stored", email)
		}
	}
}

func fieldMessages(p api.Problem) string {
	var b strings.Builder
	for _, f := range p.Errors {
		b.WriteString(f.Message + " ")
	}
	return b.String()
}

func TestUnknownRoutesAndMethodsAreProblems(t *testing.T) {
	e := newEnv(t)
	tok := e.token("poh@hoi.example")
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/api/v1/nope", 404},
		{"DELETE", "/api/v1/me", 405},
		{"GET", "/api/v1/users/abc", 403}, // a POH may not read users at all
	} {
		r := e.do(req{method: tc.method, path: tc.path, token: tok})
		if p := r.problem(); p.Status != tc.status {
			t.Errorf("%s %s: got %d, want %d", tc.method, tc.path, p.Status, tc.status)
		}
	}
	if r := e.do(req{method: "GET", path: "/api/v1/me", token: tok}); r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("API responses must not be cached: Cache-Control %q", r.header.Get("Cache-Control"))
	}
}
