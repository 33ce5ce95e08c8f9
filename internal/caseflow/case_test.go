package caseflow

import (
	"errors"
	"testing"

	"github.com/hoi-app/hoi/internal/errs"
)

func TestTransitions(t *testing.T) {
	valid := map[[2]Status]bool{
		{StatusSignalled, StatusExploring}: true, {StatusSignalled, StatusWithdrawn}: true,
		{StatusExploring, StatusFollowUp}: true, {StatusExploring, StatusClosed}: true, {StatusExploring, StatusWithdrawn}: true,
		{StatusFollowUp, StatusExploring}: true, {StatusFollowUp, StatusClosed}: true, {StatusFollowUp, StatusWithdrawn}: true,
	}
	all := []Status{StatusSignalled, StatusExploring, StatusFollowUp, StatusClosed, StatusWithdrawn}
	for _, from := range all {
		for _, to := range all {
			err := CheckTransition(from, to)
			if want := valid[[2]Status{from, to}]; (err == nil) != want {
				t.Errorf("%s → %s: got err=%v, want allowed=%v", from, to, err, want)
			}
			if err != nil && !errors.Is(err, errs.ErrConflict) {
				t.Errorf("%s → %s: got %v, want a conflict", from, to, err)
			}
		}
	}
	var e *errs.Error
	if !errors.As(CheckTransition(StatusSignalled, StatusClosed), &e) || len(e.Extra["allowed"].([]string)) != 2 {
		t.Errorf("the conflict must list the allowed next statuses: %+v", e)
	}
}

func TestReferralAvoided(t *testing.T) {
	for _, tc := range []struct {
		i    Intention
		o    Outcome
		want bool
	}{
		{IntentionSpecialistGGZ, OutcomeSupported, true},
		{IntentionSpecialistGGZ, OutcomeBasicGGZ, true},
		{IntentionAddictionCare, OutcomeSupported, true},
		{IntentionSpecialistGGZ, OutcomeSpecialistGGZ, false},
		{IntentionAddictionCare, OutcomeAddictionCare, false},
		{IntentionSpecialistGGZ, OutcomeAddictionCare, false},
		{IntentionBasicGGZ, OutcomeSupported, false},
		{IntentionNone, OutcomeSupported, false},
		{IntentionSpecialistGGZ, OutcomeWithdrawn, false},
	} {
		if got := ReferralAvoided(tc.i, tc.o); got != tc.want {
			t.Errorf("ReferralAvoided(%s, %s): got %v, want %v", tc.i, tc.o, got, tc.want)
		}
	}
}

func TestPlanSteps(t *testing.T) {
	if err := CheckPlanStep(PlanCompleted, PlanStarted); err == nil {
		t.Error("a completed plan item was reopened")
	}
	if err := CheckPlanStep(PlanConsidered, PlanChosen); err != nil {
		t.Error(err)
	}
	if err := CheckPlanStep(PlanStarted, PlanStopped); err != nil {
		t.Error(err)
	}
}

func TestSectionsCheck(t *testing.T) {
	s := Sections{Domains: map[Domain]DomainEntry{"feelings": {}}, Options: []ConsideredOption{{}}}
	err := s.Check()
	var e *errs.Error
	if !errors.As(err, &e) || len(e.Fields) != 2 {
		t.Fatalf("got %v, want two field errors (unknown domain, option without text)", err)
	}
}
