package api

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/errs"
)

// routesStatic serves the contract, its rendered reference and the SPA. Any
// path that is not a file gets index.html, so deep links survive a reload.
func (s *Server) routesStatic(e *echo.Echo) {
	e.GET("/api/openapi.yaml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml", s.OpenAPI)
	})
	if s.SPA == nil {
		return
	}
	files := http.FileServer(http.FS(s.SPA))
	e.GET("/api/docs", func(c echo.Context) error {
		return c.Redirect(http.StatusMovedPermanently, "/api/docs/")
	})
	e.GET("/api/docs/*", echo.WrapHandler(http.StripPrefix("/api/docs/", http.FileServer(http.FS(mustSub(s.SPA, "api-docs"))))))
	e.GET("/*", func(c echo.Context) error {
		p := strings.TrimPrefix(path.Clean("/"+c.Param("*")), "/")
		if strings.HasPrefix(p, "api/") {
			return errs.NotFound("route")
		}
		if p == "metrics" {
			return errs.New(errs.ErrNotFound, "metrics are served on a listener of their own (HOI_METRICS_ADDR), not here")
		}
		if p != "" && p != "index.html" {
			if st, err := fs.Stat(s.SPA, p); err == nil && !st.IsDir() {
				if strings.HasPrefix(p, "assets/") {
					// Vite names assets by content hash: cache them for good.
					c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				files.ServeHTTP(c.Response(), c.Request())
				return nil
			}
			if path.Ext(p) != "" {
				return errs.NotFound("file")
			}
		}
		index, err := fs.ReadFile(s.SPA, "index.html")
		if err != nil {
			return errs.NotFound("page")
		}
		c.Response().Header().Set("Cache-Control", "no-cache")
		return c.HTMLBlob(http.StatusOK, index)
	})
}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return sub
}
