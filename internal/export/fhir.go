package export

import (
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/caseflow"
)

// The local code systems of HOI's own vocabularies. FHIR has no standard code
// for these, so they are named under the project's own URL space.
const (
	SystemLifeDomain  = "https://hoi-app.github.io/fhir/CodeSystem/life-domain"
	SystemCaseItem    = "https://hoi-app.github.io/fhir/CodeSystem/case-item"
	SystemConvKind    = "https://hoi-app.github.io/fhir/CodeSystem/conversation-kind"
	SystemCategory    = "https://hoi-app.github.io/fhir/CodeSystem/option-category"
	SystemOutcome     = "https://hoi-app.github.io/fhir/CodeSystem/case-outcome"
	SystemRole        = "https://hoi-app.github.io/fhir/CodeSystem/role"
	SystemLoopStatus  = "https://hoi-app.github.io/fhir/CodeSystem/referral-status"
	SystemDecline     = "https://hoi-app.github.io/fhir/CodeSystem/decline-reason"
	SystemPlanItem    = "urn:hoi:plan-item"
	SystemUser        = "urn:hoi:user"
	SystemCase        = "urn:hoi:case"
	SystemAccessEntry = "urn:hoi:access-log"
)

// Resource is one FHIR resource as JSON.
type Resource = map[string]any

// Bundle maps the record to a FHIR R4 Bundle of type collection: a
// pseudonymous Patient (label as name text, birth year only), CareTeam,
// Consent, an Encounter per conversation (story as narrative, addenda as
// Communication), an Observation per domain score (valueInteger 1–5) and per
// strength, sensitivity and need (valueString), a Goal per goal, one CarePlan
// with an activity per plan item, a ServiceRequest with its Task per plan
// item requested from its provider (the referral loop, as HL7 Gravity
// models it), a Communication per note and an AuditEvent per access-log row,
// and an Appointment per planned talk.
func Bundle(r Record) Resource {
	c := r.Case
	b := &bundle{caseID: c.ID}
	patient := "Patient/" + b.id("case", c.ID)
	p := Resource{"resourceType": "Patient", "id": b.id("case", c.ID),
		"identifier": []any{Resource{"system": SystemCase, "value": strconv.FormatInt(c.ID, 10)}},
		"name":       []any{Resource{"text": c.Label}}, "birthDate": strconv.Itoa(c.BirthYear)}
	if c.PracticeRef != nil {
		p["identifier"] = append(p["identifier"].([]any), Resource{"system": "urn:hoi:practice:" + strconv.FormatInt(c.PracticeID, 10) + ":ref", "value": *c.PracticeRef})
	}
	if c.PC4 != nil {
		p["address"] = []any{Resource{"postalCode": *c.PC4, "country": "NL"}}
	}
	if c.BirthYear == 0 { // erased
		delete(p, "birthDate")
	}
	b.add(p)
	team := []any{}
	for _, m := range c.Team {
		team = append(team, Resource{"role": []any{coded(SystemRole, m.Role)}, "member": person(m)})
	}
	ct := Resource{"resourceType": "CareTeam", "id": b.id("team", c.ID), "status": "active", "subject": ref(patient)}
	if len(team) > 0 {
		ct["participant"] = team
	}
	if c.Status.Ended() {
		ct["status"] = "inactive"
	}
	b.add(ct)
	b.add(consent(b, c.Case, patient))
	for _, conv := range r.Conversations {
		b.conversation(conv, patient)
	}
	for _, s := range c.DomainScores {
		b.add(Resource{"resourceType": "Observation", "id": b.id("score", int64(b.n)), "status": "final",
			"code": coded(SystemLifeDomain, string(s.Domain)), "subject": ref(patient),
			"encounter": ref("Encounter/" + b.id("conversation", s.ConversationID)), "effectiveDateTime": s.HeldOn, "valueInteger": s.Score})
	}
	for _, it := range append(append(append([]caseflow.Item{}, c.Strengths...), c.Sensitivities...), c.Needs...) {
		o := Resource{"resourceType": "Observation", "id": b.id("item", it.ID), "status": "final", "code": coded(SystemCaseItem, it.Kind),
			"subject": ref(patient), "encounter": ref("Encounter/" + b.id("conversation", it.ConversationID)), "effectiveDateTime": instant(it.CreatedAt), "valueString": it.Text}
		if it.Domain != nil {
			o["category"] = []any{coded(SystemLifeDomain, string(*it.Domain))}
		}
		b.add(o)
	}
	goals := map[int64]bool{}
	for _, g := range c.Goals {
		goals[g.ID] = true
		b.add(goal(b, g, patient))
	}
	b.add(carePlan(b, r, patient, goals))
	for _, it := range r.Plan {
		if it.Loop != nil {
			sr, task := referral(b, c.ID, it, patient)
			b.add(sr)
			b.add(task)
		}
	}
	for _, n := range r.Notes {
		cm := Resource{"resourceType": "Communication", "id": b.id("note", n.ID), "status": "completed", "subject": ref(patient),
			"sent": instant(n.CreatedAt), "sender": person(n.Author), "payload": []any{Resource{"contentString": n.Text}}}
		if n.Corrects != nil {
			cm["inResponseTo"] = []any{ref("Communication/" + b.id("note", *n.Corrects))}
		}
		b.add(cm)
	}
	for _, a := range r.Appointments {
		b.add(appointmentResource(b, a, patient))
	}
	if r.SelfCheck != nil {
		b.add(SelfCheckQuestionnaire())
		b.add(selfCheckResponse(b, *r.SelfCheck, patient))
	}
	for _, e := range r.AccessLog {
		b.add(auditEvent(b, e, patient))
	}
	return Resource{"resourceType": "Bundle", "id": b.id("export", c.ID), "type": "collection", "timestamp": instant(r.ExportedAt),
		"identifier": Resource{"system": SystemCase + ":export", "value": strconv.FormatInt(c.ID, 10) + "-" + r.ExportedAt.UTC().Format("20060102T150405Z")},
		"entry":      b.entries}
}

