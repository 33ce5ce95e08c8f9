package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/user"
)

// unlogged is for seeding: no user touched these records.
func unlogged(int64) []audit.Entry { return nil }

// catalogueFor adds the demo social map to a region, skipping what exists.
func catalogueFor(ctx context.Context, db *store.DB, regionID int64) (map[string]catalogue.Option, error) {
	out := map[string]catalogue.Option{}
	now := db.Now()
	for i, o := range demoCatalogue {
		in := catalogue.Create{Name: o.Name, Category: catalogue.Category(o.Category), Provider: o.Provider, Contact: o.Contact, Cost: catalogue.Cost(o.Cost), Description: o.Description, Specialist: o.Specialist}
		d := demoDetails(i, o, now)
		in.Location, in.Schedule, in.Eligibility, in.Capacity, in.LastVerifiedOn = d.Location, d.Schedule, d.Eligibility, d.Capacity, d.LastVerifiedOn
		in.Normalize()
		opt, err := db.EnsureOption(ctx, regionID, in)
		if err != nil {
			return nil, fmt.Errorf("seed: option %q: %w", o.Name, err)
		}
		out[o.Name] = opt
	}
	return out, nil
}

// demoPeople are the accounts that act in the demo cases.
type demoPeople struct {
	gp, poh     map[string]int64 // by practice name
	peer, coach int64
	practices   map[string]int64
	regionID    int64
}

// cases seeds the demo trajectories once: a practice that has cases already
// is left alone, so re-running seed-demo never duplicates or overwrites work.
func cases(ctx context.Context, db *store.DB, people demoPeople, options map[string]catalogue.Option) error {
	now := db.Now()
	done := map[string]bool{}
	for name, pid := range people.practices {
		pid := pid
		_, total, err := db.Cases(ctx, caseflow.Scope{RegionID: people.regionID, PracticeID: &pid}, caseflow.Filter{Limit: 1})
		if err != nil {
			return err
		}
		done[name] = total > 0
	}
	seq := 0 // which loop scenario the next plan item gets
	for _, dc := range demoCases {
		if done[dc.Practice] {
			continue
		}
		if err := demoCaseOf(ctx, db, people, options, dc, now, &seq); err != nil {
			return fmt.Errorf("seed: case %s: %w", dc.Label, err)
		}
	}
	return nil
}

