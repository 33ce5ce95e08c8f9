package api

import (
	"errors"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/policy"
)

// caseAccess is the one gate in front of every case route: it finds the case
// within the caller's tenancy (404 otherwise) and asks the policy (403
// otherwise). Both refusals are written to the access log.
func (s *Server) caseAccess(c echo.Context, caseID int64, a policy.Action, act audit.Action, t target) (caseflow.Facts, error) {
	p := principal(c)
	t.CaseID = &caseID
	facts, err := s.DB.CaseFacts(c.Request().Context(), policy.CaseScope(p), p.UserID, caseID)
	if err == nil && !policy.AllowCase(p, a, facts) {
		err = errs.New(errs.ErrForbidden, "your role may not do this on this case")
	}
	if err == nil && facts.Erased && a != policy.ReadCaseAccessLog {
		err = errErased
	}
	if err != nil {
		if errors.Is(err, errs.ErrNotFound) {
			err = errs.NotFound("case")
		}
		if !errors.Is(err, errs.ErrNotFound) && !errors.Is(err, errs.ErrForbidden) && !errors.Is(err, errs.ErrGone) {
			return facts, err
		}
		if rerr := s.Recorder.Record(c.Request().Context(), s.entry(c, act, t, audit.Denied)); rerr != nil {
			return facts, rerr
		}
		return facts, err
	}
	return facts, nil
}

// caseParam reads :id as a case id; a malformed id is a case not found.
func (s *Server) caseParam(c echo.Context, a policy.Action, act audit.Action, t target) (int64, caseflow.Facts, error) {
	id, err := pathID(c)
	if err != nil {
		return 0, caseflow.Facts{}, errs.NotFound("case")
	}
	f, err := s.caseAccess(c, id, a, act, t)
	return id, f, err
}

// childAccess resolves a conversation or plan item to its case and passes
// the case gate. A child of an invisible case is not found, like the case.
func (s *Server) childAccess(c echo.Context, kind string, lookup func(id int64) (int64, error), a policy.Action, act audit.Action) (id, caseID int64, f caseflow.Facts, err error) {
	id, err = pathID(c)
	if err != nil {
		return 0, 0, f, errs.NotFound(kind)
	}
	caseID, err = lookup(id)
	if err != nil {
		if errors.Is(err, errs.ErrNotFound) {
			if rerr := s.Recorder.Record(c.Request().Context(), s.entry(c, act, target{Type: kind, ID: &id}, audit.Denied)); rerr != nil {
				return 0, 0, f, rerr
			}
			return 0, 0, f, errs.NotFound(kind)
		}
		return 0, 0, f, err
	}
	f, err = s.caseAccess(c, caseID, a, act, target{Type: kind, ID: &id})
	if errors.Is(err, errs.ErrNotFound) {
		err = errs.NotFound(kind)
	}
	return id, caseID, f, err
}
