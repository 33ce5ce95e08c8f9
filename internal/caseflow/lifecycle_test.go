package caseflow

import (
	"errors"
	"testing"

	"github.com/hoi-app/hoi/internal/errs"
)

var allStatuses = []Status{StatusSignalled, StatusExploring, StatusFollowUp, StatusClosed, StatusWithdrawn}

// TestStepEveryPair walks every (from, cause, to) of the lifecycle and
// states what must come of it.
func TestStepEveryPair(t *testing.T) {
	machine := map[[2]Status]bool{
		{StatusSignalled, StatusExploring}: true, {StatusSignalled, StatusWithdrawn}: true,
		{StatusExploring, StatusFollowUp}: true, {StatusExploring, StatusClosed}: true, {StatusExploring, StatusWithdrawn}: true,
		{StatusFollowUp, StatusExploring}: true, {StatusFollowUp, StatusClosed}: true, {StatusFollowUp, StatusWithdrawn}: true,
	}
	// automatic: where an event takes a case from each status.
	automatic := map[Cause]map[Status]Status{
		CauseConversationStarted: {StatusSignalled: StatusExploring, StatusExploring: StatusExploring, StatusFollowUp: StatusFollowUp},
		// finalised without a follow-up date (to = exploring) and with one (to = follow_up)
	}
	finalNoFollowUp := map[Status]Status{StatusSignalled: StatusExploring, StatusExploring: StatusExploring, StatusFollowUp: StatusFollowUp}
	finalFollowUp := map[Status]Status{StatusSignalled: StatusFollowUp, StatusExploring: StatusFollowUp, StatusFollowUp: StatusFollowUp}

	for _, from := range allStatuses {
		for _, to := range allStatuses {
			// An explicit edit: one machine step, never into an ended status
			// (closing takes an outcome), staying put is no change.
			got, err := Step(from, CauseEdit, to)
			switch {
			case from.Ended():
				wantConflict(t, "edit", from, to, err)
			case to == from:
				if err != nil || got != from {
					t.Errorf("edit %s → %s: got %s, %v; want no change", from, to, got, err)
				}
			case to.Ended() || !machine[[2]Status{from, to}]:
				wantConflict(t, "edit", from, to, err)
			default:
				if err != nil || got != to {
					t.Errorf("edit %s → %s: got %s, %v", from, to, got, err)
				}
			}
			// Closing: exactly the machine's steps into closed or withdrawn.
			got, err = Step(from, CauseClose, to)
			if machine[[2]Status{from, to}] && to.Ended() {
				if err != nil || got != to {
					t.Errorf("close %s → %s: got %s, %v", from, to, got, err)
				}
			} else {
				wantConflict(t, "close", from, to, err)
			}
		}
		// The automatic moves, from every status.
		for cause, table := range automatic {
			got, err := Step(from, cause, StatusExploring)
			checkAuto(t, string(cause), from, got, err, table)
		}
		got, err := Step(from, CauseConversationFinalized, StatusExploring)
		checkAuto(t, "finalized", from, got, err, finalNoFollowUp)
		got, err = Step(from, CauseConversationFinalized, StatusFollowUp)
		checkAuto(t, "finalized with follow-up", from, got, err, finalFollowUp)
	}
}

func checkAuto(t *testing.T, what string, from, got Status, err error, table map[Status]Status) {
	t.Helper()
	if from.Ended() {
		wantConflict(t, what, from, from, err)
		return
	}
	if err != nil || got != table[from] {
		t.Errorf("%s from %s: got %s, %v; want %s", what, from, got, err, table[from])
	}
}

func wantConflict(t *testing.T, what string, from, to Status, err error) {
	t.Helper()
	if !errors.Is(err, errs.ErrConflict) {
		t.Errorf("%s %s → %s: got %v, want a conflict", what, from, to, err)
	}
}

// TestAutomaticMovesAreMachineSteps: a signalled case that is finalised with
// a follow-up date goes through exploring, never straight to follow_up by a
// step the machine lacks (the store used to write follow_up directly).
func TestAutomaticMovesAreMachineSteps(t *testing.T) {
	if CheckTransition(StatusSignalled, StatusFollowUp) == nil {
		t.Fatal("the premise changed: signalled → follow_up is a machine step now")
	}
	for _, from := range []Status{StatusSignalled, StatusExploring, StatusFollowUp} {
		for _, to := range []Status{StatusExploring, StatusFollowUp} {
			cur := from
			end := towards(from, to)
			for cur != end {
				next := forward[cur]
				if err := CheckTransition(cur, next); err != nil {
					t.Errorf("towards(%s, %s) takes the step %s → %s the machine refuses", from, to, cur, next)
				}
				cur = next
			}
		}
	}
}

func TestWritableRefusesEndedAndErasedCases(t *testing.T) {
	for _, st := range allStatuses {
		err := Writable(st, false)
		if st.Ended() {
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.ErrConflict || e.Extra["status"] != string(st) {
				t.Errorf("%s: got %v, want a conflict naming the status", st, err)
			}
		} else if err != nil {
			t.Errorf("%s: got %v, want writable", st, err)
		}
		if !errors.Is(Writable(st, true), errs.ErrGone) {
			t.Errorf("erased %s case: want gone", st)
		}
	}
}

func TestFinalizeIsAPureCaseChange(t *testing.T) {
	first, next := "2026-03-01", "2026-04-01"
	ch, err := Finalize(CaseState{Status: StatusExploring}, first, Sections{NextFollowUpOn: &next})
	if err != nil || ch.Status != StatusFollowUp || ch.FirstConversationOn == nil || *ch.FirstConversationOn != first || ch.PreviousFirst != nil || *ch.NextFollowUpOn != next {
		t.Errorf("first conversation with a follow-up: got %+v, %v", ch, err)
	}
	later := "2026-05-01"
	ch, err = Finalize(CaseState{Status: StatusFollowUp, FirstConversationOn: &first}, later, Sections{Story: "Het gaat beter."})
	if err != nil || ch.Status != StatusFollowUp || ch.FirstConversationOn != nil || ch.NextFollowUpOn != nil {
		t.Errorf("a later conversation without follow-up: got %+v, %v", ch, err)
	}
	earlier := "2026-02-01"
	ch, _ = Finalize(CaseState{Status: StatusExploring, FirstConversationOn: &first}, earlier, Sections{Story: "Eerder gesprek."})
	if ch.FirstConversationOn == nil || *ch.FirstConversationOn != earlier || ch.PreviousFirst == nil || *ch.PreviousFirst != first {
		t.Errorf("an earlier conversation becomes the first: got %+v", ch)
	}
	for _, st := range []Status{StatusClosed, StatusWithdrawn} {
		if _, err := Finalize(CaseState{Status: st}, first, Sections{}); !errors.Is(err, errs.ErrConflict) {
			t.Errorf("finalising on a %s case: got %v, want a conflict", st, err)
		}
	}
}
