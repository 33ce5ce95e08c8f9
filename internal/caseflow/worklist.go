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
	for _, sec := range [][]WorkItem{w.NewSignals, w.FollowUpsDue, w.Drafts, w.MissingConsent} {
		for _, it := range sec {
			if !seen[it.CaseID] {
				seen[it.CaseID] = true
				out = append(out, it.CaseID)
			}
		}
	}
	return out
}
