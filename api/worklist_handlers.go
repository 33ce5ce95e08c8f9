package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/policy"
)

// worklist answers the caller's worklist; each case it shows gets its own
// access-log row.
func (s *Server) worklist(c echo.Context) error {
	p := principal(c)
	w, err := s.DB.Worklist(c.Request().Context(), policy.CaseScope(p), policy.WorklistSections(p))
	if err != nil {
		return err
	}
	showCases(c, w.CaseIDs()...)
	return c.JSON(http.StatusOK, w)
}
