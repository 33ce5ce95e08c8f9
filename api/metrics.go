package api

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hoi-app/hoi/internal/store"
)

type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry, db *store.DB) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hoi_http_requests_total", Help: "HTTP requests by route template, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "hoi_http_request_duration_seconds",
			Help:    "HTTP request latency by route template and method.",
			Buckets: []float64{.001, .0025, .005, .01, .02, .03, .05, .1, .15, .25, .5, 1, 2.5},
		}, []string{"route", "method"}),
	}
	reg.MustRegister(m.requests, m.latency, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		w, r := db.SQLDBs()
		reg.MustRegister(collectors.NewDBStatsCollector(w, "writer"))
		if r != w {
			reg.MustRegister(collectors.NewDBStatsCollector(r, "reader"))
		}
	}
	return m
}

func (m *metrics) observe(method, route string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route, method).Observe(d.Seconds())
}

// Metrics is the metrics listener's router: GET /metrics and nothing else.
// It is never part of the API listener, so an operator decides who reaches
// it (HOI_METRICS_ADDR, loopback by default), and with MetricsToken set it
// also wants that bearer token. Its answers carry no case data, but request
// counts per route are still nobody else's business.
func (s *Server) Metrics() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	h := echo.WrapHandler(promhttp.HandlerFor(s.Registry, promhttp.HandlerOpts{}))
	e.GET("/metrics", h, s.metricsAuth)
	return e
}

// metricsAuth wants Authorization: Bearer <MetricsToken> when one is set.
func (s *Server) metricsAuth(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.MetricsToken == "" {
			return next(c)
		}
		scheme, tok, _ := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " ")
		if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(s.MetricsToken)) != 1 {
			return echo.NewHTTPError(http.StatusUnauthorized, "send Authorization: Bearer with the metrics token (HOI_METRICS_TOKEN)")
		}
		return next(c)
	}
}

// ServeMetrics serves Metrics on ln until ctx ends.
func (s *Server) ServeMetrics(ctx context.Context, ln net.Listener) error {
	return s.serve(ctx, ln, s.Metrics())
}
