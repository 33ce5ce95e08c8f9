package caseflow

import "time"

// WorkItem is one line of someone's worklist.
type WorkItem struct {
	CaseID         int64      `json:"case_id"`
	Label          string     `json:"label"`
	Status         Status     `json:"status"`
	SignalledAt    time.Time  `json:"signalled_at"`
	DaysWaiting    *int       `json:"days_waiting,omitempty"`
	DueOn          *string    `json:"due_on,omitempty"`
	DaysOverdue    *int       `json:"days_overdue,omitempty"`
	ConversationID *int64     `json:"conversation_id,omitempty"`
	DraftUpdatedAt *time.Time `json:"draft_updated_at,omitempty"`
	// AppointmentID, StartsAt and AwaitingReplies describe an appointment
	// that waits for answers: when, and how many have not answered.
	AppointmentID   *int64     `json:"appointment_id,omitempty"`
	StartsAt        *time.Time `json:"starts_at,omitempty"`
	AwaitingReplies *int       `json:"awaiting_replies,omitempty"`
	// PlanItemID, Category and RequestedOn name a request that waits for
	// the provider's answer.
	PlanItemID  *int64  `json:"plan_item_id,omitempty"`
	Category    *string `json:"category,omitempty"`
	RequestedOn *string `json:"requested_on,omitempty"`
	// SelfCheckSubmitted says the resident sent their self-check ("zelfcheck ingevuld").
	SelfCheckSubmitted bool `json:"self_check_submitted"`
}

// StaleOption is a listing of the region's social map that was not verified
// for six months: the coaches check it with the provider.
type StaleOption struct {
	OptionID       int64   `json:"option_id"`
	Name           string  `json:"name"`
	Category       string  `json:"category"`
	LastVerifiedOn *string `json:"last_verified_on"`
}

// WorklistSections are the sections beyond the case sections that the
// policy grants a caller (policy.WorklistSections).
type WorklistSections struct {
	// AwaitingAnswer: requests without the provider's answer after the
	// region's number of days.
	AwaitingAnswer bool
	// StaleOptions: the region's listings not verified for six months.
	StaleOptions bool
}

// Worklist is the home screen of a POH, peer or coach.
type Worklist struct {
	// NewSignals have had no conversation yet; the longest waiting first.
	NewSignals []WorkItem `json:"new_signals"`
	// FollowUpsDue are due within FollowUpHorizon or overdue; earliest first.
	FollowUpsDue []WorkItem `json:"follow_ups_due"`
	// Drafts are conversations not yet finalised.
	Drafts []WorkItem `json:"drafts"`
	// MissingConsent are open cases without a consent decision.
	MissingConsent []WorkItem `json:"missing_consent"`
	// ToSchedule ("nog in te plannen") are signals without a planned
	// appointment; the longest waiting first.
	ToSchedule []WorkItem `json:"to_schedule"`
	// AwaitingReply ("wacht op antwoord") are coming appointments where a
	// participant has not answered; the soonest first.
	AwaitingReply []WorkItem `json:"awaiting_reply"`
	// AwaitingAnswer are requests to a provider without an answer after the
	// region's number of days ("wacht op antwoord van aanbieder"); the
	// longest waiting first.
	AwaitingAnswer []WorkItem `json:"awaiting_answer"`
	// StaleOptions are listings of the region not verified for six months.
	StaleOptions []StaleOption `json:"stale_options"`
	// Totals count each section's items in all; a section shows at most the
	// first 25 of them.
	Totals WorklistTotals `json:"totals"`
}

// WorklistTotals are the sizes of the worklist's sections.
type WorklistTotals struct {
	NewSignals     int `json:"new_signals"`
	FollowUpsDue   int `json:"follow_ups_due"`
	Drafts         int `json:"drafts"`
	MissingConsent int `json:"missing_consent"`
	ToSchedule     int `json:"to_schedule"`
	AwaitingReply  int `json:"awaiting_reply"`
	AwaitingAnswer int `json:"awaiting_answer"`
	StaleOptions   int `json:"stale_options"`
}

// FollowUpHorizon is how far ahead the worklist shows follow-ups.
const FollowUpHorizon = 7 * 24 * time.Hour

// DaysBetween counts whole calendar days from a to b (UTC dates).
func DaysBetween(a, b time.Time) int {
	ay, am, ad := a.UTC().Date()
	by, bm, bd := b.UTC().Date()
	return int(time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC).Sub(time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// CaseIDs lists each case the worklist shows once, for the access log.
func (w Worklist) CaseIDs() []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, sec := range [][]WorkItem{w.NewSignals, w.FollowUpsDue, w.Drafts, w.MissingConsent, w.ToSchedule, w.AwaitingReply, w.AwaitingAnswer} {
		for _, it := range sec {
			if !seen[it.CaseID] {
				seen[it.CaseID] = true
				out = append(out, it.CaseID)
			}
		}
	}
	return out
}
