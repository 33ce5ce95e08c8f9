package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/practice"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
	"github.com/hoi-app/hoi/internal/user"
)

func noAudit(int64) []audit.Entry { return nil }

// tenant is one case with one of everything, in its own practice.
type tenant struct {
	scope                   caseflow.Scope
	poh, peer               int64
	caseID, draft, final    int64
	plan, note              int64
	planVersion, draftVer   int64
	label, story, planTitle string
}

// newTenant makes a practice in region, its POH and a peer, and a case with
// a draft and a final conversation, a plan item and a note; the peer is on
// the team and the resident consented.
func newTenant(t *testing.T, db *store.DB, regionID int64, name string) tenant {
	t.Helper()
	ctx := context.Background()
	pr, err := db.CreatePractice(ctx, regionID, practice.Create{Name: name}, noAudit)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(role user.Role) int64 {
		in := store.NewUser{RegionID: regionID, PasswordHash: "x", Create: user.Create{Email: fmt.Sprintf("%s-%s@example.nl", role, strings.ReplaceAll(name, " ", "")), DisplayName: string(role), Role: role}}
		if role.PracticeBound() {
			in.PracticeID = &pr.ID
		}
		u, err := db.CreateUser(ctx, in, noAudit)
		if err != nil {
			t.Fatal(err)
		}
		return u.Value.ID
	}
	tn := tenant{poh: mk(user.RolePOH), peer: mk(user.RolePeer), label: "Label " + name, story: "Verhaal van " + name, planTitle: "Plan van " + name}
	tn.scope = caseflow.Scope{RegionID: regionID, PracticeID: &pr.ID}
	now := time.Now().UTC()
	tn.caseID, err = db.CreateCase(ctx, store.NewCase{RegionID: regionID, PracticeID: pr.ID, SignalledBy: tn.poh, Create: caseflow.Create{
		Label: tn.label, BirthYear: 1980, Question: "Vraag", ReferralIntention: caseflow.IntentionNone, SignalledAt: &now}}, noAudit)
	if err != nil {
		t.Fatal(err)
	}
	ref := mustGate(t, db, tn.scope, tn.poh, tn.caseID)
	must(t, db.RecordConsent(ctx, ref, tn.poh, caseflow.ConsentInput{Status: caseflow.ConsentGiven}, noAudit))
	must(t, db.SetTeam(ctx, ref, -1, tn.poh, []int64{tn.peer}, "", noAudit))
	sec := caseflow.Sections{Story: tn.story}
	tn.final, err = db.CreateConversation(ctx, ref, tn.poh, caseflow.ConversationCreate{HeldOn: "2026-01-05", Kind: caseflow.KindExploratory, Location: "home", Sections: &sec}, noAudit)
	must(t, err)
	must(t, db.FinalizeConversation(ctx, ref, tn.final, -1, tn.poh, noAudit))
	tn.draft, err = db.CreateConversation(ctx, ref, tn.poh, caseflow.ConversationCreate{HeldOn: "2026-02-05", Kind: caseflow.KindFollowUp, Location: "home", Sections: &sec}, noAudit)
	must(t, err)
	item, err := db.AddPlanItem(ctx, ref, tn.poh, caseflow.PlanCreate{Title: tn.planTitle, Category: "group", ArrangedBy: "peer", Status: caseflow.PlanChosen}, noAudit)
	must(t, err)
	tn.plan, tn.planVersion = item.ID, item.Version
	n, err := db.AddNote(ctx, ref, tn.peer, "peer", caseflow.NoteInput{Text: "Notitie van " + name}, noAudit)
	must(t, err)
	tn.note = n.ID
	conv, err := db.Conversation(ctx, ref, tn.draft)
	must(t, err)
	tn.draftVer = conv.Version
	return tn
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustGate(t *testing.T, db *store.DB, s caseflow.Scope, viewer, id int64) store.CaseRef {
	t.Helper()
	ref, err := db.CaseGate(context.Background(), s, viewer, id)
	if err != nil {
		t.Fatalf("gate case %d: %v", id, err)
	}
	return ref
}

func wantNotFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, errs.ErrNotFound) {
		t.Errorf("%s: got %v, want not found", what, err)
	}
}

