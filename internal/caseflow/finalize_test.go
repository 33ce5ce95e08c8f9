package caseflow

import (
	"errors"
	"testing"

	"github.com/hoi-app/hoi/internal/errs"
)

func TestReadyRemovesEmptyRowsAndKeepsLinks(t *testing.T) {
	one := 1
	s := Sections{
		Goals:      []Entry{{Text: ""}, {Text: "Dagritme"}, {Text: "  "}, {Text: "Bewegen"}},
		Options:    []ConsideredOption{{Text: "Wandelen", Chosen: true, ArrangedBy: "coach", Goals: []int{3, 0, 1}}, {Text: "Koken"}},
		Agreements: []Agreement{{}, {Who: "POH", What: "belt", Option: &one}},
		Network:    []NetworkEntry{{}, {Who: "Zus"}},
	}
	got, err := Ready(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Goals) != 2 || got.Goals[0].Text != "Dagritme" {
		t.Errorf("goals: got %+v", got.Goals)
	}
	if g := got.Options[0].Goals; len(g) != 2 || g[0] != 1 || g[1] != 0 {
		t.Errorf("option goal links: got %v, want [1 0] (Bewegen, Dagritme)", g)
	}
	if len(got.Agreements) != 1 || len(got.Network) != 1 {
		t.Errorf("empty rows kept: %+v %+v", got.Agreements, got.Network)
	}
}

func TestReadyRefusesHalfRowsAndEmptiness(t *testing.T) {
	d := DomainBody
	_, err := Ready(Sections{Strengths: []Entry{{Text: "", Domain: &d}}})
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.ErrUnprocessable || len(e.Fields) != 1 || e.Fields[0].Field != "strengths[0].text" {
		t.Errorf("an entry with only a domain: got %v", err)
	}
	if _, err := Ready(Sections{Network: []NetworkEntry{{Who: " "}}}); !errors.Is(err, ErrEmptyConversation) {
		t.Errorf("a conversation of blank rows: got %v, want empty", err)
	}
	score := 3
	if _, err := Ready(Sections{Domains: map[Domain]DomainEntry{DomainBody: {Score: &score}}}); err != nil {
		t.Errorf("one score is content: got %v", err)
	}
}

func TestPlanFromOptionsNeverTwice(t *testing.T) {
	id := int64(7)
	s := Sections{Options: []ConsideredOption{
		{OptionID: &id, Text: "Wandelgroep", Chosen: true, ArrangedBy: "coach"},
		{Text: "Koken", Chosen: true, ArrangedBy: "resident"},
		{Text: "koken ", Chosen: true, ArrangedBy: "poh"},
		{Text: "Zwemmen", Chosen: false},
		{Text: "Fietsen", Chosen: true, ArrangedBy: "peer"},
	}}
	got := planFromOptions(s, []PlanKey{{Title: "Fietsen"}})
	if len(got) != 2 || got[0].OptionID == nil || got[0].Title != "" || got[1].Title != "Koken" || got[1].Category != "other" || got[1].Status != PlanChosen {
		t.Errorf("got %+v", got)
	}
}
