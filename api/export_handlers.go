package api

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/export"
	"github.com/hoi-app/hoi/internal/policy"
)

// exportCase answers the whole case as HOI's JSON record or, with
// format=fhir, as a FHIR R4 Bundle. The export is access-logged before the
// response is sent. The case's access log is part of it only for a caller
// who may read the access log itself (the POH); the team gets the record
// without it.
func (s *Server) exportCase(c echo.Context) error {
	format := c.QueryParam("format")
	if format == "" {
		format = "json"
	}
	if format != "json" && format != "fhir" {
		return errs.Invalid(errs.Field("format", "oneof", "must be json or fhir"))
	}
	if err := s.recordNow(c); err != nil {
		return err
	}
	ref := caseRef(c)
	withLog := policy.AllowCase(principal(c), policy.ReadCaseAccessLog, ref.Facts())
	rec, err := s.DB.CaseRecord(c.Request().Context(), ref, withLog)
	if err != nil {
		return err
	}
	if format == "fhir" {
		b, err := json.Marshal(export.Bundle(rec))
		if err != nil {
			return err
		}
		return c.Blob(http.StatusOK, "application/fhir+json; fhirVersion=4.0", b)
	}
	return c.JSON(http.StatusOK, rec)
}