// caseDataMethods are the exported methods of *store.DB that read or write
// a case's data. Each takes a caseflow.Scope (and filters by it in SQL) or a
// store.CaseRef (which only the gates make); the test below walks each with
// the ids of another practice and another region.
var caseDataMethods = []string{
	"CaseGate", "ConversationGate", "PlanItemGate", "Cases", "Worklist",
	"Case", "CaseAsGated", "CaseSummary", "UpdateCase", "RecordConsent", "SetTeam", "CloseCase",
	"Conversations", "Conversation", "CreateConversation", "UpdateConversation", "FinalizeConversation", "DiscardDraft", "AddAddendum",
	"Notes", "AddNote", "Plan", "AddPlanItem", "UpdatePlanItem", "RecordLoopStep",
	"CaseRecord", "CaseAccessLog", "EraseCase",
	// The resident's part (walked in resident_tenancy_test.go).
	"CreateResidentLink", "RevokeResidentLink", "ResidentLink", "SelfCheck", "SaveSelfCheck",
	"AddPlanFeedback", "PlanFeedback", "RecordResidentConsent",
	// Appointments (walked in appointment_test.go).
	"AppointmentGate", "Appointments", "Appointment", "CreateAppointment", "UpdateAppointment", "RespondAppointment", "Agenda",
}

// otherMethods touch no single case's data, each for the reason given.
var otherMethods = map[string]string{
	"CreateCase":              "creates a case in the caller's own practice (the handler passes the principal's region and practice)",
	"EraseExpired":            "the retention job: selects ended, expired cases itself and erases them as the system",
	"RebuildOutcomeFacts":     "rebuilds the de-identified outcome facts of every case (operator command)",
	"OutcomeData":             "aggregates by region or practice, scoped by the policy's outcome scope",
	"OutcomeDataByEntryPoint": "aggregates by region or practice, scoped by the policy's outcome scope (as OutcomeData)",
	"CapacityData":            "aggregates by region or location, scoped by the policy's capacity scope; region in every WHERE",
	"Caseloads":               "counts active cases per worker of the caller's region; names no case",
	"RegionSettings":          "the caller's region's warning thresholds; no case data",
	"UpdateRegionSettings":    "the caller's region's warning thresholds; no case data",
	"InsertAccessLog":         "writes access-log rows",
	"AccessLog":               "reads access-log rows of a region (ids only, no case data)",
	"TeamCandidates":          "names and roles of a region's peers and coaches",
	"FreeTextPlanItems":       "the region's free-text plan-item titles of consented live cases, grouped with counts: no case, practice or resident named",
	"DraftOptionFromPlan":     "the catalogue; links the region's free-text plan items of that title by a set-based update that returns no case data",
	"OptionUsage":             "counts per option of the region's plan items: no case named",
	"Options":                 "the catalogue", "CreateOption": "the catalogue", "Option": "the catalogue",
	"UpdateOption": "the catalogue", "EnsureOption": "the catalogue (seeding)",
	"ImportOptions": "the catalogue (an HSDS import into the caller's region)", "OptionByHSDSID": "the catalogue (HSDS export)",
	"EnsureRegion": "regions", "Region": "regions", "Practices": "practices", "Practice": "practices",
	"CreatePractice": "practices", "EnsurePractice": "practices", "EnsureLocation": "practices (seeding)",
	"CreateVoucher": "a voucher at the caller's own location (the handler passes the principal's region and practice)",
	"RedeemVoucher": "creates a case at the voucher's own location; the tenancy comes from the voucher row the spent code names",
	"CreateSession": "sessions", "RotateRefresh": "sessions", "SessionByRefresh": "sessions", "RevokeSession": "sessions",
	"SessionState": "sessions", "TouchSession": "sessions",
	"LoginBlockedUntil": "login throttling", "RecordLoginFailure": "login throttling", "ClearLoginFailures": "login throttling",
	"CreateUser": "accounts", "User": "accounts", "Users": "accounts", "UpdateUser": "accounts", "UserForLogin": "accounts", "UpsertUser": "accounts",
	"ReserveIdempotencyKey":  "a user's own Idempotency-Key records; a stored answer is replayed only inside the route's guard (policy and case gate passed again)",
	"CompleteIdempotencyKey": "a user's own Idempotency-Key records", "ReleaseIdempotencyKey": "a user's own Idempotency-Key records",
	"PurgeIdempotencyKeys": "housekeeping of expired Idempotency-Key records", "PurgeLoginThrottles": "housekeeping of login throttling",
	"LoginFailures":      "login throttling",
	"CheckResidentLink":  "the resident's sign-in: finds the link by its token's hash and only compares the birth year; opens a session scoped to the link's case",
	"ResidentSession":    "resident sessions (the principal's case comes from the session, and every case route still passes a gate)",
	"EndResidentSession": "resident sessions",
	"CreateCalendarFeed": "a user's own calendar feed token (only its hash is kept)", "RevokeCalendarFeed": "a user's own calendar feed token",
	"CalendarFeedUser": "finds the account a feed token belongs to; its appointments are then read with that account's scope (Agenda)",
	"ScrubErased":      "checkpoints or vacuums the files after an erasure; reads no case",
	"Dialect":          "plumbing", "Now": "plumbing", "SQLDBs": "plumbing", "Ping": "plumbing", "Close": "plumbing",
	"Migrate": "plumbing", "MigrationsCurrent": "plumbing",
}

