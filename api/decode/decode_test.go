package decode

import (
	"errors"
	"strings"
	"testing"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
)

func TestDecodeStrictRefusesWhatJSONWouldAccept(t *testing.T) {
	deep := strings.Repeat(`{"a":`, MaxDepth+1) + "1" + strings.Repeat("}", MaxDepth+1)
	for _, tc := range []struct {
		name, body, want string
	}{
		{"duplicate key", `{"label":"A","label":"B"}`, "label"},
		{"nested duplicate key", `{"sections":{"story":"a","story":"b"}}`, "sections.story"},
		{"duplicate key in array element", `{"participants":[{"role":"poh","role":"gp"}]}`, "participants[0].role"},
		{"keys differing only in case", `{"label":"A","LABEL":"B"}`, "LABEL"},
		{"keys differing only in case, nested", `{"sections":{"story":"a","Story":"b"}}`, "sections.Story"},
		{"keys folding alike in Unicode", "{\"kind\":\"network\",\"\u212aind\":\"follow_up\"}", "\u212aind"},
		{"deep nesting", deep, "nests deeper"},
		{"invalid UTF-8", "{\"label\":\"\xff\xfe\"}", "UTF-8"},
		{"huge number", `{"birth_year":1e400}`, "birth_year"},
		{"number out of int range", `{"birth_year":99999999999999999999}`, "birth_year"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var dst caseflow.ConversationCreate
			var other caseflow.Create
			err := Strict([]byte(tc.body), &dst)
			if strings.Contains(tc.body, "birth_year") {
				err = Strict([]byte(tc.body), &other)
			}
			var e *errs.Error
			if !errors.As(err, &e) || errs.Status(err) != 400 {
				t.Fatalf("got %v, want a 400", err)
			}
			text := e.Detail
			for _, f := range e.Fields {
				text += " " + f.Field
			}
			if !strings.Contains(text, tc.want) {
				t.Errorf("got %q, want it to mention %q", text, tc.want)
			}
		})
	}
	// A case-variant key names both spellings, with its own code.
	err := Strict([]byte(`{"label":"A","LABEL":"B"}`), new(caseflow.Create))
	var e *errs.Error
	if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != "LABEL" || e.Fields[0].Code != CodeDuplicateCase || !strings.Contains(e.Fields[0].Message, `"label"`) {
		t.Errorf("case-variant keys: got %#v, want LABEL refused naming \"label\"", err)
	}
	// Distinct keys at different levels are fine.
	var ok caseflow.ConversationCreate
	if err := Strict([]byte(`{"held_on":"2026-01-01","kind":"exploratory","location":"home","sections":{"story":"x","domains":{"mind":{"text":"x","score":3},"body":{"text":"y"}}}}`), &ok); err != nil {
		t.Errorf("a valid document was refused: %v", err)
	}
}
