package outcome

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/catalogue"
)

// SuppressBelow is the smallest count shown exactly in suppressed figures:
// 1–4 become "<5" so that no resident can be singled out. Zero stays zero.
const SuppressBelow = 5

// Hidden is how a suppressed count is written.
const Hidden = "<5"

// Count is a number of cases, goals or items; Hidden when suppressed.
type Count struct {
	N      int
	Hidden bool
}

// MarshalJSON writes the number, or the string "<5".
func (c Count) MarshalJSON() ([]byte, error) {
	if c.Hidden {
		return json.Marshal(Hidden)
	}
	return json.Marshal(c.N)
}

// String is the count as the CSV writes it.
func (c Count) String() string {
	if c.Hidden {
		return Hidden
	}
	return strconv.Itoa(c.N)
}

// Days is the distribution of days from signal to first conversation.
// Median and p90 are nearest-rank percentiles: the value at rank ⌈p·n⌉ of
// the sorted days, so always a day count that occurred (for an even n the
// median is the lower middle value).
type Days struct {
	Median *float64 `json:"median"`
	P90    *float64 `json:"p90"`
	N      Count    `json:"n"`
}

// Closed counts the cases that ended, by outcome.
type Closed struct {
	Supported     Count `json:"supported_without_referral"`
	BasicGGZ      Count `json:"referred_basic_ggz"`
	SpecialistGGZ Count `json:"referred_specialist_ggz"`
	AddictionCare Count `json:"referred_addiction_care"`
	Withdrawn     Count `json:"withdrawn"`
}

// Avoided is the headline figure with its denominator: the closed cases whose
// referral intention was specialist GGZ or addiction care. Withdrawn cases
// are not in the denominator: the resident left before anything was decided.
type Avoided struct {
	Count       Count    `json:"count"`
	Denominator Count    `json:"denominator"`
	Rate        *float64 `json:"rate"`
}

// Sustained follows the avoided referrals: whether the same resident (same
// practice and practice reference) got a specialist or addiction referral in
// a later case closed within 6 or 12 months after the avoided one closed.
// A case counts once its window has fully passed; a case without practice
// reference cannot be followed and never counts as sustained.
type Sustained struct {
	Of             Count `json:"of"`
	Within6Months  Count `json:"within_6_months"`
	Within12Months Count `json:"within_12_months"`
}

// PlanCategory counts the plan items of one option category as a funnel:
// chosen (chosen, started or completed), started (started or completed) and
// completed. Items only considered, and stopped items, are not counted.
type PlanCategory struct {
	Category  string `json:"category"`
	Chosen    Count  `json:"chosen"`
	Started   Count  `json:"started"`
	Completed Count  `json:"completed"`
}

// DomainChange is the mean change of one life domain from the first to the
// last score of each ended case with at least two scores for it.
type DomainChange struct {
	Domain     string   `json:"domain"`
	MeanChange *float64 `json:"mean_change"`
	Cases      Count    `json:"cases"`
}

// Figures are the numbers of one period or of the whole range.
type Figures struct {
	Signals              Count          `json:"signals"`
	ResidentsSeen        Count          `json:"residents_seen"`
	DaysToFirst          Days           `json:"days_to_first_conversation"`
	ClosedByOutcome      Closed         `json:"closed_by_outcome"`
	ReferralsAvoided     Avoided        `json:"referrals_avoided"`
	Sustained            Sustained      `json:"sustained"`
	ConversationsPerCase *float64       `json:"conversations_per_case"`
	PlanItems            []PlanCategory `json:"plan_items_by_category"`
	GoalsReached         Count          `json:"goals_reached"`
	DomainChange         []DomainChange `json:"domain_change"`
}

// tally are the raw numbers of one period before suppression.
type tally struct {
	signals, seen, goals              int
	days                              []int
	closed                            map[caseflow.Outcome]int
	ended, conversations              int
	avoided, denominator, sus6, sus12 int
	plan                              map[string]*[3]int
	domainSum, domainN                map[string]int
}

func newTally() *tally {
	return &tally{closed: map[caseflow.Outcome]int{}, plan: map[string]*[3]int{}, domainSum: map[string]int{}, domainN: map[string]int{}}
}

