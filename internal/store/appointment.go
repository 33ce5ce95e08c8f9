package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/appointment"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
)

type appointmentRow struct {
	ID         int64 `gorm:"primaryKey"`
	CaseID     int64
	PracticeID int64
	RegionID   int64
	Kind       string
	StartsAt   time.Time
	EndsAt     time.Time
	Duration   int
	Location   string
	Place      string
	Outcome    *string
	Pending    int
	CreatedBy  int64
	Version    int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (appointmentRow) TableName() string { return "appointments" }

type participantRow struct {
	ID            int64 `gorm:"primaryKey"`
	AppointmentID int64
	UserID        *int64
	StartsAt      time.Time // the appointment's, for the agenda's index
	Role          string
	Name          string
	Status        string
	RespondedAt   *time.Time
}

func (participantRow) TableName() string { return "appointment_participants" }

func (r appointmentRow) domain(ps []participantRow) appointment.Appointment {
	a := appointment.Appointment{ID: r.ID, CaseID: r.CaseID, Kind: caseflow.Kind(r.Kind), StartsAt: r.StartsAt.UTC(), Duration: r.Duration,
		Location: caseflow.Location(r.Location), Place: r.Place, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		Participants: make([]appointment.Participant, 0, len(ps))}
	if r.Outcome != nil {
		o := appointment.Outcome(*r.Outcome)
		a.Outcome = &o
	}
	for _, p := range ps {
		a.Participants = append(a.Participants, appointment.Participant{UserID: p.UserID, Role: caseflow.ParticipantRole(p.Role),
			Name: p.Name, Status: appointment.Status(p.Status), RespondedAt: p.RespondedAt})
	}
	return a
}

// AppointmentGate finds the case of appointment id within scope s.
func (db *DB) AppointmentGate(ctx context.Context, s caseflow.Scope, viewer, id int64) (CaseRef, error) {
	return db.childGate(ctx, "appointments", s, viewer, id)
}

// Appointments lists the appointments of a case, soonest first.
func (db *DB) Appointments(ctx context.Context, ref CaseRef) ([]appointment.Appointment, error) {
	if err := ref.check(); err != nil {
		return nil, err
	}
	q := db.r.WithContext(ctx)
	var rows []appointmentRow
	if err := q.Where("case_id = ?", ref.id).Order("starts_at, id").Find(&rows).Error; err != nil {
		return nil, translate("appointments", err)
	}
	return withParticipants(q, rows)
}

// Appointment reads appointment id of case ref.
func (db *DB) Appointment(ctx context.Context, ref CaseRef, id int64) (appointment.Appointment, error) {
	if err := ref.check(); err != nil {
		return appointment.Appointment{}, err
	}
	q := db.r.WithContext(ctx)
	var row appointmentRow
	if err := q.Where("id = ? AND case_id = ?", id, ref.id).Take(&row).Error; err != nil {
		return appointment.Appointment{}, translate(fmt.Sprintf("appointment[%d]", id), err)
	}
	out, err := withParticipants(q, []appointmentRow{row})
	if err != nil {
		return appointment.Appointment{}, err
	}
	return out[0], nil
}

func withParticipants(q *gorm.DB, rows []appointmentRow) ([]appointment.Appointment, error) {
	out := make([]appointment.Appointment, 0, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var ps []participantRow
	if err := q.Where("appointment_id IN ?", ids).Order("appointment_id, id").Find(&ps).Error; err != nil {
		return nil, translate("appointment participants", err)
	}
	by := map[int64][]participantRow{}
	for _, p := range ps {
		by[p.AppointmentID] = append(by[p.AppointmentID], p)
	}
	for _, r := range rows {
		out = append(out, r.domain(by[r.ID]))
	}
	return out, nil
}

// CreateAppointment plans a talk for case ref. Staff participants must be
// on the case team or be the POH or GP of its practice, with their own role;
// the planner's own invitation is accepted at once.
func (db *DB) CreateAppointment(ctx context.Context, ref CaseRef, by int64, in appointment.Create, log AuditFunc) (appointment.Appointment, error) {
	var out appointment.Appointment
	err := db.tx(ctx, func(tx *gorm.DB) error {
		c, err := caseOpen(tx, ref)
		if err != nil {
			return err
		}
		if err := checkStaff(tx, ref, in.Participants); err != nil {
			return err
		}
		now := db.now()
		if in.CreatedAt != nil {
			now = in.CreatedAt.UTC()
		}
		row := appointmentRow{CaseID: ref.id, PracticeID: c.PracticeID, RegionID: c.RegionID, Kind: string(in.Kind), StartsAt: in.StartsAt.UTC(),
			Duration: in.Duration, Location: string(in.Location), Place: in.Place, CreatedBy: by, Version: 1, CreatedAt: now, UpdatedAt: now}
		row.EndsAt = row.StartsAt.Add(time.Duration(row.Duration) * time.Minute)
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		ps, err := replaceParticipants(tx, &row, nil, in.Participants, by, false, now)
		if err != nil {
			return err
		}
		out = row.domain(ps)
		return db.insertAudit(tx, log(row.ID))
	})
	if err != nil {
		return appointment.Appointment{}, translate("create appointment", err)
	}
	return out, nil
}

// checkStaff refuses a staff participant who is neither on the team of case
// ref nor the POH or GP of its practice, or who is named with another role.
func checkStaff(tx *gorm.DB, ref CaseRef, ps []appointment.ParticipantInput) error {
	for i, p := range ps {
		if p.UserID == nil {
			continue
		}
		var n int64
		err := tx.Table("users").Where("users.id = ? AND users.role = ? AND users.active AND users.region_id = ?", *p.UserID, string(p.Role), ref.regionID).
			Where("users.practice_id = ? OR EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = ? AND t.user_id = users.id)", ref.practiceID, ref.id).
			Count(&n).Error
		if err != nil {
			return err
		}
		if n == 0 {
			return errs.Invalid(errs.Field(fmt.Sprintf("participants[%d].user_id", i), "team",
				"must be someone of the case team, or the POH or GP of its practice, with their own role"))
		}
	}
	return nil
}

// replaceParticipants writes the participant list of row: a participant
// who stays keeps their answer unless reask; the planner accepts their own
// invitation. It sets row.Pending (the caller saves row).
func replaceParticipants(tx *gorm.DB, row *appointmentRow, old []participantRow, in []appointment.ParticipantInput, by int64, reask bool, now time.Time) ([]participantRow, error) {
	if err := tx.Where("appointment_id = ?", row.ID).Delete(&participantRow{}).Error; err != nil {
		return nil, err
	}
	out := make([]participantRow, 0, len(in))
	pending := 0
	for _, p := range in {
		pr := participantRow{AppointmentID: row.ID, UserID: p.UserID, StartsAt: row.StartsAt, Role: string(p.Role), Name: p.Name, Status: string(appointment.NeedsAction)}
		if p.UserID == nil && p.Role != caseflow.ParticipantOther {
			pr.Name = ""
		}
		for _, o := range old {
			if p.Same(row.domain([]participantRow{o}).Participants[0]) && !reask {
				pr.Status, pr.RespondedAt = o.Status, o.RespondedAt
			}
		}
		if p.UserID != nil && *p.UserID == by {
			t := now
			pr.Status, pr.RespondedAt = string(appointment.Accepted), &t
		}
		if pr.Status == string(appointment.NeedsAction) {
			pending++
		}
		if err := tx.Create(&pr).Error; err != nil {
			return nil, err
		}
		out = append(out, pr)
	}
	row.Pending = pending
	return out, tx.Model(&appointmentRow{}).Where("id = ?", row.ID).UpdateColumn("pending", pending).Error
}

// UpdateAppointment applies u to appointment id of case ref if version is
// current. Moving the time asks every participant again; an appointment
// with an outcome is over and takes no change (409).
func (db *DB) UpdateAppointment(ctx context.Context, ref CaseRef, id, version, by int64, u appointment.Update, log AuditFunc) (appointment.Appointment, error) {
	var out appointment.Appointment
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if _, err := caseOpen(tx, ref); err != nil {
			return err
		}
		var row appointmentRow
		if err := tx.Where("id = ? AND case_id = ?", id, ref.id).Take(&row).Error; err != nil {
			return err
		}
		if row.Version != version {
			return ErrStale
		}
		if row.Outcome != nil {
			return errOver(*row.Outcome)
		}
		var old []participantRow
		if err := tx.Where("appointment_id = ?", id).Order("id").Find(&old).Error; err != nil {
			return err
		}
		next, ins, err := u.Apply(row.domain(old))
		if err != nil {
			return err
		}
		if next.Outcome != nil && *next.Outcome != appointment.Cancelled && next.StartsAt.After(db.now()) {
			// Held or not come: only once it has begun; before that it can
			// only be cancelled (or moved).
			return errNotBegun
		}
		moved := !next.StartsAt.Equal(row.StartsAt.UTC()) || next.Duration != row.Duration
		row.Kind, row.StartsAt, row.Duration, row.Location, row.Place = string(next.Kind), next.StartsAt, next.Duration, string(next.Location), next.Place
		row.EndsAt = next.EndsAt()
		if next.Outcome != nil {
			o := string(*next.Outcome)
			row.Outcome = &o
		}
		if ins == nil && moved {
			ins = inputsOf(row.domain(old).Participants)
		}
		ps := old
		if ins != nil {
			if err := checkStaff(tx, ref, ins); err != nil {
				return err
			}
			if ps, err = replaceParticipants(tx, &row, old, ins, by, moved, db.now()); err != nil {
				return err
			}
		}
		row.Version++
		row.UpdatedAt = db.now()
		if err := saveVersioned(tx, &row, id, version, "kind", "starts_at", "ends_at", "duration", "location", "place", "outcome", "pending", "version", "updated_at"); err != nil {
			return err
		}
		out = row.domain(ps)
		return db.insertAudit(tx, log(id))
	})
	if err != nil {
		return appointment.Appointment{}, translate(fmt.Sprintf("update appointment[%d]", id), err)
	}
	return out, nil
}

