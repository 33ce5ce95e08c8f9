// Package export hands a whole case over: as HOI's own JSON record (the
// resident's copy under AVG art. 15, and the proof of what HOI held), or as a
// FHIR R4 Bundle for other systems. Both carry exactly what the case API
// returns for the case and its children, plus the case's access log.
package export

import (
	"time"

	"github.com/hoi-app/hoi/internal/appointment"
	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/resident"
)

// Format names the JSON record, so a reader can tell what it holds.
const Format = "hoi-case-export"

// Version is the record's format version; it changes when a field changes meaning.
const Version = 1

// Record is the whole case. Case is what GET /cases/{id} answers in the full
// view (goals, strengths, sensitivities, needs and domain scores included);
// the lists are what the child routes answer, unpaged.
type Record struct {
	Format        string                  `json:"format"`
	Version       int                     `json:"version"`
	ExportedAt    time.Time               `json:"exported_at"`
	Case          FullCase                `json:"case"`
	Conversations []caseflow.Conversation `json:"conversations"`
	Notes         []caseflow.Note         `json:"notes"`
	Plan          []caseflow.PlanItem     `json:"plan"`
	// Appointments are the planned talks (in FHIR, Appointment resources).
	Appointments []appointment.Appointment `json:"appointments,omitempty"`
	AccessLog    []audit.Entry             `json:"access_log,omitempty"`
	// SelfCheck is the resident's self-check, once they began one.
	SelfCheck *resident.SelfCheck `json:"self_check,omitempty"`
}

// FullCase is the case as the case API shows it in the full view.
type FullCase struct {
	View string `json:"view"`
	caseflow.Case
}
