package caseflow

import (
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/enum"
	"github.com/hoi-app/hoi/internal/errs"
)

// LoopStatus is where the request of a chosen plan item to its provider
// stands: the closed referral loop (HL7 Gravity's requested → accepted /
// rejected → in progress → completed). A plan item that was never requested
// has no loop.
type LoopStatus string

// The loop statuses, in the order of the steps.
const (
	LoopRequested LoopStatus = "requested"
	LoopAccepted  LoopStatus = "accepted"
	LoopDeclined  LoopStatus = "declined"
	LoopStarted   LoopStatus = "started"
	LoopCompleted LoopStatus = "completed"
	LoopStopped   LoopStatus = "stopped"
)

// LoopStatuses lists every loop status, in the order of the steps.
var LoopStatuses = enum.Of[LoopStatus]{LoopRequested, LoopAccepted, LoopDeclined, LoopStarted, LoopCompleted, LoopStopped}

// Valid reports whether s is one of LoopStatuses.
func (s LoopStatus) Valid() bool { return LoopStatuses.Has(s) }

// Values lists LoopStatuses.
func (LoopStatus) Values() []string { return LoopStatuses.Strings() }

// Answered reports whether the provider has answered a request in status s.
func (s LoopStatus) Answered() bool { return s != "" && s != LoopRequested }

// DeclineReason is why a provider did not take the resident on.
type DeclineReason string

// The decline reasons.
const (
	DeclineNoPlaces    DeclineReason = "no_places"
	DeclineNotEligible DeclineReason = "not_eligible"
	DeclineDidNotCome  DeclineReason = "did_not_come"
	DeclineOther       DeclineReason = "other"
)

// DeclineReasons lists every decline reason.
var DeclineReasons = enum.Of[DeclineReason]{DeclineNoPlaces, DeclineNotEligible, DeclineDidNotCome, DeclineOther}

// Valid reports whether r is one of DeclineReasons.
func (r DeclineReason) Valid() bool { return DeclineReasons.Has(r) }

// Values lists DeclineReasons.
func (DeclineReason) Values() []string { return DeclineReasons.Strings() }

// loopSteps is the one transition table of the loop. "" is a plan item not
// yet requested. A decline ends the loop: the team chooses again (a new plan
// item, or the same option later), so the figures count each request once.
var loopSteps = map[LoopStatus][]LoopStatus{
	"":            {LoopRequested},
	LoopRequested: {LoopAccepted, LoopDeclined},
	LoopAccepted:  {LoopStarted},
	LoopStarted:   {LoopCompleted, LoopStopped},
}

// loopPlan is the plan status a loop step moves its plan item to, where it
// moves it: the plan item and its loop never disagree about a start or end.
var loopPlan = map[LoopStatus]PlanStatus{LoopStarted: PlanStarted, LoopCompleted: PlanCompleted, LoopStopped: PlanStopped}

// NextLoopSteps lists the steps allowed after from.
func NextLoopSteps(from LoopStatus) []LoopStatus { return append([]LoopStatus{}, loopSteps[from]...) }

// CheckLoopStep refuses a step the table does not allow with a conflict that
// names the field and lists the allowed next steps. Only a chosen plan item
// can be requested.
func CheckLoopStep(plan PlanStatus, from, to LoopStatus) error {
	if from == "" && plan != PlanChosen {
		return &errs.Error{Kind: errs.ErrConflict, Type: "loop-step",
			Detail: "only a chosen plan item can be requested from its provider; this one is " + string(plan),
			Fields: []errs.FieldError{errs.Field("status", "plan_not_chosen", "choose the plan item before requesting it")},
			Extra:  map[string]any{"allowed": []string{}}}
	}
	allowed := []string{}
	for _, s := range loopSteps[from] {
		if s == to {
			return nil
		}
		allowed = append(allowed, string(s))
	}
	name := string(from)
	if name == "" {
		name = "not requested"
	}
	return &errs.Error{Kind: errs.ErrConflict, Type: "loop-step",
		Detail: "the request cannot go from " + name + " to " + string(to) + "; allowed next: " + strings.Join(allowed, ", "),
		Fields: []errs.FieldError{errs.Field("status", "transition", "is not an allowed next step")},
		Extra:  map[string]any{"allowed": allowed}}
}

