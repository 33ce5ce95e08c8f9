package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/appointment"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
)

func plan(t *testing.T, db *store.DB, tn tenant, at time.Time, invite ...appointment.ParticipantInput) appointment.Appointment {
	t.Helper()
	ref := mustGate(t, db, tn.scope, tn.poh, tn.caseID)
	ps := append([]appointment.ParticipantInput{{UserID: &tn.poh, Role: caseflow.ParticipantPOH}, {UserID: &tn.peer, Role: caseflow.ParticipantPeer},
		{Role: caseflow.ParticipantResident}}, invite...)
	a, err := db.CreateAppointment(context.Background(), ref, tn.poh, appointment.Create{Kind: caseflow.KindExploratory, StartsAt: at, Duration: 60,
		Location: caseflow.LocationHome, Place: "Thuis", Participants: ps}, noAudit)
	must(t, err)
	return a
}

// TestAppointmentAnswersAndAgenda: the planner's own invitation is
// accepted, everyone else's needs an answer; a response moves the version;
// the agenda lists one's own appointments in the range and flags an overlap;
// moving the time asks everyone again.
func TestAppointmentAnswersAndAgenda(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t, nil)
	region, err := db.EnsureRegion(ctx, "Regio A")
	must(t, err)
	tn := newTenant(t, db, region.ID, "Eigen praktijk")
	at := time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC)
	a := plan(t, db, tn, at, appointment.ParticipantInput{Role: caseflow.ParticipantOther, Name: "Zus Anna"})
	b := plan(t, db, tn, at.Add(30*time.Minute))
	plan(t, db, tn, at.Add(24*time.Hour))
	if got := a.Participants[0].Status; got != appointment.Accepted {
		t.Errorf("the planner's own status: got %s, want accepted", got)
	}
	for _, p := range a.Participants[1:] {
		if p.Status != appointment.NeedsAction {
			t.Errorf("participant %+v: want needs_action", p)
		}
	}
	ref := mustGate(t, db, tn.scope, tn.poh, tn.caseID)
	got, err := db.RespondAppointment(ctx, ref, a.ID, tn.peer, appointment.Accepted, noAudit)
	must(t, err)
	if got.Participants[1].Status != appointment.Accepted || got.Version != a.Version+1 {
		t.Errorf("after the peer accepted: %+v", got)
	}
	if _, err := db.RespondAppointment(ctx, ref, a.ID, tn.poh+tn.peer+100, appointment.Accepted, noAudit); !errors.Is(err, store.ErrNotInvited) {
		t.Errorf("a response by someone not invited: got %v, want ErrNotInvited", err)
	}
	peerScope := caseflow.Scope{RegionID: region.ID, TeamMember: &tn.peer}
	items, err := db.Agenda(ctx, peerScope, tn.peer, at.Add(-time.Hour), at.Add(3*time.Hour))
	must(t, err)
	if len(items) != 2 || items[0].ID != a.ID || items[1].ID != b.ID {
		t.Fatalf("the peer's agenda of the morning: got %+v, want appointments %d and %d", items, a.ID, b.ID)
	}
	if !items[0].DoubleBooked || !items[1].DoubleBooked || items[0].OverlapsWith[0] != b.ID || items[0].MyStatus != appointment.Accepted || items[0].Label != tn.label {
		t.Errorf("the overlap is not flagged or the item is wrong: %+v", items)
	}
	// Declining the second frees the first.
	_, err = db.RespondAppointment(ctx, ref, b.ID, tn.peer, appointment.Declined, noAudit)
	must(t, err)
	items, err = db.Agenda(ctx, peerScope, tn.peer, at.Add(-time.Hour), at.Add(3*time.Hour))
	must(t, err)
	if items[0].DoubleBooked || items[1].DoubleBooked {
		t.Errorf("a declined appointment still counts as a double booking: %+v", items)
	}
	// Moving the first asks the peer again.
	later := at.Add(2 * time.Hour)
	moved, err := db.UpdateAppointment(ctx, ref, a.ID, got.Version, tn.poh, appointment.Update{StartsAt: &later}, noAudit)
	must(t, err)
	if moved.Participants[1].Status != appointment.NeedsAction || moved.Participants[0].Status != appointment.Accepted || moved.Participants[3].Name != "Zus Anna" {
		t.Errorf("after moving: %+v", moved.Participants)
	}
	if _, err := db.UpdateAppointment(ctx, ref, a.ID, got.Version, tn.poh, appointment.Update{StartsAt: &later}, noAudit); !errors.Is(err, store.ErrStale) {
		t.Errorf("a stale update: got %v, want ErrStale", err)
	}
	// An appointment reaching into the range from before it is listed.
	items, err = db.Agenda(ctx, peerScope, tn.peer, at.Add(150*time.Minute), at.Add(4*time.Hour))
	must(t, err)
	if len(items) != 1 || items[0].ID != a.ID {
		t.Errorf("an appointment under way at the start of the range: got %+v", items)
	}
}

