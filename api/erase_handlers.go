package api

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/policy"
	"github.com/hoi-app/hoi/internal/store"
)

// errErased answers every route of an erased case, for those who could see
// it: the record existed and is gone (410), not unknown (404).
var errErased = store.ErrErased

// eraseInput is the body of DELETE /cases/{id}: why the case is erased (for
// instance "verzoek van de bewoner, AVG art. 17"), kept on the tombstone.
type eraseInput struct {
	Reason string `json:"reason" validate:"required,max=500"`
}

func (s *Server) eraseCase(c echo.Context) error {
	id, _, err := s.caseParam(c, policy.EraseCase, audit.ActionDelete, target{Type: "case"})
	if err != nil {
		return err
	}
	var in eraseInput
	if err := bind(c, &in); err != nil {
		return err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Reason == "" {
		return errs.Invalid(errs.Field("reason", "required", "is required"))
	}
	by := principal(c).UserID
	if err := s.DB.EraseCase(c.Request().Context(), id, &by, in.Reason, s.logWrite(c, audit.ActionDelete, target{Type: "case", ID: &id, CaseID: &id})); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
