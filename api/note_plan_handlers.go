package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/caseflow"
)

func (s *Server) listNotes(c echo.Context) error {
	offset, limit, err := listParams(c)
	if err != nil {
		return err
	}
	items, total, err := s.DB.Notes(c.Request().Context(), caseRef(c), offset, limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listResponse[caseflow.Note]{Items: items, Total: total, Offset: offset, Limit: limit})
}

func (s *Server) addNote(c echo.Context) error {
	var in caseflow.NoteInput
	if err := s.bind(c, &in); err != nil {
		return err
	}
	p := principal(c)
	n, err := s.DB.AddNote(c.Request().Context(), caseRef(c), p.UserID, string(p.Role), in, s.auditFunc(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, n)
}

func (s *Server) listPlan(c echo.Context) error {
	items, err := s.DB.Plan(c.Request().Context(), caseRef(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		Items []caseflow.PlanItem `json:"items"`
	}{items})
}

func (s *Server) addPlanItem(c echo.Context) error {
	var in caseflow.PlanCreate
	if err := s.bind(c, &in); err != nil {
		return err
	}
	item, err := s.DB.AddPlanItem(c.Request().Context(), caseRef(c), principal(c).UserID, in, s.auditFunc(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(item.Version))
	return c.JSON(http.StatusCreated, item)
}

func (s *Server) updatePlanItem(c echo.Context) error {
	id, _ := pathID(c) // the gate has parsed it
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in caseflow.PlanUpdate
	if err := s.bind(c, &in); err != nil {
		return err
	}
	item, err := s.DB.UpdatePlanItem(c.Request().Context(), caseRef(c), id, version, in, s.auditFunc(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(item.Version))
	return c.JSON(http.StatusOK, item)
}

// recordLoopStep records one step of the plan item's request to its
// provider; If-Match like every other plan-item write.
func (s *Server) recordLoopStep(c echo.Context) error {
	id, _ := pathID(c) // the gate has parsed it
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in caseflow.LoopStepInput
	if err := s.bind(c, &in); err != nil {
		return err
	}
	p := principal(c)
	item, err := s.DB.RecordLoopStep(c.Request().Context(), caseRef(c), id, version, p.UserID, string(p.Role), in, s.auditFunc(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(item.Version))
	return c.JSON(http.StatusOK, item)
}