// Compute turns the facts into figures for every period of q and the total.
// now decides which "sustained" windows have passed.
func Compute(q Query, d Data, now time.Time) (total Figures, periods []Figures) {
	ps := q.Periods()
	all := Period{Start: q.From, End: q.To}
	tallies := make([]*tally, len(ps))
	for i := range tallies {
		tallies[i] = newTally()
	}
	tot := newTally()
	add := func(day time.Time, f func(*tally)) {
		if !all.Contains(day) {
			return
		}
		f(tot)
		for i, p := range ps {
			if p.Contains(day) {
				f(tallies[i])
				return
			}
		}
	}
	referrals := map[string][]CaseFact{}
	for _, r := range d.Referrals {
		if r.Resident != "" && r.ClosedAt != nil {
			k := residentKey(r)
			referrals[k] = append(referrals[k], r)
		}
	}
	ended := map[int64]time.Time{}
	for _, c := range d.Cases {
		add(Day(c.SignalledAt), func(t *tally) { t.signals++ })
		if c.FirstConversationOn != nil {
			days := int(Day(*c.FirstConversationOn).Sub(Day(c.SignalledAt)).Hours() / 24)
			add(*c.FirstConversationOn, func(t *tally) { t.seen++; t.days = append(t.days, days) })
		}
		if c.ClosedAt == nil || c.Outcome == "" {
			continue
		}
		ended[c.ID] = Day(*c.ClosedAt)
		c := c
		in, out := caseflow.Intention(c.Intention), caseflow.Outcome(c.Outcome)
		counted := (in == caseflow.IntentionSpecialistGGZ || in == caseflow.IntentionAddictionCare) && out != caseflow.OutcomeWithdrawn
		avoided := caseflow.ReferralAvoided(in, out)
		s6 := avoided && sustained(c, referrals, 6, now)
		s12 := avoided && sustained(c, referrals, 12, now)
		add(Day(*c.ClosedAt), func(t *tally) {
			t.closed[out]++
			t.ended++
			t.conversations += c.Conversations
			if counted {
				t.denominator++
			}
			if avoided {
				t.avoided++
			}
			if s6 {
				t.sus6++
			}
			if s12 {
				t.sus12++
			}
		})
	}
	for _, p := range d.Plan {
		p := p
		add(Day(p.CreatedAt), func(t *tally) {
			n := t.plan[p.Category]
			if n == nil {
				n = &[3]int{}
				t.plan[p.Category] = n
			}
			switch caseflow.PlanStatus(p.Status) {
			case caseflow.PlanCompleted:
				n[2]++
				fallthrough
			case caseflow.PlanStarted:
				n[1]++
				fallthrough
			case caseflow.PlanChosen:
				n[0]++
			}
		})
	}
	for _, g := range d.GoalsReached {
		add(Day(g), func(t *tally) { t.goals++ })
	}
	for _, ch := range changes(d.Scores) {
		ch := ch
		if day, ok := ended[ch.caseID]; ok {
			add(day, func(t *tally) { t.domainSum[ch.domain] += ch.delta; t.domainN[ch.domain]++ })
		}
	}
	total = tot.figures(q.Suppress)
	for _, t := range tallies {
		periods = append(periods, t.figures(q.Suppress))
	}
	return total, periods
}

func residentKey(c CaseFact) string { return strconv.FormatInt(c.PracticeID, 10) + "/" + c.Resident }

// sustained reports whether avoided case c had no specialist or addiction
// referral of the same resident in a later case closed within months after
// c closed — once that window has passed.
func sustained(c CaseFact, referrals map[string][]CaseFact, months int, now time.Time) bool {
	if c.Resident == "" {
		return false
	}
	end := c.ClosedAt.AddDate(0, months, 0)
	if end.After(now) {
		return false
	}
	for _, r := range referrals[residentKey(c)] {
		later := r.SignalledAt.After(c.SignalledAt) || (r.SignalledAt.Equal(c.SignalledAt) && r.ID > c.ID)
		if r.ID != c.ID && later && r.ClosedAt.After(*c.ClosedAt) && !r.ClosedAt.After(end) {
			return false
		}
	}
	return true
}

