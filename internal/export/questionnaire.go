package export

import (
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/resident"
)

// QuestionnaireURL is the canonical URL of HOI's self-check Questionnaire,
// which every exported self-check answers.
const QuestionnaireURL = "https://hoi-app.github.io/fhir/Questionnaire/self-check"

// SelfCheckQuestionnaire is the FHIR R4 Questionnaire of the resident's
// self-check: a 1–5 score per life domain, up to three domains "hier wil ik
// over praten", and three texts in the resident's own words.
func SelfCheckQuestionnaire() Resource {
	scores := []any{}
	for _, d := range caseflow.Domains {
		scores = append(scores, Resource{"linkId": "score." + string(d), "text": string(d), "type": "integer",
			"code": []any{coding(SystemLifeDomain, string(d))}})
	}
	options := []any{}
	for _, d := range caseflow.Domains {
		options = append(options, Resource{"valueCoding": coding(SystemLifeDomain, string(d))})
	}
	return Resource{"resourceType": "Questionnaire", "id": "hoi-self-check", "url": QuestionnaireURL, "version": "1",
		"name": "HOISelfCheck", "title": "Zelfcheck voor het gesprek", "status": "active", "subjectType": []any{"Patient"},
		"item": []any{
			Resource{"linkId": "scores", "text": "Hoe gaat het? (1–5 per deel van het leven)", "type": "group", "item": scores},
			Resource{"linkId": "talk_about", "text": "Hier wil ik over praten", "type": "choice", "repeats": true, "answerOption": options},
			Resource{"linkId": "story", "text": "Wat speelt er?", "type": "text"},
			Resource{"linkId": "needs", "text": "Wat heb je nodig?", "type": "text"},
			Resource{"linkId": "network", "text": "Wie helpt je?", "type": "text"},
		}}
}

// selfCheckResponse is the resident's self-check as a QuestionnaireResponse:
// in-progress while a draft, completed once submitted; authored by the
// resident (source is the Patient).
func selfCheckResponse(b *bundle, sc resident.SelfCheck, patient string) Resource {
	scores := []any{}
	for _, d := range caseflow.Domains {
		if v, ok := sc.Scores[d]; ok {
			scores = append(scores, Resource{"linkId": "score." + string(d), "answer": []any{Resource{"valueInteger": v}}})
		}
	}
	items := []any{}
	if len(scores) > 0 {
		items = append(items, Resource{"linkId": "scores", "item": scores})
	}
	if len(sc.TalkAbout) > 0 {
		ans := []any{}
		for _, d := range sc.TalkAbout {
			ans = append(ans, Resource{"valueCoding": coding(SystemLifeDomain, string(d))})
		}
		items = append(items, Resource{"linkId": "talk_about", "answer": ans})
	}
	for _, t := range []struct{ id, v string }{{"story", sc.Story}, {"needs", sc.Needs}, {"network", sc.Network}} {
		if t.v != "" {
			items = append(items, Resource{"linkId": t.id, "answer": []any{Resource{"valueString": t.v}}})
		}
	}
	status := "in-progress"
	if sc.Status == resident.SelfCheckSubmitted {
		status = "completed"
	}
	qr := Resource{"resourceType": "QuestionnaireResponse", "id": b.id("self-check", b.caseID), "questionnaire": QuestionnaireURL,
		"status": status, "subject": ref(patient), "source": ref(patient)}
	if sc.UpdatedAt != nil {
		qr["authored"] = instant(*sc.UpdatedAt)
	}
	if sc.SubmittedAt != nil {
		qr["authored"] = instant(*sc.SubmittedAt)
	}
	if len(items) > 0 {
		qr["item"] = items
	}
	return qr
}

// coding is a bare Coding (coded is a CodeableConcept).
func coding(system, code string) Resource { return Resource{"system": system, "code": code} }