// TestAppointmentsStayInTheirCase walks the appointment store methods with
// a case of another practice and of another region: the gate finds none,
// our ref reaches none of their appointments, the agenda shows none, and a
// CaseRef no gate made reaches nothing.
func TestAppointmentsStayInTheirCase(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t, nil)
	regionA, err := db.EnsureRegion(ctx, "Regio A")
	must(t, err)
	regionB, err := db.EnsureRegion(ctx, "Regio B")
	must(t, err)
	own := newTenant(t, db, regionA.ID, "Eigen praktijk")
	at := time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC)
	plan(t, db, own, at)
	others := map[string]tenant{
		"another practice": newTenant(t, db, regionA.ID, "Andere praktijk"),
		"another region":   newTenant(t, db, regionB.ID, "Andere regio"),
	}
	ref := mustGate(t, db, own.scope, own.poh, own.caseID)
	peerScope := caseflow.Scope{RegionID: regionA.ID, TeamMember: &own.peer}
	for name, o := range others {
		t.Run(name, func(t *testing.T) {
			// Their POH and peer are invited to their own case's talk.
			theirs := plan(t, db, o, at)
			for who, s := range map[string]caseflow.Scope{"poh": own.scope, "peer": peerScope} {
				_, err := db.AppointmentGate(ctx, s, own.poh, theirs.ID)
				wantNotFound(t, who+" AppointmentGate", err)
				for _, u := range []int64{o.poh, o.peer} {
					items, err := db.Agenda(ctx, s, u, at.Add(-time.Hour), at.Add(time.Hour))
					must(t, err)
					if len(items) != 0 {
						t.Errorf("%s scope: the agenda of user %d of %s shows %+v", who, u, name, items)
					}
				}
			}
			_, err := db.Appointment(ctx, ref, theirs.ID)
			wantNotFound(t, "Appointment", err)
			later := at.Add(time.Hour)
			_, err = db.UpdateAppointment(ctx, ref, theirs.ID, theirs.Version, own.poh, appointment.Update{StartsAt: &later}, noAudit)
			wantNotFound(t, "UpdateAppointment", err)
			_, err = db.RespondAppointment(ctx, ref, theirs.ID, o.peer, appointment.Declined, noAudit)
			wantNotFound(t, "RespondAppointment", err)
			list, err := db.Appointments(ctx, ref)
			must(t, err)
			for _, a := range list {
				if a.ID == theirs.ID {
					t.Errorf("our case lists their appointment %d", a.ID)
				}
			}
			// Their staff cannot be invited to our case.
			_, err = db.CreateAppointment(ctx, ref, own.poh, appointment.Create{Kind: caseflow.KindExploratory, StartsAt: at, Duration: 60, Location: caseflow.LocationHome,
				Participants: []appointment.ParticipantInput{{UserID: &o.peer, Role: caseflow.ParticipantPeer}}}, noAudit)
			if err == nil {
				t.Errorf("a peer of %s was invited to our case", name)
			}
			oref := mustGate(t, db, o.scope, o.poh, o.caseID)
			now, err := db.Appointment(ctx, oref, theirs.ID)
			must(t, err)
			if now.Version != theirs.Version || now.Participants[1].Status != appointment.NeedsAction {
				t.Errorf("their appointment changed: %+v", now)
			}
		})
	}
	t.Run("a CaseRef no gate made", func(t *testing.T) {
		var zero store.CaseRef
		_, err := db.Appointments(ctx, zero)
		wantNotFound(t, "Appointments", err)
		_, err = db.Appointment(ctx, zero, 1)
		wantNotFound(t, "Appointment", err)
		_, err = db.CreateAppointment(ctx, zero, own.poh, appointment.Create{Kind: caseflow.KindExploratory, StartsAt: at, Duration: 60, Location: caseflow.LocationHome}, noAudit)
		wantNotFound(t, "CreateAppointment", err)
		_, err = db.UpdateAppointment(ctx, zero, 1, 1, own.poh, appointment.Update{}, noAudit)
		wantNotFound(t, "UpdateAppointment", err)
		_, err = db.RespondAppointment(ctx, zero, 1, own.peer, appointment.Accepted, noAudit)
		wantNotFound(t, "RespondAppointment", err)
	})
}
