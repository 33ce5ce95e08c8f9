package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/outcome"
)

// at sets the test clock to noon UTC of day (YYYY-MM-DD).
func (e *env) at(day string) {
	e.t.Helper()
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		e.t.Fatal(err)
	}
	e.clock.Advance(d.Add(12 * time.Hour).Sub(e.clock.Now()))
}

// story is one resident's trajectory in the outcome fixture.
type story struct {
	name, poh, signalled, intention, ref string
	convs                                []conv // finalised, in order
	closed, outcome                      string
	plan                                 []map[string]any // added on the day of the first conversation
	// selfCheck is the day the resident submits the self-check (before the
	// conversations when not after the first, else after them); draft only
	// saves one.
	selfCheck string
	draft     bool
	feedback  []feedback // after the conversations, in order
	appts     []appt     // made before the conversations, in order, each on its own day
}

// appt is an appointment of a story: made on one day, starting on another
// (10:00 UTC), with the outcome recorded on the day it was made ("" leaves
// it planned).
type appt struct {
	made, starts, outcome string
}

// feedback is the resident's "does it help?" on plan item n of the story.
type feedback struct {
	on     string
	item   int
	rating string
}

// residentOn opens a resident session on case id (born 1970, as build
// makes them) at the test clock's time.
func (e *env) residentOn(poh string, id int64) *http.Cookie {
	e.t.Helper()
	r, ck := e.residentLogin(e.residentLink(poh, id), 1970)
	if r.status != http.StatusOK || ck == nil {
		e.t.Fatalf("resident login: %d %s", r.status, r.body)
	}
	return ck
}

// voice gives the story's self-check (when it falls in the stage asked for)
// and, after the conversations, its feedback.
func (e *env) voice(s story, id int64, beforeTalks bool, items []int64) {
	e.t.Helper()
	first := ""
	if len(s.convs) > 0 {
		first = s.convs[0].on
	}
	if s.selfCheck != "" && (first == "" || s.selfCheck <= first) == beforeTalks {
		e.at(s.selfCheck)
		ck := e.residentOn(s.poh, id)
		e.must(e.do(req{method: "PUT", path: "/api/v1/resident/self-check", cookie: ck, body: map[string]any{"scores": map[string]int{"mind": 2}}}), 200, "self-check "+s.name)
		if !s.draft {
			e.must(e.do(req{method: "POST", path: "/api/v1/resident/self-check/submit", cookie: ck}), 200, "submit "+s.name)
		}
	}
	if beforeTalks {
		return
	}
	for _, f := range s.feedback {
		e.at(f.on)
		e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/resident/plan/%d/feedback", items[f.item]), cookie: e.residentOn(s.poh, id),
			body: map[string]any{"rating": f.rating, "words": "Woorden " + s.name}}), 201, "feedback "+s.name)
	}
}

type conv struct {
	on    string
	mind  int  // 0: no score
	reach bool // marks the first goal reached
}

// build makes the story over HTTP and returns the case id.
func (e *env) build(s story) int64 {
	e.t.Helper()
	tok := e.session(s.poh)
	e.at(s.signalled)
	body := map[string]any{"label": "Label " + s.name, "birth_year": 1970, "question": "Vraag " + s.name, "referral_intention": s.intention,
		"signalled_at": s.signalled + "T09:00:00Z", "pc4": "7001"}
	if s.ref != "" {
		body["practice_ref"] = s.ref
	}
	var c struct {
		ID    int64 `json:"id"`
		Goals []struct {
			ID int64 `json:"id"`
		} `json:"goals"`
	}
	e.must(e.do(req{method: "POST", path: "/api/v1/cases", token: tok, body: body}), 201, "case "+s.name).json(&c)
	base := fmt.Sprintf("/api/v1/cases/%d", c.ID)
	e.voice(s, c.ID, true, nil)
	for _, ap := range s.appts {
		e.at(ap.made)
		var a struct {
			ID      int64 `json:"id"`
			Version int64 `json:"version"`
		}
		e.must(e.do(req{method: "POST", path: base + "/appointments", token: tok, body: map[string]any{"kind": "exploratory", "starts_at": ap.starts + "T10:00:00Z",
			"duration_minutes": 60, "location": "gp_practice", "place": "Praktijk"}}), 201, "appointment "+s.name).json(&a)
		if ap.outcome != "" {
			if ap.outcome != "cancelled" {
				e.at(ap.starts) // held or missed: recorded once it has begun
			}
			e.must(e.do(req{method: "PATCH", path: fmt.Sprintf("/api/v1/appointments/%d", a.ID), token: tok, header: map[string]string{"If-Match": fmt.Sprintf(`"%d"`, a.Version)},
				body: map[string]any{"outcome": ap.outcome}}), 200, "appointment outcome "+s.name)
		}
	}
	var items []int64
	for i, cv := range s.convs {
		e.at(cv.on)
		sec := map[string]any{"story": "Verhaal " + s.name}
		if cv.mind > 0 {
			sec["domains"] = map[string]any{"mind": map[string]any{"text": "Stemming " + s.name, "score": cv.mind}}
		}
		if i == 0 {
			sec["goals"] = []map[string]any{{"text": "Doel " + s.name, "domain": "mind"}}
		}
		if cv.reach {
			e.must(e.do(req{method: "GET", path: base, token: tok}), 200, "case").json(&c)
			sec["goal_updates"] = []map[string]any{{"goal_id": c.Goals[0].ID, "status": "reached"}}
		}
		var cr struct {
			ID int64 `json:"id"`
		}
		e.must(e.do(req{method: "POST", path: base + "/conversations", token: tok, body: map[string]any{"held_on": cv.on, "kind": "exploratory", "location": "home", "sections": sec}}), 201, "conversation "+s.name).json(&cr)
		e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/conversations/%d/finalize", cr.ID), token: tok}), 200, "finalize "+s.name)
		if i == 0 {
			for _, p := range s.plan {
				var it struct {
					ID int64 `json:"id"`
				}
				e.must(e.do(req{method: "POST", path: base + "/plan", token: tok, body: p}), 201, "plan "+s.name).json(&it)
				items = append(items, it.ID)
			}
		}
	}
	e.voice(s, c.ID, false, items)
	if s.closed != "" {
		e.at(s.closed)
		e.must(e.do(req{method: "POST", path: base + "/close", token: tok, body: map[string]any{"outcome": s.outcome, "reason": "Reden " + s.name}}), 200, "close "+s.name)
	}
	return c.ID
}

