package api

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/store"
)

// This file is the access log's one mechanism (NEN 7513): every route of
// the table gets a slip that guard fills and writes. Handlers never write
// access-log rows themselves; they only say which cases a list showed.

// slip is the access log of one request: guard fills it from the route's
// declaration and the gate, handlers add what a list showed, and guard
// writes it — before the response for reads, in the write's own
// transaction for writes (through auditFunc), and for every refusal.
type slip struct {
	route  *route
	caseID *int64
	id     *int64
	ref    store.CaseRef
	// shown are the cases a list or search showed: one row each.
	shown  []int64
	listed bool
	// written is set once a write put its rows in its transaction.
	written bool
}

const slipKey = "hoi.slip"

func slipOf(c echo.Context) *slip {
	sl, _ := c.Get(slipKey).(*slip)
	if sl == nil {
		// A handler outside the route table; its rows say so.
		sl = &slip{route: &route{res: "unknown"}}
		c.Set(slipKey, sl)
	}
	return sl
}

// caseRef is the case the route's gate found.
func caseRef(c echo.Context) store.CaseRef { return slipOf(c).ref }

// showCases records the cases a list or search showed; the access log gets
// one row per case, so that "who saw case A?" is answered from A's log.
func showCases(c echo.Context, ids ...int64) {
	sl := slipOf(c)
	sl.listed = true
	sl.shown = append(sl.shown, ids...)
}

// isRefusal reports whether err refused the caller access: those attempts
// are logged as denied (a not-found may well be another practice's record).
func isRefusal(err error) bool {
	return errors.Is(err, errs.ErrForbidden) || errors.Is(err, errs.ErrNotFound) || errors.Is(err, errs.ErrGone)
}

// recordSuccess runs just before the response header is written: a
// successful read is committed to the access log before the caller sees a
// byte of it. If that fails, the response becomes a 500 without the data.
func (s *Server) recordSuccess(c echo.Context, sl *slip) {
	res := c.Response()
	if res.Status >= 400 || sl.written {
		return
	}
	if err := s.Recorder.Record(c.Request().Context(), s.entries(c, sl, audit.Allowed)...); err != nil {
		s.log.Error("access log", "request_id", requestID(c), "route", c.Path(), "err", err)
		res.Status = http.StatusInternalServerError
		h := res.Header()
		for _, k := range []string{"ETag", echo.HeaderLocation, echo.HeaderContentLength, echo.HeaderContentDisposition} {
			h.Del(k)
		}
		h.Set(echo.HeaderContentType, problemType)
		res.Writer = &withheld{ResponseWriter: res.Writer, body: []byte(`{"type":"urn:hoi:problem:internal","title":"Internal Server Error","status":500,"detail":"the access could not be logged, so nothing was sent; quote request id ` + requestID(c) + `"}`)}
	}
}

// withheld answers a fixed problem instead of the body a handler writes.
type withheld struct {
	http.ResponseWriter
	body []byte
	sent bool
}

func (w *withheld) Write(b []byte) (int, error) {
	if !w.sent {
		w.sent = true
		if _, err := w.ResponseWriter.Write(w.body); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

// recordNow commits the request's access-log rows at once rather than just
// before the response: the export does, so that the record it reads lists
// its own export.
func (s *Server) recordNow(c echo.Context) error {
	sl := slipOf(c)
	if err := s.Recorder.Record(c.Request().Context(), s.entries(c, sl, audit.Allowed)...); err != nil {
		return err
	}
	sl.written = true
	return nil
}

// auditFunc is the store.AuditFunc of a write on this route: its rows go in
// the write's own transaction. id is the record the store wrote.
func (s *Server) auditFunc(c echo.Context) store.AuditFunc {
	return func(id int64) []audit.Entry {
		sl := slipOf(c)
		sl.written = true
		rid := id
		e := s.entry(c, sl, audit.Allowed)
		if e.ResourceID == nil {
			e.ResourceID = &rid
		}
		if e.CaseID == nil && sl.route.res == audit.ResourceCase {
			e.CaseID = &rid // a new case is its own case
		}
		return []audit.Entry{e}
	}
}

// entries are the rows of the request: one per case a list showed (one
// without a case when it showed none), otherwise one. A list view is one
// entry carrying the cases it showed, each once (a worklist may show a case
// in two sections); the store keeps it compactly and reads it back as one
// row per case.
func (s *Server) entries(c echo.Context, sl *slip, out audit.Outcome) []audit.Entry {
	e := s.entry(c, sl, out)
	if sl.listed && out != audit.Denied && len(sl.shown) > 0 {
		e.CaseID, e.Shown = nil, distinct(sl.shown)
	}
	return []audit.Entry{e}
}

// distinct is ids without repeats, in their first order.
func distinct(ids []int64) []int64 {
	seen := make(map[int64]struct{}, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if _, ok := seen[id]; !ok {
			seen[id] = struct{}{}
			out = append(out, id)
		}
	}
	return out
}

func (s *Server) entry(c echo.Context, sl *slip, out audit.Outcome) audit.Entry {
	p := principal(c)
	return audit.Entry{
		At: s.DB.Now(), UserID: p.UserID, Role: string(p.Role), RegionID: p.RegionID, PracticeID: p.PracticeID,
		ClientAddr: c.RealIP(), Action: sl.route.log, Outcome: out,
		ResourceType: sl.route.res, ResourceID: sl.id, CaseID: sl.caseID, RequestID: requestID(c),
	}
}
