package caseflow

import (
	"testing"

	"github.com/hoi-app/hoi/internal/enum"
)

func TestEnumsAcceptExactlyTheirValues(t *testing.T) {
	for _, e := range []enum.Enum{Status(""), Intention(""), Outcome(""), ConsentStatus(""), Domain(""), Kind(""),
		Location(""), ConversationStatus(""), ParticipantRole(""), GoalStatus(""), PlanStatus("")} {
		if len(e.Values()) == 0 {
			t.Errorf("%T: no values", e)
		}
		if e.Valid() {
			t.Errorf("%T: the empty string is valid", e)
		}
	}
	for _, s := range Statuses {
		if !s.Valid() {
			t.Errorf("%s: not valid", s)
		}
	}
	if Status("open").Valid() || Location("cafe").Valid() || Outcome("referred").Valid() {
		t.Error("an unknown value is valid")
	}
}

func TestIsSpecialistReferral(t *testing.T) {
	specialist := map[string]bool{
		string(IntentionSpecialistGGZ): true, string(IntentionAddictionCare): true,
		string(OutcomeSpecialistGGZ): true, string(OutcomeAddictionCare): true,
	}
	for _, i := range Intentions {
		if got := i.IsSpecialistReferral(); got != specialist[string(i)] {
			t.Errorf("intention %s: got %v", i, got)
		}
	}
	for _, o := range Outcomes {
		if got := o.IsSpecialistReferral(); got != specialist[string(o)] {
			t.Errorf("outcome %s: got %v", o, got)
		}
	}
}