// outcomeFixture builds a known set of cases in the Veluwe region (which
// has no demo cases) across two practices and two quarters of 2025; the
// comments of TestOutcomeFigures give what each case contributes.
func outcomeFixture(e *env) (ids map[string]int64, practiceA, practiceB int64) {
	e.t.Helper()
	admin := e.session("admin2@hoi.example")
	practiceA = *e.users["poh3@hoi.example"].PracticeID
	var p struct {
		ID int64 `json:"id"`
	}
	e.must(e.do(req{method: "POST", path: "/api/v1/practices", token: admin, body: map[string]any{"name": "Praktijk De Berk"}}), 201, "practice B").json(&p)
	practiceB = p.ID
	e.must(e.do(req{method: "POST", path: "/api/v1/users", token: admin, body: map[string]any{"email": "pohb@hoi.example", "display_name": "POH B",
		"role": "poh", "practice_id": practiceB, "password": demoPassword}}), 201, "poh B")
	a, b := "poh3@hoi.example", "pohb@hoi.example"
	stories := []story{
		{name: "a1", poh: a, signalled: "2025-01-05", intention: "specialist_ggz", ref: "REF-A1",
			convs: []conv{{on: "2025-01-10", mind: 2}, {on: "2025-02-01", mind: 4, reach: true}}, closed: "2025-02-10", outcome: "supported_without_referral",
			plan:      []map[string]any{{"title": "Herstelgroep a1", "category": "peer_support", "arranged_by": "peer", "status": "started"}},
			selfCheck: "2025-01-08", feedback: []feedback{{"2025-02-03", 0, "helps_a_bit"}, {"2025-02-05", 0, "stopped"}},
			appts: []appt{{"2025-01-06", "2025-01-10", "held"}}},
		{name: "a2", poh: a, signalled: "2025-01-20", intention: "addiction_care", convs: []conv{{on: "2025-02-09"}}, closed: "2025-03-01", outcome: "referred_basic_ggz",
			selfCheck: "2025-02-09", appts: []appt{{"2025-01-22", "2025-02-02", "no_show"}, {"2025-02-03", "2025-02-09", "held"}}},
		{name: "a3", poh: a, signalled: "2025-02-01", intention: "specialist_ggz", ref: "REF-A3", convs: []conv{{on: "2025-02-04"}}, closed: "2025-03-15", outcome: "withdrawn",
			selfCheck: "2025-02-06", appts: []appt{{"2025-02-05", "2025-02-20", "cancelled"}}}, // made after the first talk
		{name: "a5", poh: a, signalled: "2025-03-10", intention: "specialist_ggz", ref: "REF-A5",
			convs: []conv{{on: "2025-04-02", mind: 3}, {on: "2025-04-10", mind: 2}}, closed: "2025-04-15", outcome: "supported_without_referral",
			plan:      []map[string]any{{"title": "Zwemmen a5", "category": "sport_movement", "arranged_by": "resident", "status": "chosen"}, {"title": "Los a5", "category": "sport_movement", "arranged_by": "resident"}},
			selfCheck: "2025-03-20", draft: true,
			feedback: []feedback{{"2025-04-11", 0, "does_not_help"}, {"2025-04-11", 1, "helps_a_bit"}, {"2025-04-13", 0, "helps"}},
			appts:    []appt{{"2025-03-31", "2025-04-02", "held"}}},
		{name: "a6", poh: a, signalled: "2025-05-01", intention: "none", selfCheck: "2025-05-03", appts: []appt{{"2025-05-05", "2025-05-12", "no_show"}}},
		{name: "a4", poh: a, signalled: "2025-06-01", intention: "specialist_ggz", ref: "REF-A1", convs: []conv{{on: "2025-06-03"}}, closed: "2025-06-20", outcome: "referred_specialist_ggz"},
		{name: "b1", poh: b, signalled: "2025-01-15", intention: "specialist_ggz", ref: "REF-B1", convs: []conv{{on: "2025-01-25", mind: 3}}, closed: "2025-05-05", outcome: "supported_without_referral",
			selfCheck: "2025-01-20", appts: []appt{{"2025-01-15", "2025-01-25", "held"}}},
		{name: "b2", poh: b, signalled: "2025-04-10", intention: "none", convs: []conv{{on: "2025-04-12"}},
			plan:     []map[string]any{{"title": "Schuldhulp b2", "category": "debt_money", "arranged_by": "coach", "status": "chosen"}},
			feedback: []feedback{{"2025-04-20", 0, "helps"}}, appts: []appt{{"2025-04-11", "2025-04-12", "held"}, {"2025-04-13", "2025-07-01", ""}}},
	}
	ids = map[string]int64{}
	for _, s := range stories {
		ids[s.name] = e.build(s)
	}
	e.clock.Advance(-time.Duration(e.clock.Now().Sub(time.Now().UTC()))) // back to today
	return ids, practiceA, practiceB
}

