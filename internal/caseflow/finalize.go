package caseflow

import (
	"strings"

	"github.com/hoi-app/hoi/internal/errs"
)

// This file is what finalising asks of a conversation's content. A draft may
// hold anything being typed — an agreement without "who", a person without a
// name — because autosave must never drop a word. Finalising is where the
// record becomes fixed, so it is where completeness is checked: rows with
// nothing in them are removed, half-filled rows are refused by name, and a
// conversation with no content at all is refused.

// PlanKey identifies what a plan item already offers the resident, so that
// finalising never adds the same option twice: the catalogue option, or the
// free-text title (compared trimmed and case-insensitively).
type PlanKey struct {
	OptionID *int64
	Title    string
}

func (k PlanKey) String() string {
	if k.OptionID != nil {
		return "option:" + itoa64(*k.OptionID)
	}
	return "text:" + strings.ToLower(strings.TrimSpace(k.Title))
}

// PlanFromOption is a plan item that finalising makes from a chosen option.
// NewGoals are goals of the same conversation (indexes into its goals), which
// get their ids only when finalising creates them.
type PlanFromOption struct {
	PlanCreate
	NewGoals []int
}

// ErrEmptyConversation is the refusal to finalise a conversation with
// nothing in it: it would count as the resident's first conversation.
var ErrEmptyConversation = &errs.Error{Kind: errs.ErrUnprocessable,
	Detail: "this conversation has no content yet: write the story, score a life domain or add a row before finalising it (or discard the draft)",
	Fields: []errs.FieldError{errs.Field("sections", "empty", "nothing recorded yet: story, life domains, network, strengths, goals, needs, options, agreements and next follow-up are all empty")}}

// Ready checks sections for finalising. It returns them with the rows that
// hold nothing removed (links between goals, options and agreements kept
// right), or a 422 listing every half-filled row, or ErrEmptyConversation.
func Ready(s Sections) (Sections, error) {
	s.Normalize()
	s = compact(s)
	if fields := incomplete(s); len(fields) > 0 {
		return s, &errs.Error{Kind: errs.ErrUnprocessable, Fields: fields,
			Detail: "this conversation has " + itoa(len(fields)) + " incomplete row(s); complete or remove them before finalising"}
	}
	if empty(s) {
		return s, ErrEmptyConversation
	}
	return s, nil
}

func blank(v string) bool { return strings.TrimSpace(v) == "" }

// incomplete lists the rows that have some content but miss a part a
// finalised record needs.
func incomplete(s Sections) []errs.FieldError {
	var out []errs.FieldError
	for i, n := range s.Network {
		if blank(n.Who) {
			out = append(out, errs.Field("network["+itoa(i)+"].who", "required", "who this person is is missing"))
		}
	}
	for _, g := range []struct {
		name    string
		entries []Entry
	}{{"strengths", s.Strengths}, {"sensitivities", s.Sensitivities}, {"goals", s.Goals}, {"needs", s.Needs}} {
		for i, e := range g.entries {
			if blank(e.Text) {
				out = append(out, errs.Field(g.name+"["+itoa(i)+"].text", "required", "the text is missing"))
			}
		}
	}
	for i, o := range s.Options {
		if o.Chosen && o.ArrangedBy == "" {
			out = append(out, errs.Field("options["+itoa(i)+"].arranged_by", "required", "who arranges this chosen option is missing"))
		}
	}
	for i, a := range s.Agreements {
		if blank(a.Who) {
			out = append(out, errs.Field("agreements["+itoa(i)+"].who", "required", "who does it is missing"))
		}
		if blank(a.What) {
			out = append(out, errs.Field("agreements["+itoa(i)+"].what", "required", "what is agreed is missing"))
		}
	}
	return out
}

// empty reports whether nothing at all has been recorded.
func empty(s Sections) bool {
	if !blank(s.Story) || s.NextFollowUpOn != nil || len(s.Priorities) > 0 {
		return false
	}
	for _, d := range s.Domains {
		if !blank(d.Text) || d.Score != nil {
			return false
		}
	}
	return len(s.Network)+len(s.Strengths)+len(s.Sensitivities)+len(s.Goals)+len(s.GoalUpdates)+len(s.Needs)+len(s.Options)+len(s.Agreements) == 0
}

// compact removes rows that hold nothing (an added row never typed in):
// dropping them loses no word. Options that named a removed goal, and
// agreements that named an option, keep pointing at the same rows.
func compact(s Sections) Sections {
	keepEntries := func(in []Entry) []Entry {
		out := make([]Entry, 0, len(in))
		for _, e := range in {
			if !blank(e.Text) || e.Domain != nil {
				out = append(out, e)
			}
		}
		return out
	}
	net := make([]NetworkEntry, 0, len(s.Network))
	for _, n := range s.Network {
		if !blank(n.Who) || !blank(n.Meaning) {
			net = append(net, n)
		}
	}
	s.Network = net
	s.Strengths, s.Sensitivities, s.Needs = keepEntries(s.Strengths), keepEntries(s.Sensitivities), keepEntries(s.Needs)

	goalAt := map[int]int{} // old index → new index
	goals := make([]Entry, 0, len(s.Goals))
	for i, g := range s.Goals {
		if !blank(g.Text) || g.Domain != nil {
			goalAt[i] = len(goals)
			goals = append(goals, g)
		}
	}
	s.Goals = goals
	opts := make([]ConsideredOption, len(s.Options))
	for i, o := range s.Options {
		linked := make([]int, 0, len(o.Goals))
		for _, g := range o.Goals {
			if n, ok := goalAt[g]; ok {
				linked = append(linked, n)
			}
		}
		o.Goals = linked
		opts[i] = o
	}
	s.Options = opts
	agr := make([]Agreement, 0, len(s.Agreements))
	for _, a := range s.Agreements {
		if !blank(a.Who) || !blank(a.What) || a.DueOn != nil {
			agr = append(agr, a)
		}
	}
	s.Agreements = agr
	return s
}

// planFromOptions turns the chosen options of s into plan items, leaving
// out every option the plan already has and any option chosen twice.
func planFromOptions(s Sections, have []PlanKey) []PlanFromOption {
	seen := map[string]bool{}
	for _, k := range have {
		seen[k.String()] = true
	}
	var out []PlanFromOption
	for _, o := range s.Options {
		if !o.Chosen {
			continue
		}
		k := PlanKey{OptionID: o.OptionID, Title: o.Text}.String()
		if seen[k] {
			continue
		}
		seen[k] = true
		cat, title := o.Category, strings.TrimSpace(o.Text)
		if cat == "" {
			cat = "other"
		}
		if o.OptionID != nil {
			title = "" // the store copies the catalogue's name and category
		}
		out = append(out, PlanFromOption{
			PlanCreate: PlanCreate{OptionID: o.OptionID, Title: title, Category: cat, ArrangedBy: o.ArrangedBy,
				Status: PlanChosen, GoalIDs: o.GoalIDs},
			NewGoals: o.Goals,
		})
	}
	return out
}

func itoa64(i int64) string {
	if i < 0 {
		return "-" + itoa64(-i)
	}
	return itoa(int(i))
}
