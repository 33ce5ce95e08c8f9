package api_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/hoi-app/hoi/internal/capacity"
	"github.com/hoi-app/hoi/internal/export/fhirtest"
)

// parseICS parses an iCalendar body with go-ical, a parser independent of
// the library that wrote it, and returns its events.
func parseICS(t *testing.T, body []byte) (*ical.Calendar, []ical.Event) {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot parse the calendar: %v\n%s", err, body)
	}
	return cal, cal.Events()
}

func text(t *testing.T, ev ical.Event, name string) string {
	t.Helper()
	v, err := ev.Props.Text(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

type apptJSON struct {
	ID           int64 `json:"id"`
	Version      int64 `json:"version"`
	Participants []struct {
		UserID *int64 `json:"user_id"`
		Status string `json:"status"`
	} `json:"participants"`
}

// planTalk plans the exploratory talk of fixture f at start: its POH, the
// peer and the coach, the resident and the resident's sister by name, at the
// resident's home address.
func (e *env) planTalk(f caseFixture, start time.Time) apptJSON {
	e.t.Helper()
	var a apptJSON
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/appointments", f.id), token: e.session(f.poh), body: map[string]any{
		"kind": "exploratory", "starts_at": start.Format(time.RFC3339), "duration_minutes": 90, "location": "home", "place": "Dorpsstraat 12, Lochem",
		"participants": []map[string]any{
			{"user_id": e.users[f.poh].ID, "role": "poh"}, {"user_id": e.users["peer@hoi.example"].ID, "role": "peer"},
			{"user_id": e.users["coach@hoi.example"].ID, "role": "coach"}, {"role": "resident"}, {"role": "other", "name": "Zus Annemarie"},
		}}}), 201, "plan the talk").json(&a)
	return a
}

// TestAppointmentICSParsesWithTheFields: the .ics of one appointment holds
// one event with the kind of talk and label, the times, the kind of place and
// the place, and the staff as attendees with their answers; never the
// resident's network by name.
func TestAppointmentICSParsesWithTheFields(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example", "coach@hoi.example"}, true)
	start := time.Now().UTC().Add(72 * time.Hour).Truncate(time.Minute)
	a := e.planTalk(f, start)
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/appointments/%d/response", a.ID), token: e.session("peer@hoi.example"), body: map[string]any{"status": "accepted"}}), 200, "peer accepts")

	got := e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/appointments/%d/ics", a.ID), token: e.session("coach@hoi.example")}), 200, "ics")
	if ct := got.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Errorf("Content-Type %q", ct)
	}
	_, evs := parseICS(t, got.body)
	if len(evs) != 1 {
		t.Fatalf("want one event, got %d", len(evs))
	}
	ev := evs[0]
	if s := text(t, ev, ical.PropSummary); s != "Verkennend gesprek – Fixture" {
		t.Errorf("SUMMARY %q", s)
	}
	if l := text(t, ev, ical.PropLocation); l != "Bij de bewoner thuis, Dorpsstraat 12, Lochem" {
		t.Errorf("LOCATION %q", l)
	}
	if uid := text(t, ev, ical.PropUID); uid != fmt.Sprintf("appointment-%d@hoi", a.ID) {
		t.Errorf("UID %q", uid)
	}
	ds, err := ev.DateTimeStart(time.UTC)
	if err != nil || !ds.Equal(start) {
		t.Errorf("DTSTART %v (%v), want %v", ds, err, start)
	}
	de, err := ev.DateTimeEnd(time.UTC)
	if err != nil || !de.Equal(start.Add(90*time.Minute)) {
		t.Errorf("DTEND %v (%v), want 90 minutes later", de, err)
	}
	att := map[string]string{}
	for _, p := range ev.Props.Values(ical.PropAttendee) {
		att[strings.TrimPrefix(strings.ToLower(p.Value), "mailto:")] = p.Params.Get(ical.ParamParticipationStatus)
	}
	want := map[string]string{"poh@hoi.example": "ACCEPTED", "peer@hoi.example": "ACCEPTED", "coach@hoi.example": "NEEDS-ACTION"}
	if fmt.Sprint(att) != fmt.Sprint(want) {
		t.Errorf("attendees %v, want %v", att, want)
	}
	if bytes.Contains(got.body, []byte("Annemarie")) {
		t.Errorf("the .ics names the resident's sister")
	}
	// The case export carries it as a FHIR R4 Appointment, schema-valid,
	// and the JSON record lists it.
	fhir := e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/export?format=fhir", f.id), token: e.session("poh@hoi.example")}), 200, "fhir")
	if err := fhirtest.ValidateR4(fhir.body); err != nil {
		t.Errorf("the export with an appointment does not validate: %v", err)
	}
	for _, want := range []string{`"resourceType":"Appointment"`, fmt.Sprintf(`"id":"appointment-%d"`, a.ID), `"status":"pending"`, `"minutesDuration":90`} {
		if !bytes.Contains(fhir.body, []byte(want)) {
			t.Errorf("the FHIR export lacks %s", want)
		}
	}
	rec := e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d/export", f.id), token: e.session("poh@hoi.example")}), 200, "json export")
	if !bytes.Contains(rec.body, []byte(`"appointments":[{"id":`)) {
		t.Errorf("the JSON record lacks the appointment")
	}
	// The GP sees no case content, so no .ics either.
	e.must(e.do(req{method: "GET", path: fmt.Sprintf("/api/v1/appointments/%d/ics", a.ID), token: e.session("gp@hoi.example")}), 403, "gp ics")
}

