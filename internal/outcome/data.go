package outcome

import "time"

// Data are the raw numbers behind the figures, per calendar month (UTC,
// "2006-01"), as the store aggregates them in SQL: a handful of rows per
// month whatever the number of cases. Compute folds the months into the
// periods of the query; months or quarters are whole months, and the range's
// first and last days are applied by the store. Nothing here is narrative or
// identifying.
type Data struct {
	// Signals count the cases by the month they were signalled.
	Signals []MonthCount
	// FirstConversations count the cases by the month of their first
	// finalised conversation and the days they waited for it.
	FirstConversations []MonthDays
	// Closures count the ended cases by month, intention and outcome.
	Closures []MonthClosure
	// Avoided are the ended cases whose referral was avoided and that can be
	// followed (they have a resident key), with the close of the resident's
	// next specialist or addiction referral; "sustained" is decided from it.
	Avoided []AvoidedCase
	// Plan counts plan items by the month they were made, category and status.
	Plan []MonthPlan
	// GoalsReached count goals by the month they were marked reached.
	GoalsReached []MonthCount
	// SelfCheckFirst count the cases by the month of their first finalised
	// conversation, as FirstConversations do, but only those whose resident
	// submitted the self-check on or before that conversation's day.
	SelfCheckFirst []MonthCount
	// Feedback counts the plan items by the month they were made, category
	// and the rating of their latest feedback (items without feedback are
	// not in it).
	Feedback []MonthFeedback
	// Answers count the providers' answers to the requests of plan items
	// (the referral loop) by the month of the answer, category, whole days
	// from the request to the answer and the decline reason ("" when the
	// provider accepted).
	Answers []MonthAnswer
	// Scheduled count the cases by the month their first appointment was
	// created (the first one made, whatever became of it) and the whole days
	// from the signal to that creation.
	Scheduled []MonthDays
	// ScheduledToHeld count the cases by the month of their first finalised
	// conversation, as FirstConversations do, and the whole days from the
	// creation of their first appointment to that conversation; only cases
	// whose first appointment was made on or before that day.
	ScheduledToHeld []MonthDays
	// Kept count the appointments by the month they started that were held
	// or that the resident did not come to (no_show); NoShows those of them
	// that were a no-show. Cancelled and still planned ones are in neither.
	Kept, NoShows []MonthCount
}

// MonthCount is a number of things in one month.
type MonthCount struct {
	Month string
	N     int
}

// MonthDays is how many cases waited Days days for a first conversation held
// in Month.
type MonthDays struct {
	Month string
	Days  int
	N     int
}

// MonthClosure sums the cases that ended in Month with one intention and
// outcome.
type MonthClosure struct {
	Month     string
	Intention string
	Outcome   string
	N         int
	// Conversations is the sum of their finalised conversations.
	Conversations int
	// Change sums the first-to-last change per life domain (in the order of
	// caseflow.Domains) over the ChangeN cases with two scores or more.
	Change, ChangeN []int
}

// AvoidedCase is one avoided referral that can be followed.
type AvoidedCase struct {
	ClosedAt time.Time
	// NextReferral is when the resident's first later case with a specialist
	// or addiction referral closed after this one; nil when there is none.
	NextReferral *time.Time
}

// MonthPlan counts plan items of one category and status made in Month.
type MonthPlan struct {
	Month    string
	Category string
	Status   string
	N        int
}

// MonthFeedback counts the plan items of one category made in Month whose
// latest feedback from the resident is Rating.
type MonthFeedback struct {
	Month    string
	Category string
	Rating   string
	N        int
}

// MonthAnswer counts the requests of one category answered in Month after
// Days days, declined with Reason ("" when accepted).
type MonthAnswer struct {
	Month    string
	Category string
	Days     int
	Reason   string
	N        int
}
