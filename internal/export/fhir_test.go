package export_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/appointment"
	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/export"
	"github.com/hoi-app/hoi/internal/export/fhirtest"
)

func TestBundleValidatesAgainstFHIRR4(t *testing.T) {
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	mind, ref, pc4 := caseflow.DomainMind, "REF-1", "7001"
	poh := caseflow.Person{UserID: 2, DisplayName: "POH", Role: "poh"}
	uid := int64(3)
	noShow := appointment.NoShow
	coach := caseflow.Person{UserID: 4, DisplayName: "Coach", Role: "coach"}
	answered, other := "2026-02-05", caseflow.DeclineOther
	r := export.Record{Format: export.Format, Version: export.Version, ExportedAt: at,
		Case: export.FullCase{View: "full", Case: caseflow.Case{ID: 7, PracticeID: 1, Label: "Anna", BirthYear: 1980, PC4: &pc4, PracticeRef: &ref,
			Signal: caseflow.Signal{Question: "Vraag", SignalledBy: poh, SignalledAt: at, ReferralIntention: caseflow.IntentionSpecialistGGZ},
			Status: caseflow.StatusClosed, Consent: caseflow.Consent{Status: caseflow.ConsentGiven, At: &at, RecordedBy: &poh},
			Team:         []caseflow.Person{{UserID: 3, DisplayName: "Peer", Role: "peer"}},
			Closure:      &caseflow.Closure{Outcome: caseflow.OutcomeSupported, Reason: "Gaat goed", ClosedAt: at, ClosedBy: poh},
			Goals:        []caseflow.Goal{{ID: 1, Text: "Doel", Domain: &mind, Status: caseflow.GoalReached, ConversationID: 5, CreatedAt: at}},
			Strengths:    []caseflow.Item{{ID: 1, Kind: "strength", Text: "Humor", ConversationID: 5, CreatedAt: at}},
			Needs:        []caseflow.Item{{ID: 2, Kind: "need", Text: "Rust", Domain: &mind, ConversationID: 5, CreatedAt: at}},
			DomainScores: []caseflow.Score{{ConversationID: 5, HeldOn: "2026-02-01", Domain: mind, Score: 3}}}},
		Conversations: []caseflow.Conversation{{ID: 5, CaseID: 7, Status: caseflow.Final, HeldOn: "2026-02-01", Kind: caseflow.KindExploratory, Location: "home",
			Participants: []caseflow.Participant{{UserID: &uid, Role: "peer"}, {Role: "resident", Name: "Anna"}},
			Sections:     caseflow.Sections{Story: "Verhaal <met> tekens & zo"},
			Addenda:      []caseflow.Addendum{{ID: 1, Text: "Aanvulling", Author: poh, CreatedAt: at}}, CreatedBy: poh, CreatedAt: at, UpdatedAt: at}},
		Notes: []caseflow.Note{{ID: 1, CaseID: 7, Text: "Notitie", Author: poh, CreatedAt: at}},
		Plan: []caseflow.PlanItem{{ID: 1, CaseID: 7, Title: "Wandelen", Category: "sport_movement", ArrangedBy: "resident", Status: caseflow.PlanStarted,
			GoalIDs: []int64{1}, CreatedAt: at, UpdatedAt: at, Loop: &caseflow.Loop{Status: caseflow.LoopStarted, RequestedOn: "2026-02-02", AnsweredOn: &answered,
				Steps: []caseflow.LoopStep{{Status: caseflow.LoopRequested, On: "2026-02-02", By: coach, At: at}, {Status: caseflow.LoopAccepted, On: "2026-02-05", By: coach, At: at},
					{Status: caseflow.LoopStarted, On: "2026-02-10", By: poh, At: at}}}},
			{ID: 2, CaseID: 7, Title: "Zwemclub", Category: "group", ArrangedBy: "coach", Status: caseflow.PlanChosen, CreatedAt: at, UpdatedAt: at,
				Loop: &caseflow.Loop{Status: caseflow.LoopDeclined, Reason: &other, RequestedOn: "2026-02-02", AnsweredOn: &answered,
					Steps: []caseflow.LoopStep{{Status: caseflow.LoopRequested, On: "2026-02-02", By: coach, At: at},
						{Status: caseflow.LoopDeclined, Reason: &other, ReasonText: "Alleen op dinsdag", On: "2026-02-05", By: coach, At: at}}}},
			{ID: 3, CaseID: 7, Title: "Koken", Category: "group", ArrangedBy: "coach", Status: caseflow.PlanChosen, CreatedAt: at, UpdatedAt: at,
				Loop: &caseflow.Loop{Status: caseflow.LoopRequested, RequestedOn: "2026-02-02", Steps: []caseflow.LoopStep{{Status: caseflow.LoopRequested, On: "2026-02-02", By: coach, At: at}}}},
		},
		Appointments: []appointment.Appointment{
			{ID: 4, CaseID: 7, Kind: caseflow.KindExploratory, StartsAt: at, Duration: 90, Location: caseflow.LocationHome, Place: "Thuis", CreatedAt: at, UpdatedAt: at,
				Participants: []appointment.Participant{{UserID: &uid, Role: "peer", Status: appointment.Accepted}, {Role: "resident", Status: appointment.NeedsAction},
					{Role: "other", Name: "Zus", Status: appointment.Tentative}}},
			{ID: 5, CaseID: 7, Kind: caseflow.KindFollowUp, StartsAt: at, Duration: 30, Location: caseflow.LocationOnline, Outcome: &noShow, CreatedAt: at, UpdatedAt: at},
		},
		AccessLog: []audit.Entry{{ID: 1, At: at, UserID: 2, Role: "poh", RegionID: 1, ClientAddr: "192.0.2.1", Action: audit.ActionExport, Outcome: audit.Allowed, ResourceType: "case", RequestID: "r1"}},
	}
	b, err := json.Marshal(export.Bundle(r))
	if err != nil {
		t.Fatal(err)
	}
	if err := fhirtest.ValidateR4(b); err != nil {
		t.Fatalf("bundle does not validate: %v\n%s", err, b)
	}
	for _, want := range []string{`"resourceType":"Patient"`, `"birthDate":"1980"`, `"resourceType":"CareTeam"`, `"resourceType":"Consent"`, `"resourceType":"Encounter"`,
		`"valueInteger":3`, `"resourceType":"Goal"`, `"lifecycleStatus":"completed"`, `"code":"achieved"`, `"resourceType":"CarePlan"`, `"resourceType":"Communication"`, `"resourceType":"AuditEvent"`,
		export.SystemLifeDomain, `"resourceType":"Appointment"`, `"status":"pending"`, `"status":"noshow"`, `"status":"tentative"`, `"minutesDuration":90`,
		`"end":"2026-03-01T11:30:00Z"`, `"resourceType":"ServiceRequest"`, `"resourceType":"Task"`, `"status":"in-progress"`, `"status":"rejected"`,
		`"code":"other"`, `"text":"Alleen op dinsdag"`, `"focus":{"reference":"ServiceRequest/request-2"}`, `"executionPeriod":{"start":"2026-02-10"}`,
		`"status":"revoked"`, `"authoredOn":"2026-02-02"`, `"status":"requested"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("bundle lacks %s", want)
		}
	}
	t.Run("a broken resource fails the schema", func(t *testing.T) {
		if err := fhirtest.ValidateR4([]byte(`{"resourceType":"Patient","birthDate":1980}`)); err == nil {
			t.Error("a Patient with a numeric birthDate validated")
		}
	})
}
