package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/policy"
)

func (s *Server) listNotes(c echo.Context) error {
	id, _, err := s.caseParam(c, policy.ReadCaseContent, audit.ActionRead, target{Type: "note"})
	if err != nil {
		return err
	}
	offset, limit, err := listParams(c)
	if err != nil {
		return err
	}
	items, total, err := s.DB.Notes(c.Request().Context(), id, offset, limit)
	if err := s.recorded(c, audit.ActionRead, target{Type: "note", CaseID: &id}, err); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listResponse[caseflow.Note]{Items: items, Total: total, Offset: offset, Limit: limit})
}

func (s *Server) addNote(c echo.Context) error {
	id, _, err := s.caseParam(c, policy.WriteCaseContent, audit.ActionCreate, target{Type: "note"})
	if err != nil {
		return err
	}
	var in caseflow.NoteInput
	if err := bind(c, &in); err != nil {
		return err
	}
	p := principal(c)
	n, err := s.DB.AddNote(c.Request().Context(), id, p.UserID, string(p.Role), in, s.logWrite(c, audit.ActionCreate, target{Type: "note", CaseID: &id}))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, n)
}

func (s *Server) listPlan(c echo.Context) error {
	id, _, err := s.caseParam(c, policy.ReadCaseContent, audit.ActionRead, target{Type: "plan_item"})
	if err != nil {
		return err
	}
	items, err := s.DB.Plan(c.Request().Context(), id)
	if err := s.recorded(c, audit.ActionRead, target{Type: "plan_item", CaseID: &id}, err); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		Items []caseflow.PlanItem `json:"items"`
	}{items})
}

func (s *Server) addPlanItem(c echo.Context) error {
	id, f, err := s.caseParam(c, policy.WriteCaseContent, audit.ActionCreate, target{Type: "plan_item"})
	if err != nil {
		return err
	}
	var in caseflow.PlanCreate
	if err := bind(c, &in); err != nil {
		return err
	}
	if err := in.Check(); err != nil {
		return err
	}
	item, err := s.DB.AddPlanItem(c.Request().Context(), id, f.RegionID, principal(c).UserID, in, s.logWrite(c, audit.ActionCreate, target{Type: "plan_item", CaseID: &id}))
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(item.Version))
	return c.JSON(http.StatusCreated, item)
}

func (s *Server) updatePlanItem(c echo.Context) error {
	id, caseID, _, err := s.childAccess(c, "plan_item", func(id int64) (int64, error) { return s.DB.PlanItemCase(c.Request().Context(), id) }, policy.WriteCaseContent, audit.ActionUpdate)
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in caseflow.PlanUpdate
	if err := bind(c, &in); err != nil {
		return err
	}
	if err := in.Check(); err != nil {
		return err
	}
	item, err := s.DB.UpdatePlanItem(c.Request().Context(), id, version, in, s.logWrite(c, audit.ActionUpdate, target{Type: "plan_item", ID: &id, CaseID: &caseID}))
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(item.Version))
	return c.JSON(http.StatusOK, item)
}