// figures is the part of a period the test compares, with counts as JSON
// (a number or "<5").
type figures struct {
	Signals       any `json:"signals"`
	ResidentsSeen any `json:"residents_seen"`
	Days          struct {
		Median *float64 `json:"median"`
		P90    *float64 `json:"p90"`
		N      any      `json:"n"`
	} `json:"days_to_first_conversation"`
	Closed  map[string]any `json:"closed_by_outcome"`
	Avoided struct {
		Count       any      `json:"count"`
		Denominator any      `json:"denominator"`
		Rate        *float64 `json:"rate"`
	} `json:"referrals_avoided"`
	Sustained struct {
		Of  any `json:"of"`
		In6 any `json:"within_6_months"`
		In2 any `json:"within_12_months"`
	} `json:"sustained"`
	ConvPerCase *float64 `json:"conversations_per_case"`
	Plan        []struct {
		Category                   string
		Chosen, Started, Completed any
	} `json:"plan_items_by_category"`
	GoalsReached any `json:"goals_reached"`
	Domains      []struct {
		Domain     string   `json:"domain"`
		MeanChange *float64 `json:"mean_change"`
		Cases      any      `json:"cases"`
	} `json:"domain_change"`
	SelfCheck struct {
		Count       any      `json:"count"`
		Denominator any      `json:"denominator"`
		Rate        *float64 `json:"rate"`
	} `json:"self_check_before_first_conversation"`
	Helped []struct {
		Category    string `json:"category"`
		Helps       any    `json:"helps"`
		HelpsABit   any    `json:"helps_a_bit"`
		DoesNotHelp any    `json:"does_not_help"`
		Stopped     any    `json:"stopped"`
	} `json:"did_it_help_by_category"`
	Scheduled days `json:"days_signal_to_scheduled"`
	ToHeld    days `json:"days_scheduled_to_held"`
	NoShow    struct {
		Count       any      `json:"count"`
		Denominator any      `json:"denominator"`
		Rate        *float64 `json:"rate"`
	} `json:"no_show"`
}

// days is a median, p90 and n as the report writes them.
type days struct {
	Median *float64 `json:"median"`
	P90    *float64 `json:"p90"`
	N      any      `json:"n"`
}

// planning renders the figures of planning the joint talk:
// scheduled(median/p90/n) held(median/p90/n) noshow(count/denominator/rate).
func (f figures) planning() string {
	n := func(v *float64) string {
		if v == nil {
			return "null"
		}
		return fmt.Sprint(*v)
	}
	return fmt.Sprintf("scheduled=%s/%s/%v held=%s/%s/%v noshow=%v/%v/%s", n(f.Scheduled.Median), n(f.Scheduled.P90), f.Scheduled.N,
		n(f.ToHeld.Median), n(f.ToHeld.P90), f.ToHeld.N, f.NoShow.Count, f.NoShow.Denominator, n(f.NoShow.Rate))
}

// planningColumns are the CSV columns of the planning figures as the JSON
// of f gives them.
func (f figures) planningColumns() map[string]string {
	n := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strings.Replace(fmt.Sprint(*v), ".", ",", 1)
	}
	return map[string]string{
		"days_signal_to_scheduled_median": n(f.Scheduled.Median), "days_signal_to_scheduled_p90": n(f.Scheduled.P90), "days_signal_to_scheduled_n": fmt.Sprint(f.Scheduled.N),
		"days_scheduled_to_held_median": n(f.ToHeld.Median), "days_scheduled_to_held_p90": n(f.ToHeld.P90), "days_scheduled_to_held_n": fmt.Sprint(f.ToHeld.N),
		"no_show": fmt.Sprint(f.NoShow.Count), "no_show_denominator": fmt.Sprint(f.NoShow.Denominator), "no_show_rate": n(f.NoShow.Rate),
	}
}

type report struct {
	Scope       string  `json:"scope"`
	PracticeID  *int64  `json:"practice_id"`
	From, To    string  `json:"-"`
	Suppression string  `json:"suppression"`
	Total       figures `json:"total"`
	Periods     []struct {
		Start, End string
		Figures    figures `json:"figures"`
	} `json:"periods"`
}

// line renders the figures compactly, so one want string states them all:
// signals seen days(median/p90/n) closed(sup/basic/spec/addict/withdrawn)
// avoided(count/denominator/rate) sustained(of/6/12) conv/case goals
// plan[category chosen/started/completed ...] mind(mean/cases).
func (f figures) line() string {
	n := func(v *float64) string {
		if v == nil {
			return "null"
		}
		return fmt.Sprint(*v)
	}
	s := fmt.Sprintf("signals=%v seen=%v days=%s/%s/%v closed=%v/%v/%v/%v/%v avoided=%v/%v/%s sustained=%v/%v/%v conv=%s goals=%v plan=",
		f.Signals, f.ResidentsSeen, n(f.Days.Median), n(f.Days.P90), f.Days.N,
		f.Closed["supported_without_referral"], f.Closed["referred_basic_ggz"], f.Closed["referred_specialist_ggz"], f.Closed["referred_addiction_care"], f.Closed["withdrawn"],
		f.Avoided.Count, f.Avoided.Denominator, n(f.Avoided.Rate), f.Sustained.Of, f.Sustained.In6, f.Sustained.In2, n(f.ConvPerCase), f.GoalsReached)
	for _, p := range f.Plan {
		if fmt.Sprint(p.Chosen, p.Started, p.Completed) != "0 0 0" {
			s += fmt.Sprintf("[%s %v/%v/%v]", p.Category, p.Chosen, p.Started, p.Completed)
		}
	}
	for _, d := range f.Domains {
		if d.Domain == "mind" {
			s += fmt.Sprintf(" mind=%s/%v", n(d.MeanChange), d.Cases)
		} else if fmt.Sprint(d.Cases) != "0" {
			s += " unexpected domain " + d.Domain
		}
	}
	s += fmt.Sprintf(" selfcheck=%v/%v/%s helped=", f.SelfCheck.Count, f.SelfCheck.Denominator, n(f.SelfCheck.Rate))
	for _, h := range f.Helped {
		if fmt.Sprint(h.Helps, h.HelpsABit, h.DoesNotHelp, h.Stopped) != "0 0 0 0" {
			s += fmt.Sprintf("[%s %v/%v/%v/%v]", h.Category, h.Helps, h.HelpsABit, h.DoesNotHelp, h.Stopped)
		}
	}
	if len(f.Helped) != len(f.Plan) {
		s += fmt.Sprintf(" helped lists %d categories, plan %d", len(f.Helped), len(f.Plan))
	}
	return s
}

