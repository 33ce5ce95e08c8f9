package outcome

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/resident"
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

// Days is a distribution of waiting days: from signal to first
// conversation, from signal to the first appointment, or from the first
// appointment to the first conversation. Median and p90 are nearest-rank percentiles: the value at rank ⌈p·n⌉ of
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

// SelfCheckFirst is the share of cases whose resident submitted the
// self-check on or before the day of the first conversation. Its
// denominator is residents seen: the cases whose first finalised
// conversation took place in the period.
type SelfCheckFirst struct {
	Count       Count    `json:"count"`
	Denominator Count    `json:"denominator"`
	Rate        *float64 `json:"rate"`
}

// NoShow is the share of appointments the resident did not come to: those
// with outcome no_show over those held or no_show, by the month the
// appointment started. Cancelled and still planned appointments are in
// neither count.
type NoShow struct {
	Count       Count    `json:"count"`
	Denominator Count    `json:"denominator"`
	Rate        *float64 `json:"rate"`
}

// Helped is "did it help?" for the plan items of one option category: how
// many items' latest feedback from the resident gave each rating. Items
// without feedback are not counted.
type Helped struct {
	Category    string `json:"category"`
	Helps       Count  `json:"helps"`
	HelpsABit   Count  `json:"helps_a_bit"`
	DoesNotHelp Count  `json:"does_not_help"`
	Stopped     Count  `json:"stopped"`
}

// Answers are the providers' answers to the requests of the plan items of
// one option category (the referral loop): how many were answered, the
// median of the whole days from the request to the answer (nearest rank,
// like Days), how many were declined for lack of places, and their share of
// the answered requests.
type Answers struct {
	Category     string   `json:"category"`
	Answered     Count    `json:"answered"`
	MedianDays   *float64 `json:"median_days_to_answer"`
	NoPlaces     Count    `json:"declined_no_places"`
	NoPlacesRate *float64 `json:"declined_no_places_rate"`
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
	SelfCheckFirst       SelfCheckFirst `json:"self_check_before_first_conversation"`
	Helped               []Helped       `json:"did_it_help_by_category"`
	Answers              []Answers      `json:"provider_answers_by_category"`
	DaysToScheduled      Days           `json:"days_signal_to_scheduled"`
	DaysScheduledToHeld  Days           `json:"days_scheduled_to_held"`
	NoShow               NoShow         `json:"no_show"`
}

// tally are the raw numbers of one period before suppression.
type tally struct {
	signals, seen, goals              int
	days                              map[int]int // days waited → cases
	closed                            map[caseflow.Outcome]int
	ended, conversations              int
	avoided, denominator, sus6, sus12 int
	plan                              map[string]*[3]int
	domainSum, domainN                []int
	selfCheck                         int
	helped                            map[string]map[resident.Rating]int // category → rating → items
	answers                           map[string]*answerTally            // category → answers
	scheduled, scheduledToHeld        map[int]int                        // days waited → cases
	scheduledN, scheduledToHeldN      int
	kept, noShows                     int
}

// answerTally are the providers' answers of one category.
type answerTally struct {
	days        map[int]int // days to the answer → requests
	n, noPlaces int
}

func newTally() *tally {
	return &tally{days: map[int]int{}, closed: map[caseflow.Outcome]int{}, plan: map[string]*[3]int{},
		helped: map[string]map[resident.Rating]int{}, answers: map[string]*answerTally{}, scheduled: map[int]int{}, scheduledToHeld: map[int]int{},
		domainSum: make([]int, len(caseflow.Domains)), domainN: make([]int, len(caseflow.Domains))}
}

// MonthKey is how Data names a month.
const MonthKey = "2006-01"

