package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
)

// TestWorklistSectionsShowTheFirst25AndCountTheRest: a section lists its
// first 25 items, the longest waiting first, and Totals counts all of them.
func TestWorklistSectionsShowTheFirst25AndCountTheRest(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t, nil)
	region, err := db.EnsureRegion(ctx, "Regio Werk")
	must(t, err)
	a := newTenant(t, db, region.ID, "Praktijk Vol")
	base := time.Now().UTC().AddDate(0, 0, -40)
	var ids []int64
	for i := range 27 {
		at := base.AddDate(0, 0, i)
		id, err := db.CreateCase(ctx, store.NewCase{RegionID: region.ID, PracticeID: *a.scope.PracticeID, SignalledBy: a.poh, Create: caseflow.Create{
			Label: fmt.Sprintf("Wacht %02d", i), BirthYear: 1980, Question: "Vraag", ReferralIntention: caseflow.IntentionNone, SignalledAt: &at}}, noAudit)
		must(t, err)
		ids = append(ids, id)
	}
	w, err := db.Worklist(ctx, a.scope)
	must(t, err)
	if len(w.NewSignals) != 25 || w.Totals.NewSignals != 27 {
		t.Fatalf("new signals: %d shown of %d, want 25 of 27", len(w.NewSignals), w.Totals.NewSignals)
	}
	for i, it := range w.NewSignals {
		if it.CaseID != ids[i] {
			t.Fatalf("new signal %d is case %d, want %d (the longest waiting first)", i, it.CaseID, ids[i])
		}
	}
	if len(w.MissingConsent) != 25 || w.Totals.MissingConsent != 27 {
		t.Errorf("missing consent: %d shown of %d, want 25 of 27", len(w.MissingConsent), w.Totals.MissingConsent)
	}
	if len(w.Drafts) != 1 || w.Totals.Drafts != 1 {
		t.Errorf("drafts: %d shown of %d, want 1 of 1", len(w.Drafts), w.Totals.Drafts)
	}
}

// TestDraftCountFollowsItsCases: the worklist counts a practice's drafts
// from the drafts of open cases that the database keeps on each
// conversation (open_case, by triggers), so the count must follow every
// change of a case — closed, erased — and every new or discarded draft,
// and agree with the drafts of open, unerased cases counted the long way.
func TestDraftCountFollowsItsCases(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t, nil)
	store.SetWorklistLimit(db, 0) // always count
	region, err := db.EnsureRegion(ctx, "Regio Concept")
	must(t, err)
	a := newTenant(t, db, region.ID, "Praktijk Concept")
	b := newTenant(t, db, region.ID, "Praktijk Ander")
	_, r := db.SQLDBs()
	truth := func(practice int64) int {
		var n int
		must(t, r.QueryRow(fmt.Sprintf("SELECT COUNT(*) FROM conversations JOIN cases ON cases.id = conversations.case_id WHERE cases.practice_id = %d"+
			" AND conversations.status = 'draft' AND cases.erased_at IS NULL AND cases.status IN ('signalled', 'exploring', 'follow_up')", practice)).Scan(&n))
		return n
	}
	check := func(step string, want int) {
		t.Helper()
		w, err := db.Worklist(ctx, a.scope)
		must(t, err)
		if w.Totals.Drafts != want || truth(*a.scope.PracticeID) != want {
			t.Fatalf("%s: the worklist counts %d drafts, the long way %d, want %d", step, w.Totals.Drafts, truth(*a.scope.PracticeID), want)
		}
	}
	check("start", 1) // newTenant's case has one draft
	var refs []store.CaseRef
	at := time.Now().UTC().AddDate(0, 0, -3)
	for i := range 3 {
		id, err := db.CreateCase(ctx, store.NewCase{RegionID: region.ID, PracticeID: *a.scope.PracticeID, SignalledBy: a.poh, Create: caseflow.Create{
			Label: fmt.Sprintf("Concept %d", i), BirthYear: 1980, Question: "Vraag", ReferralIntention: caseflow.IntentionNone, SignalledAt: &at}}, noAudit)
		must(t, err)
		ref := mustGate(t, db, a.scope, a.poh, id)
		for j := range 2 {
			_, err := db.CreateConversation(ctx, ref, a.poh, caseflow.ConversationCreate{HeldOn: fmt.Sprintf("2026-03-0%d", j+1), Kind: caseflow.KindFollowUp, Location: "home"}, noAudit)
			must(t, err)
		}
		refs = append(refs, mustGate(t, db, a.scope, a.poh, id))
	}
	check("six new drafts", 7)
	// Another practice's drafts are not counted.
	other, err := db.CreateCase(ctx, store.NewCase{RegionID: region.ID, PracticeID: *b.scope.PracticeID, SignalledBy: b.poh, Create: caseflow.Create{
		Label: "Elders", BirthYear: 1970, Question: "Vraag", ReferralIntention: caseflow.IntentionNone, SignalledAt: &at}}, noAudit)
	must(t, err)
	_, err = db.CreateConversation(ctx, mustGate(t, db, b.scope, b.poh, other), b.poh, caseflow.ConversationCreate{HeldOn: "2026-03-01", Kind: caseflow.KindFollowUp, Location: "home"}, noAudit)
	must(t, err)
	check("a draft elsewhere", 7)
	must(t, db.CloseCase(ctx, refs[0], a.poh, caseflow.CloseInput{Outcome: caseflow.OutcomeWithdrawn, Reason: "x"}, noAudit))
	check("a case withdrawn", 5)
	by := a.poh
	must(t, db.EraseCase(ctx, refs[1], &by, "verzoek", noAudit))
	check("a case erased", 3)
	// The drafts of the closed case keep open_case false; an erased case's
	// conversations are gone or kept false.
	var stale int
	must(t, r.QueryRow(fmt.Sprintf("SELECT COUNT(*) FROM conversations WHERE case_id IN (%d, %d) AND status = 'draft' AND open_case = TRUE", refs[0].ID(), refs[1].ID())).Scan(&stale))
	if stale != 0 {
		t.Fatalf("%d drafts of closed or erased cases still count as open", stale)
	}
}