// TestCalendarFeed: the private feed parses with go-ical and holds the
// subscriber's appointment with label, kind of talk, times and the kind of
// place only; a new feed revokes the old address, DELETE the new one, and a
// revoked or unknown token is 404.
func TestCalendarFeed(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example", "coach@hoi.example"}, true)
	start := time.Now().UTC().Add(96 * time.Hour).Truncate(time.Minute)
	a := e.planTalk(f, start)
	peer := e.session("peer@hoi.example")
	feed := func() string {
		var out struct {
			URL string `json:"url"`
		}
		e.must(e.do(req{method: "POST", path: "/api/v1/me/calendar-feed", token: peer}), 201, "feed").json(&out)
		_, p, ok := strings.Cut(out.URL, "://")
		_, path, _ := strings.Cut(p, "/")
		if !ok || !strings.HasPrefix(path, "api/v1/calendar/") || !strings.HasSuffix(path, ".ics") || len(path) < len("api/v1/calendar/")+40 {
			t.Fatalf("feed url %q", out.URL)
		}
		return "/" + path
	}
	first := feed()
	got := e.must(e.do(req{method: "GET", path: first}), 200, "feed without login")
	cal, evs := parseICS(t, got.body)
	if name, _ := cal.Props.Text("X-WR-CALNAME"); name != "HOI – afspraken" {
		t.Errorf("X-WR-CALNAME %q", name)
	}
	var ev *ical.Event
	for i := range evs {
		if uid, _ := evs[i].Props.Text(ical.PropUID); uid == fmt.Sprintf("appointment-%d@hoi", a.ID) {
			ev = &evs[i]
		}
	}
	if ev == nil {
		t.Fatalf("the feed lacks appointment %d:\n%s", a.ID, got.body)
	}
	if s := text(t, *ev, ical.PropSummary); s != "Verkennend gesprek – Fixture" {
		t.Errorf("SUMMARY %q", s)
	}
	if l := text(t, *ev, ical.PropLocation); l != "Bij de bewoner thuis" {
		t.Errorf("LOCATION %q: the feed must carry the kind of place only", l)
	}
	if ds, err := ev.DateTimeStart(time.UTC); err != nil || !ds.Equal(start) {
		t.Errorf("DTSTART %v (%v)", ds, err)
	}
	for _, leak := range []string{"Dorpsstraat", "Annemarie", "Het gaat niet goed", "@hoi.example", "ATTENDEE"} {
		if bytes.Contains(got.body, []byte(leak)) {
			t.Errorf("the feed carries %q", leak)
		}
	}
	second := feed()
	e.must(e.do(req{method: "GET", path: first}), 404, "the old feed after a new one")
	e.must(e.do(req{method: "GET", path: second}), 200, "the new feed")
	e.must(e.do(req{method: "DELETE", path: "/api/v1/me/calendar-feed", token: peer}), 204, "revoke")
	e.must(e.do(req{method: "GET", path: second}), 404, "a revoked feed")
	e.must(e.do(req{method: "DELETE", path: "/api/v1/me/calendar-feed", token: peer}), 404, "revoke without a feed")
	e.must(e.do(req{method: "GET", path: "/api/v1/calendar/onbekend.ics"}), 404, "an unknown token")
	e.must(e.do(req{method: "GET", path: "/api/v1/calendar/" + strings.TrimSuffix(strings.TrimPrefix(second, "/api/v1/calendar/"), ".ics")}), 404, "a token without .ics")
}