type bundle struct {
	caseID  int64
	n       int
	entries []any
}

func (b *bundle) id(kind string, n int64) string { return kind + "-" + strconv.FormatInt(n, 10) }

func (b *bundle) add(r Resource) {
	b.n++
	b.entries = append(b.entries, Resource{"fullUrl": "urn:hoi:case:" + strconv.FormatInt(b.caseID, 10) + ":" + r["resourceType"].(string) + ":" + r["id"].(string), "resource": r})
}

func (b *bundle) conversation(conv caseflow.Conversation, patient string) {
	status := "in-progress"
	if conv.Status == caseflow.Final {
		status = "finished"
	}
	class := Resource{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB", "display": "ambulatory"}
	if conv.Location == "home" {
		class = Resource{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "HH", "display": "home health"}
	}
	e := Resource{"resourceType": "Encounter", "id": b.id("conversation", conv.ID), "status": status, "class": class,
		"type": []any{coded(SystemConvKind, string(conv.Kind))}, "subject": ref(patient),
		"period": Resource{"start": conv.HeldOn, "end": conv.HeldOn}, "serviceType": Resource{"text": conv.Location}}
	var parts []any
	for _, p := range conv.Participants {
		pp := Resource{"type": []any{coded(SystemRole, string(p.Role))}}
		if p.UserID != nil {
			pp["individual"] = Resource{"identifier": Resource{"system": SystemUser, "value": strconv.FormatInt(*p.UserID, 10)}}
		} else if p.Name != "" {
			pp["individual"] = Resource{"display": p.Name}
		}
		parts = append(parts, pp)
	}
	if len(parts) > 0 {
		e["participant"] = parts
	}
	if div := narrative(conv.Sections); div != "" {
		e["text"] = Resource{"status": "additional", "div": div}
	}
	b.add(e)
	for _, a := range conv.Addenda {
		b.add(Resource{"resourceType": "Communication", "id": b.id("addendum", a.ID), "status": "completed", "subject": ref(patient),
			"encounter": ref("Encounter/" + b.id("conversation", conv.ID)), "sent": instant(a.CreatedAt), "sender": person(a.Author),
			"payload": []any{Resource{"contentString": a.Text}}})
	}
}

// narrative renders the sections in the resident's words as XHTML.
func narrative(s caseflow.Sections) string {
	var sb strings.Builder
	p := func(label, text string) {
		if strings.TrimSpace(text) != "" {
			sb.WriteString("<p><b>" + html.EscapeString(label) + "</b>: " + html.EscapeString(text) + "</p>")
		}
	}
	p("story", s.Story)
	for _, d := range caseflow.Domains {
		if e, ok := s.Domains[d]; ok {
			p(string(d), e.Text)
		}
	}
	for _, n := range s.Network {
		p("network", n.Who+" — "+n.Meaning)
	}
	for _, o := range s.Options {
		p("option", o.Text)
	}
	for _, a := range s.Agreements {
		due := ""
		if a.DueOn != nil {
			due = " (" + *a.DueOn + ")"
		}
		p("agreement", a.Who+": "+a.What+due)
	}
	if sb.Len() == 0 {
		return ""
	}
	return `<div xmlns="http://www.w3.org/1999/xhtml">` + sb.String() + `</div>`
}

func consent(b *bundle, c caseflow.Case, patient string) Resource {
	status := map[caseflow.ConsentStatus]string{caseflow.ConsentGiven: "active", caseflow.ConsentDeclined: "rejected"}[c.Consent.Status]
	if status == "" {
		status = "proposed"
	}
	r := Resource{"resourceType": "Consent", "id": b.id("consent", c.ID), "status": status,
		"scope":      Resource{"coding": []any{Resource{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}}},
		"category":   []any{Resource{"coding": []any{Resource{"system": "http://loinc.org", "code": "59284-0", "display": "Patient Consent"}}}},
		"patient":    ref(patient),
		"policyRule": Resource{"text": "Delen met netwerkpartners (ervaringsdeskundige en buurtcoach)"},
	}
	if c.Consent.At != nil {
		r["dateTime"] = instant(*c.Consent.At)
	}
	if c.Consent.RecordedBy != nil {
		r["performer"] = []any{person(*c.Consent.RecordedBy)}
	}
	return r
}

func goal(b *bundle, g caseflow.Goal, patient string) Resource {
	life, ach := "active", "in-progress"
	switch g.Status {
	case caseflow.GoalReached:
		life, ach = "completed", "achieved"
	case "let_go":
		life, ach = "cancelled", "not-achieved"
	}
	r := Resource{"resourceType": "Goal", "id": b.id("goal", g.ID), "lifecycleStatus": life,
		"achievementStatus": Resource{"coding": []any{Resource{"system": "http://terminology.hl7.org/CodeSystem/goal-achievement", "code": ach}}},
		"description":       Resource{"text": g.Text}, "subject": ref(patient), "startDate": g.CreatedAt.UTC().Format(time.DateOnly)}
	if g.Domain != nil {
		r["category"] = []any{coded(SystemLifeDomain, string(*g.Domain))}
	}
	return r
}

func carePlan(b *bundle, r Record, patient string, goals map[int64]bool) Resource {
	c := r.Case
	status := "active"
	switch c.Status {
	case caseflow.StatusClosed:
		status = "completed"
	case caseflow.StatusWithdrawn:
		status = "revoked"
	}
	planStatus := map[caseflow.PlanStatus]string{"considered": "not-started", "chosen": "scheduled", "started": "in-progress", "completed": "completed", "stopped": "stopped"}
	acts := []any{}
	for _, it := range r.Plan {
		d := Resource{"status": planStatus[it.Status], "code": coded(SystemCategory, string(it.Category)), "description": it.Title}
		if it.StartOn != nil || it.EndOn != nil {
			per := Resource{}
			if it.StartOn != nil {
				per["start"] = *it.StartOn
			}
			if it.EndOn != nil {
				per["end"] = *it.EndOn
			}
			d["scheduledPeriod"] = per
		}
		var gs []any
		for _, g := range it.GoalIDs {
			if goals[g] {
				gs = append(gs, ref("Goal/"+b.id("goal", g)))
			}
		}
		if gs != nil {
			d["goal"] = gs
		}
		act := Resource{"detail": d}
		if it.Note != "" || it.ArrangedNote != "" {
			act["progress"] = []any{Resource{"text": strings.TrimSpace(string(it.ArrangedBy) + ": " + it.ArrangedNote + " " + it.Note)}}
		}
		acts = append(acts, act)
	}
	cp := Resource{"resourceType": "CarePlan", "id": b.id("plan", c.ID), "status": status, "intent": "plan", "subject": ref(patient),
		"description": c.Signal.Question, "created": instant(c.Signal.SignalledAt), "careTeam": []any{ref("CareTeam/" + b.id("team", c.ID))},
		"author": person(c.Signal.SignalledBy)}
	if len(acts) > 0 {
		cp["activity"] = acts
	}
	var gs []any
	for _, g := range c.Goals {
		gs = append(gs, ref("Goal/"+b.id("goal", g.ID)))
	}
	if gs != nil {
		cp["goal"] = gs
	}
	if c.Closure != nil {
		cp["note"] = []any{Resource{"text": string(c.Closure.Outcome) + ": " + c.Closure.Reason, "time": instant(c.Closure.ClosedAt)}}
		cp["period"] = Resource{"start": instant(c.Signal.SignalledAt), "end": instant(c.Closure.ClosedAt)}
	}
	return cp
}

// The FHIR statuses of the loop: the ServiceRequest is the request itself
// (active until the provider's work ends or the request is declined), the
// Task the provider's part of it, with the state of the loop.
var (
	requestStatus = map[caseflow.LoopStatus]string{caseflow.LoopRequested: "active", caseflow.LoopAccepted: "active", caseflow.LoopStarted: "active",
		caseflow.LoopCompleted: "completed", caseflow.LoopDeclined: "revoked", caseflow.LoopStopped: "revoked"}
	taskStatus = map[caseflow.LoopStatus]string{caseflow.LoopRequested: "requested", caseflow.LoopAccepted: "accepted", caseflow.LoopStarted: "in-progress",
		caseflow.LoopCompleted: "completed", caseflow.LoopDeclined: "rejected", caseflow.LoopStopped: "cancelled"}
)

// referral maps the request of plan item it to its provider: a
// ServiceRequest (what was asked, of which category, when and by whom, as
// part of the CarePlan) and a Task on it (where the loop stands, why it was
// declined, the start and end, and every step as a dated note by its author).
func referral(b *bundle, caseID int64, it caseflow.PlanItem, patient string) (Resource, Resource) {
	l := it.Loop
	srID := b.id("request", it.ID)
	ident := []any{Resource{"system": SystemPlanItem, "value": strconv.FormatInt(it.ID, 10)}}
	sr := Resource{"resourceType": "ServiceRequest", "id": srID, "identifier": ident, "status": requestStatus[l.Status], "intent": "order",
		"category": []any{coded(SystemCategory, string(it.Category))}, "code": Resource{"text": it.Title}, "subject": ref(patient),
		"basedOn": []any{ref("CarePlan/" + b.id("plan", caseID))}}
	if l.RequestedOn != "" {
		sr["authoredOn"] = l.RequestedOn
	}
	task := Resource{"resourceType": "Task", "id": b.id("task", it.ID), "identifier": ident, "status": taskStatus[l.Status], "intent": "order",
		"businessStatus": coded(SystemLoopStatus, string(l.Status)), "focus": ref("ServiceRequest/" + srID), "for": ref(patient)}
	if l.Reason != nil {
		reason := coded(SystemDecline, string(*l.Reason))
		for i := len(l.Steps) - 1; i >= 0; i-- {
			if l.Steps[i].Status == caseflow.LoopDeclined && l.Steps[i].ReasonText != "" {
				reason["text"] = l.Steps[i].ReasonText
				break
			}
		}
		task["statusReason"] = reason
	}
	var notes []any
	per := Resource{}
	for i, st := range l.Steps {
		if i == 0 {
			sr["requester"] = person(st.By)
			task["authoredOn"] = instant(st.At)
			task["requester"] = person(st.By)
		}
		task["lastModified"] = instant(st.At)
		text := string(st.Status) + " " + st.On
		if st.Reason != nil {
			text += " (" + string(*st.Reason) + ")"
		}
		notes = append(notes, Resource{"authorReference": person(st.By), "time": instant(st.At), "text": text})
		switch st.Status {
		case caseflow.LoopStarted:
			per["start"] = st.On
		case caseflow.LoopCompleted, caseflow.LoopStopped:
			per["end"] = st.On
		}
	}
	if notes != nil {
		task["note"] = notes
	}
	if len(per) > 0 {
		task["executionPeriod"] = per
	}
	return sr, task
}

func auditEvent(b *bundle, e audit.Entry, patient string) Resource {
	action := map[audit.Action]string{audit.ActionCreate: "C", audit.ActionRead: "R", audit.ActionUpdate: "U", audit.ActionDelete: "D", audit.ActionSearch: "E", audit.ActionExport: "R"}[e.Action]
	if action == "" {
		action = "E"
	}
	outcome := "0"
	if e.Outcome == audit.Denied {
		outcome = "4"
	}
	agent := Resource{"who": Resource{"identifier": Resource{"system": SystemUser, "value": strconv.FormatInt(e.UserID, 10)}},
		"role": []any{coded(SystemRole, e.Role)}, "requestor": true}
	if e.ClientAddr != "" {
		agent["network"] = Resource{"address": e.ClientAddr, "type": "2"}
	}
	return Resource{"resourceType": "AuditEvent", "id": b.id("access", e.ID),
		"type":    Resource{"system": "http://terminology.hl7.org/CodeSystem/audit-event-type", "code": "rest", "display": "RESTful Operation"},
		"subtype": []any{Resource{"system": SystemAccessEntry, "code": string(e.Action)}},
		"action":  action, "recorded": instant(e.At), "outcome": outcome, "agent": []any{agent},
		"source": Resource{"observer": Resource{"display": "HOI"}, "site": e.RequestID},
		"entity": []any{Resource{"what": ref(patient), "type": Resource{"system": SystemAccessEntry, "code": string(e.ResourceType)}}},
	}
}

func ref(r string) Resource { return Resource{"reference": r} }

func coded(system, code string) Resource {
	return Resource{"coding": []any{Resource{"system": system, "code": code}}}
}

func person(p caseflow.Person) Resource {
	return Resource{"identifier": Resource{"system": SystemUser, "value": strconv.FormatInt(p.UserID, 10)}, "display": p.DisplayName}
}

func instant(t time.Time) string { return t.UTC().Format(time.RFC3339) }
