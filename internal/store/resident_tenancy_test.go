package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/resident"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
)

// TestResidentPartStaysInItsCase walks the resident store methods with a
// case of another practice and of another region: the resident's one-case
// scope finds neither, a plan item of another case takes no feedback, and a
// CaseRef no gate made reaches nothing. It runs on SQLite and PostgreSQL.
func TestResidentPartStaysInItsCase(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t, nil)
	regionA, err := db.EnsureRegion(ctx, "Regio A")
	must(t, err)
	regionB, err := db.EnsureRegion(ctx, "Regio B")
	must(t, err)
	own := newTenant(t, db, regionA.ID, "Eigen praktijk")
	others := map[string]tenant{
		"another practice": newTenant(t, db, regionA.ID, "Andere praktijk"),
		"another region":   newTenant(t, db, regionB.ID, "Andere regio"),
	}
	ref := mustGate(t, db, own.scope, own.poh, own.caseID)
	resScope := caseflow.Scope{RegionID: regionA.ID, PracticeID: own.scope.PracticeID, CaseID: &own.caseID}
	if _, err := db.CaseGate(ctx, resScope, 0, own.caseID); err != nil {
		t.Fatalf("the resident's scope does not find its own case: %v", err)
	}
	for name, o := range others {
		t.Run(name, func(t *testing.T) {
			_, err := db.CaseGate(ctx, resScope, 0, o.caseID)
			wantNotFound(t, "resident CaseGate", err)
			_, err = db.PlanItemGate(ctx, resScope, 0, o.plan)
			wantNotFound(t, "resident PlanItemGate", err)
			_, err = db.AddPlanFeedback(ctx, ref, o.plan, resident.FeedbackInput{Rating: resident.RatingHelps}, noAudit)
			wantNotFound(t, "AddPlanFeedback on another case's item", err)
			oref := mustGate(t, db, o.scope, o.poh, o.caseID)
			fb, err := db.PlanFeedback(ctx, oref)
			must(t, err)
			if len(fb) != 0 {
				t.Errorf("the other case got feedback: %+v", fb)
			}
		})
	}
	// A resident scope whose case is in another practice finds nothing.
	wrong := int64(-1)
	if _, err := db.CaseGate(ctx, caseflow.Scope{RegionID: regionA.ID, PracticeID: &wrong, CaseID: &own.caseID}, 0, own.caseID); err == nil {
		t.Error("a resident scope of another practice found the case")
	}
	t.Run("a CaseRef no gate made", func(t *testing.T) {
		var zero store.CaseRef
		_, err := db.CreateResidentLink(ctx, zero, own.poh, auth.HashToken("x"), time.Now().Add(time.Hour), noAudit)
		wantNotFound(t, "CreateResidentLink", err)
		wantNotFound(t, "RevokeResidentLink", db.RevokeResidentLink(ctx, zero, noAudit))
		_, err = db.ResidentLink(ctx, zero)
		wantNotFound(t, "ResidentLink", err)
		_, err = db.SelfCheck(ctx, zero)
		wantNotFound(t, "SelfCheck", err)
		_, err = db.SaveSelfCheck(ctx, zero, &resident.SelfCheckInput{Story: "x"}, false, noAudit)
		wantNotFound(t, "SaveSelfCheck", err)
		_, err = db.AddPlanFeedback(ctx, zero, own.plan, resident.FeedbackInput{Rating: resident.RatingHelps}, noAudit)
		wantNotFound(t, "AddPlanFeedback", err)
		_, err = db.PlanFeedback(ctx, zero)
		wantNotFound(t, "PlanFeedback", err)
		wantNotFound(t, "RecordResidentConsent", db.RecordResidentConsent(ctx, zero, caseflow.ConsentDeclined, noAudit))
		c, err := db.Case(ctx, ref)
		must(t, err)
		if c.Consent.Status != caseflow.ConsentGiven {
			t.Errorf("a zero CaseRef changed the consent: %+v", c.Consent)
		}
	})
	t.Run("only the token's hash is stored, and a link opens one case", func(t *testing.T) {
		tok, hash, err := auth.NewOpaqueToken()
		must(t, err)
		if _, err := db.CreateResidentLink(ctx, ref, own.poh, hash, time.Now().Add(time.Hour), noAudit); err != nil {
			t.Fatal(err)
		}
		res, g, err := db.CheckResidentLink(ctx, hash, 1980, auth.HashToken("sessie"), resident.MaxAttempts)
		must(t, err)
		if res != store.CheckOK || g.CaseID != own.caseID || g.PracticeID != *own.scope.PracticeID {
			t.Errorf("check: %v %+v", res, g)
		}
		if res, _, _ := db.CheckResidentLink(ctx, tok, 1980, auth.HashToken("sessie2"), resident.MaxAttempts); res != store.CheckUnknown {
			t.Errorf("the plain token opened a session: %v", res)
		}
	})
}
