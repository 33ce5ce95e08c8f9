package caseflow

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/errs"
)

// reach drives a fresh loop of a chosen plan item to status to along the
// table, returning the loop and plan status there.
func reach(t *testing.T, to LoopStatus) (*Loop, PlanStatus) {
	t.Helper()
	paths := map[LoopStatus][]LoopStatus{
		"":            {},
		LoopRequested: {LoopRequested},
		LoopAccepted:  {LoopRequested, LoopAccepted},
		LoopDeclined:  {LoopRequested, LoopDeclined},
		LoopStarted:   {LoopRequested, LoopAccepted, LoopStarted},
		LoopCompleted: {LoopRequested, LoopAccepted, LoopStarted, LoopCompleted},
		LoopStopped:   {LoopRequested, LoopAccepted, LoopStarted, LoopStopped},
	}
	var cur *Loop
	plan := PlanChosen
	for _, st := range paths[to] {
		in := step(st)
		next, p, err := ApplyLoopStep(plan, cur, in)
		if err != nil {
			t.Fatalf("path to %s: step %s: %v", to, st, err)
		}
		next.Steps = append(next.Steps, LoopStep{Status: st, On: *in.On})
		cur, plan = &next, p
	}
	return cur, plan
}

func step(st LoopStatus) LoopStepInput {
	in := LoopStepInput{Status: st}
	if st == LoopDeclined {
		in.Reason = DeclineNoPlaces
	}
	if err := in.Validate(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)); err != nil {
		panic(err)
	}
	return in
}

// TestEveryLoopStep walks every pair (from, to): the steps of the table are
// taken, every other one is a conflict naming the field status and listing
// the allowed steps.
func TestEveryLoopStep(t *testing.T) {
	allowed := map[[2]LoopStatus]bool{
		{"", LoopRequested}: true, {LoopRequested, LoopAccepted}: true, {LoopRequested, LoopDeclined}: true,
		{LoopAccepted, LoopStarted}: true, {LoopStarted, LoopCompleted}: true, {LoopStarted, LoopStopped}: true,
	}
	wantPlan := map[LoopStatus]PlanStatus{LoopStarted: PlanStarted, LoopCompleted: PlanCompleted, LoopStopped: PlanStopped}
	for _, from := range append([]LoopStatus{""}, LoopStatuses...) {
		for _, to := range LoopStatuses {
			cur, plan := reach(t, from)
			next, p, err := ApplyLoopStep(plan, cur, step(to))
			name := string(from) + "→" + string(to)
			if allowed[[2]LoopStatus{from, to}] {
				if err != nil {
					t.Errorf("%s: refused: %v", name, err)
					continue
				}
				if next.Status != to {
					t.Errorf("%s: status %s", name, next.Status)
				}
				if w, ok := wantPlan[to]; ok && p != w {
					t.Errorf("%s: plan status %s, want %s", name, p, w)
				}
				continue
			}
			var e *errs.Error
			if !errors.As(err, &e) || !errors.Is(err, errs.ErrConflict) {
				t.Errorf("%s: got %v, want a conflict", name, err)
				continue
			}
			if len(e.Fields) != 1 || e.Fields[0].Field != "status" {
				t.Errorf("%s: the conflict names %v, want the field status", name, e.Fields)
			}
			want := []string{}
			for _, s := range loopSteps[from] {
				want = append(want, string(s))
			}
			if got := e.Extra["allowed"].([]string); !slices.Equal(got, want) {
				t.Errorf("%s: allowed %v, want %v", name, got, want)
			}
		}
	}
}

func TestOnlyAChosenPlanItemIsRequested(t *testing.T) {
	for _, ps := range PlanStatuses {
		_, _, err := ApplyLoopStep(ps, nil, step(LoopRequested))
		if (err == nil) != (ps == PlanChosen) {
			t.Errorf("requesting a %s plan item: %v", ps, err)
		}
	}
}

func TestLoopDates(t *testing.T) {
	cur, plan := reach(t, LoopRequested)
	in := step(LoopDeclined)
	next, _, err := ApplyLoopStep(plan, cur, in)
	if err != nil {
		t.Fatal(err)
	}
	if next.RequestedOn != "2026-06-01" || next.AnsweredOn == nil || *next.AnsweredOn != "2026-06-01" || next.Reason == nil || *next.Reason != DeclineNoPlaces {
		t.Errorf("after the answer: %+v", next)
	}
	early := "2026-05-01"
	in.On = &early
	if _, _, err := ApplyLoopStep(plan, cur, in); !errors.Is(err, errs.ErrInvalid) {
		t.Errorf("an answer dated before the request: got %v, want invalid", err)
	}
}

func TestLoopStepInputRules(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	tomorrow := "2026-06-02"
	for _, c := range []struct {
		name  string
		in    LoopStepInput
		field string
	}{
		{"declined without a reason", LoopStepInput{Status: LoopDeclined}, "reason"},
		{"a reason without a decline", LoopStepInput{Status: LoopAccepted, Reason: DeclineNoPlaces}, "reason"},
		{"a text with another reason", LoopStepInput{Status: LoopDeclined, Reason: DeclineNoPlaces, ReasonText: "vol"}, "reason_text"},
		{"a day in the future", LoopStepInput{Status: LoopRequested, On: &tomorrow}, "on"},
		{"other with a text", LoopStepInput{Status: LoopDeclined, Reason: DeclineOther, ReasonText: "verhuisd"}, ""},
	} {
		err := c.in.Validate(now)
		var e *errs.Error
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.field != "" && (!errors.As(err, &e) || len(e.Fields) == 0 || e.Fields[0].Field != c.field):
			t.Errorf("%s: got %v, want a refusal naming %s", c.name, err, c.field)
		}
	}
}

func TestAnswerOverdueAfterTheRegionsDays(t *testing.T) {
	at := func(days int) time.Time { return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, days) }
	for d, want := range map[int]bool{0: false, 13: false, 14: false, 15: true, 30: true} {
		if got := AnswerOverdue("2026-06-01", at(d), 14); got != want {
			t.Errorf("day %d: overdue %v, want %v", d, got, want)
		}
	}
}
