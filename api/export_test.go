package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/hoi-app/hoi/internal/export/fhirtest"
)

// asJSON decodes b into generic JSON, for comparisons field by field.
func asJSON(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return v
}

func TestCaseExport(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example"}, true)
	other := e.newCase("poh2@hoi.example", nil, true)
	poh := e.session("poh@hoi.example")
	base := fmt.Sprintf("/api/v1/cases/%d", f.id)
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/conversations/%d/addenda", f.final), token: poh, body: map[string]any{"text": "Aanvulling (fixture)"}}), 201, "addendum")
	// The plan item requested from its provider, who declined: a
	// ServiceRequest with its Task in the FHIR export.
	var it loopItem
	e.must(e.do(req{method: "PATCH", path: fmt.Sprintf("/api/v1/plan/%d", f.plan), token: poh,
		header: map[string]string{"If-Match": `"1"`}, body: map[string]any{"status": "chosen"}}), 200, "choose").json(&it)
	e.must(e.step("poh@hoi.example", f.plan, it.Version, map[string]any{"status": "requested"}), 200, "request").json(&it)
	e.must(e.step("poh@hoi.example", f.plan, it.Version, map[string]any{"status": "declined", "reason": "no_places"}), 200, "decline")

	t.Run("JSON round-trips every field the case API returns", func(t *testing.T) {
		var ex map[string]json.RawMessage
		e.must(e.do(req{method: "GET", path: base + "/export", token: poh}), 200, "export").json(&ex)
		get := func(path string) []byte {
			return e.must(e.do(req{method: "GET", path: path, token: poh}), 200, path).body
		}
		items := func(b []byte) any {
			var l struct {
				Items json.RawMessage `json:"items"`
			}
			json.Unmarshal(b, &l)
			return asJSON(t, l.Items)
		}
		// The export is the stored record; what the caller may do with the
		// case is no part of it.
		caseWant := asJSON(t, get(base)).(map[string]any)
		delete(caseWant, "allowed_actions")
		for _, c := range []struct {
			name string
			got  json.RawMessage
			want any
		}{
			{"case", ex["case"], caseWant},
			{"conversations", ex["conversations"], items(get(base + "/conversations"))},
			{"notes", ex["notes"], items(get(base + "/notes"))},
			{"plan", ex["plan"], items(get(base + "/plan"))},
		} {
			if got := asJSON(t, c.got); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s:\n got %s\nwant %v", c.name, c.got, c.want)
			}
		}
		var log []struct {
			Action, Outcome string
			UserID          int64 `json:"user_id"`
		}
		json.Unmarshal(ex["access_log"], &log)
		if len(log) == 0 || log[len(log)-1].Action != "export" || log[len(log)-1].UserID != e.users["poh@hoi.example"].ID {
			t.Errorf("access log in the export does not end with this export: %+v", log)
		}
		for _, want := range []string{"Aanvulling (fixture)", "Verhaal in eigen woorden (fixture)", "Doel (fixture)"} {
			if !bytes.Contains(ex["conversations"], []byte(want)) && !bytes.Contains(ex["case"], []byte(want)) {
				t.Errorf("export lacks %q", want)
			}
		}
	})
	t.Run("the FHIR Bundle validates against the FHIR R4 schema", func(t *testing.T) {
		r := e.must(e.do(req{method: "GET", path: base + "/export?format=fhir", token: e.session("poh@hoi.example")}), 200, "fhir")
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/fhir+json") {
			t.Errorf("content type: got %q", ct)
		}
		if err := fhirtest.ValidateR4(r.body); err != nil {
			t.Fatalf("bundle does not validate: %v", err)
		}
		for _, rt := range []string{"Patient", "CareTeam", "Consent", "Encounter", "Goal", "CarePlan", "Communication", "AuditEvent", "ServiceRequest", "Task"} {
			if !bytes.Contains(r.body, []byte(`"resourceType":"`+rt+`"`)) {
				t.Errorf("bundle has no %s", rt)
			}
		}
		for _, want := range []string{`"status":"rejected"`, `"code":"no_places"`, fmt.Sprintf(`"value":"%d"`, f.plan)} {
			if !bytes.Contains(r.body, []byte(want)) {
				t.Errorf("the Task lacks %s", want)
			}
		}
	})
	// Regression (issue 12): the team got the case's whole access log —
	// every user id, role, client address and request id — through the
	// export, while GET /cases/{id}/access-log refused them.
	t.Run("the team's export holds no access log", func(t *testing.T) {
		for _, email := range []string{"peer@hoi.example"} {
			if e.do(req{method: "GET", path: base + "/access-log", token: e.session(email)}).status != 403 {
				t.Fatalf("%s may read the access log itself; the premise of this test is gone", email)
			}
			var ex map[string]json.RawMessage
			e.must(e.do(req{method: "GET", path: base + "/export", token: e.session(email)}), 200, "json export").json(&ex)
			if _, ok := ex["access_log"]; ok {
				t.Errorf("%s: the JSON export carries the access log: %.200s", email, ex["access_log"])
			}
			r := e.must(e.do(req{method: "GET", path: base + "/export?format=fhir", token: e.session(email)}), 200, "fhir export")
			if bytes.Contains(r.body, []byte(`"resourceType":"AuditEvent"`)) {
				t.Errorf("%s: the FHIR export carries AuditEvents", email)
			}
			if err := fhirtest.ValidateR4(r.body); err != nil {
				t.Errorf("%s: bundle does not validate: %v", email, err)
			}
		}
	})
	t.Run("refused outside the team and practice, and to the GP and admin", func(t *testing.T) {
		for _, c := range []struct {
			email string
			id    int64
			want  int
		}{
			{"gp@hoi.example", f.id, 403},
			{"admin@hoi.example", f.id, 403},
			{"coach@hoi.example", f.id, 404}, // not on the team
			{"poh@hoi.example", other.id, 404},
			{"peer@hoi.example", other.id, 404},
			{"admin2@hoi.example", f.id, 404},
		} {
			for _, format := range []string{"json", "fhir"} {
				r := e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/export?format=%s", c.id, format), token: e.session(c.email)})
				if r.status != c.want || bytes.Contains(r.body, []byte("fixture")) {
					t.Errorf("%s %s on case %d: got %d %s, want %d without content", c.email, format, c.id, r.status, r.body, c.want)
				}
			}
		}
	})
}

