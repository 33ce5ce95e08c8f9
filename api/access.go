package api

import (
	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/policy"
	"github.com/hoi-app/hoi/internal/store"
)

// target names the data a request touches, for the access log.
type target struct {
	Type   string
	ID     *int64
	CaseID *int64
}

func (s *Server) entry(c echo.Context, act audit.Action, t target, out audit.Outcome) audit.Entry {
	p := principal(c)
	return audit.Entry{
		At: s.DB.Now(), UserID: p.UserID, Role: string(p.Role), RegionID: p.RegionID, PracticeID: p.PracticeID,
		ClientAddr: c.RealIP(), Action: act, Outcome: out,
		ResourceType: t.Type, ResourceID: t.ID, CaseID: t.CaseID, RequestID: requestID(c),
	}
}

// authorize asks the policy; a refusal is logged as denied and answered 403.
func (s *Server) authorize(c echo.Context, a policy.Action, act audit.Action, t target) error {
	if policy.Allow(principal(c), a) {
		return nil
	}
	if err := s.Recorder.Record(c.Request().Context(), s.entry(c, act, t, audit.Denied)); err != nil {
		return err
	}
	return errs.New(errs.ErrForbidden, "your role may not do this")
}

// recorded logs a read (or search) before the response is sent, through the
// group-committing recorder. A not-found answer is logged as denied: from the
// caller's side it may well be another practice's record.
func (s *Server) recorded(c echo.Context, act audit.Action, t target, err error) error {
	out := audit.Allowed
	if err != nil {
		out = audit.Denied
	}
	if rerr := s.Recorder.Record(c.Request().Context(), s.entry(c, act, t, out)); rerr != nil {
		return rerr
	}
	return err
}

// logWrite returns the store.AuditFunc that logs a write in its transaction.
func (s *Server) logWrite(c echo.Context, act audit.Action, t target) store.AuditFunc {
	return func(id int64) []audit.Entry {
		t := t
		if t.ID == nil {
			t.ID = &id
		}
		return []audit.Entry{s.entry(c, act, t, audit.Allowed)}
	}
}
