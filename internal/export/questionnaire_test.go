package export_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/export"
	"github.com/hoi-app/hoi/internal/export/fhirtest"
	"github.com/hoi-app/hoi/internal/resident"
)

func TestSelfCheckIsAQuestionnaireResponseAgainstHOIsQuestionnaire(t *testing.T) {
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	poh := caseflow.Person{UserID: 2, DisplayName: "POH", Role: "poh"}
	sc := resident.SelfCheck{Status: resident.SelfCheckSubmitted, Scores: map[caseflow.Domain]int{caseflow.DomainMind: 2, caseflow.DomainMoney: 5},
		TalkAbout: []caseflow.Domain{caseflow.DomainMind}, Story: "Ik slaap slecht", Needs: "Rust", Network: "Mijn zus", Version: 3, UpdatedAt: &at, SubmittedAt: &at}
	r := export.Record{Format: export.Format, Version: export.Version, ExportedAt: at,
		Case: export.FullCase{View: "full", Case: caseflow.Case{ID: 7, PracticeID: 1, Label: "Anna", BirthYear: 1980,
			Signal: caseflow.Signal{Question: "Vraag", SignalledBy: poh, SignalledAt: at, ReferralIntention: caseflow.IntentionNone},
			Status: caseflow.StatusExploring, Consent: caseflow.Consent{Status: caseflow.ConsentUnknown}}},
		SelfCheck: &sc}
	b, err := json.Marshal(export.Bundle(r))
	if err != nil {
		t.Fatal(err)
	}
	if err := fhirtest.ValidateR4(b); err != nil {
		t.Fatalf("bundle does not validate: %v\n%s", err, b)
	}
	for _, want := range []string{`"resourceType":"Questionnaire"`, `"resourceType":"QuestionnaireResponse"`, `"questionnaire":"` + export.QuestionnaireURL + `"`,
		`"status":"completed"`, `{"answer":[{"valueInteger":2}],"linkId":"score.mind"}`, `"linkId":"talk_about"`, `"valueString":"Rust"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("bundle lacks %s", want)
		}
	}
	for name, res := range map[string]export.Resource{"Questionnaire": export.SelfCheckQuestionnaire()} {
		doc, _ := json.Marshal(res)
		if err := fhirtest.ValidateR4(doc); err != nil {
			t.Errorf("%s alone does not validate: %v", name, err)
		}
	}
	t.Run("a draft is in progress", func(t *testing.T) {
		d := sc
		d.Status, d.SubmittedAt, d.Story = resident.SelfCheckDraft, nil, ""
		r.SelfCheck = &d
		b, _ := json.Marshal(export.Bundle(r))
		if err := fhirtest.ValidateR4(b); err != nil || !strings.Contains(string(b), `"status":"in-progress"`) {
			t.Errorf("draft: %v %s", err, b)
		}
	})
	t.Run("no self-check, no questionnaire", func(t *testing.T) {
		r.SelfCheck = nil
		b, _ := json.Marshal(export.Bundle(r))
		if strings.Contains(string(b), "Questionnaire") {
			t.Error("a case without a self-check exports a Questionnaire")
		}
	})
}