// TestAgendaAndAnswers: answers move the version and the agenda shows one's
// own answer; an overlapping appointment is flagged for everyone invited to
// both; the range is required and at most 62 days; a change needs If-Match.
func TestAgendaAndAnswers(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example", "coach@hoi.example"}, true)
	start, _ := time.Parse(time.RFC3339, inWeeks(12))
	day, next := start.Format(time.DateOnly), start.AddDate(0, 0, 1).Format(time.DateOnly)
	a := e.planTalk(f, start)
	b := e.planTalk(f, start.Add(time.Hour))
	coach := e.session("coach@hoi.example")
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/appointments/%d/response", a.ID), token: coach, body: map[string]any{"status": "tentative"}}), 200, "coach tentative")
	var ag struct {
		Items []struct {
			ID           int64   `json:"id"`
			MyStatus     string  `json:"my_status"`
			DoubleBooked bool    `json:"double_booked"`
			OverlapsWith []int64 `json:"overlaps_with"`
			Label        string  `json:"label"`
		} `json:"items"`
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/agenda?from=" + day + "&to=" + next, token: coach}), 200, "agenda").json(&ag)
	if len(ag.Items) != 2 || ag.Items[0].ID != a.ID || ag.Items[0].MyStatus != "tentative" || ag.Items[1].MyStatus != "needs_action" {
		t.Fatalf("the coach's agenda: %+v", ag.Items)
	}
	if !ag.Items[0].DoubleBooked || len(ag.Items[1].OverlapsWith) != 1 || ag.Items[1].OverlapsWith[0] != a.ID || ag.Items[0].Label != "Fixture" {
		t.Errorf("the overlap of 9:00–10:30 and 10:00–11:30 is not flagged: %+v", ag.Items)
	}
	e.must(e.do(req{method: "GET", path: "/api/v1/agenda?from=" + day, token: coach}), 400, "no to")
	e.must(e.do(req{method: "GET", path: "/api/v1/agenda?from=" + day + "&to=" + start.AddDate(0, 3, 0).Format(time.DateOnly), token: coach}), 400, "more than 62 days")
	e.must(e.do(req{method: "GET", path: "/api/v1/agenda?from=" + day + "&to=" + start.AddDate(0, 0, -7).Format(time.DateOnly), token: coach}), 400, "to before from")
	e.must(e.do(req{method: "GET", path: "/api/v1/agenda?from=gisteren&to=" + next, token: coach}), 400, "not a date")
	e.must(e.do(req{method: "GET", path: "/api/v1/agenda?from=" + day + "&to=" + next, token: e.session("gp@hoi.example")}), 403, "the GP has no agenda")

	path := fmt.Sprintf("/api/v1/appointments/%d", b.ID)
	poh := e.session("poh@hoi.example")
	e.must(e.do(req{method: "PATCH", path: path, token: poh, body: map[string]any{"outcome": "cancelled"}}), 428, "no If-Match")
	e.must(e.do(req{method: "PATCH", path: path, token: poh, header: map[string]string{"If-Match": `"99"`}, body: map[string]any{"outcome": "cancelled"}}), 412, "stale")
	e.must(e.do(req{method: "PATCH", path: path, token: poh, header: map[string]string{"If-Match": e.etagOf("poh@hoi.example", path)}, body: map[string]any{"outcome": "cancelled"}}), 200, "cancel")
	e.must(e.do(req{method: "GET", path: "/api/v1/agenda?from=" + day + "&to=" + next, token: coach}), 200, "agenda").json(&ag)
	if ag.Items[0].DoubleBooked {
		t.Errorf("a cancelled appointment still makes a double booking: %+v", ag.Items)
	}
	e.must(e.do(req{method: "POST", path: path + "/response", token: coach, body: map[string]any{"status": "accepted"}}), 409, "answer a cancelled appointment")
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/appointments/%d/response", a.ID), token: coach, body: map[string]any{"status": "needs_action"}}), 400, "answer needs_action")
	// Someone of another practice cannot be invited.
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/appointments", f.id), token: poh, body: map[string]any{
		"kind": "follow_up", "starts_at": inWeeks(13), "duration_minutes": 60, "location": "online",
		"participants": []map[string]any{{"user_id": e.users["poh2@hoi.example"].ID, "role": "poh"}}}}), 400, "a POH of another practice")
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/appointments", f.id), token: poh, body: map[string]any{
		"kind": "follow_up", "starts_at": inWeeks(13), "duration_minutes": 5, "location": "online"}}), 400, "5 minutes")
}