// LoopStepInput records one step of the loop on a plan item: the request,
// the provider's answer (with a reason when declined), the start or the end.
type LoopStepInput struct {
	Status     LoopStatus    `json:"status" validate:"required,enum"`
	Reason     DeclineReason `json:"reason" validate:"omitempty,enum"`
	ReasonText string        `json:"reason_text" validate:"max=500"`
	// On is the day it happened; today when left out.
	On *string `json:"on" validate:"omitempty,datetime=2006-01-02"`
}

// Validate requires a reason exactly when declined, a text only with the
// reason other, and a day not in the future; it fills On.
func (in *LoopStepInput) Validate(now time.Time) error {
	in.ReasonText = strings.TrimSpace(in.ReasonText)
	var fields []errs.FieldError
	switch {
	case in.Status == LoopDeclined && in.Reason == "":
		fields = append(fields, errs.Field("reason", "required", "is required when the provider declined"))
	case in.Status != LoopDeclined && in.Reason != "":
		fields = append(fields, errs.Field("reason", "excluded", "is only given when the provider declined"))
	}
	if in.ReasonText != "" && in.Reason != DeclineOther {
		fields = append(fields, errs.Field("reason_text", "excluded", "is only given with the reason other"))
	}
	today := now.UTC().Format(time.DateOnly)
	if in.On == nil || *in.On == "" {
		in.On = &today
	} else if *in.On > today {
		fields = append(fields, errs.Field("on", "future", "cannot be in the future"))
	}
	if len(fields) > 0 {
		return errs.Invalid(fields...)
	}
	return nil
}

// LoopStep is one recorded step: what, on which day, by whom and when.
type LoopStep struct {
	Status     LoopStatus     `json:"status"`
	Reason     *DeclineReason `json:"reason"`
	ReasonText string         `json:"reason_text"`
	On         string         `json:"on"`
	By         Person         `json:"by"`
	At         time.Time      `json:"at"`
}

// Loop is the request of a plan item to its provider: where it stands, the
// dates the figures and the worklist need, and every step.
type Loop struct {
	Status      LoopStatus     `json:"status"`
	Reason      *DeclineReason `json:"reason"`
	RequestedOn string         `json:"requested_on"`
	AnsweredOn  *string        `json:"answered_on"`
	Next        []LoopStatus   `json:"next"`
	Steps       []LoopStep     `json:"steps"`
}

// ApplyLoopStep checks step in against the plan item's loop and plan status
// and returns the loop after it and the plan status it moves to. The day of
// a step may not come before the day of the step before it.
func ApplyLoopStep(plan PlanStatus, cur *Loop, in LoopStepInput) (Loop, PlanStatus, error) {
	var from LoopStatus
	var next Loop
	if cur != nil {
		from, next = cur.Status, *cur
	}
	if err := CheckLoopStep(plan, from, in.Status); err != nil {
		return Loop{}, plan, err
	}
	if cur != nil && len(cur.Steps) > 0 && *in.On < cur.Steps[len(cur.Steps)-1].On {
		return Loop{}, plan, errs.Invalid(errs.Field("on", "before_previous", "cannot be before the previous step ("+cur.Steps[len(cur.Steps)-1].On+")"))
	}
	to := plan
	if p, ok := loopPlan[in.Status]; ok {
		if err := CheckPlanStep(plan, p); err != nil {
			return Loop{}, plan, err
		}
		to = p
	}
	next.Status, next.Reason = in.Status, nil
	if in.Reason != "" {
		r := in.Reason
		next.Reason = &r
	}
	switch {
	case in.Status == LoopRequested:
		next.RequestedOn = *in.On
	case from == LoopRequested:
		on := *in.On
		next.AnsweredOn = &on
	}
	next.Next = NextLoopSteps(in.Status)
	return next, to, nil
}

// CategoryLoop is the loop state of one chosen plan item as the GP's summary
// shows it: its category, where the request stands and why it was declined;
// no title or text.
type CategoryLoop struct {
	Category string         `json:"category"`
	Status   LoopStatus     `json:"status"`
	Reason   *DeclineReason `json:"reason"`
}

// DefaultAnswerDays is how many days a request may wait for the provider's
// answer before it shows on the worklist, unless the region sets another.
const DefaultAnswerDays = 14

// AnswerOverdue reports whether a request made on requestedOn and still
// unanswered is overdue at now: after more than days whole days (so with 14,
// on day 15).
func AnswerOverdue(requestedOn string, now time.Time, days int) bool {
	on, err := time.Parse(time.DateOnly, requestedOn)
	return err == nil && DaysBetween(on, now) > days
}
