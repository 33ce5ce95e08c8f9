package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/policy"
	"github.com/hoi-app/hoi/internal/practice"
)

func (s *Server) listPractices(c echo.Context) error {
	t := target{Type: "practice"}
	if err := s.authorize(c, policy.ListPractices, audit.ActionSearch, t); err != nil {
		return err
	}
	offset, limit, err := listParams(c)
	if err != nil {
		return err
	}
	items, total, err := s.DB.Practices(c.Request().Context(), practice.Filter{RegionID: principal(c).RegionID, Offset: offset, Limit: limit})
	if err := s.recorded(c, audit.ActionSearch, t, err); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listResponse[practice.Practice]{Items: items, Total: total, Offset: offset, Limit: limit})
}

func (s *Server) createPractice(c echo.Context) error {
	t := target{Type: "practice"}
	if err := s.authorize(c, policy.CreatePractice, audit.ActionCreate, t); err != nil {
		return err
	}
	var in practice.Create
	if err := bind(c, &in); err != nil {
		return err
	}
	in.Normalize()
	if err := validateStruct(&in); err != nil {
		return err
	}
	pr, err := s.DB.CreatePractice(c.Request().Context(), principal(c).RegionID, in, s.logWrite(c, audit.ActionCreate, t))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, pr)
}