func (e *env) outcomes(email, query string) report {
	e.t.Helper()
	var r report
	e.must(e.do(req{method: "GET", path: "/api/v1/outcomes" + query, token: e.session(email)}), 200, "outcomes "+query).json(&r)
	return r
}

const outcomeRange = "?from=2025-01-01&to=2025-06-30&interval=quarter"

// Per case (practice A unless b): signalled → first conversation (days) →
// closed with outcome, intention.
//
//	a1 01-05 → 01-10 (5) → 02-10 supported, specialist: avoided; not sustained (a4, same REF-A1, referred 06-20); mind 2→4; goal reached 02-01; plan peer_support started
//	a2 01-20 → 02-09 (20) → 03-01 basic, addiction: avoided; no practice_ref so never sustained
//	a3 02-01 → 02-04 (3) → 03-15 withdrawn, specialist: not in the denominator
//	a5 03-10 → 04-02 (23) → 04-15 supported, specialist: avoided, sustained 6 and 12; mind 3→2; plan sport_movement chosen (+1 considered, not counted)
//	a6 05-01, open
//	a4 06-01 → 06-03 (2) → 06-20 specialist, specialist: in the denominator, not avoided
//	b1 01-15 → 01-25 (10) → 05-05 supported, specialist: avoided, sustained; one score only
//	b2 04-10 → 04-12 (2), open; plan debt_money chosen
//
// The resident's own voice: self-checks submitted by a1 (01-08, before its
// first talk), a2 (02-09, the day of it: counts), b1 (01-20, before); a3's
// came after its first talk (02-06), a5 saved a draft only, a6 has no talk
// yet, a4 and b2 none. Latest feedback: a1's peer_support item "stopped"
// (replacing "helps a bit"), a5's sport items "helps" (replacing "does not
// help") and "helps a bit", b2's debt_money item "helps".
var wantOutcomes = map[string][]string{ // total, Q1, Q2
	"practice": {
		"signals=6 seen=5 days=5/23/5 closed=2/1/1/0/1 avoided=3/4/0.75 sustained=3/1/1 conv=1.4 goals=1 plan=[peer_support 1/1/0][sport_movement 1/0/0] mind=0.5/2 selfcheck=2/5/0.4 helped=[peer_support 0/0/0/1][sport_movement 1/1/0/0]",
		"signals=4 seen=3 days=5/20/3 closed=1/1/0/0/1 avoided=2/2/1 sustained=2/0/0 conv=1.33 goals=1 plan=[peer_support 1/1/0] mind=2/1 selfcheck=2/3/0.6667 helped=[peer_support 0/0/0/1]",
		"signals=2 seen=2 days=2/23/2 closed=1/0/1/0/0 avoided=1/2/0.5 sustained=1/1/1 conv=1.5 goals=0 plan=[sport_movement 1/0/0] mind=-1/1 selfcheck=0/2/0 helped=[sport_movement 1/1/0/0]",
	},
	"region": {
		"signals=8 seen=7 days=5/23/7 closed=<5/<5/<5/0/<5 avoided=<5/5/null sustained=<5/<5/<5 conv=1.33 goals=<5 plan=[peer_support <5/<5/0][sport_movement <5/0/0][debt_money <5/0/0] mind=null/<5 selfcheck=<5/7/null helped=[peer_support 0/0/0/<5][sport_movement <5/<5/0/0][debt_money <5/0/0/0]",
		"signals=5 seen=<5 days=null/null/<5 closed=<5/<5/0/0/<5 avoided=<5/<5/null sustained=<5/0/0 conv=null goals=<5 plan=[peer_support <5/<5/0] mind=null/<5 selfcheck=<5/<5/null helped=[peer_support 0/0/0/<5]",
		"signals=<5 seen=<5 days=null/null/<5 closed=<5/0/<5/0/0 avoided=<5/<5/null sustained=<5/<5/<5 conv=null goals=0 plan=[sport_movement <5/0/0][debt_money <5/0/0] mind=null/<5 selfcheck=0/<5/null helped=[sport_movement <5/<5/0/0][debt_money <5/0/0/0]",
	},
}

