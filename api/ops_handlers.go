package api

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

type healthResponse struct {
	Status string `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// healthz says the process is alive; it touches nothing else.
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, healthResponse{Status: "ok"})
}

// readyz says whether this instance should get traffic: the database answers
// and its schema is current.
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.DB.Ping(ctx); err != nil {
		s.log.Warn("not ready", "reason", "database unreachable", "err", err)
		return c.JSON(http.StatusServiceUnavailable, healthResponse{Status: "unavailable", Detail: "database unreachable"})
	}
	ok, err := s.DB.MigrationsCurrent(ctx)
	if err != nil || !ok {
		return c.JSON(http.StatusServiceUnavailable, healthResponse{Status: "unavailable", Detail: "database schema not current"})
	}
	return c.JSON(http.StatusOK, healthResponse{Status: "ok"})
}
