package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/appointment"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/policy"
)

func (s *Server) listAppointments(c echo.Context) error {
	items, err := s.DB.Appointments(c.Request().Context(), caseRef(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		Items []appointment.Appointment `json:"items"`
	}{items})
}

func (s *Server) createAppointment(c echo.Context) error {
	var in appointment.Create
	if err := s.bind(c, &in); err != nil {
		return err
	}
	a, err := s.DB.CreateAppointment(c.Request().Context(), caseRef(c), principal(c).UserID, in, s.auditFunc(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/appointments/"+strconv.FormatInt(a.ID, 10))
	return sendAppointment(c, http.StatusCreated, a)
}

func sendAppointment(c echo.Context, code int, a appointment.Appointment) error {
	c.Response().Header().Set("ETag", etag(a.Version))
	return c.JSON(code, a)
}

func (s *Server) getAppointment(c echo.Context) error {
	id, _ := pathID(c) // the gate has parsed it
	a, err := s.DB.Appointment(c.Request().Context(), caseRef(c), id)
	if err != nil {
		return err
	}
	return sendAppointment(c, http.StatusOK, a)
}

func (s *Server) updateAppointment(c echo.Context) error {
	id, _ := pathID(c)
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in appointment.Update
	if err := s.bind(c, &in); err != nil {
		return err
	}
	a, err := s.DB.UpdateAppointment(c.Request().Context(), caseRef(c), id, version, principal(c).UserID, in, s.auditFunc(c))
	if err != nil {
		return err
	}
	return sendAppointment(c, http.StatusOK, a)
}

func (s *Server) respondAppointment(c echo.Context) error {
	id, _ := pathID(c)
	var in appointment.Response
	if err := s.bind(c, &in); err != nil {
		return err
	}
	if in.Status == appointment.NeedsAction {
		return errs.Invalid(errs.Field("status", "oneof", "answer accepted, declined or tentative"))
	}
	a, err := s.DB.RespondAppointment(c.Request().Context(), caseRef(c), id, principal(c).UserID, in.Status, s.auditFunc(c))
	if err != nil {
		return err
	}
	return sendAppointment(c, http.StatusOK, a)
}

// agenda answers the caller's own appointments in [from, to), each case it
// shows access-logged.
func (s *Server) agenda(c echo.Context) error {
	from, to, err := agendaRange(c)
	if err != nil {
		return err
	}
	p := principal(c)
	items, err := s.DB.Agenda(c.Request().Context(), policy.CaseScope(p), p.UserID, from, to)
	if err != nil {
		return err
	}
	showCases(c, agendaCases(items)...)
	return c.JSON(http.StatusOK, struct {
		From  time.Time                `json:"from"`
		To    time.Time                `json:"to"`
		Items []appointment.AgendaItem `json:"items"`
	}{from, to, items})
}

func agendaCases(items []appointment.AgendaItem) []int64 {
	seen := map[int64]bool{}
	var ids []int64
	for _, it := range items {
		if !seen[it.CaseID] {
			seen[it.CaseID] = true
			ids = append(ids, it.CaseID)
		}
	}
	return ids
}

// agendaRange reads from and to (RFC 3339, or a date meaning its start in
// UTC), both required, to after from, at most appointment.MaxAgendaSpan.
func agendaRange(c echo.Context) (time.Time, time.Time, error) {
	var out [2]time.Time
	for i, name := range []string{"from", "to"} {
		v := c.QueryParam(name)
		if v == "" {
			return out[0], out[1], errs.Invalid(errs.Field(name, "required", "is required (RFC 3339 time or YYYY-MM-DD)"))
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			if t, err = time.Parse("2006-01-02", v); err != nil {
				return out[0], out[1], errs.Invalid(errs.Field(name, "datetime", "must be an RFC 3339 time or a date YYYY-MM-DD"))
			}
		}
		out[i] = t.UTC()
	}
	return out[0], out[1], appointment.CheckRange(out[0], out[1])
}