// TestEveryExportedStoreMethodIsClassified fails when a new exported method
// of *store.DB is neither walked by TestOutOfScopeIsNotFound nor named with
// a reason why it touches no case's data.
func TestEveryExportedStoreMethodIsClassified(t *testing.T) {
	walked := map[string]bool{}
	for _, m := range caseDataMethods {
		walked[m] = true
	}
	ty := reflect.TypeOf(&store.DB{})
	refType, scopeType := reflect.TypeOf(store.CaseRef{}), reflect.TypeOf(caseflow.Scope{})
	for i := 0; i < ty.NumMethod(); i++ {
		m := ty.Method(i)
		takesRef := false
		for j := 1; j < m.Type.NumIn(); j++ {
			if in := m.Type.In(j); in == refType || in == scopeType {
				takesRef = true
			}
		}
		switch {
		case walked[m.Name]:
			if !takesRef {
				t.Errorf("%s reads or writes case data but takes neither a CaseRef nor a Scope", m.Name)
			}
		case otherMethods[m.Name] != "":
			if takesRef {
				t.Errorf("%s takes a CaseRef or Scope: walk it in TestOutOfScopeIsNotFound", m.Name)
			}
		default:
			t.Errorf("exported store method %s is not classified: walk it in TestOutOfScopeIsNotFound or say in otherMethods why it touches no case", m.Name)
		}
	}
}