func inputsOf(ps []appointment.Participant) []appointment.ParticipantInput {
	out := make([]appointment.ParticipantInput, len(ps))
	for i, p := range ps {
		out[i] = appointment.ParticipantInput{UserID: p.UserID, Role: p.Role, Name: p.Name}
	}
	return out
}

// errNotBegun refuses "held" or "no show" for an appointment that has not
// begun yet.
var errNotBegun = errs.New(errs.ErrConflict, "outcome: this appointment has not begun yet; it can be held or missed only from its start time (before that, move or cancel it)")

// errOver answers a change or an answer to an appointment that has an
// outcome: it is over, so no one can be asked again, and its outcome, which
// the planning figures count, stays as recorded.
func errOver(outcome string) error {
	return errs.New(errs.ErrConflict, "this appointment is over: it was %s", outcome)
}

// ErrNotInvited answers a response by someone who is no participant.
var ErrNotInvited = errs.New(errs.ErrConflict, "you are not invited to this appointment")

// RespondAppointment records user's own answer to appointment id of case
// ref. The appointment's version moves with it, so a planner's stale edit
// cannot overwrite the answer.
func (db *DB) RespondAppointment(ctx context.Context, ref CaseRef, id, user int64, st appointment.Status, log AuditFunc) (appointment.Appointment, error) {
	var out appointment.Appointment
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if _, err := caseOpen(tx, ref); err != nil {
			return err
		}
		var row appointmentRow
		if err := tx.Where("id = ? AND case_id = ?", id, ref.id).Take(&row).Error; err != nil {
			return err
		}
		if row.Outcome != nil {
			return errOver(*row.Outcome)
		}
		now := db.now()
		res := tx.Model(&participantRow{}).Where("appointment_id = ? AND user_id = ?", id, user).
			Updates(map[string]any{"status": string(st), "responded_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotInvited
		}
		var ps []participantRow
		if err := tx.Where("appointment_id = ?", id).Order("id").Find(&ps).Error; err != nil {
			return err
		}
		row.Pending = 0
		for _, p := range ps {
			if p.Status == string(appointment.NeedsAction) {
				row.Pending++
			}
		}
		row.Version++
		row.UpdatedAt = now
		if err := saveVersioned(tx, &row, id, row.Version-1, "pending", "version", "updated_at"); err != nil {
			return err
		}
		out = row.domain(ps)
		return db.insertAudit(tx, log(id))
	})
	if err != nil {
		return appointment.Appointment{}, translate(fmt.Sprintf("respond appointment[%d]", id), err)
	}
	return out, nil
}