// The planning figures of the fixture (appointment made → starts, outcome;
// the first appointment of a case is the first one made):
//
//	a1 signal 01-05, made 01-06 (1 day) → 01-10 held; first talk 01-10: 4 days after it was made
//	a2 signal 01-20, made 01-22 (2) → 02-02 no-show, then made 02-03 → 02-09 held; first talk 02-09: 18 days after the first was made
//	a3 signal 02-01, first talk 02-04, made 02-05 (4) → 02-20 cancelled: scheduled, but made after the first talk so not in "scheduled to held"
//	a5 signal 03-10, made 03-31 (21, in Q1) → 04-02 held; first talk 04-02 (Q2): 2 days
//	a6 signal 05-01, made 05-05 (4) → 05-12 no-show; no talk yet
//	a4 no appointment
//	b1 signal 01-15, made 01-15 (0) → 01-25 held; first talk 01-25: 10 days
//	b2 signal 04-10, made 04-11 (1) → 04-12 held; first talk 04-12: 1 day; a second one made 04-13 → 07-01 (out of range), still planned
//
// No-show rate by the start: practice A Q1 1 of 3 (a1, a2 twice), Q2 1 of 2
// (a5, a6); practice B none of b1's and b2's held ones.
var wantPlanning = map[string][]string{ // total, Q1, Q2
	"practice A": {
		"scheduled=4/21/5 held=4/18/3 noshow=2/5/0.4",
		"scheduled=2/21/4 held=4/18/2 noshow=1/3/0.3333",
		"scheduled=4/4/1 held=2/2/1 noshow=1/2/0.5",
	},
	"practice B": {
		"scheduled=0/1/2 held=1/10/2 noshow=0/2/0",
		"scheduled=0/0/1 held=10/10/1 noshow=0/1/0",
		"scheduled=1/1/1 held=1/1/1 noshow=0/1/0",
	},
	"region": {
		"scheduled=2/21/7 held=4/18/5 noshow=<5/7/null",
		"scheduled=2/21/5 held=null/null/<5 noshow=<5/<5/null",
		"scheduled=null/null/<5 held=null/null/<5 noshow=<5/<5/null",
	},
}

