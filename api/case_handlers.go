package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/policy"
	"github.com/hoi-app/hoi/internal/store"
)

// fullCase and summaryCase tell the client which view it got.
type fullCase struct {
	View string `json:"view"`
	caseflow.Case
}

type summaryCase struct {
	View string `json:"view"`
	caseflow.Summary
}

// sendCase answers the case in the view the caller is entitled to.
func (s *Server) sendCase(c echo.Context, status int, id int64, f caseflow.Facts) error {
	ctx := c.Request().Context()
	if policy.CaseView(principal(c), f) == policy.ViewFull {
		cs, err := s.DB.Case(ctx, id)
		if err != nil {
			return err
		}
		c.Response().Header().Set("ETag", etag(cs.Version))
		return c.JSON(status, fullCase{View: "full", Case: cs})
	}
	sum, err := s.DB.CaseSummary(ctx, id)
	if err != nil {
		return err
	}
	return c.JSON(status, summaryCase{View: "summary", Summary: sum})
}

func (s *Server) createCase(c echo.Context) error {
	t := target{Type: "case"}
	if err := s.authorize(c, policy.CreateCase, audit.ActionCreate, t); err != nil {
		return err
	}
	var in caseflow.Create
	if err := bind(c, &in); err != nil {
		return err
	}
	if err := in.Normalize(s.DB.Now()); err != nil {
		return err
	}
	if err := validateStruct(&in); err != nil {
		return err
	}
	p := principal(c)
	if p.PracticeID == nil {
		return errs.New(errs.ErrForbidden, "only a practice's GP or POH can signal a resident")
	}
	id, err := s.DB.CreateCase(c.Request().Context(), store.NewCase{Create: in, RegionID: p.RegionID, PracticeID: *p.PracticeID, SignalledBy: p.UserID},
		func(id int64) []audit.Entry {
			return []audit.Entry{s.entry(c, audit.ActionCreate, target{Type: "case", ID: &id, CaseID: &id}, audit.Allowed)}
		})
	if err != nil {
		return err
	}
	f, err := s.DB.CaseFacts(c.Request().Context(), policy.CaseScope(p), p.UserID, id)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/cases/"+strconv.FormatInt(id, 10))
	return s.sendCase(c, http.StatusCreated, id, f)
}

func (s *Server) listCases(c echo.Context) error {
	t := target{Type: "case"}
	if err := s.authorize(c, policy.ListCases, audit.ActionSearch, t); err != nil {
		return err
	}
	f, err := caseFilter(c)
	if err != nil {
		return err
	}
	items, total, err := s.DB.Cases(c.Request().Context(), policy.CaseScope(principal(c)), f)
	if err := s.recorded(c, audit.ActionSearch, t, err); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listResponse[caseflow.ListItem]{Items: items, Total: total, Offset: f.Offset, Limit: f.Limit})
}

func caseFilter(c echo.Context) (caseflow.Filter, error) {
	var f caseflow.Filter
	var err error
	if f.Offset, f.Limit, err = listParams(c); err != nil {
		return f, err
	}
	var fields []errs.FieldError
	if v := c.QueryParam("status"); v != "" {
		for _, st := range strings.Split(v, ",") {
			st := caseflow.Status(strings.TrimSpace(st))
			switch st {
			case caseflow.StatusSignalled, caseflow.StatusExploring, caseflow.StatusFollowUp, caseflow.StatusClosed, caseflow.StatusWithdrawn:
				f.Status = append(f.Status, st)
			default:
				fields = append(fields, errs.Field("status", "oneof", "must be a comma-separated list of: signalled, exploring, follow_up, closed, withdrawn"))
			}
		}
	}
	if v := c.QueryParam("team_member"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			fields = append(fields, errs.Field("team_member", "type", "must be a user id"))
		}
		f.TeamMember = &id
	}
	f.Query = c.QueryParam("q")
	if len(f.Query) > 100 {
		fields = append(fields, errs.Field("q", "max", "must be at most 100 characters"))
	}
	for name, dst := range map[string]**time.Time{"signalled_from": &f.SignalledFrom, "signalled_to": &f.SignalledTo} {
		if v := c.QueryParam(name); v != "" {
			d, err := time.Parse("2006-01-02", v)
			if err != nil {
				fields = append(fields, errs.Field(name, "datetime", "must be a date (YYYY-MM-DD)"))
				continue
			}
			if name == "signalled_to" {
				d = d.AddDate(0, 0, 1) // inclusive end date
			}
			*dst = &d
		}
	}
	switch f.Sort = c.QueryParam("sort"); f.Sort {
	case "", "signalled_at", "-signalled_at", "updated_at", "-updated_at", "label":
	default:
		fields = append(fields, errs.Field("sort", "oneof", "must be one of: signalled_at, -signalled_at, updated_at, -updated_at, label"))
	}
	if len(fields) > 0 {
		return f, errs.Invalid(fields...)
	}
	return f, nil
}

