package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/appointment"
	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/policy"
)

// The iCalendar side of appointments: an .ics file per appointment for a
// team member who is signed in, and a private feed per staff member that
// Outlook or Google Calendar subscribe to without signing in. Both are built
// with golang-ical, never by hand. A calendar that subscribes keeps a copy
// on another company's servers, so the feed carries only what HOI can let
// go: the time, the kind of talk, the case's pseudonymous label and the kind
// of place, never the place itself (it may be the resident's home), the
// question, or anyone's name.

// feedPast and feedAhead are the window of a feed.
const (
	feedPast  = 30 * 24 * time.Hour
	feedAhead = 180 * 24 * time.Hour
)

// placeWords name a location kind in a calendar.
var placeWords = map[caseflow.Location]string{
	caseflow.LocationGPPractice:    "Huisartsenpraktijk",
	caseflow.LocationHome:          "Bij de bewoner thuis",
	caseflow.LocationNeighbourhood: "In de wijk",
	caseflow.LocationOnline:        "Online",
	caseflow.LocationOther:         "Elders",
}

var partstat = map[appointment.Status]ics.ParticipationStatus{
	appointment.NeedsAction: ics.ParticipationStatusNeedsAction,
	appointment.Accepted:    ics.ParticipationStatusAccepted,
	appointment.Declined:    ics.ParticipationStatusDeclined,
	appointment.Tentative:   ics.ParticipationStatusTentative,
}

// event adds appointment a of the case labelled label to cal.
func event(cal *ics.Calendar, a appointment.Appointment, label string, now time.Time) *ics.VEvent {
	ev := cal.AddEvent("appointment-" + strconv.FormatInt(a.ID, 10) + "@hoi")
	ev.SetDtStampTime(now)
	ev.SetCreatedTime(a.CreatedAt)
	ev.SetModifiedAt(a.UpdatedAt)
	ev.SetSequence(int(a.Version))
	ev.SetStartAt(a.StartsAt)
	ev.SetEndAt(a.EndsAt())
	ev.SetSummary(appointment.Summary(label, a.Kind))
	ev.SetClass(ics.ClassificationPrivate)
	switch {
	case a.Outcome != nil && *a.Outcome != appointment.Held:
		ev.SetStatus(ics.ObjectStatusCancelled)
	default:
		ev.SetStatus(ics.ObjectStatusConfirmed)
	}
	return ev
}

// appointmentICS answers one appointment as an .ics file: with its place
// and the staff participants (name, e-mail, answer); the resident and the
// network are left out, as in the feed.
func (s *Server) appointmentICS(c echo.Context) error {
	id, _ := pathID(c)
	ctx, ref := c.Request().Context(), caseRef(c)
	a, err := s.DB.Appointment(ctx, ref, id)
	if err != nil {
		return err
	}
	sum, err := s.DB.CaseSummary(ctx, ref)
	if err != nil {
		return err
	}
	cal := ics.NewCalendarFor("HOI")
	cal.SetMethod(ics.MethodPublish)
	ev := event(cal, a, sum.Label, s.DB.Now())
	where := placeWords[a.Location]
	if a.Place != "" {
		where += ", " + a.Place
	}
	ev.SetLocation(where)
	p := principal(c)
	for _, pt := range a.Participants {
		if pt.UserID == nil {
			continue
		}
		u, err := s.DB.User(ctx, p.RegionID, *pt.UserID)
		if err != nil {
			continue // someone of another region is never invited; skip rather than fail
		}
		ev.AddAttendee(u.Value.Email, ics.WithCN(u.Value.DisplayName), partstat[pt.Status], ics.ParticipationRoleReqParticipant)
	}
	return sendICS(c, "afspraak-"+strconv.FormatInt(a.ID, 10)+".ics", cal)
}

func sendICS(c echo.Context, name string, cal *ics.Calendar) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", []byte(cal.Serialize()))
}

