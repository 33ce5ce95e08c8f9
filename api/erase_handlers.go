package api

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// eraseInput is the body of DELETE /cases/{id}: why the case is erased (for
// instance "verzoek van de bewoner, AVG art. 17"), kept on the tombstone.
type eraseInput struct {
	Reason string `json:"reason" validate:"required,max=500"`
}

// Normalize trims the reason, so that a blank one is refused as missing.
func (in *eraseInput) Normalize() { in.Reason = strings.TrimSpace(in.Reason) }

func (s *Server) eraseCase(c echo.Context) error {
	var in eraseInput
	if err := s.bind(c, &in); err != nil {
		return err
	}
	by := principal(c).UserID
	if err := s.DB.EraseCase(c.Request().Context(), caseRef(c), &by, in.Reason, s.auditFunc(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