// TestOutOfScopeIsNotFound walks every store method that touches case data
// with the ids of a case of another practice of the same region and of a case
// of another region: each answers not found and changes nothing. It runs on
// SQLite and, with HOI_TEST_POSTGRES_URL, on PostgreSQL.
func TestOutOfScopeIsNotFound(t *testing.T) {
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
	peerScope := caseflow.Scope{RegionID: regionA.ID, TeamMember: &own.peer}

	for name, o := range others {
		t.Run(name, func(t *testing.T) {
			// The gates, with the POH's and the peer's scope.
			for who, s := range map[string]caseflow.Scope{"poh": own.scope, "peer": peerScope} {
				_, err := db.CaseGate(ctx, s, own.poh, o.caseID)
				wantNotFound(t, who+" CaseGate", err)
				_, err = db.ConversationGate(ctx, s, own.poh, o.final)
				wantNotFound(t, who+" ConversationGate", err)
				var oos *store.OutOfScope
				if !errors.As(err, &oos) || oos.CaseID == nil || *oos.CaseID != o.caseID {
					t.Errorf("%s ConversationGate: the refusal does not name the case for the access log: %v", who, err)
				}
				_, err = db.PlanItemGate(ctx, s, own.poh, o.plan)
				wantNotFound(t, who+" PlanItemGate", err)
				items, _, err := db.Cases(ctx, s, caseflow.Filter{Limit: 200})
				must(t, err)
				for _, it := range items {
					if it.ID == o.caseID {
						t.Errorf("%s Cases lists case %d of %s", who, o.caseID, name)
					}
				}
				wl, err := db.Worklist(ctx, s, caseflow.WorklistSections{AwaitingAnswer: true, StaleOptions: true})
				must(t, err)
				for _, id := range wl.CaseIDs() {
					if id == o.caseID {
						t.Errorf("%s Worklist shows case %d of %s", who, o.caseID, name)
					}
				}
			}
			// The children of the other case, through our own case's ref.
			_, err := db.Conversation(ctx, ref, o.final)
			wantNotFound(t, "Conversation", err)
			_, err = db.UpdateConversation(ctx, ref, o.draft, o.draftVer, own.poh, caseflow.ConversationUpdate{Sections: &caseflow.Sections{Story: "overschreven"}}, noAudit)
			wantNotFound(t, "UpdateConversation", err)
			wantNotFound(t, "FinalizeConversation", db.FinalizeConversation(ctx, ref, o.draft, -1, own.poh, noAudit))
			wantNotFound(t, "DiscardDraft", db.DiscardDraft(ctx, ref, o.draft, noAudit))
			wantNotFound(t, "AddAddendum", db.AddAddendum(ctx, ref, o.final, own.poh, "ingevoegd", noAudit))
			st := caseflow.PlanStarted
			_, err = db.UpdatePlanItem(ctx, ref, o.plan, o.planVersion, caseflow.PlanUpdate{Status: &st}, noAudit)
			wantNotFound(t, "UpdatePlanItem", err)
			req := caseflow.LoopStepInput{Status: caseflow.LoopRequested}
			must(t, req.Validate(time.Now()))
			_, err = db.RecordLoopStep(ctx, ref, o.plan, o.planVersion, own.poh, "poh", req, noAudit)
			wantNotFound(t, "RecordLoopStep", err)

			// Nothing of the other case changed.
			oref := mustGate(t, db, o.scope, o.poh, o.caseID)
			conv, err := db.Conversation(ctx, oref, o.draft)
			must(t, err)
			if conv.Status != caseflow.Draft || conv.Version != o.draftVer || conv.Sections.Story != o.story {
				t.Errorf("the other case's draft changed: %+v", conv)
			}
			final, err := db.Conversation(ctx, oref, o.final)
			must(t, err)
			if len(final.Addenda) != 0 {
				t.Errorf("the other case's conversation got an addendum")
			}
			plan, err := db.Plan(ctx, oref)
			must(t, err)
			if len(plan) != 1 || plan[0].Version != o.planVersion || plan[0].Status != caseflow.PlanChosen {
				t.Errorf("the other case's plan changed: %+v", plan)
			}
		})
	}

	// A CaseRef that no gate made (a handler that forgot the gate would pass
	// the zero value) reaches nothing.
	t.Run("a CaseRef no gate made", func(t *testing.T) {
		var zero store.CaseRef
		_, err := db.Case(ctx, zero)
		wantNotFound(t, "Case", err)
		_, err = db.CaseAsGated(ctx, zero)
		wantNotFound(t, "CaseAsGated", err)
		_, err = db.CaseSummary(ctx, zero)
		wantNotFound(t, "CaseSummary", err)
		_, err = db.Conversations(ctx, zero)
		wantNotFound(t, "Conversations", err)
		_, err = db.Conversation(ctx, zero, own.final)
		wantNotFound(t, "Conversation", err)
		_, _, err = db.Notes(ctx, zero, 0, 10)
		wantNotFound(t, "Notes", err)
		_, err = db.Plan(ctx, zero)
		wantNotFound(t, "Plan", err)
		_, err = db.CaseRecord(ctx, zero, true)
		wantNotFound(t, "CaseRecord", err)
		_, err = db.CaseAccessLog(ctx, zero, 0, 10)
		wantNotFound(t, "CaseAccessLog", err)
		label := "overschreven"
		wantNotFound(t, "UpdateCase", db.UpdateCase(ctx, zero, -1, caseflow.Update{Label: &label}, noAudit))
		wantNotFound(t, "RecordConsent", db.RecordConsent(ctx, zero, own.poh, caseflow.ConsentInput{Status: caseflow.ConsentDeclined}, noAudit))
		wantNotFound(t, "SetTeam", db.SetTeam(ctx, zero, -1, own.poh, nil, "", noAudit))
		wantNotFound(t, "CloseCase", db.CloseCase(ctx, zero, own.poh, caseflow.CloseInput{Outcome: caseflow.OutcomeWithdrawn, Reason: "x"}, noAudit))
		_, err = db.CreateConversation(ctx, zero, own.poh, caseflow.ConversationCreate{HeldOn: "2026-03-01", Kind: caseflow.KindNetwork, Location: "online"}, noAudit)
		wantNotFound(t, "CreateConversation", err)
		_, err = db.UpdateConversation(ctx, zero, own.draft, own.draftVer, own.poh, caseflow.ConversationUpdate{}, noAudit)
		wantNotFound(t, "UpdateConversation", err)
		wantNotFound(t, "FinalizeConversation", db.FinalizeConversation(ctx, zero, own.draft, -1, own.poh, noAudit))
		wantNotFound(t, "DiscardDraft", db.DiscardDraft(ctx, zero, own.draft, noAudit))
		wantNotFound(t, "AddAddendum", db.AddAddendum(ctx, zero, own.final, own.poh, "x", noAudit))
		_, err = db.AddNote(ctx, zero, own.poh, "poh", caseflow.NoteInput{Text: "x"}, noAudit)
		wantNotFound(t, "AddNote", err)
		_, err = db.AddPlanItem(ctx, zero, own.poh, caseflow.PlanCreate{Title: "x", ArrangedBy: "poh"}, noAudit)
		wantNotFound(t, "AddPlanItem", err)
		_, err = db.UpdatePlanItem(ctx, zero, own.plan, own.planVersion, caseflow.PlanUpdate{}, noAudit)
		wantNotFound(t, "UpdatePlanItem", err)
		today := time.Now().UTC().Format(time.DateOnly)
		_, err = db.RecordLoopStep(ctx, zero, own.plan, own.planVersion, own.poh, "poh", caseflow.LoopStepInput{Status: caseflow.LoopRequested, On: &today}, noAudit)
		wantNotFound(t, "RecordLoopStep", err)
		by := own.poh
		wantNotFound(t, "EraseCase", db.EraseCase(ctx, zero, &by, "x", noAudit))
		// And our own case is as it was.
		c, err := db.Case(ctx, ref)
		must(t, err)
		if c.Label != own.label || c.Consent.Status != caseflow.ConsentGiven || len(c.Team) != 1 || c.Status.Ended() {
			t.Errorf("a zero CaseRef changed the case: %+v", c)
		}
		// The gate's own read of the row answers the same case.
		gated, err := db.CaseAsGated(ctx, ref)
		must(t, err)
		if !reflect.DeepEqual(gated, c) {
			t.Errorf("CaseAsGated differs from Case:\n%+v\n%+v", gated, c)
		}
	})
}