// calendarFeedAnswer is the feed's private address; only now is the token
// shown, HOI keeps its hash.
type calendarFeedAnswer struct {
	URL       string    `json:"url"`
	CreatedAt time.Time `json:"created_at"`
}

// createCalendarFeed makes the caller a new private feed, revoking the old.
func (s *Server) createCalendarFeed(c echo.Context) error {
	p := principal(c)
	sl := slipOf(c)
	sl.id, sl.written = &p.UserID, true
	token, at, err := s.DB.CreateCalendarFeed(c.Request().Context(), p.UserID, []audit.Entry{s.entry(c, sl, audit.Allowed)})
	if err != nil {
		sl.written = false
		return err
	}
	return c.JSON(http.StatusCreated, calendarFeedAnswer{URL: feedURL(c, token), CreatedAt: at})
}

// feedURL is the absolute address of a feed, as a calendar needs it.
func feedURL(c echo.Context, token string) string {
	return c.Scheme() + "://" + c.Request().Host + "/api/v1/calendar/" + token + ".ics"
}

// revokeCalendarFeed ends the caller's feed; a calendar that asks again
// gets 404.
func (s *Server) revokeCalendarFeed(c echo.Context) error {
	p := principal(c)
	sl := slipOf(c)
	sl.id, sl.written = &p.UserID, true
	if err := s.DB.RevokeCalendarFeed(c.Request().Context(), p.UserID, []audit.Entry{s.entry(c, sl, audit.Allowed)}); err != nil {
		sl.written = false
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// calendarFeed answers a private feed without a login: the token is the
// key. Unknown, revoked and malformed tokens are all 404. The read is
// access-logged as the feed owner's, one row per case it shows.
func (s *Server) calendarFeed(c echo.Context) error {
	token, ok := strings.CutSuffix(c.Param("file"), ".ics")
	if !ok || token == "" {
		return errs.NotFound("calendar feed")
	}
	ctx := c.Request().Context()
	u, err := s.DB.CalendarFeedUser(ctx, token)
	if errors.Is(err, errs.ErrNotFound) {
		return errs.NotFound("calendar feed") // word for word as a malformed token
	}
	if err != nil {
		return err
	}
	p := auth.Principal{Kind: auth.KindStaff, UserID: u.ID, Role: u.Role, RegionID: u.RegionID, PracticeID: u.PracticeID}
	if !policy.Allow(p, policy.ReadAgenda) {
		return errs.NotFound("calendar feed")
	}
	now := s.DB.Now()
	items, err := s.DB.Agenda(ctx, policy.CaseScope(p), p.UserID, now.Add(-feedPast), now.Add(feedAhead))
	if err != nil {
		return err
	}
	if err := s.logFeed(ctx, c, p, items); err != nil {
		return err
	}
	cal := ics.NewCalendarFor("HOI")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName("HOI – afspraken")
	cal.SetRefreshInterval("PT1H")
	for _, it := range items {
		ev := event(cal, it.Appointment, it.Label, now)
		ev.SetLocation(placeWords[it.Location])
		ev.SetDescription("Open HOI voor de details.")
		if it.MyStatus == appointment.Declined {
			ev.SetStatus(ics.ObjectStatusCancelled)
		}
	}
	return sendICS(c, "hoi.ics", cal)
}

func (s *Server) logFeed(ctx context.Context, c echo.Context, p auth.Principal, items []appointment.AgendaItem) error {
	base := audit.Entry{At: s.DB.Now(), UserID: p.UserID, Role: string(p.Role), RegionID: p.RegionID, PracticeID: p.PracticeID,
		ClientAddr: c.RealIP(), Action: audit.ActionRead, Outcome: audit.Allowed, ResourceType: audit.ResourceCalendarFeed, RequestID: requestID(c)}
	ids := agendaCases(items)
	if len(ids) == 0 {
		return s.Recorder.Record(ctx, base)
	}
	es := make([]audit.Entry, len(ids))
	for i := range ids {
		e := base
		e.CaseID = &ids[i]
		es[i] = e
	}
	return s.Recorder.Record(ctx, es...)
}