func TestOutcomeFigures(t *testing.T) {
	e := newEnv(t)
	ids, practiceA, _ := outcomeFixture(e)
	check := func(t *testing.T, r report, want []string) {
		t.Helper()
		if len(r.Periods) != 2 || r.Periods[0].Start != "2025-01-01" || r.Periods[0].End != "2025-03-31" || r.Periods[1].Start != "2025-04-01" || r.Periods[1].End != "2025-06-30" {
			t.Fatalf("periods: got %+v, want 2025-01-01..03-31 and 04-01..06-30", r.Periods)
		}
		got := []string{r.Total.line(), r.Periods[0].Figures.line(), r.Periods[1].Figures.line()}
		for i, name := range []string{"total", "Q1", "Q2"} {
			if got[i] != want[i] {
				t.Errorf("%s:\n got %s\nwant %s", name, got[i], want[i])
			}
		}
	}
	t.Run("POH and GP of a practice see its exact figures", func(t *testing.T) {
		r := e.outcomes("poh3@hoi.example", outcomeRange)
		if r.Scope != "practice" || r.PracticeID == nil || *r.PracticeID != practiceA || r.Suppression != "none" {
			t.Errorf("got scope %s practice %v suppression %s, want practice %d none", r.Scope, r.PracticeID, r.Suppression, practiceA)
		}
		check(t, r, wantOutcomes["practice"])
	})
	t.Run("the region shows counts below 5 as <5 and withholds what rests on them", func(t *testing.T) {
		r := e.outcomes("admin2@hoi.example", outcomeRange)
		if r.Scope != "region" || r.PracticeID != nil || r.Suppression != "below_5" {
			t.Errorf("got scope %s practice %v suppression %s, want region null below_5", r.Scope, r.PracticeID, r.Suppression)
		}
		check(t, r, wantOutcomes["region"])
	})
	t.Run("the CSV carries the same numbers", func(t *testing.T) {
		r := e.do(req{method: "GET", path: "/api/v1/outcomes.csv" + outcomeRange, token: e.session("poh3@hoi.example")})
		e.must(r, 200, "csv")
		if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("content type: got %q", ct)
		}
		if cd := r.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
			t.Errorf("content disposition: got %q", cd)
		}
		body := string(r.body)
		if !strings.HasPrefix(body, "\uFEFFperiod;start;end;signals;residents_seen;") {
			t.Fatalf("no BOM or header: %q", body[:min(80, len(body))])
		}
		lines := strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n")
		if len(lines) != 4+8 {
			t.Fatalf("got %d lines, want header + 2 periods + total + 8 entry points", len(lines))
		}
		if !strings.HasPrefix(lines[4], "ingang:gp_practice:staff_signal;") || !strings.HasPrefix(lines[11], "ingang:welfare:self_referral;") {
			t.Errorf("entry-point rows: got %q … %q", lines[4], lines[11])
		}
		head := strings.Split(strings.TrimPrefix(lines[0], "\uFEFF"), ";")
		col := func(line, name string) string {
			f := strings.Split(line, ";")
			for i, h := range head {
				if h == name {
					return f[i]
				}
			}
			t.Fatalf("no column %s", name)
			return ""
		}
		for _, c := range []struct{ line, col, want string }{
			{lines[1], "period", "2025-Q1"}, {lines[3], "period", "totaal"},
			{lines[3], "signals", "6"}, {lines[3], "days_to_first_conversation_median", "5"}, {lines[3], "days_to_first_conversation_p90", "23"},
			{lines[3], "referrals_avoided", "3"}, {lines[3], "referrals_avoided_denominator", "4"}, {lines[3], "referrals_avoided_rate", "0,75"},
			{lines[3], "sustained_within_12_months", "1"}, {lines[3], "conversations_per_case", "1,4"}, {lines[1], "conversations_per_case", "1,33"},
			{lines[3], "plan_peer_support_started", "1"}, {lines[3], "domain_mind_mean_change", "0,5"}, {lines[2], "domain_mind_mean_change", "-1"},
			{lines[1], "self_check_before_first_conversation", "2"}, {lines[1], "self_check_before_first_conversation_denominator", "3"},
			{lines[1], "self_check_before_first_conversation_rate", "0,6667"}, {lines[3], "self_check_before_first_conversation_rate", "0,4"},
			{lines[2], "helped_sport_movement_helps", "1"}, {lines[2], "helped_sport_movement_helps_a_bit", "1"}, {lines[2], "helped_sport_movement_does_not_help", "0"},
			{lines[3], "helped_peer_support_stopped", "1"}, {lines[3], "helped_peer_support_helps_a_bit", "0"},
		} {
			if got := col(c.line, c.col); got != c.want {
				t.Errorf("%s of %s: got %q, want %q", c.col, col(c.line, "period"), got, c.want)
			}
		}
		r = e.do(req{method: "GET", path: "/api/v1/outcomes.csv" + outcomeRange, token: e.session("admin2@hoi.example")})
		if tot := strings.Split(strings.TrimSuffix(string(r.body), "\r\n"), "\r\n")[3]; !strings.HasPrefix(tot, "totaal;2025-01-01;2025-06-30;8;7;5;23;7;<5;<5;<5;0;<5;<5;5;;") {
			t.Errorf("region total row: got %q", tot)
		}
	})
	t.Run("the CSV's self-check and did-it-help columns are the JSON's, suppressed alike", func(t *testing.T) {
		delete(e.sessions, "pohb@hoi.example") // logged in on the fixture's 2025 clock: expired
		for _, email := range []string{"poh3@hoi.example", "pohb@hoi.example", "admin2@hoi.example"} {
			rep := e.outcomes(email, outcomeRange)
			if want := " selfcheck=1/2/0.5 helped=[debt_money 1/0/0/0]"; email == "pohb@hoi.example" && !strings.HasSuffix(rep.Total.line(), want) {
				t.Errorf("practice B's total: got %s, want it to end in%s", rep.Total.line(), want)
			}
			r := e.must(e.do(req{method: "GET", path: "/api/v1/outcomes.csv" + outcomeRange, token: e.session(email)}), 200, "csv")
			lines := strings.Split(strings.TrimSuffix(strings.TrimPrefix(string(r.body), "\uFEFF"), "\r\n"), "\r\n")
			head := strings.Split(lines[0], ";")
			all := append([]figures{}, rep.Periods[0].Figures, rep.Periods[1].Figures, rep.Total)
			checked := 0
			for row, f := range all {
				fields := strings.Split(lines[row+1], ";")
				want := map[string]string{
					"self_check_before_first_conversation":             fmt.Sprint(f.SelfCheck.Count),
					"self_check_before_first_conversation_denominator": fmt.Sprint(f.SelfCheck.Denominator),
					"self_check_before_first_conversation_rate":        "",
				}
				if f.SelfCheck.Rate != nil {
					want["self_check_before_first_conversation_rate"] = strings.Replace(fmt.Sprint(*f.SelfCheck.Rate), ".", ",", 1)
				}
				for _, h := range f.Helped {
					for k, v := range map[string]any{"helps": h.Helps, "helps_a_bit": h.HelpsABit, "does_not_help": h.DoesNotHelp, "stopped": h.Stopped} {
						want["helped_"+h.Category+"_"+k] = fmt.Sprint(v)
					}
				}
				for i, name := range head {
					if w, ok := want[name]; ok {
						checked++
						if fields[i] != w {
							t.Errorf("%s, %s of row %s: CSV %q, JSON %q", email, name, fields[0], fields[i], w)
						}
					}
				}
			}
			if checked != 3*(3+4*len(rep.Total.Helped)) || len(rep.Total.Helped) != 15 {
				t.Errorf("%s: compared %d CSV fields with %d categories; a column is missing", email, checked, len(rep.Total.Helped))
			}
		}
	})
	t.Run("signal to scheduled, scheduled to held and the no-show rate, exact for a practice and suppressed for the region, alike in the CSV", func(t *testing.T) {
		delete(e.sessions, "pohb@hoi.example") // logged in on the fixture's 2025 clock: expired
		for _, c := range []struct {
			email string
			want  []string // total, Q1, Q2
		}{
			{"poh3@hoi.example", wantPlanning["practice A"]},
			{"pohb@hoi.example", wantPlanning["practice B"]},
			{"admin2@hoi.example", wantPlanning["region"]},
		} {
			rep := e.outcomes(c.email, outcomeRange)
			all := []figures{rep.Total, rep.Periods[0].Figures, rep.Periods[1].Figures}
			for i, name := range []string{"total", "Q1", "Q2"} {
				if got := all[i].planning(); got != c.want[i] {
					t.Errorf("%s, %s:\n got %s\nwant %s", c.email, name, got, c.want[i])
				}
			}
			r := e.must(e.do(req{method: "GET", path: "/api/v1/outcomes.csv" + outcomeRange, token: e.session(c.email)}), 200, "csv")
			lines := strings.Split(strings.TrimSuffix(strings.TrimPrefix(string(r.body), "\uFEFF"), "\r\n"), "\r\n")
			head := strings.Split(lines[0], ";")
			checked := 0
			for row, f := range []figures{rep.Periods[0].Figures, rep.Periods[1].Figures, rep.Total} {
				fields := strings.Split(lines[row+1], ";")
				want := f.planningColumns()
				for i, name := range head {
					if w, ok := want[name]; ok {
						checked++
						if fields[i] != w {
							t.Errorf("%s, %s of row %s: CSV %q, JSON %q", c.email, name, fields[0], fields[i], w)
						}
					}
				}
			}
			if checked != 3*9 {
				t.Errorf("%s: compared %d CSV fields, want 27; a column is missing", c.email, checked)
			}
			// Every case of the fixture came in as a staff signal at a GP
			// practice: that entry point has the range's planning figures, the
			// others none, in the JSON and in the CSV's entry-point rows.
			var byEntry struct {
				ByEntryPoint []struct {
					Kind, Source string
					figures
				} `json:"by_entry_point"`
			}
			e.must(e.do(req{method: "GET", path: "/api/v1/outcomes" + outcomeRange, token: e.session(c.email)}), 200, "outcomes").json(&byEntry)
			none := "scheduled=null/null/0 held=null/null/0 noshow=0/0/null"
			for i, ep := range byEntry.ByEntryPoint {
				want := none
				if ep.Kind == "gp_practice" && ep.Source == "staff_signal" {
					want = c.want[0]
				}
				if got := ep.planning(); got != want {
					t.Errorf("%s, entry point %s/%s: got %s, want %s", c.email, ep.Kind, ep.Source, got, want)
				}
				fields, cols := strings.Split(lines[4+i], ";"), ep.planningColumns()
				if fields[0] != "ingang:"+ep.Kind+":"+ep.Source {
					t.Fatalf("%s: CSV row %d is %s, JSON entry point %s/%s", c.email, 4+i, fields[0], ep.Kind, ep.Source)
				}
				for j, name := range head {
					if w, ok := cols[name]; ok && fields[j] != w {
						t.Errorf("%s, %s of row %s: CSV %q, JSON %q", c.email, name, fields[0], fields[j], w)
					}
				}
			}
			if len(byEntry.ByEntryPoint) != 8 || len(lines) != 4+8 {
				t.Errorf("%s: %d entry points in the JSON, %d CSV lines; want 8 and 12", c.email, len(byEntry.ByEntryPoint), len(lines))
			}
		}
	})
	t.Run("who may see which figures", func(t *testing.T) {
		for _, c := range []struct {
			email, query string
			want         int
		}{
			{"gp@hoi.example", "", 200},
			{"poh3@hoi.example", "?scope=region", 403},
			{"poh3@hoi.example", fmt.Sprintf("?practice=%d", practiceA+1000), 403},
			{"poh3@hoi.example", fmt.Sprintf("?practice=%d", practiceA), 200},
			{"peer@hoi.example", "", 403},
			{"coach@hoi.example", "", 403},
			{"admin@hoi.example", fmt.Sprintf("?practice=%d", practiceA), 404}, // another region's practice
			{"admin2@hoi.example", fmt.Sprintf("?practice=%d", practiceA), 200},
			{"admin2@hoi.example", "?scope=practice", 400},
			{"admin2@hoi.example", "?from=2025-02-30", 400},
			{"admin2@hoi.example", "?from=2025-06-01&to=2025-01-01", 400},
			{"admin2@hoi.example", "?from=2000-01-01&to=2025-01-01", 400},
		} {
			if got := e.do(req{method: "GET", path: "/api/v1/outcomes" + c.query, token: e.session(c.email)}).status; got != c.want {
				t.Errorf("%s %s: got %d, want %d", c.email, c.query, got, c.want)
			}
		}
		r := e.outcomes("admin2@hoi.example", fmt.Sprintf("%s&practice=%d", outcomeRange, practiceA))
		if r.Scope != "practice" || r.Suppression != "below_5" || r.Total.Signals != float64(6) || r.Total.Closed["supported_without_referral"] != "<5" {
			t.Errorf("admin on one practice: got %s %s signals %v supported %v, want practice below_5 6 <5", r.Scope, r.Suppression, r.Total.Signals, r.Total.Closed["supported_without_referral"])
		}
		def := e.outcomes("poh3@hoi.example", "")
		if len(def.Periods) != 12 {
			t.Errorf("default range: got %d periods, want 12 months", len(def.Periods))
		}
	})
	t.Run("erasure leaves the figures as they were", func(t *testing.T) {
		before := e.do(req{method: "GET", path: "/api/v1/outcomes" + outcomeRange, token: e.session("poh3@hoi.example")}).body
		for _, n := range []string{"a1", "a5"} {
			e.must(e.do(req{method: "DELETE", path: fmt.Sprintf("/api/v1/cases/%d", ids[n]), token: e.session("poh3@hoi.example"), body: map[string]any{"reason": "Verzoek van de bewoner"}}), 204, "erase "+n)
		}
		after := e.do(req{method: "GET", path: "/api/v1/outcomes" + outcomeRange, token: e.session("poh3@hoi.example")}).body
		var b, a any
		json.Unmarshal(before, &b)
		json.Unmarshal(after, &a)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("figures changed by erasure:\nbefore %s\n after %s", before, after)
		}
	})
}

