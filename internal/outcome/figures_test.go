package outcome

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestResidentVoiceSuppression proves the small-count rule on the two
// figures of the resident's own voice: in a suppressed report a count of 1–4
// reads "<5", zero and 5 or more are exact, and the rate is withheld when
// either of its counts is hidden; an unsuppressed report shows every count.
func TestResidentVoiceSuppression(t *testing.T) {
	q := Query{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 2, 28, 0, 0, 0, 0, time.UTC), Interval: Month}
	d := Data{
		FirstConversations: []MonthDays{{"2025-01", 3, 8}, {"2025-02", 1, 6}},
		SelfCheckFirst:     []MonthCount{{"2025-01", 5}, {"2025-02", 4}},
		Feedback: []MonthFeedback{{"2025-01", "sport_movement", "helps", 5}, {"2025-01", "sport_movement", "stopped", 1},
			{"2025-02", "sport_movement", "helps", 2}, {"2025-02", "group", "does_not_help", 4}},
	}
	for _, c := range []struct {
		name     string
		suppress bool
		want     [3]string // total, January, February
	}{
		{"suppressed", true, [3]string{
			`{"count":9,"denominator":14,"rate":0.6429} {"category":"group","helps":0,"helps_a_bit":0,"does_not_help":"<5","stopped":0} {"category":"sport_movement","helps":7,"helps_a_bit":0,"does_not_help":0,"stopped":"<5"}`,
			`{"count":5,"denominator":8,"rate":0.625} {"category":"group","helps":0,"helps_a_bit":0,"does_not_help":0,"stopped":0} {"category":"sport_movement","helps":5,"helps_a_bit":0,"does_not_help":0,"stopped":"<5"}`,
			`{"count":"<5","denominator":6,"rate":null} {"category":"group","helps":0,"helps_a_bit":0,"does_not_help":"<5","stopped":0} {"category":"sport_movement","helps":"<5","helps_a_bit":0,"does_not_help":0,"stopped":0}`,
		}},
		{"exact", false, [3]string{
			`{"count":9,"denominator":14,"rate":0.6429} {"category":"group","helps":0,"helps_a_bit":0,"does_not_help":4,"stopped":0} {"category":"sport_movement","helps":7,"helps_a_bit":0,"does_not_help":0,"stopped":1}`,
			`{"count":5,"denominator":8,"rate":0.625} {"category":"group","helps":0,"helps_a_bit":0,"does_not_help":0,"stopped":0} {"category":"sport_movement","helps":5,"helps_a_bit":0,"does_not_help":0,"stopped":1}`,
			`{"count":4,"denominator":6,"rate":0.6667} {"category":"group","helps":0,"helps_a_bit":0,"does_not_help":4,"stopped":0} {"category":"sport_movement","helps":2,"helps_a_bit":0,"does_not_help":0,"stopped":0}`,
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			q.Suppress = c.suppress
			total, periods := Compute(q, d, time.Now())
			for i, f := range []Figures{total, periods[0], periods[1]} {
				got := show(t, f.SelfCheckFirst)
				for _, h := range f.Helped {
					if h.Category == "group" || h.Category == "sport_movement" {
						got += " " + show(t, h)
					}
				}
				if got != c.want[i] {
					t.Errorf("figures %d:\n got %s\nwant %s", i, got, c.want[i])
				}
			}
		})
	}
	t.Run("a seen month with no self-check is a rate of 0, not null", func(t *testing.T) {
		total, _ := Compute(Query{From: q.From, To: q.To, Interval: Month, Suppress: true}, Data{FirstConversations: d.FirstConversations}, time.Now())
		if got := show(t, total.SelfCheckFirst); got != `{"count":0,"denominator":14,"rate":0}` {
			t.Errorf("got %s", got)
		}
	})
}

func show(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), `\u003c`, "<") // "<5" as a JSON reader reads it
}

