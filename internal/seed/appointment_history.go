package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/hoi-app/hoi/internal/appointment"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/store"
)

// plannedTalk is one appointment made for a demo conversation: made so many
// days after the reference day (the signal for the first conversation, the
// first conversation for the follow-up), and held on the conversation's own
// day, or, when missed is set, missed (no-show) on that day after the
// reference day.
type plannedTalk struct {
	made, missed int
}

// demoPlanned is how the talks the demo cases have had were planned (issue
// 17), so that the outcomes show signal → scheduled, scheduled → held and the
// no-show rate: every case with a conversation had its first talk planned a
// day to four after the signal, a few missed an appointment and had it made
// again, and one withdrew after missing the follow-up. In the region the
// three figures rest on 9 cases, 7 cases and 5 of 15 appointments, above the
// "<5" of suppression; in De Linde on 5, 4 and 3 of 9.
var demoPlanned = map[string]struct{ first, followUp []plannedTalk }{
	"Henk":   {first: []plannedTalk{{made: 2}}},
	"R.K.":   {first: []plannedTalk{{made: 1}}},
	"Wim":    {first: []plannedTalk{{made: 1, missed: 3}, {made: 3}}, followUp: []plannedTalk{{made: 10}}},
	"Anouk":  {first: []plannedTalk{{made: 3}}, followUp: []plannedTalk{{made: 7, missed: 21}, {made: 21}}},
	"Samira": {first: []plannedTalk{{made: 4}}},
	"Dennis": {first: []plannedTalk{{made: 1, missed: 2}, {made: 2}}, followUp: []plannedTalk{{made: 14}}},
	"Tim":    {first: []plannedTalk{{made: 2}}, followUp: []plannedTalk{{made: 1, missed: 14}}},
}

// demoTalks makes the appointments of demo case dc planned for its
// conversation of kind (exploratory: the first, else the follow-up) on day
// talk, counted from day from; it runs before the case can be closed.
func demoTalks(ctx context.Context, db *store.DB, people demoPeople, ref store.CaseRef, dc demoCase, kind caseflow.Kind, from, talk time.Time) error {
	plans, hour, duration := demoPlanned[dc.Label].first, 10, 90
	if kind != caseflow.KindExploratory {
		plans, hour, duration = demoPlanned[dc.Label].followUp, 14, 60
	}
	today := db.Now().UTC().Truncate(24 * time.Hour) // as appointments counts the days
	days := func(t time.Time) int { return int(t.UTC().Truncate(24*time.Hour).Sub(today).Hours() / 24) }
	for _, p := range plans {
		a := demoAppointment{practice: dc.Practice, label: dc.Label, days: days(talk), hour: hour, made: days(from.AddDate(0, 0, p.made)),
			duration: duration, kind: kind, location: "home", place: "Bij " + dc.Label + " thuis",
			peer: appointment.Accepted, coach: appointment.Accepted, resident: true, outcome: appointment.Held}
		if p.missed != 0 {
			a.days, a.outcome = days(from.AddDate(0, 0, p.missed)), appointment.NoShow
		}
		if err := demoAppointmentOf(ctx, db, people, ref, a, today); err != nil {
			return fmt.Errorf("appointment made on day %d: %w", p.made, err)
		}
	}
	return nil
}