// TestOutcomeRollup checks the region's monthly rollup (kept at write time)
// against the facts it summarises: for ranges of whole months, of part months
// and of both, the region's figures must equal those of its practices added
// up, after plan status changes and a first conversation that moved earlier
// (the writes that take from the rollup as well as add to it), and again once
// the rollup is rebuilt from scratch.
func TestOutcomeRollup(t *testing.T) {
	e := newEnv(t)
	ids, practiceA, practiceB := outcomeFixture(e)
	ctx := t.Context()
	tok := e.session("poh3@hoi.example")
	// a6 (signalled 2025-05-01, still open): a conversation on 05-20 with a
	// goal, then an earlier one on 05-06 finalised after it that marks the
	// goal reached, then one on 06-02 that lets it go again; and a plan item
	// moved on twice.
	a6 := fmt.Sprintf("/api/v1/cases/%d", ids["a6"])
	var goal int64
	for i, on := range []string{"2025-05-20", "2025-05-06", "2025-06-02"} {
		e.at(on)
		sec := map[string]any{"domains": map[string]any{"body": map[string]any{"score": 3 + i}}}
		switch i {
		case 0:
			sec["goals"] = []map[string]any{{"text": "Doel a6"}}
		case 1:
			sec["goal_updates"] = []map[string]any{{"goal_id": goal, "status": "reached"}}
		case 2:
			sec["goal_updates"] = []map[string]any{{"goal_id": goal, "status": "let_go"}}
		}
		var cr struct {
			ID int64 `json:"id"`
		}
		e.must(e.do(req{method: "POST", path: a6 + "/conversations", token: tok, body: map[string]any{"held_on": on, "kind": "exploratory", "location": "gp_practice",
			"sections": sec}}), 201, "conversation").json(&cr)
		e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/conversations/%d/finalize", cr.ID), token: tok}), 200, "finalize")
		if i == 0 {
			var c struct {
				Goals []struct {
					ID int64 `json:"id"`
				} `json:"goals"`
			}
			e.must(e.do(req{method: "GET", path: a6, token: tok}), 200, "case").json(&c)
			goal = c.Goals[0].ID
		}
	}
	var item struct {
		ID      int64 `json:"id"`
		Version int64 `json:"version"`
	}
	e.must(e.do(req{method: "POST", path: a6 + "/plan", token: tok, body: map[string]any{"title": "Wandelgroep", "category": "sport_movement", "arranged_by": "coach", "status": "chosen"}}), 201, "plan").json(&item)
	for _, st := range []string{"started", "completed"} {
		e.must(e.do(req{method: "PATCH", path: fmt.Sprintf("/api/v1/plan/%d", item.ID), token: tok, header: map[string]string{"If-Match": fmt.Sprintf(`"%d"`, item.Version)},
			body: map[string]any{"status": st}}), 200, "plan "+st).json(&item)
	}
	e.clock.Advance(-time.Duration(e.clock.Now().Sub(time.Now().UTC())))

	region := e.users["admin2@hoi.example"].RegionID
	figures := func(from, to string, practice *int64) string {
		t.Helper()
		f, _ := time.Parse(time.DateOnly, from)
		u, _ := time.Parse(time.DateOnly, to)
		q := outcome.Query{Scope: outcome.ScopeRegion, RegionID: region, PracticeID: practice, From: f, To: u, Interval: outcome.Month}
		d, err := e.db.OutcomeData(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if practice == nil {
			total, periods := outcome.Compute(q, d, e.db.Now())
			b, _ := json.Marshal(map[string]any{"total": total, "periods": periods})
			return string(b)
		}
		return ""
	}
	practices := func(from, to string) string {
		t.Helper()
		f, _ := time.Parse(time.DateOnly, from)
		u, _ := time.Parse(time.DateOnly, to)
		q := outcome.Query{Scope: outcome.ScopeRegion, RegionID: region, From: f, To: u, Interval: outcome.Month}
		var all outcome.Data
		for _, p := range []int64{practiceA, practiceB} {
			q.PracticeID = &p
			d, err := e.db.OutcomeData(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			all.Signals = append(all.Signals, d.Signals...)
			all.FirstConversations = append(all.FirstConversations, d.FirstConversations...)
			all.Closures = append(all.Closures, d.Closures...)
			all.Avoided = append(all.Avoided, d.Avoided...)
			all.Plan = append(all.Plan, d.Plan...)
			all.GoalsReached = append(all.GoalsReached, d.GoalsReached...)
			all.SelfCheckFirst = append(all.SelfCheckFirst, d.SelfCheckFirst...)
			all.Feedback = append(all.Feedback, d.Feedback...)
			all.Scheduled = append(all.Scheduled, d.Scheduled...)
			all.ScheduledToHeld = append(all.ScheduledToHeld, d.ScheduledToHeld...)
			all.Kept = append(all.Kept, d.Kept...)
			all.NoShows = append(all.NoShows, d.NoShows...)
		}
		q.PracticeID = nil
		total, periods := outcome.Compute(q, all, e.db.Now())
		b, _ := json.Marshal(map[string]any{"total": total, "periods": periods})
		return string(b)
	}
	ranges := [][2]string{
		{"2025-01-01", "2025-06-30"}, // whole months: the rollup only
		{"2025-01-10", "2025-05-19"}, // part months at both ends
		{"2025-02-05", "2025-02-20"}, // inside one month: the facts only
		{"2025-01-01", "2025-05-10"}, // whole, then part
		{"2024-12-15", "2025-04-30"}, // part, then whole
	}
	check := func(when string) {
		for _, rg := range ranges {
			got, want := figures(rg[0], rg[1], nil), practices(rg[0], rg[1])
			if got != want {
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				lo := max(0, i-200)
				t.Errorf("%s, %s..%s: region figures differ from its practices added up, at byte %d:\nregion    …%s\npractices …%s",
					when, rg[0], rg[1], i, got[lo:min(len(got), i+80)], want[lo:min(len(want), i+80)])
			}
		}
	}
	check("kept at write time")
	whole := figures("2025-01-01", "2025-06-30", nil)
	if !strings.Contains(whole, `"sport_movement","chosen":2,"started":1,"completed":1`) {
		t.Errorf("the plan status changes are not in the region figures: %s", whole)
	}
	tot := whole[strings.Index(whole, `"total"`):]
	if !strings.HasPrefix(tot, `"total":{"signals":8,"residents_seen":8,`) || !strings.Contains(tot, `"goals_reached":1,"domain_change"`) {
		t.Errorf("the moved first conversation or the goal let go again is counted wrong: %s", tot)
	}
	kept := map[[2]string]string{}
	for _, rg := range ranges {
		kept[rg] = figures(rg[0], rg[1], nil)
	}
	if err := e.db.RebuildOutcomeFacts(ctx); err != nil {
		t.Fatal(err)
	}
	check("rebuilt")
	for _, rg := range ranges {
		if got := figures(rg[0], rg[1], nil); got != kept[rg] {
			t.Errorf("%s..%s: the rebuilt rollup gives other figures than the one kept at write time:\nrebuilt %s\nkept    %s", rg[0], rg[1], got, kept[rg])
		}
	}
}
