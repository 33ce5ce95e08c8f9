package caseflow

import (
	"github.com/hoi-app/hoi/internal/errs"
)

// This file is the case lifecycle: every status change of a case, whether a
// POH asks for it or it follows from a conversation, is decided by Step, and
// every write to a case's data asks Writable first. The store applies what
// these functions decide; it decides nothing about statuses itself.

// Cause is why a case's status is to change.
type Cause string

// The causes of a status change.
const (
	// CauseEdit is the POH setting the status (PATCH /cases/{id}).
	CauseEdit Cause = "edit"
	// CauseClose is closing with an outcome, or withdrawing.
	CauseClose Cause = "close"
	// CauseConversationStarted is the first conversation of a signal.
	CauseConversationStarted Cause = "conversation_started"
	// CauseConversationFinalized is a conversation made final; with a next
	// follow-up date the case goes into follow-up.
	CauseConversationFinalized Cause = "conversation_finalized"
)

// Step is the one transition function. For an explicit change (edit, close)
// to is the status asked for and must be one step of the machine from from.
// For an automatic change to is where the event would take the case; Step
// walks the machine towards it through valid steps only, and leaves a case
// that is already there, or past it, where it is. The result is the status
// the case ends up with.
func Step(from Status, cause Cause, to Status) (Status, error) {
	if from.Ended() {
		return from, EndedError(from)
	}
	switch cause {
	case CauseEdit:
		if to == from {
			return from, nil
		}
		if to.Ended() {
			return from, &errs.Error{Kind: errs.ErrConflict, Detail: "close or withdraw a case with POST /cases/{id}/close and an outcome", Extra: map[string]any{"allowed": statusStrings(editable(from))}}
		}
		if err := CheckTransition(from, to); err != nil {
			return from, err
		}
		return to, nil
	case CauseClose:
		if !to.Ended() {
			return from, errs.New(errs.ErrConflict, "closing ends a case: it goes to closed or withdrawn, not %s", to)
		}
		if err := CheckTransition(from, to); err != nil {
			return from, err
		}
		return to, nil
	case CauseConversationStarted, CauseConversationFinalized:
		return towards(from, to), nil
	}
	return from, errs.New(errs.ErrConflict, "unknown reason for a status change: %s", cause)
}

// towards follows the machine's forward path (signalled → exploring →
// follow_up) from from to to, one valid step at a time, and never moves a
// case back: a follow-up case that has another conversation stays in
// follow-up.
func towards(from, to Status) Status {
	order := map[Status]int{StatusSignalled: 0, StatusExploring: 1, StatusFollowUp: 2}
	cur := from
	for order[cur] < order[to] {
		next := forward[cur]
		if CheckTransition(cur, next) != nil {
			break
		}
		cur = next
	}
	return cur
}

// forward is the next status on the way into follow-up.
var forward = map[Status]Status{StatusSignalled: StatusExploring, StatusExploring: StatusFollowUp}

// editable lists the statuses a POH may set by editing the case.
func editable(from Status) []Status {
	var out []Status
	for _, s := range from.Allowed() {
		if !s.Ended() {
			out = append(out, s)
		}
	}
	return out
}

func statusStrings(ss []Status) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, string(s))
	}
	return out
}

// Writable is the one check in front of every write to a case's data: its
// fields, consent, team, conversations (drafts and addenda included), notes
// and plan. An ended case (closed, withdrawn) or an erased one refuses them
// all with a conflict naming the status. Erasure itself is no write of case
// data: it removes it, and is allowed on ended cases.
func Writable(st Status, erased bool) error {
	if erased {
		return errs.New(errs.ErrGone, "this case has been erased")
	}
	if st.Ended() {
		return EndedError(st)
	}
	return nil
}

// EndedError is the conflict for a write to an ended case.
func EndedError(st Status) error {
	return &errs.Error{Kind: errs.ErrConflict, Detail: "this case is " + string(st) + "; its record can be read but not changed", Extra: map[string]any{"status": string(st)}}
}

// CaseState is what the lifecycle needs to know of a case when one of its
// conversations is finalised.
type CaseState struct {
	Status              Status
	FirstConversationOn *string
	// Plan is what the case's plan already holds, so that no option is
	// added twice.
	Plan []PlanKey
}

// CaseChange is what finalising a conversation does to its case.
type CaseChange struct {
	Status Status
	// FirstConversationOn is set when this conversation becomes the case's
	// first (it is the earliest held so far); PreviousFirst is the date it
	// replaces, if any, so that the figures can move it.
	FirstConversationOn *string
	PreviousFirst       *string
	// NextFollowUpOn is set when the conversation planned a follow-up.
	NextFollowUpOn *string
	// Sections are the conversation's sections as they are fixed: rows
	// that held nothing removed (see Ready).
	Sections Sections
	// Plan are the plan items made from the options chosen in it.
	Plan []PlanFromOption
}

// Finalize is what finalising conversation heldOn with sections s does to a
// case in state c: a pure function that the store applies in the finalising
// transaction. An empty conversation, or one with half-filled rows, is
// refused (Ready); chosen options become plan items unless the plan has them.
func Finalize(c CaseState, heldOn string, s Sections) (CaseChange, error) {
	if err := Writable(c.Status, false); err != nil {
		return CaseChange{}, err
	}
	s, err := Ready(s)
	if err != nil {
		return CaseChange{}, err
	}
	ch := CaseChange{Status: c.Status, Sections: s, Plan: planFromOptions(s, c.Plan)}
	if c.FirstConversationOn == nil || heldOn < *c.FirstConversationOn {
		on := heldOn
		ch.FirstConversationOn, ch.PreviousFirst = &on, c.FirstConversationOn
	}
	to := StatusExploring
	if s.NextFollowUpOn != nil {
		on := *s.NextFollowUpOn
		ch.NextFollowUpOn = &on
		to = StatusFollowUp
	}
	st, err := Step(c.Status, CauseConversationFinalized, to)
	if err != nil {
		return CaseChange{}, err
	}
	ch.Status = st
	return ch, nil
}

// ConversationStarted is the status of a case in status st once a
// conversation has been started on it.
func ConversationStarted(st Status) (Status, error) {
	if err := Writable(st, false); err != nil {
		return st, err
	}
	return Step(st, CauseConversationStarted, StatusExploring)
}
