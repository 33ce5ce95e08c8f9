package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/api/decode"
	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/hsds"
)

// hsdsMaxPage bounds page, so that (page-1) × per_page cannot overflow into
// a negative offset: a million pages of 200 is far beyond any social map.
const hsdsMaxPage = 1_000_000

// hsdsPage reads HSDS's page (1–hsdsMaxPage) and per_page (1–200, default 50).
func hsdsPage(c echo.Context) (page, size int, err error) {
	page, size = 1, 50
	var fields []errs.FieldError
	if v := c.QueryParam("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 || page > hsdsMaxPage {
			fields = append(fields, errs.Field("page", "range", "must be a whole number from 1 to 1000000"))
		}
	}
	if v := c.QueryParam("per_page"); v != "" {
		if size, err = strconv.Atoi(v); err != nil || size < 1 || size > 200 {
			fields = append(fields, errs.Field("per_page", "max", "must be a whole number from 1 to 200"))
		}
	}
	if len(fields) > 0 {
		return 0, 0, errs.Invalid(fields...)
	}
	return page, size, nil
}

// hsdsServices answers the region's social map as an HSDS API /services
// page. Like HSDS, the list holds the one-to-one fields (and the
// organization); full=true nests everything, as /services/{id} does.
func (s *Server) hsdsServices(c echo.Context) error {
	page, size, err := hsdsPage(c)
	if err != nil {
		return err
	}
	full := c.QueryParam("full") == "true"
	f := catalogue.Filter{RegionID: principal(c).RegionID, Query: c.QueryParam("search"), Offset: (page - 1) * size, Limit: size}
	if len(f.Query) > 100 {
		return errs.Invalid(errs.Field("search", "max", "must be at most 100 characters"))
	}
	items, total, err := s.DB.Options(c.Request().Context(), f)
	if err != nil {
		return err
	}
	p := hsds.Page{TotalItems: total, PageNumber: page, Size: len(items), Contents: make([]hsds.Service, len(items))}
	p.TotalPages = (total + int64(size) - 1) / int64(size)
	p.FirstPage, p.LastPage, p.Empty = page == 1, int64(page) >= p.TotalPages, len(items) == 0
	for i, o := range items {
		sv := hsds.Export(o)
		if !full {
			sv = hsds.OneToOne(sv)
		}
		p.Contents[i] = sv
	}
	return c.JSON(http.StatusOK, p)
}

// hsdsService answers one option as a fully nested HSDS service, found by
// its HSDS id within the caller's region.
func (s *Server) hsdsService(c echo.Context) error {
	o, err := s.DB.OptionByHSDSID(c.Request().Context(), principal(c).RegionID, c.Param("id"))
	if err != nil {
		if errors.Is(err, errs.ErrNotFound) {
			return errs.NotFound("service")
		}
		return err
	}
	return c.JSON(http.StatusOK, hsds.Export(o))
}

// hsdsTaxonomyTerms publishes the taxonomy the export's attributes use.
func (s *Server) hsdsTaxonomyTerms(c echo.Context) error {
	terms := hsds.Terms()
	return c.JSON(http.StatusOK, struct {
		hsds.Page
		Contents []hsds.TaxonomyTerm `json:"contents"`
	}{Page: hsds.Page{TotalItems: int64(len(terms)), TotalPages: 1, PageNumber: 1, Size: len(terms), FirstPage: true, LastPage: true}, Contents: terms})
}

// importOptions takes an HSDS document and answers the diff against the
// region's catalogue; with apply=true it also applies it, in one
// transaction. Without it, nothing changes (the dry run).
func (s *Server) importOptions(c echo.Context) error {
	apply := false
	if v := c.QueryParam("apply"); v != "" {
		var err error
		if apply, err = strconv.ParseBool(v); err != nil {
			return errs.Invalid(errs.Field("apply", "type", "must be true or false"))
		}
	}
	req := c.Request()
	if mt, _, err := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType)); err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return errs.New(errs.ErrUnsupportedMedia, "send the HSDS document as application/json")
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), req.Body, MaxBodyBytes))
	if err != nil {
		return errs.New(errs.ErrTooLarge, "the file is larger than %d bytes", MaxBodyBytes)
	}
	if err := decode.Text(body); err != nil {
		return err
	}
	services, err := hsds.Parse(body)
	if err != nil {
		return errs.Invalid(errs.Field("body", "format", err.Error()))
	}
	if len(services) > 2000 {
		return errs.Invalid(errs.Field("body", "max", "import at most 2000 services at a time"))
	}
	now := s.DB.Now()
	items := make([]catalogue.ImportItem, len(services))
	for i, sv := range services {
		items[i] = hsds.ToOption(sv, now)
	}
	diff, err := s.DB.ImportOptions(req.Context(), principal(c).RegionID, items, !apply, s.auditFunc(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, diff)
}