// Compute folds the monthly numbers into figures for every period of q and
// the total. now decides which "sustained" windows have passed.
func Compute(q Query, d Data, now time.Time) (total Figures, periods []Figures) {
	ps := q.Periods()
	tallies := make([]*tally, len(ps))
	for i := range tallies {
		tallies[i] = newTally()
	}
	tot := newTally()
	// period finds the period of a month: the one holding the month's first
	// day in the range (the store only counts days in the range).
	period := map[string]int{}
	for i, p := range ps {
		for m := p.Start; !m.After(p.End); m = time.Date(m.Year(), m.Month()+1, 1, 0, 0, 0, 0, time.UTC) {
			period[m.Format(MonthKey)] = i
		}
	}
	add := func(month string, f func(*tally)) {
		if i, ok := period[month]; ok {
			f(tot)
			f(tallies[i])
		}
	}
	for _, s := range d.Signals {
		add(s.Month, func(t *tally) { t.signals += s.N })
	}
	for _, f := range d.FirstConversations {
		add(f.Month, func(t *tally) { t.seen += f.N; t.days[f.Days] += f.N })
	}
	for _, c := range d.Closures {
		in, out := caseflow.Intention(c.Intention), caseflow.Outcome(c.Outcome)
		counted := in.IsSpecialistReferral() && out != caseflow.OutcomeWithdrawn
		avoided := caseflow.ReferralAvoided(in, out)
		add(c.Month, func(t *tally) {
			t.closed[out] += c.N
			t.ended += c.N
			t.conversations += c.Conversations
			if counted {
				t.denominator += c.N
			}
			if avoided {
				t.avoided += c.N
			}
			for i := range t.domainSum {
				if i < len(c.Change) && i < len(c.ChangeN) {
					t.domainSum[i] += c.Change[i]
					t.domainN[i] += c.ChangeN[i]
				}
			}
		})
	}
	for _, a := range d.Avoided {
		s6, s12 := sustained(a, 6, now), sustained(a, 12, now)
		add(a.ClosedAt.UTC().Format(MonthKey), func(t *tally) {
			if s6 {
				t.sus6++
			}
			if s12 {
				t.sus12++
			}
		})
	}
	for _, p := range d.Plan {
		add(p.Month, func(t *tally) {
			n := t.plan[p.Category]
			if n == nil {
				n = &[3]int{}
				t.plan[p.Category] = n
			}
			switch caseflow.PlanStatus(p.Status) {
			case caseflow.PlanCompleted:
				n[2] += p.N
				fallthrough
			case caseflow.PlanStarted:
				n[1] += p.N
				fallthrough
			case caseflow.PlanChosen:
				n[0] += p.N
			}
		})
	}
	for _, g := range d.GoalsReached {
		add(g.Month, func(t *tally) { t.goals += g.N })
	}
	for _, s := range d.SelfCheckFirst {
		add(s.Month, func(t *tally) { t.selfCheck += s.N })
	}
	for _, f := range d.Feedback {
		add(f.Month, func(t *tally) {
			if t.helped[f.Category] == nil {
				t.helped[f.Category] = map[resident.Rating]int{}
			}
			t.helped[f.Category][resident.Rating(f.Rating)] += f.N
		})
	}
	for _, a := range d.Answers {
		add(a.Month, func(t *tally) {
			at := t.answers[a.Category]
			if at == nil {
				at = &answerTally{days: map[int]int{}}
				t.answers[a.Category] = at
			}
			at.n += a.N
			at.days[a.Days] += a.N
			if caseflow.DeclineReason(a.Reason) == caseflow.DeclineNoPlaces {
				at.noPlaces += a.N
			}
		})
	}
	for _, s := range d.Scheduled {
		add(s.Month, func(t *tally) { t.scheduledN += s.N; t.scheduled[s.Days] += s.N })
	}
	for _, s := range d.ScheduledToHeld {
		add(s.Month, func(t *tally) { t.scheduledToHeldN += s.N; t.scheduledToHeld[s.Days] += s.N })
	}
	for _, k := range d.Kept {
		add(k.Month, func(t *tally) { t.kept += k.N })
	}
	for _, n := range d.NoShows {
		add(n.Month, func(t *tally) { t.noShows += n.N })
	}
	total = tot.figures(q.Suppress)
	for _, t := range tallies {
		periods = append(periods, t.figures(q.Suppress))
	}
	return total, periods
}