func demoCaseOf(ctx context.Context, db *store.DB, people demoPeople, options map[string]catalogue.Option, dc demoCase, now time.Time, seq *int) error {
	signalled := now.AddDate(0, 0, -dc.SignalledDaysAgo)
	pc4 := dc.PC4
	in := caseflow.Create{Label: dc.Label, BirthYear: dc.BirthYear, PC4: &pc4, Question: dc.Question, ReferralIntention: caseflow.Intention(dc.Intention), SignalledAt: &signalled}
	gp, poh := people.gp[dc.Practice], people.poh[dc.Practice]
	practice := people.practices[dc.Practice]
	id, err := db.CreateCase(ctx, store.NewCase{Create: in, RegionID: people.regionID, PracticeID: practice, SignalledBy: gp}, unlogged)
	if err != nil || dc.Stage == "signalled" {
		return err
	}
	// The seed acts as the practice's POH: its writes pass the same gate.
	ref, err := db.CaseGate(ctx, caseflow.Scope{RegionID: people.regionID, PracticeID: &practice}, poh, id)
	if err != nil {
		return err
	}
	consentAt := signalled.Add(48 * time.Hour)
	if err := db.RecordConsent(ctx, ref, poh, caseflow.ConsentInput{Status: caseflow.ConsentGiven, At: &consentAt}, unlogged); err != nil {
		return err
	}
	if err := db.SetTeam(ctx, ref, -1, poh, []int64{people.peer, people.coach}, "", unlogged); err != nil {
		return err
	}
	if dc.Stage == "consented" {
		return demoSelfCheck(ctx, db, ref, dc, nil)
	}
	first := signalled.AddDate(0, 0, 5)
	if first.After(now) {
		first = now
	}
	second := first.AddDate(0, 0, 28)
	if second.After(now) {
		second = now
	}
	// The resident's own self-check, sent two days before the first talk.
	sent := first.AddDate(0, 0, -2)
	if sent.Before(signalled) {
		sent = signalled.Add(time.Hour)
	}
	if err := demoSelfCheck(ctx, db, ref, dc, &sent); err != nil {
		return err
	}
	if err := demoTalks(ctx, db, people, ref, dc, caseflow.KindExploratory, signalled, first); err != nil {
		return err
	}
	sections := exploratorySections(dc, options, first)
	if dc.Stage == "withdrawn" || dc.Stage == "closed" && len(dc.FollowUpScores) == 0 {
		sections.NextFollowUpOn = nil
	}
	_, err = conversation(ctx, db, ref, poh, people, caseflow.KindExploratory, first, sections)
	if err != nil {
		return err
	}
	// Finalising made the chosen options plan items; the seed starts them
	// as the team would have.
	plan, err := db.Plan(ctx, ref)
	if err != nil {
		return err
	}
	cs, err := db.Case(ctx, ref)
	if err != nil {
		return err
	}
	for _, it := range plan {
		scenario := *seq % len(loopScenarios)
		*seq++
		if steps := loopScenarios[scenario]; len(steps) > 0 && it.Status == caseflow.PlanChosen {
			if err := demoLoop(ctx, db, ref, people.coach, it, steps, first, now); err != nil {
				return err
			}
			continue
		}
		start := first.AddDate(0, 0, 7).Format("2006-01-02")
		u := caseflow.PlanUpdate{StartOn: &start}
		if dc.Stage == "follow_up" || dc.Stage == "closed" {
			st := caseflow.PlanStarted
			u.Status = &st
		}
		if _, err := db.UpdatePlanItem(ctx, ref, it.ID, it.Version, u, unlogged); err != nil {
			return err
		}
	}
	if err := demoFeedback(ctx, db, ref, dc, plan); err != nil {
		return err
	}
	if dc.Note != "" {
		if _, err := db.AddNote(ctx, ref, people.peer, string(user.RolePeer), caseflow.NoteInput{Text: dc.Note}, unlogged); err != nil {
			return err
		}
	}
	if err := demoTalks(ctx, db, people, ref, dc, caseflow.KindFollowUp, first, second); err != nil {
		return err
	}
	if len(dc.FollowUpScores) > 0 && dc.Stage != "withdrawn" {
		fu := caseflow.Sections{Domains: map[caseflow.Domain]caseflow.DomainEntry{}}
		for d, e := range dc.Domains {
			score := e.Score
			if s, ok := dc.FollowUpScores[d]; ok {
				score = s
			}
			fu.Domains[caseflow.Domain(d)] = caseflow.DomainEntry{Text: "", Score: &score}
		}
		fu.Story = "Vervolggesprek: we kijken samen wat de gekozen stappen tot nu toe brengen."
		for _, g := range cs.Goals[:min(1, len(cs.Goals))] {
			fu.GoalUpdates = append(fu.GoalUpdates, caseflow.GoalUpdate{GoalID: g.ID, Status: caseflow.GoalWorkingOn})
		}
		if dc.Stage == "follow_up" {
			next := now.AddDate(0, 0, 3).Format("2006-01-02")
			fu.NextFollowUpOn = &next
		}
		if _, err := conversation(ctx, db, ref, poh, people, caseflow.KindFollowUp, second, fu); err != nil {
			return err
		}
	}
	switch dc.Stage {
	case "closed", "withdrawn":
		return db.CloseCase(ctx, ref, poh, caseflow.CloseInput{Outcome: caseflow.Outcome(dc.Outcome), Reason: dc.OutcomeReason}, unlogged)
	}
	return nil
}

// loopScenarios are the requests of the demo plan items to their providers,
// one per plan item in turn, so that every loop state occurs: each step
// with its day after the first conversation. The last plan item of each
// turn is never requested.
var loopScenarios = [][]loopStep{
	{{caseflow.LoopRequested, "", 1}},
	{{caseflow.LoopRequested, "", 1}, {caseflow.LoopDeclined, caseflow.DeclineNoPlaces, 4}},
	{{caseflow.LoopRequested, "", 1}, {caseflow.LoopAccepted, "", 3}},
	{{caseflow.LoopRequested, "", 1}, {caseflow.LoopAccepted, "", 2}, {caseflow.LoopStarted, "", 7}},
	{{caseflow.LoopRequested, "", 1}, {caseflow.LoopAccepted, "", 5}, {caseflow.LoopStarted, "", 8}, {caseflow.LoopCompleted, "", 40}},
	{{caseflow.LoopRequested, "", 2}, {caseflow.LoopAccepted, "", 6}, {caseflow.LoopStarted, "", 9}, {caseflow.LoopStopped, "", 20}},
	nil,
}