// TestAccessLogBatchesOfAnySize: a worklist of hundreds of cases, batched
// with other requests' rows, is stored whole (once it failed with "too many
// SQL variables").
func TestAccessLogBatchesOfAnySize(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t, nil)
	region, err := db.EnsureRegion(ctx, "Regio")
	must(t, err)
	for _, n := range []int{1, 7, 8, 9, 63, 64, 65, 200, 3000} {
		entries := make([]audit.Entry, n)
		for i := range entries {
			id := int64(i + 1)
			entries[i] = audit.Entry{At: time.Now(), UserID: 1, Role: "poh", RegionID: region.ID, Action: audit.ActionSearch, Outcome: audit.Allowed,
				ResourceType: audit.ResourceCase, CaseID: &id, RequestID: fmt.Sprintf("batch-%d", n)}
		}
		must(t, db.InsertAccessLog(ctx, entries))
		got := 0
		for off := 0; ; off += 200 {
			rows, err := db.AccessLog(ctx, store.AccessLogFilter{RegionID: region.ID, Offset: off, Limit: 200})
			must(t, err)
			for _, r := range rows {
				if r.RequestID == fmt.Sprintf("batch-%d", n) {
					got++
				}
			}
			if len(rows) < 200 {
				break
			}
		}
		if got != n {
			t.Errorf("a batch of %d rows stored %d", n, got)
		}
	}
}
