package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/hoi-app/hoi/internal/appointment"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/user"
)

// coachCap is the demo coach's caseload cap: the seven open demo cases put
// them near it, so the team picker and the capacity view have something to show.
const coachCap = 8

// demoAppointment is one planned joint talk of a demo case: when (days from
// today, at a UTC hour), with whose answer, what became of it, and on which
// day it was made (days from today, at madeHour; 0: now).
type demoAppointment struct {
	practice, label string
	days, hour, min int
	made            int
	duration        int
	kind            caseflow.Kind
	location        caseflow.Location
	place           string
	peer, coach     appointment.Status // "" leaves them out
	resident        bool
	network         string
	outcome         appointment.Outcome
}

// madeHour is the UTC hour at which a demo appointment was made: after the
// day's talks, so that one made again on the day of a missed one, or for the
// next follow-up on the day of a follow-up, is made after it.
const madeHour = 16

// Appointments in every state: answers needs-action, accepted, tentative and
// declined; two that overlap for the POH and the peer (a double booking);
// a no-show and a cancelled one; Marco stays to schedule. The talks already
// held, with their no-shows, are planned with their cases (demoPlanned).
var demoAppointments = []demoAppointment{
	{practice: "Huisartsenpraktijk De Linde", label: "Lotte", days: 2, hour: 9, made: -4, duration: 60, kind: caseflow.KindExploratory, location: "gp_practice", place: "Spreekkamer 3",
		peer: appointment.Accepted, coach: appointment.Tentative, resident: true},
	{practice: "Huisartsenpraktijk De Linde", label: "Henk", days: 2, hour: 9, min: 30, made: -1, duration: 60, kind: caseflow.KindFollowUp, location: "home", place: "Bij Henk thuis",
		peer: appointment.NeedsAction, coach: appointment.Declined, resident: true},
	{practice: "Huisartsenpraktijk De Linde", label: "Wim", days: -20, hour: 10, made: -27, duration: 60, kind: caseflow.KindFollowUp, location: "gp_practice", place: "Spreekkamer 3",
		peer: appointment.Accepted, resident: true, outcome: appointment.NoShow},
	{practice: "Huisartsenpraktijk De Linde", label: "Wim", days: 6, hour: 14, made: -12, duration: 45, kind: caseflow.KindNetwork, location: "home", place: "Bij Wim thuis",
		coach: appointment.Accepted, resident: true, network: "Ans (zus)", outcome: appointment.Cancelled},
	{practice: "Gezondheidscentrum Oost", label: "Gerda", days: 5, hour: 8, min: 30, made: -3, duration: 75, kind: caseflow.KindExploratory, location: "gp_practice", place: "Gezondheidscentrum Oost, kamer 2",
		peer: appointment.NeedsAction, coach: appointment.Accepted, resident: true, network: "Ans (zus)"},
}

// appointments seeds demoAppointments once, relative to today: a region
// whose demo cases have appointments already is left alone.
func appointments(ctx context.Context, db *store.DB, people demoPeople) error {
	day := db.Now().UTC().Truncate(24 * time.Hour)
	refs := map[string]store.CaseRef{}
	for _, a := range demoAppointments {
		key := a.practice + "/" + a.label
		if _, ok := refs[key]; ok {
			continue
		}
		pid := people.practices[a.practice]
		scope := caseflow.Scope{RegionID: people.regionID, PracticeID: &pid}
		items, _, err := db.Cases(ctx, scope, caseflow.Filter{Query: a.label, Limit: 20})
		if err != nil {
			return err
		}
		for _, c := range items {
			if c.Label != a.label {
				continue
			}
			ref, err := db.CaseGate(ctx, scope, people.poh[a.practice], c.ID)
			if err != nil {
				return err
			}
			refs[key] = ref
		}
		if _, ok := refs[key]; !ok {
			return nil // not a fresh demo region: leave it
		}
		if key == demoAppointments[0].practice+"/"+demoAppointments[0].label {
			if have, err := db.Appointments(ctx, refs[key]); err != nil || len(have) > 0 {
				return err
			}
		}
	}
	for _, a := range demoAppointments {
		if err := demoAppointmentOf(ctx, db, people, refs[a.practice+"/"+a.label], a, day); err != nil {
			return fmt.Errorf("seed: appointment of %s: %w", a.label, err)
		}
	}
	return nil
}