type loopStep struct {
	status caseflow.LoopStatus
	reason caseflow.DeclineReason
	day    int // days after the first conversation (today at the latest)
}

// demoLoop records the steps of one demo plan item's request as the coach.
func demoLoop(ctx context.Context, db *store.DB, ref store.CaseRef, coach int64, it caseflow.PlanItem, steps []loopStep, first, now time.Time) error {
	version := it.Version
	for _, st := range steps {
		on := first.AddDate(0, 0, st.day)
		if on.After(now) {
			on = now
		}
		day := on.UTC().Format(time.DateOnly)
		out, err := db.RecordLoopStep(ctx, ref, it.ID, version, coach, string(user.RoleCoach), caseflow.LoopStepInput{Status: st.status, Reason: st.reason, On: &day}, unlogged)
		if err != nil {
			return fmt.Errorf("loop step %s: %w", st.status, err)
		}
		version = out.Version
	}
	return nil
}

func arranger(i int) caseflow.ParticipantRole {
	return []caseflow.ParticipantRole{caseflow.ParticipantPOH, caseflow.ParticipantPeer, caseflow.ParticipantCoach, caseflow.ParticipantResident}[i%4]
}

func conversation(ctx context.Context, db *store.DB, ref store.CaseRef, poh int64, people demoPeople, kind caseflow.Kind, on time.Time, s caseflow.Sections) (int64, error) {
	peer, coach := people.peer, people.coach
	parts := []caseflow.Participant{{Role: "resident"}, {UserID: &poh, Role: "poh"}, {UserID: &peer, Role: "peer"}, {UserID: &coach, Role: "coach"}}
	id, err := db.CreateConversation(ctx, ref, poh, caseflow.ConversationCreate{HeldOn: on.Format("2006-01-02"), Kind: kind, Location: "home", Participants: parts, Sections: &s}, unlogged)
	if err != nil {
		return 0, err
	}
	return id, db.FinalizeConversation(ctx, ref, id, -1, poh, unlogged)
}

func exploratorySections(dc demoCase, options map[string]catalogue.Option, on time.Time) caseflow.Sections {
	s := caseflow.Sections{Story: dc.Story, Domains: map[caseflow.Domain]caseflow.DomainEntry{}}
	for d, e := range dc.Domains {
		score := e.Score
		s.Domains[caseflow.Domain(d)] = caseflow.DomainEntry{Text: e.Text, Score: &score}
	}
	for _, n := range dc.Network {
		who, meaning, _ := strings.Cut(n, " – ")
		s.Network = append(s.Network, caseflow.NetworkEntry{Who: strings.TrimSpace(who), Meaning: strings.TrimSpace(meaning)})
	}
	for _, t := range dc.Strengths {
		s.Strengths = append(s.Strengths, caseflow.Entry{Text: t})
	}
	for _, t := range dc.Sensitivities {
		s.Sensitivities = append(s.Sensitivities, caseflow.Entry{Text: t})
	}
	for _, t := range dc.Goals {
		s.Goals = append(s.Goals, caseflow.Entry{Text: t})
	}
	for _, t := range dc.Needs {
		s.Needs = append(s.Needs, caseflow.Entry{Text: t})
	}
	for i, name := range dc.Options {
		if o, ok := options[name]; ok {
			id := o.ID
			var goals []int
			if i < len(dc.Goals) {
				goals = []int{i}
			}
			s.Options = append(s.Options, caseflow.ConsideredOption{OptionID: &id, Text: o.Name, Category: o.Category, Chosen: true, ArrangedBy: arranger(i), Goals: goals})
		}
	}
	for _, a := range dc.Agreements {
		// Lines read "who does what – when"; the first word names who.
		who := "Samen"
		if first, _, ok := strings.Cut(a, " "); ok && (first == "POH" || first == "Buurtcoach" || first == "Ervaringsdeskundige" || first == dc.Label) {
			who = first
		}
		s.Agreements = append(s.Agreements, caseflow.Agreement{Who: who, What: strings.TrimSpace(a)})
	}
	next := on.AddDate(0, 0, 28).Format("2006-01-02")
	s.NextFollowUpOn = &next
	return s
}
