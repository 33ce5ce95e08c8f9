package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/policy"
)

func (s *Server) listOptions(c echo.Context) error {
	t := target{Type: "option"}
	if err := s.authorize(c, policy.ListOptions, audit.ActionSearch, t); err != nil {
		return err
	}
	f := catalogue.Filter{RegionID: principal(c).RegionID, Query: c.QueryParam("q"), Category: c.QueryParam("category"), ActiveOnly: true}
	var err error
	if f.Offset, f.Limit, err = listParams(c); err != nil {
		return err
	}
	if f.Category != "" && !catalogue.ValidCategory(f.Category) {
		return errs.Invalid(errs.Field("category", "oneof", "is not an option category"))
	}
	if v := c.QueryParam("include_inactive"); v != "" {
		all, err := strconv.ParseBool(v)
		if err != nil {
			return errs.Invalid(errs.Field("include_inactive", "type", "must be true or false"))
		}
		f.ActiveOnly = !all
	}
	if len(f.Query) > 100 {
		return errs.Invalid(errs.Field("q", "max", "must be at most 100 characters"))
	}
	// The catalogue is no case data: searching it is not access-logged.
	items, total, err := s.DB.Options(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listResponse[catalogue.Option]{Items: items, Total: total, Offset: f.Offset, Limit: f.Limit})
}

func (s *Server) createOption(c echo.Context) error {
	t := target{Type: "option"}
	if err := s.authorize(c, policy.ManageOptions, audit.ActionCreate, t); err != nil {
		return err
	}
	var in catalogue.Create
	if err := bind(c, &in); err != nil {
		return err
	}
	in.Normalize()
	if err := validateStruct(&in); err != nil {
		return err
	}
	o, err := s.DB.CreateOption(c.Request().Context(), principal(c).RegionID, in, s.logWrite(c, audit.ActionCreate, t))
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(o.Version))
	return c.JSON(http.StatusCreated, o)
}

func (s *Server) updateOption(c echo.Context) error {
	id, idErr := pathID(c)
	t := target{Type: "option", ID: &id}
	if err := s.authorize(c, policy.ManageOptions, audit.ActionUpdate, t); err != nil {
		return err
	}
	if idErr != nil {
		return errs.NotFound("option")
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in catalogue.Update
	if err := bind(c, &in); err != nil {
		return err
	}
	if err := in.Check(); err != nil {
		return err
	}
	o, err := s.DB.UpdateOption(c.Request().Context(), principal(c).RegionID, id, version, in, s.logWrite(c, audit.ActionUpdate, t))
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(o.Version))
	return c.JSON(http.StatusOK, o)
}

func (s *Server) worklist(c echo.Context) error {
	t := target{Type: "worklist"}
	if err := s.authorize(c, policy.ReadWorklist, audit.ActionSearch, t); err != nil {
		return err
	}
	w, err := s.DB.Worklist(c.Request().Context(), policy.CaseScope(principal(c)))
	if err := s.recorded(c, audit.ActionSearch, t, err); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, w)
}