type change struct {
	caseID int64
	domain string
	delta  int
}

// changes is last minus first score per case and domain, for those with at
// least two scores; scores arrive ordered by case, domain, date and id.
func changes(scores []ScoreFact) []change {
	var out []change
	for i := 0; i < len(scores); {
		j := i
		for j < len(scores) && scores[j].CaseID == scores[i].CaseID && scores[j].Domain == scores[i].Domain {
			j++
		}
		if j-i >= 2 {
			out = append(out, change{scores[i].CaseID, scores[i].Domain, scores[j-1].Score - scores[i].Score})
		}
		i = j
	}
	return out
}

// figures applies suppression: counts 1–4 become "<5", and a mean, rate or
// percentile resting on a suppressed count is withheld (null).
func (t *tally) figures(suppress bool) Figures {
	cnt := func(n int) Count { return Count{N: n, Hidden: suppress && n > 0 && n < SuppressBelow} }
	hidden := func(ns ...int) bool {
		for _, n := range ns {
			if cnt(n).Hidden {
				return true
			}
		}
		return false
	}
	f := Figures{
		Signals: cnt(t.signals), ResidentsSeen: cnt(t.seen), GoalsReached: cnt(t.goals),
		DaysToFirst: Days{N: cnt(len(t.days))},
		ClosedByOutcome: Closed{
			Supported: cnt(t.closed[caseflow.OutcomeSupported]), BasicGGZ: cnt(t.closed[caseflow.OutcomeBasicGGZ]),
			SpecialistGGZ: cnt(t.closed[caseflow.OutcomeSpecialistGGZ]), AddictionCare: cnt(t.closed[caseflow.OutcomeAddictionCare]),
			Withdrawn: cnt(t.closed[caseflow.OutcomeWithdrawn]),
		},
		ReferralsAvoided: Avoided{Count: cnt(t.avoided), Denominator: cnt(t.denominator)},
		Sustained:        Sustained{Of: cnt(t.avoided), Within6Months: cnt(t.sus6), Within12Months: cnt(t.sus12)},
		PlanItems:        make([]PlanCategory, 0, len(catalogue.Categories)),
		DomainChange:     make([]DomainChange, 0, len(caseflow.Domains)),
	}
	if len(t.days) > 0 && !hidden(len(t.days)) {
		sort.Ints(t.days)
		f.DaysToFirst.Median, f.DaysToFirst.P90 = nearestRank(t.days, 50), nearestRank(t.days, 90)
	}
	if t.denominator > 0 && !hidden(t.avoided, t.denominator) {
		f.ReferralsAvoided.Rate = round(float64(t.avoided)/float64(t.denominator), 4)
	}
	if t.ended > 0 && !hidden(t.ended) {
		f.ConversationsPerCase = round(float64(t.conversations)/float64(t.ended), 2)
	}
	for _, c := range catalogue.Categories {
		n := t.plan[c]
		if n == nil {
			n = &[3]int{}
		}
		f.PlanItems = append(f.PlanItems, PlanCategory{Category: c, Chosen: cnt(n[0]), Started: cnt(n[1]), Completed: cnt(n[2])})
	}
	for _, d := range caseflow.Domains {
		dc := DomainChange{Domain: string(d), Cases: cnt(t.domainN[string(d)])}
		if n := t.domainN[string(d)]; n > 0 && !hidden(n) {
			dc.MeanChange = round(float64(t.domainSum[string(d)])/float64(n), 2)
		}
		f.DomainChange = append(f.DomainChange, dc)
	}
	return f
}

// nearestRank is the p-th percentile of sorted by the nearest-rank method.
func nearestRank(sorted []int, p int) *float64 {
	rank := (p*len(sorted) + 99) / 100 // ⌈p·n/100⌉
	if rank < 1 {
		rank = 1
	}
	v := float64(sorted[rank-1])
	return &v
}

func round(v float64, places int) *float64 {
	s := math.Pow(10, float64(places))
	r := math.Round(v*s) / s
	return &r
}
