package decode

import (
	"errors"
	"slices"
	"testing"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
)

// TestEnumTagNamesTheValues proves validate:"enum": the enum type's own list
// decides, and a refusal reads as the oneof refusals always did.
func TestEnumTagNamesTheValues(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		dst        any
		want       []errs.FieldError
	}{
		{"a valid value passes", `{"held_on":"2026-03-01","kind":"network","location":"home"}`, &caseflow.ConversationCreate{}, nil},
		{"a value outside the list", `{"held_on":"2026-03-01","kind":"chat","location":"home"}`, &caseflow.ConversationCreate{},
			[]errs.FieldError{{Field: "kind", Code: "oneof", Message: "must be one of: exploratory, follow_up, network"}}},
		{"a pointer field", `{"location":"cafe"}`, &caseflow.ConversationUpdate{},
			[]errs.FieldError{{Field: "location", Code: "oneof", Message: "must be one of: gp_practice, home, neighbourhood, online, other"}}},
		{"nested in a list", `{"held_on":"2026-03-01","kind":"network","location":"home","participants":[{"role":"neighbour"}]}`, &caseflow.ConversationCreate{},
			[]errs.FieldError{{Field: "participants[0].role", Code: "oneof", Message: "must be one of: resident, poh, peer, coach, gp, other"}}},
		{"empty is still required", `{"held_on":"2026-03-01","kind":"","location":"home"}`, &caseflow.ConversationCreate{},
			[]errs.FieldError{{Field: "kind", Code: "required", Message: "is required"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := Strict([]byte(tc.body), tc.dst); err != nil {
				t.Fatal(err)
			}
			err := Struct(tc.dst)
			var e *errs.Error
			if tc.want == nil {
				if err != nil {
					t.Fatalf("got %v, want no error", err)
				}
				return
			}
			if !errors.As(err, &e) || !slices.Equal(e.Fields, tc.want) {
				t.Errorf("got %+v, want %+v", err, tc.want)
			}
		})
	}
}
