package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/policy"
	"github.com/hoi-app/hoi/internal/store"
)

// fullCase and summaryCase tell the client which view it got and what it
// may do with the case (the SPA shows and hides from allowed_actions).
type fullCase struct {
	View           string          `json:"view"`
	AllowedActions []policy.Action `json:"allowed_actions"`
	caseflow.Case
}

type summaryCase struct {
	View           string          `json:"view"`
	AllowedActions []policy.Action `json:"allowed_actions"`
	caseflow.Summary
}

// sendCase answers case ref in the view the caller is entitled to, as it is
// stored now.
func (s *Server) sendCase(c echo.Context, status int, ref store.CaseRef) error {
	return s.sendCaseWith(c, status, ref, s.DB.Case)
}

// sendCaseWith is sendCase with the read of the full case given: Case after
// a write, CaseAsGated for a plain read.
func (s *Server) sendCaseWith(c echo.Context, status int, ref store.CaseRef, read func(context.Context, store.CaseRef) (caseflow.Case, error)) error {
	ctx := c.Request().Context()
	p := principal(c)
	if policy.CaseView(p, ref.Facts()) == policy.ViewFull {
		cs, err := read(ctx, ref)
		if err != nil {
			return err
		}
		f := ref.Facts()
		f.Status = cs.Status
		c.Response().Header().Set("ETag", etag(cs.Version))
		return c.JSON(status, fullCase{View: "full", AllowedActions: policy.AllowedCaseActions(p, f), Case: cs})
	}
	sum, err := s.DB.CaseSummary(ctx, ref)
	if err != nil {
		return err
	}
	f := ref.Facts()
	f.Status = sum.Status
	return c.JSON(status, summaryCase{View: "summary", AllowedActions: policy.AllowedCaseActions(p, f), Summary: sum})
}

func (s *Server) createCase(c echo.Context) error {
	p := principal(c)
	if err := policy.CheckSignal(p); err != nil {
		return err
	}
	var in caseflow.Create
	if err := s.bind(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	id, err := s.DB.CreateCase(ctx, store.NewCase{Create: in, RegionID: p.RegionID, PracticeID: *p.PracticeID, SignalledBy: p.UserID}, s.auditFunc(c))
	if err != nil {
		return err
	}
	ref, err := s.DB.CaseGate(ctx, policy.CaseScope(p), p.UserID, id)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/cases/"+strconv.FormatInt(id, 10))
	return s.sendCase(c, http.StatusCreated, ref)
}

func (s *Server) listCases(c echo.Context) error {
	f, err := caseFilter(c, principal(c))
	if err != nil {
		return err
	}
	items, total, err := s.DB.Cases(c.Request().Context(), policy.CaseScope(principal(c)), f)
	if err != nil {
		return err
	}
	for _, it := range items {
		showCases(c, it.ID)
	}
	return c.JSON(http.StatusOK, listResponse[caseflow.ListItem]{Items: items, Total: total, Offset: f.Offset, Limit: f.Limit})
}

// caseFilter reads the list's filters; one the caller's role may not use is
// refused by the policy, never silently answered.
func caseFilter(c echo.Context, p auth.Principal) (caseflow.Filter, error) {
	var f caseflow.Filter
	var err error
	if f.Offset, f.Limit, err = listParams(c); err != nil {
		return f, err
	}
	var fields []errs.FieldError
	if v := c.QueryParam("status"); v != "" {
		for _, st := range strings.Split(v, ",") {
			st := caseflow.Status(strings.TrimSpace(st))
			if !st.Valid() {
				fields = append(fields, errs.Field("status", "oneof", "must be a comma-separated list of: "+strings.Join(caseflow.Statuses.Strings(), ", ")))
				continue
			}
			f.Status = append(f.Status, st)
		}
	}
	if v := c.QueryParam("team_member"); v != "" {
		if err := policy.CheckFilter(p, policy.FilterTeamMember, "team_member"); err != nil {
			return f, err
		}
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

// getCase reads nothing between its gate and its answer, so the case row the
// gate read is the stored one.
func (s *Server) getCase(c echo.Context) error {
	return s.sendCaseWith(c, http.StatusOK, caseRef(c), s.DB.CaseAsGated)
}

func (s *Server) updateCase(c echo.Context) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in caseflow.Update
	if err := s.bind(c, &in); err != nil {
		return err
	}
	ref := caseRef(c)
	if err := s.DB.UpdateCase(c.Request().Context(), ref, version, in, s.auditFunc(c)); err != nil {
		return err
	}
	return s.sendCase(c, http.StatusOK, ref)
}

func (s *Server) recordConsent(c echo.Context) error {
	var in caseflow.ConsentInput
	if err := s.bind(c, &in); err != nil {
		return err
	}
	ref := caseRef(c)
	if err := s.DB.RecordConsent(c.Request().Context(), ref, principal(c).UserID, in, s.auditFunc(c)); err != nil {
		return err
	}
	return s.sendCase(c, http.StatusOK, ref)
}

func (s *Server) setTeam(c echo.Context) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in caseflow.TeamInput
	if err := s.bind(c, &in); err != nil {
		return err
	}
	ref := caseRef(c)
	if err := s.DB.SetTeam(c.Request().Context(), ref, version, principal(c).UserID, in.Members, in.OverCapReason, s.auditFunc(c)); err != nil {
		return err
	}
	return s.sendCase(c, http.StatusOK, ref)
}

func (s *Server) closeCase(c echo.Context) error {
	var in caseflow.CloseInput
	if err := s.bind(c, &in); err != nil {
		return err
	}
	ref := caseRef(c)
	if err := s.DB.CloseCase(c.Request().Context(), ref, principal(c).UserID, in, s.auditFunc(c)); err != nil {
		return err
	}
	return s.sendCase(c, http.StatusOK, ref)
}

func (s *Server) caseAccessLog(c echo.Context) error {
	offset, limit, err := listParams(c)
	if err != nil {
		return err
	}
	rows, err := s.DB.CaseAccessLog(c.Request().Context(), caseRef(c), offset, limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		Items  []audit.Entry `json:"items"`
		Offset int           `json:"offset"`
		Limit  int           `json:"limit"`
	}{rows, offset, limit})
}

// teamCandidates lists who a POH can put on a team: names, roles, and each
// one's active cases against their cap.
func (s *Server) teamCandidates(c echo.Context) error {
	items, err := s.DB.TeamCandidates(c.Request().Context(), principal(c).RegionID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		Items []caseflow.Candidate `json:"items"`
	}{items})
}
