package api_test

import (
	"fmt"
	"strings"
	"testing"
)

// answersLine renders the providers' answers of the categories answered:
// [category answered/median days/declined no places/share].
func answersLine(t *testing.T, e *env, email, query string) []string {
	t.Helper()
	type answers []struct {
		Category   string   `json:"category"`
		Answered   any      `json:"answered"`
		MedianDays *float64 `json:"median_days_to_answer"`
		NoPlaces   any      `json:"declined_no_places"`
		Rate       *float64 `json:"declined_no_places_rate"`
	}
	var r struct {
		Total struct {
			Answers answers `json:"provider_answers_by_category"`
		} `json:"total"`
		Periods []struct {
			Figures struct {
				Answers answers `json:"provider_answers_by_category"`
			} `json:"figures"`
		} `json:"periods"`
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/outcomes" + query, token: e.session(email)}), 200, "outcomes").json(&r)
	n := func(v *float64) string {
		if v == nil {
			return "null"
		}
		return fmt.Sprint(*v)
	}
	line := func(a answers) string {
		if len(a) != 15 {
			t.Errorf("%s: %d categories, want 15", email, len(a))
		}
		s := ""
		for _, x := range a {
			if fmt.Sprint(x.Answered) != "0" {
				s += fmt.Sprintf("[%s %v/%s/%v/%s]", x.Category, x.Answered, n(x.MedianDays), x.NoPlaces, n(x.Rate))
			}
		}
		return s
	}
	out := []string{line(r.Total.Answers)}
	for _, p := range r.Periods {
		out = append(out, line(p.Figures.Answers))
	}
	return out
}

// TestOutcomeProviderAnswers: the median days from request to the
// provider's answer and the share declined for lack of places, per
// category, exact for each of two practices (counted in the quarter of the
// answer; an unanswered request does not count), suppressed for the region,
// and the same in the CSV.
//
//	practice A  sport_movement  01-02 → 01-05 accepted (3), 01-10 → 01-20 no places (10), 02-01 → 02-03 no places (2)
//	            group           03-25 → 04-02 not eligible (8), 05-01 requested, no answer
//	practice B  sport_movement  04-01 → 04-08 accepted (7), started 04-10; 02-10 → 02-24 no places (14)
//	            group           06-01 → 06-01 accepted (0)
func TestOutcomeProviderAnswers(t *testing.T) {
	e := newEnv(t)
	admin := e.session("admin2@hoi.example")
	practiceA := *e.users["poh3@hoi.example"].PracticeID
	var p struct {
		ID int64 `json:"id"`
	}
	e.must(e.do(req{method: "POST", path: "/api/v1/practices", token: admin, body: map[string]any{"name": "Praktijk De Berk"}}), 201, "practice B").json(&p)
	e.must(e.do(req{method: "POST", path: "/api/v1/users", token: admin, body: map[string]any{"email": "pohb@hoi.example", "display_name": "POH B",
		"role": "poh", "practice_id": p.ID, "password": demoPassword}}), 201, "poh B")
	type step struct{ status, reason, on string }
	type item struct {
		category string
		steps    []step
	}
	for poh, items := range map[string][]item{
		"poh3@hoi.example": {
			{"sport_movement", []step{{"requested", "", "2025-01-02"}, {"accepted", "", "2025-01-05"}}},
			{"sport_movement", []step{{"requested", "", "2025-01-10"}, {"declined", "no_places", "2025-01-20"}}},
			{"sport_movement", []step{{"requested", "", "2025-02-01"}, {"declined", "no_places", "2025-02-03"}}},
			{"group", []step{{"requested", "", "2025-03-25"}, {"declined", "not_eligible", "2025-04-02"}}},
			{"group", []step{{"requested", "", "2025-05-01"}}},
		},
		"pohb@hoi.example": {
			{"sport_movement", []step{{"requested", "", "2025-04-01"}, {"accepted", "", "2025-04-08"}, {"started", "", "2025-04-10"}}},
			{"sport_movement", []step{{"requested", "", "2025-02-10"}, {"declined", "no_places", "2025-02-24"}}},
			{"group", []step{{"requested", "", "2025-06-01"}, {"accepted", "", "2025-06-01"}}},
		},
	} {
		var c struct {
			ID int64 `json:"id"`
		}
		e.must(e.do(req{method: "POST", path: "/api/v1/cases", token: e.session(poh), body: map[string]any{"label": "Loop", "birth_year": 1970,
			"question": "Vraag", "referral_intention": "none"}}), 201, "case").json(&c)
		for i, it := range items {
			var pi loopItem
			e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/plan", c.ID), token: e.session(poh), body: map[string]any{
				"title": fmt.Sprintf("Optie %d", i), "category": it.category, "arranged_by": "coach", "status": "chosen"}}), 201, "plan").json(&pi)
			for _, s := range it.steps {
				body := map[string]any{"status": s.status, "on": s.on}
				if s.reason != "" {
					body["reason"] = s.reason
				}
				e.must(e.step(poh, pi.ID, pi.Version, body), 200, "step "+s.status).json(&pi)
			}
		}
	}
	for _, c := range []struct {
		name, email, query string
		want               []string // total, Q1, Q2
	}{
		{"practice A", "poh3@hoi.example", outcomeRange, []string{
			"[group 1/8/0/0][sport_movement 3/3/2/0.6667]", "[sport_movement 3/3/2/0.6667]", "[group 1/8/0/0]"}},
		{"practice B", "pohb@hoi.example", outcomeRange, []string{
			"[group 1/0/0/0][sport_movement 2/7/1/0.5]", "[sport_movement 1/14/1/1]", "[group 1/0/0/0][sport_movement 1/7/0/0]"}},
		{"the region, suppressed", "admin2@hoi.example", outcomeRange, []string{
			"[group <5/null/0/null][sport_movement 5/7/<5/null]", "[sport_movement <5/null/<5/null]", "[group <5/null/0/null][sport_movement <5/null/0/null]"}},
		{"the admin on practice A, suppressed", "admin2@hoi.example", fmt.Sprintf("%s&practice=%d", outcomeRange, practiceA), []string{
			"[group <5/null/0/null][sport_movement <5/null/<5/null]", "[sport_movement <5/null/<5/null]", "[group <5/null/0/null]"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := answersLine(t, e, c.email, c.query)
			for i, name := range []string{"total", "Q1", "Q2"} {
				if i >= len(got) || got[i] != c.want[i] {
					t.Errorf("%s:\n got %v\nwant %s", name, got, c.want[i])
					break
				}
			}
		})
	}
	t.Run("the CSV carries the same numbers", func(t *testing.T) {
		r := e.must(e.do(req{method: "GET", path: "/api/v1/outcomes.csv" + outcomeRange, token: e.session("poh3@hoi.example")}), 200, "csv")
		lines := strings.Split(strings.TrimSuffix(strings.TrimPrefix(string(r.body), "\uFEFF"), "\r\n"), "\r\n")
		head := strings.Split(lines[0], ";")
		for _, l := range lines[1:] {
			if n := len(strings.Split(l, ";")); n != len(head) {
				t.Errorf("row %s has %d fields, the header %d", strings.Split(l, ";")[0], n, len(head))
			}
		}
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
			{lines[3], "answers_sport_movement_answered", "3"}, {lines[3], "answers_sport_movement_median_days", "3"},
			{lines[3], "answers_sport_movement_declined_no_places", "2"}, {lines[3], "answers_sport_movement_declined_no_places_rate", "0,6667"},
			{lines[2], "answers_group_answered", "1"}, {lines[2], "answers_group_median_days", "8"}, {lines[1], "answers_group_declined_no_places_rate", ""},
			{lines[4], "answers_group_answered", ""}, // an entry-point row leaves them empty
		} {
			if got := col(c.line, c.col); got != c.want {
				t.Errorf("%s of %s: got %q, want %q", c.col, col(c.line, "period"), got, c.want)
			}
		}
	})
}
