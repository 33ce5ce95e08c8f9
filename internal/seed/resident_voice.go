package seed

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/resident"
	"github.com/hoi-app/hoi/internal/store"
)

// demoVoice is the resident's own voice (issue 16) in the demo: which demo
// residents sent a self-check before their first talk, and how their plan
// items go in their own eyes ("does it help?", one rating per plan item in
// plan order). It fills the dashboard's "self-check before the first
// conversation" and "did it help per category".
var demoVoice = map[string]struct {
	selfCheck bool
	feedback  []resident.Rating
}{
	"Gerda":  {selfCheck: true}, // consented, sent it, the talk is still to come
	"Henk":   {selfCheck: true},
	"Samira": {selfCheck: true, feedback: []resident.Rating{resident.RatingHelpsBit}},
	"R.K.":   {selfCheck: true},
	"Dennis": {selfCheck: true, feedback: []resident.Rating{resident.RatingHelps, resident.RatingHelpsBit, resident.RatingHelps}},
	"Wim":    {selfCheck: true, feedback: []resident.Rating{resident.RatingHelpsBit, resident.RatingNoHelp, resident.RatingHelps}},
	"Anouk":  {selfCheck: true, feedback: []resident.Rating{resident.RatingHelps, resident.RatingHelps, resident.RatingStopped}},
}

// demoSelfCheck sends the self-check of dc at the given time (nil: now),
// made from the demo case's own words: a score per domain a step lower than
// the talk's where the talk gave 3 or more (residents tend to score
// themselves lower), the three lowest as "hier wil ik over praten".
func demoSelfCheck(ctx context.Context, db *store.DB, ref store.CaseRef, dc demoCase, at *time.Time) error {
	if !demoVoice[dc.Label].selfCheck {
		return nil
	}
	in := resident.SelfCheckInput{Scores: map[caseflow.Domain]int{}, Story: dc.Question, At: at}
	domains := make([]string, 0, len(dc.Domains))
	for d, e := range dc.Domains {
		score := e.Score
		if score >= 3 && len(d)%2 == 0 {
			score--
		}
		in.Scores[caseflow.Domain(d)] = score
		domains = append(domains, d)
	}
	sort.Slice(domains, func(i, j int) bool {
		a, b := in.Scores[caseflow.Domain(domains[i])], in.Scores[caseflow.Domain(domains[j])]
		return a < b || a == b && domains[i] < domains[j]
	})
	for _, d := range domains[:min(3, len(domains))] {
		in.TalkAbout = append(in.TalkAbout, caseflow.Domain(d))
	}
	if len(dc.Needs) > 0 {
		in.Needs = dc.Needs[0]
	}
	var who []string
	for _, n := range dc.Network {
		w, _, _ := strings.Cut(n, " – ")
		who = append(who, strings.TrimSpace(w))
	}
	in.Network = strings.Join(who, ", ")
	in.Normalize()
	if err := in.Validate(db.Now()); err != nil {
		return err
	}
	_, err := db.SaveSelfCheck(ctx, ref, &in, true, unlogged)
	return err
}

// demoFeedback gives the resident's "does it help?" on the plan items of dc.
func demoFeedback(ctx context.Context, db *store.DB, ref store.CaseRef, dc demoCase, plan []caseflow.PlanItem) error {
	for i, r := range demoVoice[dc.Label].feedback {
		if i >= len(plan) {
			break
		}
		if _, err := db.AddPlanFeedback(ctx, ref, plan[i].ID, resident.FeedbackInput{Rating: r}, unlogged); err != nil {
			return err
		}
	}
	return nil
}