func (s *Server) getCase(c echo.Context) error {
	id, f, err := s.caseParam(c, policy.ReadCase, audit.ActionRead, target{Type: "case"})
	if err != nil {
		return err
	}
	if err := s.recorded(c, audit.ActionRead, target{Type: "case", ID: &id, CaseID: &id}, nil); err != nil {
		return err
	}
	return s.sendCase(c, http.StatusOK, id, f)
}

func (s *Server) updateCase(c echo.Context) error {
	id, f, err := s.caseParam(c, policy.UpdateCase, audit.ActionUpdate, target{Type: "case"})
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in caseflow.Update
	if err := bind(c, &in); err != nil {
		return err
	}
	if err := in.Check(); err != nil {
		return err
	}
	if err := s.DB.UpdateCase(c.Request().Context(), id, version, in, s.logWrite(c, audit.ActionUpdate, target{Type: "case", ID: &id, CaseID: &id})); err != nil {
		return err
	}
	return s.sendCase(c, http.StatusOK, id, f)
}

func (s *Server) recordConsent(c echo.Context) error {
	id, f, err := s.caseParam(c, policy.RecordConsent, audit.ActionUpdate, target{Type: "consent"})
	if err != nil {
		return err
	}
	var in caseflow.ConsentInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if in.At != nil && in.At.After(s.DB.Now().Add(time.Minute)) {
		return errs.Invalid(errs.Field("at", "future", "cannot be in the future"))
	}
	if err := s.DB.RecordConsent(c.Request().Context(), id, principal(c).UserID, in, s.logWrite(c, audit.ActionUpdate, target{Type: "consent", ID: &id, CaseID: &id})); err != nil {
		return err
	}
	return s.sendCase(c, http.StatusOK, id, f)
}

func (s *Server) setTeam(c echo.Context) error {
	id, f, err := s.caseParam(c, policy.AssignTeam, audit.ActionUpdate, target{Type: "team"})
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in caseflow.TeamInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if in.Members == nil {
		return errs.Invalid(errs.Field("members", "required", "is required (an empty list clears the team)"))
	}
	if err := s.DB.SetTeam(c.Request().Context(), id, version, principal(c).UserID, in.Members, s.logWrite(c, audit.ActionUpdate, target{Type: "team", ID: &id, CaseID: &id})); err != nil {
		return err
	}
	return s.sendCase(c, http.StatusOK, id, f)
}

func (s *Server) closeCase(c echo.Context) error {
	id, f, err := s.caseParam(c, policy.CloseCase, audit.ActionUpdate, target{Type: "case"})
	if err != nil {
		return err
	}
	var in caseflow.CloseInput
	if err := bind(c, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.Reason) == "" {
		return errs.Invalid(errs.Field("reason", "required", "is required"))
	}
	if err := s.DB.CloseCase(c.Request().Context(), id, principal(c).UserID, in, s.logWrite(c, audit.ActionUpdate, target{Type: "case", ID: &id, CaseID: &id})); err != nil {
		return err
	}
	return s.sendCase(c, http.StatusOK, id, f)
}

func (s *Server) caseAccessLog(c echo.Context) error {
	id, _, err := s.caseParam(c, policy.ReadCaseAccessLog, audit.ActionRead, target{Type: "access_log"})
	if err != nil {
		return err
	}
	offset, limit, err := listParams(c)
	if err != nil {
		return err
	}
	rows, err := s.DB.AccessLog(c.Request().Context(), store.AccessLogFilter{RegionID: principal(c).RegionID, CaseID: &id, Offset: offset, Limit: limit})
	if err := s.recorded(c, audit.ActionRead, target{Type: "access_log", CaseID: &id}, err); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		Items  []audit.Entry `json:"items"`
		Offset int           `json:"offset"`
		Limit  int           `json:"limit"`
	}{rows, offset, limit})
}

// teamCandidates lists who a POH can put on a team: names and roles only.
func (s *Server) teamCandidates(c echo.Context) error {
	t := target{Type: "user"}
	if err := s.authorize(c, policy.ListTeamCandidates, audit.ActionSearch, t); err != nil {
		return err
	}
	items, err := s.DB.TeamCandidates(c.Request().Context(), principal(c).RegionID)
	if err := s.recorded(c, audit.ActionSearch, t, err); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		Items []caseflow.Person `json:"items"`
	}{items})
}
