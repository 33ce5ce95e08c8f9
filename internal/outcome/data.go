package outcome

import "time"

// Data are the de-identified facts the figures are computed from, as the
// store reads them in a handful of set-based queries (never one per case).
type Data struct {
	Cases []CaseFact
	// Referrals are the cases in scope that ended with a specialist or
	// addiction referral, and could be linked to a resident; "sustained"
	// looks for them after an avoided referral.
	Referrals []CaseFact
	Plan      []PlanFact
	// GoalsReached are the days on which goals were marked reached.
	GoalsReached []time.Time
	// Scores are the domain scores of the cases that ended in the range,
	// ordered by case, domain, date and id.
	Scores []ScoreFact
}

// CaseFact is one case, without any narrative or identifying field.
type CaseFact struct {
	ID         int64
	PracticeID int64
	// Resident is the key of the resident within the practice (the practice
	// reference, or the resident link kept after erasure); empty when the
	// case cannot be linked to other cases of the same resident.
	Resident            string
	SignalledAt         time.Time
	FirstConversationOn *time.Time
	ClosedAt            *time.Time
	Intention           string
	Outcome             string
	// Conversations counts the finalised conversations.
	Conversations int
}

// PlanFact is one plan item.
type PlanFact struct {
	Category  string
	Status    string
	CreatedAt time.Time
}

// ScoreFact is one domain score of a case.
type ScoreFact struct {
	CaseID int64
	Domain string
	Score  int
}
