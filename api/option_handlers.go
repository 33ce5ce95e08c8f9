package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/errs"
)

func (s *Server) listOptions(c echo.Context) error {
	f := catalogue.Filter{RegionID: principal(c).RegionID, Query: c.QueryParam("q"), Category: catalogue.Category(c.QueryParam("category")), ActiveOnly: true}
	var err error
	if f.Offset, f.Limit, err = listParams(c); err != nil {
		return err
	}
	if f.Category != "" && !f.Category.Valid() {
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
	var in catalogue.Create
	if err := s.bind(c, &in); err != nil {
		return err
	}
	o, err := s.DB.CreateOption(c.Request().Context(), principal(c).RegionID, in, s.auditFunc(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(o.Version))
	return c.JSON(http.StatusCreated, o)
}

func (s *Server) updateOption(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return errs.NotFound("option")
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in catalogue.Update
	if err := s.bind(c, &in); err != nil {
		return err
	}
	o, err := s.DB.UpdateOption(c.Request().Context(), principal(c).RegionID, id, version, in, s.auditFunc(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(o.Version))
	return c.JSON(http.StatusOK, o)
}
