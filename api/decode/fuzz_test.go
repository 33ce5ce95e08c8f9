package decode

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/practice"
	"github.com/hoi-app/hoi/internal/user"
)

// login mirrors the login request of package api, which cannot be imported here.
type login struct {
	Email    string `json:"email" validate:"required,max=254"`
	Password string `json:"password" validate:"required,max=1024"`
}

// checker is a request type's own rule check beyond struct tags.
type checker interface{ Check() error }

// requestTypes makes a fresh value of every request body HOI decodes.
var requestTypes = map[string]func() any{
	"login":        func() any { return &login{} },
	"practice":     func() any { return &practice.Create{} },
	"user":         func() any { return &user.Create{} },
	"user update":  func() any { return &user.Update{} },
	"case":         func() any { return &caseflow.Create{} },
	"case update":  func() any { return &caseflow.Update{} },
	"consent":      func() any { return &caseflow.ConsentInput{} },
	"close":        func() any { return &caseflow.CloseInput{} },
	"team":         func() any { return &caseflow.TeamInput{} },
	"conversation": func() any { return &caseflow.ConversationCreate{} },
	"conv update":  func() any { return &caseflow.ConversationUpdate{} },
	"addendum":     func() any { return &caseflow.AddendumInput{} },
	"note":         func() any { return &caseflow.NoteInput{} },
	"plan":         func() any { return &caseflow.PlanCreate{} },
	"plan update":  func() any { return &caseflow.PlanUpdate{} },
	"option":       func() any { return &catalogue.Create{} },
	"option upd":   func() any { return &catalogue.Update{} },
}

// mustBeClientError fails unless err is nil or a 4xx error of ours.
func mustBeClientError(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *errs.Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: got %T %v, want an *errs.Error", what, err, err)
	}
	if st := errs.Status(err); st < 400 || st > 499 {
		t.Fatalf("%s: got status %d for %v, want 4xx", what, st, err)
	}
}

func seedBodies(f *testing.F) {
	for _, s := range []string{
		`{"email":"a@b.nl","password":"een-lang-genoeg-wachtwoord"}`,
		`{"label":"Noor","birth_year":1994,"pc4":"7001","question":"Vraag","referral_intention":"specialist_ggz"}`,
		`{"held_on":"2026-11-01","kind":"exploratory","location":"home","participants":[{"role":"resident"}],"sections":{"story":"x","domains":{"mind":{"text":"y","score":3}},"goals":[{"text":"z","domain":"mind"}],"options":[{"option_id":1,"chosen":true}],"agreements":[{"who":"POH","what":"belt","due_on":"2026-12-01"}],"next_follow_up_on":"2026-12-01"}}`,
		`{"sections":{"goal_updates":[{"goal_id":1,"status":"reached"}],"network":[{"who":"zus","meaning":"steun"}]}}`,
		`{"option_id":3,"title":"","arranged_by":"peer","status":"chosen","goal_ids":[1,1,2],"start_on":""}`,
		`{"name":"Optie","category":"group","cost":"free","specialist":true}`,
		`{"diagnosis":"x"}`, `{"label":"a","label":"b"}`, `[]`, `null`, `{"a":{"b":{"c":[[[[{}]]]]}}}`, "{\"x\":\"\xff\"}", `{"birth_year":1e999}`,
	} {
		f.Add([]byte(s))
	}
}

// FuzzDecodeRequests feeds arbitrary bytes to every request decoder and its
// validation: nothing may panic, and every refusal must be a 4xx of ours.
func FuzzDecodeRequests(f *testing.F) {
	seedBodies(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		for name, mk := range requestTypes {
			dst := mk()
			err := Strict(body, dst)
			if err == nil {
				err = Struct(dst)
			}
			if err == nil {
				if c, ok := dst.(checker); ok {
					err = c.Check()
				}
			}
			if err == nil {
				if s, ok := dst.(*caseflow.ConversationCreate); ok && s.Sections != nil {
					err = s.Sections.Check()
				}
			}
			mustBeClientError(t, name, err)
		}
	})
}

// FuzzSections checks that any accepted conversation document survives the
// store's encode/decode round trip unchanged, so autosave never alters text.
func FuzzSections(f *testing.F) {
	seedBodies(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		var s caseflow.Sections
		if err := Strict(body, &s); err != nil {
			mustBeClientError(t, "sections", err)
			return
		}
		if err := Struct(&s); err != nil {
			mustBeClientError(t, "sections", err)
			return
		}
		if err := s.Check(); err != nil {
			mustBeClientError(t, "sections", err)
			return
		}
		s.Normalize()
		enc, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("encode accepted sections: %v", err)
		}
		var back caseflow.Sections
		if err := json.Unmarshal(enc, &back); err != nil {
			t.Fatalf("decode stored sections: %v", err)
		}
		back.Normalize()
		again, _ := json.Marshal(back)
		if string(again) != string(enc) {
			t.Fatalf("round trip changed the document:\n%s\n%s", enc, again)
		}
	})
}