func TestErasure(t *testing.T) {
	e := newEnv(t)
	poh := e.session("poh@hoi.example")
	texts := []string{"Erasable-label", "Erasable-ref-99", "Erasable question words", "Erasable story words", "Erasable domain words",
		"Erasable goal words", "Erasable strength words", "Erasable need words", "Erasable network person", "Erasable addendum words",
		"Erasable note words", "Erasable plan title", "Erasable plan note", "Erasable arranged note", "Erasable outcome reason", "Erasable participant"}
	var c struct {
		ID int64 `json:"id"`
	}
	e.must(e.do(req{method: "POST", path: "/api/v1/cases", token: poh, body: map[string]any{"label": texts[0], "birth_year": 1961, "pc4": "7131",
		"practice_ref": texts[1], "question": texts[2], "referral_intention": "specialist_ggz"}}), 201, "case").json(&c)
	base := fmt.Sprintf("/api/v1/cases/%d", c.ID)
	e.must(e.putTeam("poh@hoi.example", c.ID, []int64{e.users["peer@hoi.example"].ID}), 200, "team")
	e.must(e.do(req{method: "POST", path: base + "/consent", token: poh, body: map[string]any{"status": "given"}}), 200, "consent")
	var conv struct {
		ID int64 `json:"id"`
	}
	e.must(e.do(req{method: "POST", path: base + "/conversations", token: poh, body: map[string]any{"held_on": "2026-11-02", "kind": "exploratory", "location": "home",
		"participants": []map[string]any{{"role": "other", "name": texts[15]}},
		"sections": map[string]any{"story": texts[3], "domains": map[string]any{"mind": map[string]any{"text": texts[4], "score": 2}},
			"goals": []map[string]any{{"text": texts[5]}}, "strengths": []map[string]any{{"text": texts[6]}}, "needs": []map[string]any{{"text": texts[7]}},
			"network": []map[string]any{{"who": texts[8], "meaning": "steun"}}}}}), 201, "conversation").json(&conv)
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/conversations/%d/finalize", conv.ID), token: poh}), 200, "finalize")
	// An automatic checkpoint now puts what was written so far into hoi.db;
	// what follows stays in hoi.db-wal: the erasure must reach both.
	e.checkpoint()
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/conversations/%d/addenda", conv.ID), token: poh, body: map[string]any{"text": texts[9]}}), 201, "addendum")
	e.must(e.do(req{method: "POST", path: base + "/notes", token: e.session("peer@hoi.example"), body: map[string]any{"text": texts[10]}}), 201, "note")
	e.must(e.do(req{method: "POST", path: base + "/plan", token: poh, body: map[string]any{"title": texts[11], "note": texts[12], "arranged_note": texts[13], "category": "peer_support", "arranged_by": "peer", "status": "chosen"}}), 201, "plan")
	e.must(e.do(req{method: "POST", path: base + "/close", token: poh, body: map[string]any{"outcome": "supported_without_referral", "reason": texts[14]}}), 200, "close")
	before := e.do(req{method: "GET", path: "/api/v1/outcomes", token: poh}).body

	t.Run("a reason is required and only the POH or admin may erase", func(t *testing.T) {
		e.must(e.do(req{method: "DELETE", path: base, token: poh, body: map[string]any{"reason": " "}}), 400, "blank reason")
		e.must(e.do(req{method: "DELETE", path: base, token: e.session("peer@hoi.example"), body: map[string]any{"reason": "x"}}), 403, "peer")
		e.must(e.do(req{method: "DELETE", path: base, token: e.session("gp@hoi.example"), body: map[string]any{"reason": "x"}}), 403, "gp")
		e.must(e.do(req{method: "DELETE", path: base, token: e.session("poh2@hoi.example"), body: map[string]any{"reason": "x"}}), 404, "other practice")
	})
	e.must(e.do(req{method: "DELETE", path: base, token: poh, body: map[string]any{"reason": "Verzoek van de bewoner"}}), 204, "erase")

	t.Run("the case and its children answer 410 to those who could see it", func(t *testing.T) {
		for _, c := range []struct{ email, method, path string }{
			{"poh@hoi.example", "GET", base}, {"gp@hoi.example", "GET", base}, {"peer@hoi.example", "GET", base},
			{"poh@hoi.example", "GET", base + "/conversations"}, {"poh@hoi.example", "GET", base + "/notes"}, {"poh@hoi.example", "GET", base + "/plan"},
			{"poh@hoi.example", "GET", fmt.Sprintf("/api/v1/conversations/%d", conv.ID)}, {"poh@hoi.example", "GET", base + "/export"},
			{"poh@hoi.example", "DELETE", base},
		} {
			var body any
			if c.method == "DELETE" {
				body = map[string]any{"reason": "nogmaals"}
			}
			r := e.do(req{method: c.method, path: c.path, token: e.session(c.email), body: body})
			if r.status != 410 || r.problem().Status != 410 {
				t.Errorf("%s %s %s: got %d %s, want 410", c.email, c.method, c.path, r.status, r.body)
			}
		}
		if r := e.do(req{method: "GET", path: base, token: e.session("poh2@hoi.example")}); r.status != 404 {
			t.Errorf("another practice: got %d, want 404", r.status)
		}
		var list struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		e.do(req{method: "GET", path: "/api/v1/cases?status=closed", token: poh}).json(&list)
		for _, it := range list.Items {
			if it.ID == c.ID {
				t.Error("the erased case is still listed")
			}
		}
	})
	t.Run("the access log still shows who touched the case", func(t *testing.T) {
		var log struct {
			Items []struct {
				Action string `json:"action"`
				UserID int64  `json:"user_id"`
			} `json:"items"`
		}
		e.must(e.do(req{method: "GET", path: base + "/access-log", token: e.session("admin@hoi.example")}), 200, "access log").json(&log)
		seen := map[string]bool{}
		for _, l := range log.Items {
			seen[fmt.Sprintf("%s/%d", l.Action, l.UserID)] = true
		}
		for _, want := range []string{"create/" + fmt.Sprint(e.users["poh@hoi.example"].ID), "create/" + fmt.Sprint(e.users["peer@hoi.example"].ID), "delete/" + fmt.Sprint(e.users["poh@hoi.example"].ID)} {
			if !seen[want] {
				t.Errorf("access log lacks %s: %+v", want, log.Items)
			}
		}
	})
	t.Run("outcome figures are unchanged", func(t *testing.T) {
		after := e.do(req{method: "GET", path: "/api/v1/outcomes", token: poh}).body
		if !reflect.DeepEqual(asJSON(t, before), asJSON(t, after)) {
			t.Errorf("figures changed:\nbefore %s\n after %s", before, after)
		}
	})
	t.Run("no erased text is left in the live files of the running server", func(t *testing.T) {
		// No checkpoint, no close: the files as the server left them.
		for _, s := range e.erasedTextLeft(texts) {
			t.Errorf("%q is still on disk", s)
		}
	})
}
