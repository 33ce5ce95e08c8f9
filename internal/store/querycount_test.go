package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/practice"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
	"github.com/hoi-app/hoi/internal/user"
)

func noLog(int64) []audit.Entry { return nil }

// casePageWorld is a case with size conversations (each with an addendum by
// another author), size notes by size authors, size plan items and a team of
// size members.
type casePageWorld struct {
	db     *store.DB
	caseID int64
	poh    int64
	scope  caseflow.Scope
}

func newCasePageWorld(t *testing.T, size int) casePageWorld {
	t.Helper()
	ctx := context.Background()
	db := storetest.MustOpen(t, nil)
	region, err := db.EnsureRegion(ctx, "Regio")
	if err != nil {
		t.Fatal(err)
	}
	pr, err := db.CreatePractice(ctx, region.ID, practice.Create{Name: "De Linde"}, noLog)
	if err != nil {
		t.Fatal(err)
	}
	mkUser := func(role user.Role, i int) int64 {
		in := store.NewUser{RegionID: region.ID, PasswordHash: "x", Create: user.Create{Email: fmt.Sprintf("%s%d@example.nl", role, i), DisplayName: fmt.Sprintf("%s %d", role, i), Role: role}}
		if role.PracticeBound() {
			in.PracticeID = &pr.ID
		}
		u, err := db.CreateUser(ctx, in, noLog)
		if err != nil {
			t.Fatal(err)
		}
		return u.Value.ID
	}
	poh := mkUser(user.RolePOH, 0)
	now := time.Now().UTC()
	caseID, err := db.CreateCase(ctx, store.NewCase{RegionID: region.ID, PracticeID: pr.ID, SignalledBy: poh, Create: caseflow.Create{
		Label: "Marco", BirthYear: 1984, Question: "Ik slaap slecht.", ReferralIntention: caseflow.IntentionBasicGGZ, SignalledAt: &now}}, noLog)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := db.CaseGate(ctx, caseflow.Scope{RegionID: region.ID, PracticeID: &pr.ID}, poh, caseID)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RecordConsent(ctx, ref, poh, caseflow.ConsentInput{Status: caseflow.ConsentGiven}, noLog); err != nil {
		t.Fatal(err)
	}
	var team []int64
	for i := 0; i < size; i++ {
		team = append(team, mkUser(user.RolePeer, i))
	}
	if err := db.SetTeam(ctx, ref, -1, poh, team, "", noLog); err != nil {
		t.Fatal(err)
	}
	score := 3
	for i := 0; i < size; i++ {
		next := "2030-01-01"
		sec := caseflow.Sections{Story: "Verhaal", Goals: []caseflow.Entry{{Text: "Beter slapen"}}, Strengths: []caseflow.Entry{{Text: "Doorzetter"}},
			Domains: map[caseflow.Domain]caseflow.DomainEntry{caseflow.DomainBody: {Text: "Moe", Score: &score}}, NextFollowUpOn: &next}
		conv, err := db.CreateConversation(ctx, ref, team[i], caseflow.ConversationCreate{HeldOn: fmt.Sprintf("2026-01-%02d", i+1), Kind: caseflow.KindExploratory, Location: "home", Sections: &sec}, noLog)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.FinalizeConversation(ctx, ref, conv, -1, poh, noLog); err != nil {
			t.Fatal(err)
		}
		if err := db.AddAddendum(ctx, ref, conv, team[(i+1)%size], "Aanvulling", noLog); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddNote(ctx, ref, team[i], "peer", caseflow.NoteInput{Text: "Notitie"}, noLog); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddPlanItem(ctx, ref, poh, caseflow.PlanCreate{Title: "Wandelgroep", Category: "group", ArrangedBy: "peer", Status: caseflow.PlanChosen}, noLog); err != nil {
			t.Fatal(err)
		}
	}
	// A draft for the worklist.
	if _, err := db.CreateConversation(ctx, ref, poh, caseflow.ConversationCreate{HeldOn: "2026-02-01", Kind: caseflow.KindFollowUp, Location: "home"}, noLog); err != nil {
		t.Fatal(err)
	}
	return casePageWorld{db: db, caseID: caseID, poh: poh, scope: caseflow.Scope{RegionID: region.ID, PracticeID: &pr.ID}}
}

// casePageQueries counts the statements of what the case page asks (the
// case with its facts, conversations, notes and plan) and of the worklist.
func casePageQueries(t *testing.T, w casePageWorld) (page, worklist int64) {
	t.Helper()
	ctx := context.Background()
	n := store.CountQueries(w.db)
	ref, err := w.db.CaseGate(ctx, w.scope, w.poh, w.caseID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Case(ctx, ref); err != nil {
		t.Fatal(err)
	}
	convs, err := w.db.Conversations(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.db.Notes(ctx, ref, 0, 50); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Plan(ctx, ref); err != nil {
		t.Fatal(err)
	}
	if len(convs) == 0 {
		t.Fatal("no conversations")
	}
	page = n.Swap(0)
	wl, err := w.db.Worklist(ctx, w.scope)
	if err != nil {
		t.Fatal(err)
	}
	if len(wl.Drafts) == 0 {
		t.Fatal("worklist shows no draft")
	}
	return page, n.Load()
}

// TestCasePageAndWorklistQueriesDoNotGrowWithTheCase guards against N+1: the
// number of statements for the case page and the worklist is the same for a
// case with one conversation, note, plan item and team member as for one with
// six of each.
func TestCasePageAndWorklistQueriesDoNotGrowWithTheCase(t *testing.T) {
	smallPage, smallWorklist := casePageQueries(t, newCasePageWorld(t, 1))
	bigPage, bigWorklist := casePageQueries(t, newCasePageWorld(t, 6))
	if bigPage != smallPage {
		t.Errorf("case page: got %d queries for a case with 6 of everything, want %d as for a case with 1", bigPage, smallPage)
	}
	if bigWorklist != smallWorklist {
		t.Errorf("worklist: got %d queries with 6 of everything, want %d as with 1", bigWorklist, smallWorklist)
	}
	// The worklist: its four sections, and one query that marks the lines
	// whose resident sent a self-check (markSelfChecks).
	if smallPage > 16 || smallWorklist > 5 {
		t.Errorf("got %d queries for the case page and %d for the worklist, want at most 16 and 5", smallPage, smallWorklist)
	}
	t.Logf("case page: %d queries; worklist: %d queries", smallPage, smallWorklist)
}