// TestWorklistPlanningSections: a new signal is "nog in te plannen" with its
// days waiting until a talk is planned; the planned talk "wacht op antwoord"
// until everyone staff and resident alike has answered or it is cancelled,
// and a cancelled talk puts the signal back to schedule.
func TestWorklistPlanningSections(t *testing.T) {
	e := newEnv(t)
	poh := e.session("poh@hoi.example")
	var c struct {
		ID int64 `json:"id"`
	}
	e.must(e.do(req{method: "POST", path: "/api/v1/cases", token: poh, body: map[string]any{
		"label": "Nieuw", "birth_year": 1970, "question": "Vraag", "referral_intention": "none",
		"signalled_at": time.Now().UTC().AddDate(0, 0, -3).Format(time.RFC3339)}}), 201, "signal").json(&c)
	type item struct {
		CaseID          int64  `json:"case_id"`
		DaysWaiting     *int   `json:"days_waiting"`
		AppointmentID   *int64 `json:"appointment_id"`
		AwaitingReplies *int   `json:"awaiting_replies"`
	}
	sections := func() (toSchedule, awaiting map[int64]item) {
		var w struct {
			ToSchedule    []item `json:"to_schedule"`
			AwaitingReply []item `json:"awaiting_reply"`
		}
		e.must(e.do(req{method: "GET", path: "/api/v1/worklist", token: poh}), 200, "worklist").json(&w)
		toSchedule, awaiting = map[int64]item{}, map[int64]item{}
		for _, it := range w.ToSchedule {
			toSchedule[it.CaseID] = it
		}
		for _, it := range w.AwaitingReply {
			awaiting[*it.AppointmentID] = it
		}
		return
	}
	ts, _ := sections()
	if it, ok := ts[c.ID]; !ok || it.DaysWaiting == nil || *it.DaysWaiting != 3 {
		t.Fatalf("the new signal is not to schedule with 3 days waiting: %+v", it)
	}
	var a apptJSON
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/cases/%d/appointments", c.ID), token: poh, body: map[string]any{
		"kind": "exploratory", "starts_at": time.Now().UTC().Add(24 * time.Hour).Format(time.RFC3339), "duration_minutes": 60, "location": "gp_practice",
		"participants": []map[string]any{{"user_id": e.users["poh@hoi.example"].ID, "role": "poh"}, {"role": "resident"}}}}), 201, "plan").json(&a)
	ts, aw := sections()
	if _, ok := ts[c.ID]; ok {
		t.Errorf("a planned signal is still to schedule")
	}
	if it, ok := aw[a.ID]; !ok || *it.AwaitingReplies != 1 || it.CaseID != c.ID {
		t.Errorf("the planned talk does not wait for the resident's answer: %+v", it)
	}
	path := fmt.Sprintf("/api/v1/appointments/%d", a.ID)
	e.must(e.do(req{method: "PATCH", path: path, token: poh, header: map[string]string{"If-Match": e.etagOf("poh@hoi.example", path)},
		body: map[string]any{"outcome": "cancelled"}}), 200, "cancel")
	ts, aw = sections()
	if _, ok := aw[a.ID]; ok {
		t.Errorf("a cancelled talk still waits for answers")
	}
	if _, ok := ts[c.ID]; !ok {
		t.Errorf("after the cancellation the signal is not to schedule again")
	}
}

