package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/practice"
)

func (s *Server) listPractices(c echo.Context) error {
	offset, limit, err := listParams(c)
	if err != nil {
		return err
	}
	items, total, err := s.DB.Practices(c.Request().Context(), practice.Filter{RegionID: principal(c).RegionID, Offset: offset, Limit: limit})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listResponse[practice.Practice]{Items: items, Total: total, Offset: offset, Limit: limit})
}

func (s *Server) createPractice(c echo.Context) error {
	var in practice.Create
	if err := s.bind(c, &in); err != nil {
		return err
	}
	pr, err := s.DB.CreatePractice(c.Request().Context(), principal(c).RegionID, in, s.auditFunc(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, pr)
}