// Agenda lists user's own appointments that start before to and end after
// from, on the cases within scope s, soonest first, with double bookings
// flagged. Cancelled ones are listed (and take no time).
func (db *DB) Agenda(ctx context.Context, s caseflow.Scope, user int64, from, to time.Time) ([]appointment.AgendaItem, error) {
	where, args := scopeSQL(s)
	q := `SELECT a.id, p.status, cases.label FROM appointment_participants p JOIN appointments a ON a.id = p.appointment_id JOIN cases ON cases.id = a.case_id
WHERE p.user_id = ? AND p.starts_at < ? AND p.starts_at > ? AND a.ends_at > ? AND cases.erased_at IS NULL AND ` + where + ` ORDER BY p.starts_at, p.appointment_id`
	// An appointment lasts at most MaxDuration: one that starts earlier
	// than that before from cannot reach into the range.
	earliest := from.Add(-appointment.MaxDuration * time.Minute)
	rows, err := db.query(ctx, q, append([]any{user, to.UTC(), earliest.UTC(), from.UTC()}, args...)...)
	if err != nil {
		return nil, translate("agenda", err)
	}
	defer rows.Close()
	type hit struct {
		id     int64
		status string
		label  string
	}
	var hits []hit
	for rows.Next() {
		var h hit
		if err := rows.Scan(&h.id, &h.status, &h.label); err != nil {
			return nil, translate("agenda", err)
		}
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, translate("agenda", err)
	}
	out := []appointment.AgendaItem{}
	if len(hits) == 0 {
		return out, nil
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	r := db.r.WithContext(ctx)
	var arows []appointmentRow
	if err := r.Where("id IN ?", ids).Find(&arows).Error; err != nil {
		return nil, translate("agenda", err)
	}
	full, err := withParticipants(r, arows)
	if err != nil {
		return nil, err
	}
	byID := map[int64]appointment.Appointment{}
	for _, a := range full {
		byID[a.ID] = a
	}
	for _, h := range hits {
		out = append(out, appointment.AgendaItem{Appointment: byID[h.id], Label: h.label, MyStatus: appointment.Status(h.status)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].StartsAt.Before(out[j].StartsAt) })
	appointment.FlagOverlaps(out)
	return out, nil
}
