package export

import (
	"strconv"

	"github.com/hoi-app/hoi/internal/appointment"
	"github.com/hoi-app/hoi/internal/caseflow"
)

// fhirParticipation maps a participant's answer to FHIR's
// participationstatus (the same four values as iCalendar's PARTSTAT).
var fhirParticipation = map[appointment.Status]string{
	appointment.NeedsAction: "needs-action", appointment.Accepted: "accepted",
	appointment.Declined: "declined", appointment.Tentative: "tentative",
}

// appointmentStatus is FHIR's appointmentstatus of a: fulfilled, cancelled
// or noshow once it has an outcome; before, booked when every participant
// accepted and pending while someone has not.
func appointmentStatus(a appointment.Appointment) string {
	if a.Outcome != nil {
		return map[appointment.Outcome]string{appointment.Held: "fulfilled", appointment.Cancelled: "cancelled", appointment.NoShow: "noshow"}[*a.Outcome]
	}
	for _, p := range a.Participants {
		if p.Status != appointment.Accepted {
			return "pending"
		}
	}
	return "booked"
}

// appointmentResource is one planned talk as a FHIR R4 Appointment: the
// kind of talk as appointmentType, the kind of place and the place as the
// comment, and each participant with their answer: staff by HOI user id,
// the resident as the Patient, a network person by the name given.
func appointmentResource(b *bundle, a appointment.Appointment, patient string) Resource {
	parts := []any{}
	for _, p := range a.Participants {
		pr := Resource{"type": []any{coded(SystemRole, string(p.Role))}, "required": "required", "status": fhirParticipation[p.Status]}
		switch {
		case p.UserID != nil:
			pr["actor"] = Resource{"identifier": Resource{"system": SystemUser, "value": strconv.FormatInt(*p.UserID, 10)}}
		case p.Role == caseflow.ParticipantResident:
			pr["actor"] = ref(patient)
		case p.Name != "":
			pr["actor"] = Resource{"display": p.Name}
		}
		parts = append(parts, pr)
	}
	r := Resource{"resourceType": "Appointment", "id": b.id("appointment", a.ID), "status": appointmentStatus(a),
		"appointmentType": coded(SystemConvKind, string(a.Kind)), "start": instant(a.StartsAt), "end": instant(a.EndsAt()),
		"minutesDuration": a.Duration, "created": a.CreatedAt.UTC().Format("2006-01-02"),
		"comment": string(a.Location) + place(a.Place), "participant": parts}
	if len(parts) == 0 {
		// R4 requires at least one participant: the resident, whom the talk is for.
		r["participant"] = []any{Resource{"actor": ref(patient), "status": "needs-action"}}
	}
	return r
}

func place(p string) string {
	if p == "" {
		return ""
	}
	return ": " + p
}