// TestTeamCandidatesNextFreeSlot: the team picker shows each peer's and
// coach's first free working hour; an appointment they are on takes its
// hours, until they decline it or it is cancelled.
func TestTeamCandidatesNextFreeSlot(t *testing.T) {
	e := newEnv(t)
	f := e.newCase("poh@hoi.example", []string{"peer@hoi.example", "coach@hoi.example"}, true)
	poh := e.session("poh@hoi.example")
	slots := func() map[int64]*time.Time {
		var out struct {
			Items []struct {
				UserID       int64      `json:"user_id"`
				NextFreeSlot *time.Time `json:"next_free_slot"`
			} `json:"items"`
		}
		e.must(e.do(req{method: "GET", path: "/api/v1/team-candidates", token: poh}), 200, "candidates").json(&out)
		m := map[int64]*time.Time{}
		for _, it := range out.Items {
			m[it.UserID] = it.NextFreeSlot
		}
		return m
	}
	peer, coach := e.users["peer@hoi.example"].ID, e.users["coach@hoi.example"].ID
	// want is what the rule gives for busy now (twice, should an hour turn
	// between the request and the check).
	check := func(who string, got *time.Time, busy []capacity.Busy) {
		t.Helper()
		for range 2 {
			want := capacity.NextFreeSlot(busy, time.Now())
			if want != nil && got != nil && got.Equal(*want) {
				return
			}
		}
		t.Errorf("%s: next free slot %v, want %v", who, got, capacity.NextFreeSlot(busy, time.Now()))
	}
	free := slots()
	check("peer, free", free[peer], nil)
	check("coach, free", free[coach], nil)
	start := *free[peer]
	a := e.planTalk(f, start) // 90 minutes: two working hours taken
	busy := []capacity.Busy{{Start: start, End: start.Add(90 * time.Minute)}}
	got := slots()
	check("peer, on the talk", got[peer], busy)
	if !got[peer].After(start.Add(time.Hour)) {
		t.Errorf("the peer's next free slot %v is inside their talk at %v", got[peer], start)
	}
	e.must(e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/appointments/%d/response", a.ID), token: e.session("coach@hoi.example"), body: map[string]any{"status": "declined"}}), 200, "coach declines")
	got = slots()
	check("coach, declined", got[coach], nil)
	check("peer, still on it", got[peer], busy)
	path := fmt.Sprintf("/api/v1/appointments/%d", a.ID)
	e.must(e.do(req{method: "PATCH", path: path, token: poh, header: map[string]string{"If-Match": e.etagOf("poh@hoi.example", path)}, body: map[string]any{"outcome": "cancelled"}}), 200, "cancel")
	check("peer, cancelled", slots()[peer], nil)
}