// sustained reports whether avoided case a had no specialist or addiction
// referral of the same resident in a later case closed within months after
// a closed — once that window has passed.
func sustained(a AvoidedCase, months int, now time.Time) bool {
	end := a.ClosedAt.AddDate(0, months, 0)
	if end.After(now) {
		return false
	}
	return a.NextReferral == nil || a.NextReferral.After(end)
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
		DaysToFirst: Days{N: cnt(t.seen)},
		ClosedByOutcome: Closed{
			Supported: cnt(t.closed[caseflow.OutcomeSupported]), BasicGGZ: cnt(t.closed[caseflow.OutcomeBasicGGZ]),
			SpecialistGGZ: cnt(t.closed[caseflow.OutcomeSpecialistGGZ]), AddictionCare: cnt(t.closed[caseflow.OutcomeAddictionCare]),
			Withdrawn: cnt(t.closed[caseflow.OutcomeWithdrawn]),
		},
		ReferralsAvoided:    Avoided{Count: cnt(t.avoided), Denominator: cnt(t.denominator)},
		Sustained:           Sustained{Of: cnt(t.avoided), Within6Months: cnt(t.sus6), Within12Months: cnt(t.sus12)},
		PlanItems:           make([]PlanCategory, 0, len(catalogue.Categories)),
		SelfCheckFirst:      SelfCheckFirst{Count: cnt(t.selfCheck), Denominator: cnt(t.seen)},
		Helped:              make([]Helped, 0, len(catalogue.Categories)),
		Answers:             make([]Answers, 0, len(catalogue.Categories)),
		DomainChange:        make([]DomainChange, 0, len(caseflow.Domains)),
		DaysToScheduled:     Days{N: cnt(t.scheduledN)},
		DaysScheduledToHeld: Days{N: cnt(t.scheduledToHeldN)},
		NoShow:              NoShow{Count: cnt(t.noShows), Denominator: cnt(t.kept)},
	}
	if t.scheduledN > 0 && !hidden(t.scheduledN) {
		f.DaysToScheduled.Median, f.DaysToScheduled.P90 = nearestRank(t.scheduled, t.scheduledN, 50), nearestRank(t.scheduled, t.scheduledN, 90)
	}
	if t.scheduledToHeldN > 0 && !hidden(t.scheduledToHeldN) {
		f.DaysScheduledToHeld.Median, f.DaysScheduledToHeld.P90 = nearestRank(t.scheduledToHeld, t.scheduledToHeldN, 50), nearestRank(t.scheduledToHeld, t.scheduledToHeldN, 90)
	}
	if t.kept > 0 && !hidden(t.noShows, t.kept) {
		f.NoShow.Rate = round(float64(t.noShows)/float64(t.kept), 4)
	}
	if t.seen > 0 && !hidden(t.seen) {
		f.DaysToFirst.Median, f.DaysToFirst.P90 = nearestRank(t.days, t.seen, 50), nearestRank(t.days, t.seen, 90)
	}
	if t.denominator > 0 && !hidden(t.avoided, t.denominator) {
		f.ReferralsAvoided.Rate = round(float64(t.avoided)/float64(t.denominator), 4)
	}
	if t.seen > 0 && !hidden(t.selfCheck, t.seen) {
		f.SelfCheckFirst.Rate = round(float64(t.selfCheck)/float64(t.seen), 4)
	}
	if t.ended > 0 && !hidden(t.ended) {
		f.ConversationsPerCase = round(float64(t.conversations)/float64(t.ended), 2)
	}
	for _, c := range catalogue.Categories {
		n := t.plan[string(c)]
		if n == nil {
			n = &[3]int{}
		}
		f.PlanItems = append(f.PlanItems, PlanCategory{Category: string(c), Chosen: cnt(n[0]), Started: cnt(n[1]), Completed: cnt(n[2])})
		h := t.helped[string(c)] // nil reads as zeros
		f.Helped = append(f.Helped, Helped{Category: string(c), Helps: cnt(h[resident.RatingHelps]), HelpsABit: cnt(h[resident.RatingHelpsBit]),
			DoesNotHelp: cnt(h[resident.RatingNoHelp]), Stopped: cnt(h[resident.RatingStopped])})
		a := t.answers[string(c)]
		if a == nil {
			a = &answerTally{}
		}
		ans := Answers{Category: string(c), Answered: cnt(a.n), NoPlaces: cnt(a.noPlaces)}
		if a.n > 0 && !hidden(a.n) {
			ans.MedianDays = nearestRank(a.days, a.n, 50)
		}
		if a.n > 0 && !hidden(a.n, a.noPlaces) {
			ans.NoPlacesRate = round(float64(a.noPlaces)/float64(a.n), 4)
		}
		f.Answers = append(f.Answers, ans)
	}
	for i, d := range caseflow.Domains {
		dc := DomainChange{Domain: string(d), Cases: cnt(t.domainN[i])}
		if n := t.domainN[i]; n > 0 && !hidden(n) {
			dc.MeanChange = round(float64(t.domainSum[i])/float64(n), 2)
		}
		f.DomainChange = append(f.DomainChange, dc)
	}
	return f
}

// nearestRank is the p-th percentile, by the nearest-rank method, of the n
// values counted in hist (value → how often).
func nearestRank(hist map[int]int, n, p int) *float64 {
	rank := (p*n + 99) / 100 // ⌈p·n/100⌉
	if rank < 1 {
		rank = 1
	}
	values := make([]int, 0, len(hist))
	for v := range hist {
		values = append(values, v)
	}
	sort.Ints(values)
	seen := 0
	for _, v := range values {
		if seen += hist[v]; seen >= rank {
			r := float64(v)
			return &r
		}
	}
	return nil
}

func round(v float64, places int) *float64 {
	s := math.Pow(10, float64(places))
	r := math.Round(v*s) / s
	return &r
}

// NearestRank is the p-th percentile of the n values counted in hist (value
// → how often), by the nearest-rank method the outcome figures use; the
// capacity figures take their waiting times the same way.
func NearestRank(hist map[int]int, n, p int) *float64 { return nearestRank(hist, n, p) }
