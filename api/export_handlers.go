package api

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/export"
	"github.com/hoi-app/hoi/internal/policy"
)

// exportCase answers the whole case as HOI's JSON record or, with
// format=fhir, as a FHIR R4 Bundle. The export is access-logged before the
// response is sent, so the record itself lists its own export.
func (s *Server) exportCase(c echo.Context) error {
	format := c.QueryParam("format")
	if format == "" {
		format = "json"
	}
	if format != "json" && format != "fhir" {
		return errs.Invalid(errs.Field("format", "oneof", "must be json or fhir"))
	}
	id, _, err := s.caseParam(c, policy.ExportCase, audit.ActionExport, target{Type: "case"})
	if err != nil {
		return err
	}
	if err := s.recorded(c, audit.ActionExport, target{Type: "case", ID: &id, CaseID: &id}, nil); err != nil {
		return err
	}
	rec, err := s.DB.CaseRecord(c.Request().Context(), principal(c).RegionID, id)
	if err != nil {
		return err
	}
	if format == "fhir" {
		b, err := jsonBytes(export.Bundle(rec))
		if err != nil {
			return err
		}
		return c.Blob(http.StatusOK, "application/fhir+json; fhirVersion=4.0", b)
	}
	return c.JSON(http.StatusOK, rec)
}

func jsonBytes(v any) ([]byte, error) { return json.Marshal(v) }