func demoAppointmentOf(ctx context.Context, db *store.DB, people demoPeople, ref store.CaseRef, a demoAppointment, day time.Time) error {
	poh := people.poh[a.practice]
	parts := []appointment.ParticipantInput{{UserID: &poh, Role: caseflow.ParticipantPOH}}
	peer, coach := people.peer, people.coach
	if a.peer != "" {
		parts = append(parts, appointment.ParticipantInput{UserID: &peer, Role: caseflow.ParticipantPeer})
	}
	if a.coach != "" {
		parts = append(parts, appointment.ParticipantInput{UserID: &coach, Role: caseflow.ParticipantCoach})
	}
	if a.resident {
		parts = append(parts, appointment.ParticipantInput{Role: caseflow.ParticipantResident})
	}
	if a.network != "" {
		parts = append(parts, appointment.ParticipantInput{Role: caseflow.ParticipantOther, Name: a.network})
	}
	in := appointment.Create{Kind: a.kind, StartsAt: day.AddDate(0, 0, a.days).Add(time.Duration(a.hour)*time.Hour + time.Duration(a.min)*time.Minute),
		Duration: a.duration, Location: a.location, Place: a.place, Participants: parts}
	if a.made != 0 {
		made := day.AddDate(0, 0, a.made).Add(madeHour * time.Hour)
		if now := db.Now(); made.After(now) {
			made = now
		}
		in.CreatedAt = &made
	}
	if err := in.Validate(db.Now()); err != nil {
		return err
	}
	ap, err := db.CreateAppointment(ctx, ref, poh, in, unlogged)
	if err != nil {
		return err
	}
	for _, r := range []struct {
		user int64
		st   appointment.Status
	}{{peer, a.peer}, {coach, a.coach}} {
		if r.st == "" || r.st == appointment.NeedsAction {
			continue
		}
		if ap, err = db.RespondAppointment(ctx, ref, ap.ID, r.user, r.st, unlogged); err != nil {
			return err
		}
	}
	if a.outcome != "" {
		o := a.outcome
		if _, err := db.UpdateAppointment(ctx, ref, ap.ID, ap.Version, poh, appointment.Update{Outcome: &o}, unlogged); err != nil {
			return err
		}
	}
	return nil
}

// DemoCaseloads gives the demo coach their caseload cap (coachCap), unless
// the admin has set one: the seven open demo cases put them near it, so the
// team picker and the capacity view have something to show. seed-demo calls
// it after Demo; the API tests, which put the coach on many teams, do not.
func DemoCaseloads(ctx context.Context, db *store.DB) error {
	region, err := db.EnsureRegion(ctx, demo[0].name)
	if err != nil {
		return fmt.Errorf("seed: region: %w", err)
	}
	us, _, err := db.Users(ctx, user.Filter{RegionID: region.ID, Limit: 200})
	if err != nil {
		return err
	}
	for _, u := range us {
		if u.Email != "coach@hoi.example" || u.CaseloadCap != nil {
			continue
		}
		cur, err := db.User(ctx, region.ID, u.ID)
		if err != nil {
			return err
		}
		if _, err := db.UpdateUser(ctx, region.ID, u.ID, cur.Version, func(next user.User) (user.User, string, error) {
			n := coachCap
			next.CaseloadCap = &n
			return next, "", nil
		}, unlogged); err != nil {
			return fmt.Errorf("seed: caseload cap: %w", err)
		}
	}
	return nil
}
