package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
)

func loopStep(t *testing.T, db *store.DB, ref store.CaseRef, id, version, by int64, in caseflow.LoopStepInput) (caseflow.PlanItem, error) {
	t.Helper()
	if err := in.Validate(db.Now()); err != nil {
		t.Fatalf("step %s: %v", in.Status, err)
	}
	return db.RecordLoopStep(context.Background(), ref, id, version, by, "poh", in, noAudit)
}

// TestLoopIsRecordedStepByStep: each step is stored with its day and its
// author, moves the plan item's status where the table says, and a stale
// version or a step the table refuses changes nothing.
func TestLoopIsRecordedStepByStep(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t, nil)
	region, err := db.EnsureRegion(ctx, "Regio")
	must(t, err)
	tn := newTenant(t, db, region.ID, "Praktijk")
	ref := mustGate(t, db, tn.scope, tn.poh, tn.caseID)

	item, err := loopStep(t, db, ref, tn.plan, tn.planVersion, tn.poh, caseflow.LoopStepInput{Status: caseflow.LoopRequested})
	must(t, err)
	if item.Loop == nil || item.Loop.Status != caseflow.LoopRequested || item.Loop.RequestedOn != db.Now().Format(time.DateOnly) || item.Status != caseflow.PlanChosen {
		t.Fatalf("after the request: %+v %+v", item, item.Loop)
	}
	if _, err := loopStep(t, db, ref, tn.plan, tn.planVersion, tn.poh, caseflow.LoopStepInput{Status: caseflow.LoopAccepted}); !errors.Is(err, store.ErrStale) {
		t.Errorf("a step on a stale version: got %v, want ErrStale", err)
	}
	if _, err := loopStep(t, db, ref, tn.plan, item.Version, tn.poh, caseflow.LoopStepInput{Status: caseflow.LoopCompleted}); !errors.Is(err, errs.ErrConflict) {
		t.Errorf("requested → completed: got %v, want a conflict", err)
	}
	for _, st := range []caseflow.LoopStatus{caseflow.LoopAccepted, caseflow.LoopStarted, caseflow.LoopCompleted} {
		item, err = loopStep(t, db, ref, tn.plan, item.Version, tn.poh, caseflow.LoopStepInput{Status: st})
		must(t, err)
	}
	if item.Status != caseflow.PlanCompleted || item.StartOn == nil || item.EndOn == nil || item.Loop.AnsweredOn == nil {
		t.Errorf("after completing: status %s, start %v, end %v, answered %v", item.Status, item.StartOn, item.EndOn, item.Loop.AnsweredOn)
	}
	plan, err := db.Plan(ctx, ref)
	must(t, err)
	steps := plan[0].Loop.Steps
	if len(steps) != 4 || steps[0].Status != caseflow.LoopRequested || steps[3].Status != caseflow.LoopCompleted || steps[0].By.UserID != tn.poh || steps[0].By.DisplayName == "" {
		t.Errorf("the recorded steps: %+v", steps)
	}
	if len(plan[0].Loop.Next) != 0 {
		t.Errorf("a completed loop offers %v next", plan[0].Loop.Next)
	}

	t.Run("a decline with its reason reaches the GP's summary", func(t *testing.T) {
		other, err := db.AddPlanItem(ctx, ref, tn.poh, caseflow.PlanCreate{Title: "Budgetcoach", Category: "debt_money", ArrangedBy: "coach", Status: caseflow.PlanChosen}, noAudit)
		must(t, err)
		other, err = loopStep(t, db, ref, other.ID, other.Version, tn.poh, caseflow.LoopStepInput{Status: caseflow.LoopRequested})
		must(t, err)
		_, err = loopStep(t, db, ref, other.ID, other.Version, tn.poh, caseflow.LoopStepInput{Status: caseflow.LoopDeclined, Reason: caseflow.DeclineOther, ReasonText: "Wachttijd te lang"})
		must(t, err)
		sum, err := db.CaseSummary(ctx, ref)
		must(t, err)
		if len(sum.Loops) != 2 || sum.Loops[0].Category != "debt_money" || sum.Loops[0].Status != caseflow.LoopDeclined ||
			sum.Loops[0].Reason == nil || *sum.Loops[0].Reason != caseflow.DeclineOther || sum.Loops[1].Status != caseflow.LoopCompleted {
			t.Errorf("summary loops: %+v", sum.Loops)
		}
		by := tn.poh
		must(t, db.EraseCase(ctx, ref, &by, "verzoek", noAudit))
		plan, err := db.Plan(ctx, ref)
		must(t, err)
		for _, it := range plan {
			for _, s := range it.Loop.Steps {
				if s.ReasonText != "" {
					t.Errorf("erasure kept the reason text %q", s.ReasonText)
				}
			}
		}
	})
}

// TestUnansweredRequestOnTheWorklistAtDay15: with the default of 14 days, a
// request still unanswered shows on the POH's worklist from day 15 (not on
// day 14), and leaves it once answered.
func TestUnansweredRequestOnTheWorklistAtDay15(t *testing.T) {
	ctx := context.Background()
	clock := &storetest.Clock{}
	db := storetest.MustOpen(t, clock)
	region, err := db.EnsureRegion(ctx, "Regio")
	must(t, err)
	tn := newTenant(t, db, region.ID, "Praktijk")
	ref := mustGate(t, db, tn.scope, tn.poh, tn.caseID)
	item, err := loopStep(t, db, ref, tn.plan, tn.planVersion, tn.poh, caseflow.LoopStepInput{Status: caseflow.LoopRequested})
	must(t, err)
	loop := caseflow.WorklistSections{AwaitingAnswer: true}
	awaiting := func() []caseflow.WorkItem {
		w, err := db.Worklist(ctx, tn.scope, loop)
		must(t, err)
		return w.AwaitingAnswer
	}
	clock.Advance(14 * 24 * time.Hour)
	if got := awaiting(); len(got) != 0 {
		t.Errorf("day 14: %d requests awaiting an answer, want none", len(got))
	}
	clock.Advance(24 * time.Hour)
	got := awaiting()
	if len(got) != 1 || got[0].PlanItemID == nil || *got[0].PlanItemID != tn.plan || got[0].DaysWaiting == nil || *got[0].DaysWaiting != 15 || got[0].CaseID != tn.caseID {
		t.Fatalf("day 15: %+v, want the request, 15 days waiting", got)
	}
	if w, err := db.Worklist(ctx, tn.scope); err != nil || len(w.AwaitingAnswer) != 0 {
		t.Errorf("without the section granted the worklist shows %d requests (%v)", len(w.AwaitingAnswer), err)
	}
	_, err = loopStep(t, db, ref, tn.plan, item.Version, tn.poh, caseflow.LoopStepInput{Status: caseflow.LoopAccepted})
	must(t, err)
	if got := awaiting(); len(got) != 0 {
		t.Errorf("after the answer: %d requests awaiting an answer", len(got))
	}
}
