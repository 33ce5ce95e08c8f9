package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/capacity"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/policy"
)

// capacityReport is the body of GET /capacity.
type capacityReport struct {
	RegionID   int64             `json:"region_id"`
	PracticeID *int64            `json:"practice_id"`
	From       string            `json:"from"`
	To         string            `json:"to"`
	Interval   string            `json:"interval"`
	Settings   capacity.Settings `json:"settings"`
	capacity.Report
}

func (s *Server) capacity(c echo.Context) error {
	rep, err := s.capacityReport(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rep)
}

func (s *Server) capacityCSV(c echo.Context) error {
	rep, err := s.capacityReport(c)
	if err != nil {
		return err
	}
	name := "hoi-capaciteit-" + rep.From + "-" + rep.To + ".csv"
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", capacityCSV(rep))
}

// capacityReport computes the figures in the scope the policy gives the
// caller (aggregates and worker ids only: the access-log row names no case).
func (s *Server) capacityReport(c echo.Context) (capacityReport, error) {
	q, err := s.capacityQuery(c)
	if err != nil {
		return capacityReport{}, err
	}
	ctx, today := c.Request().Context(), s.DB.Now()
	set, err := s.DB.RegionSettings(ctx, q.RegionID)
	if err != nil {
		return capacityReport{}, err
	}
	data, err := s.DB.CapacityData(ctx, q, today)
	if err != nil {
		return capacityReport{}, err
	}
	return capacityReport{RegionID: q.RegionID, PracticeID: q.PracticeID, From: q.From.Format(time.DateOnly), To: q.To.Format(time.DateOnly),
		Interval: capacity.Interval, Settings: set.Value, Report: capacity.Compute(q, data, set.Value, today)}, nil
}

// capacityQuery reads the parameters and applies who may see what: a POH
// their own location, the admin the region or one location of it.
func (s *Server) capacityQuery(c echo.Context) (capacity.Query, error) {
	p := principal(c)
	q := capacity.Query{RegionID: p.RegionID}
	var fields []errs.FieldError
	if v := c.QueryParam("interval"); v != "" && v != capacity.Interval {
		fields = append(fields, errs.Field("interval", "oneof", "must be week"))
	}
	var practice *int64
	if v := c.QueryParam("practice"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			fields = append(fields, errs.Field("practice", "type", "must be a practice id"))
		}
		practice = &id
	}
	q.From, q.To = capacity.DefaultRange(s.DB.Now())
	for name, dst := range map[string]*time.Time{"from": &q.From, "to": &q.To} {
		if v := c.QueryParam(name); v != "" {
			d, err := time.Parse(time.DateOnly, v)
			if err != nil {
				fields = append(fields, errs.Field(name, "datetime", "must be a date (YYYY-MM-DD)"))
			}
			*dst = d
		}
	}
	if len(fields) > 0 {
		return q, errs.Invalid(fields...)
	}
	if err := q.Check(); err != nil {
		return q, err
	}
	sc, err := policy.CapacityFor(p, practice)
	if err != nil {
		return q, err
	}
	if sc.CheckPractice {
		if _, err := s.DB.Practice(c.Request().Context(), p.RegionID, *sc.PracticeID); err != nil {
			return q, err
		}
	}
	q.PracticeID = sc.PracticeID
	return q, nil
}

// regionSettingsResponse is the region's thresholds with their version.
type regionSettingsResponse struct {
	capacity.Settings
	Version int64 `json:"version"`
}

func (s *Server) regionSettings(c echo.Context) error {
	set, err := s.DB.RegionSettings(c.Request().Context(), principal(c).RegionID)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(set.Version))
	return c.JSON(http.StatusOK, regionSettingsResponse{set.Value, set.Version})
}

func (s *Server) updateRegionSettings(c echo.Context) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in capacity.SettingsUpdate
	if err := s.bind(c, &in); err != nil {
		return err
	}
	set, err := s.DB.UpdateRegionSettings(c.Request().Context(), principal(c).RegionID, version, in, s.auditFunc(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(set.Version))
	return c.JSON(http.StatusOK, regionSettingsResponse{set.Value, set.Version})
}