// TestProviderAnswers proves the referral-loop figures: the median days
// from request to answer by nearest rank, the share declined for lack of
// places of the answered requests, counted in the month of the answer, and
// the small-count rule (a median or share resting on a hidden count is
// withheld).
func TestProviderAnswers(t *testing.T) {
	q := Query{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 2, 28, 0, 0, 0, 0, time.UTC), Interval: Month}
	d := Data{Answers: []MonthAnswer{
		{"2025-01", "group", 2, "", 3}, {"2025-01", "group", 9, "no_places", 2}, {"2025-01", "group", 4, "not_eligible", 1},
		{"2025-02", "group", 20, "no_places", 1}, {"2025-02", "debt_money", 1, "", 1},
		{"2024-12", "group", 1, "no_places", 7}, // outside the range
	}}
	for _, c := range []struct {
		name     string
		suppress bool
		want     [3]string // total, January, February
	}{
		{"exact", false, [3]string{
			`{"category":"group","answered":7,"median_days_to_answer":4,"declined_no_places":3,"declined_no_places_rate":0.4286} {"category":"debt_money","answered":1,"median_days_to_answer":1,"declined_no_places":0,"declined_no_places_rate":0}`,
			`{"category":"group","answered":6,"median_days_to_answer":2,"declined_no_places":2,"declined_no_places_rate":0.3333} {"category":"debt_money","answered":0,"median_days_to_answer":null,"declined_no_places":0,"declined_no_places_rate":null}`,
			`{"category":"group","answered":1,"median_days_to_answer":20,"declined_no_places":1,"declined_no_places_rate":1} {"category":"debt_money","answered":1,"median_days_to_answer":1,"declined_no_places":0,"declined_no_places_rate":0}`,
		}},
		{"suppressed", true, [3]string{
			`{"category":"group","answered":7,"median_days_to_answer":4,"declined_no_places":"<5","declined_no_places_rate":null} {"category":"debt_money","answered":"<5","median_days_to_answer":null,"declined_no_places":0,"declined_no_places_rate":null}`,
			`{"category":"group","answered":6,"median_days_to_answer":2,"declined_no_places":"<5","declined_no_places_rate":null} {"category":"debt_money","answered":0,"median_days_to_answer":null,"declined_no_places":0,"declined_no_places_rate":null}`,
			`{"category":"group","answered":"<5","median_days_to_answer":null,"declined_no_places":"<5","declined_no_places_rate":null} {"category":"debt_money","answered":"<5","median_days_to_answer":null,"declined_no_places":0,"declined_no_places_rate":null}`,
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			q.Suppress = c.suppress
			total, periods := Compute(q, d, time.Now())
			for i, f := range []Figures{total, periods[0], periods[1]} {
				if len(f.Answers) != 15 {
					t.Fatalf("figures %d list %d categories, want 15", i, len(f.Answers))
				}
				got := ""
				for _, cat := range []string{"group", "debt_money"} {
					for _, a := range f.Answers {
						if a.Category == cat {
							got += " " + show(t, a)
						}
					}
				}
				if got[1:] != c.want[i] {
					t.Errorf("figures %d:\n got %s\nwant %s", i, got[1:], c.want[i])
				}
			}
		})
	}
}

// TestPlanningFigures proves the figures of planning the joint talk: the
// days from signal to the first appointment and from it to the first
// conversation (nearest rank, like the days to the first conversation) and
// the no-show rate over the appointments held or no-show, each counted in
// its own month, with the small-count rule (a median, p90 or rate resting on
// a hidden count is withheld).
func TestPlanningFigures(t *testing.T) {
	q := Query{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 2, 28, 0, 0, 0, 0, time.UTC), Interval: Month}
	d := Data{
		Scheduled:       []MonthDays{{"2025-01", 2, 3}, {"2025-01", 10, 2}, {"2025-02", 4, 1}, {"2024-12", 1, 9}}, // December is outside the range
		ScheduledToHeld: []MonthDays{{"2025-01", 7, 4}, {"2025-02", 1, 5}, {"2025-02", 3, 1}},
		Kept:            []MonthCount{{"2025-01", 15}, {"2025-01", 5}, {"2025-02", 3}, {"2025-02", 1}}, // held, then no-show
		NoShows:         []MonthCount{{"2025-01", 5}, {"2025-02", 1}},
	}
	for _, c := range []struct {
		name     string
		suppress bool
		want     [3]string // total, January, February
	}{
		{"exact", false, [3]string{
			`{"median":2,"p90":10,"n":6} {"median":1,"p90":7,"n":10} {"count":6,"denominator":24,"rate":0.25}`,
			`{"median":2,"p90":10,"n":5} {"median":7,"p90":7,"n":4} {"count":5,"denominator":20,"rate":0.25}`,
			`{"median":4,"p90":4,"n":1} {"median":1,"p90":3,"n":6} {"count":1,"denominator":4,"rate":0.25}`,
		}},
		{"suppressed", true, [3]string{
			`{"median":2,"p90":10,"n":6} {"median":1,"p90":7,"n":10} {"count":6,"denominator":24,"rate":0.25}`,
			`{"median":2,"p90":10,"n":5} {"median":null,"p90":null,"n":"<5"} {"count":5,"denominator":20,"rate":0.25}`,
			`{"median":null,"p90":null,"n":"<5"} {"median":1,"p90":3,"n":6} {"count":"<5","denominator":"<5","rate":null}`,
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			q.Suppress = c.suppress
			total, periods := Compute(q, d, time.Now())
			for i, f := range []Figures{total, periods[0], periods[1]} {
				got := show(t, f.DaysToScheduled) + " " + show(t, f.DaysScheduledToHeld) + " " + show(t, f.NoShow)
				if got != c.want[i] {
					t.Errorf("figures %d:\n got %s\nwant %s", i, got, c.want[i])
				}
			}
		})
	}
	t.Run("no appointments: zero counts, nothing to show", func(t *testing.T) {
		total, _ := Compute(Query{From: q.From, To: q.To, Interval: Month, Suppress: true}, Data{}, time.Now())
		got := show(t, total.DaysToScheduled) + " " + show(t, total.DaysScheduledToHeld) + " " + show(t, total.NoShow)
		if want := `{"median":null,"p90":null,"n":0} {"median":null,"p90":null,"n":0} {"count":0,"denominator":0,"rate":null}`; got != want {
			t.Errorf("got %s\nwant %s", got, want)
		}
	})
}
