// Package api is HOI's HTTP layer: thin handlers that bind, ask the policy,
// call the store, record access and write JSON. Every error leaves through
// one handler as problem+json.
package api

import (
	"context"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/hoi-app/hoi/internal/audit"
	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/password"
	"github.com/hoi-app/hoi/internal/store"
)

// Deps are what the server is built from; cmd/hoi and the tests fill them.
type Deps struct {
	DB       *store.DB
	Auth     *auth.Service
	Hasher   *password.Hasher
	Recorder *audit.Recorder
	Log      *slog.Logger
	Registry *prometheus.Registry
	// SPA is the built front end (index.html at its root); nil serves none.
	SPA fs.FS
	// OpenAPI is the contract document served at /api/openapi.yaml.
	OpenAPI []byte
	// TrustedProxies are networks whose X-Forwarded-For is believed; with
	// none, the client address is the TCP peer.
	TrustedProxies []*net.IPNet
	// WriteRate and WriteBurst bound each user's writes per second (defaults
	// 20 and 60: far above a person autosaving, far below a runaway script).
	WriteRate  float64
	WriteBurst int
	// PublicRate and PublicBurst bound the requests per second and burst of
	// one client address on the public routes (a resident's own request
	// with a voucher code); defaults one every six minutes, burst five.
	PublicRate  float64
	PublicBurst int
	// SecureCookies marks the refresh cookie Secure (always, except in tests
	// that speak plain HTTP to a non-localhost name).
	SecureCookies bool
	// MetricsToken, when set, is the bearer token the metrics listener
	// requires (HOI_METRICS_TOKEN); /metrics is never on the API listener.
	MetricsToken string
	// PublicURL is the base of the resident links (HOI_PUBLIC_URL).
	PublicURL string
}

// Server is HOI's HTTP server.
type Server struct {
	Deps
	echo    *echo.Echo
	log     *slog.Logger
	metrics *metrics
	// routePaths are the route table's paths, the only route labels (edge.go).
	routePaths map[string]bool
}

// New builds the router with every route and middleware.
func New(d Deps) *Server {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Registry == nil {
		d.Registry = prometheus.NewRegistry()
	}
	s := &Server{Deps: d, echo: echo.New(), log: d.Log}
	s.metrics = newMetrics(d.Registry, d.DB)
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.IPExtractor = ipExtractor(d.TrustedProxies)
	e.SchemeExtractor = schemeExtractor(d.TrustedProxies)

	e.Pre(assignRequestID)
	e.Use(s.observe)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisablePrintStack: true, LogErrorFunc: func(c echo.Context, err error, _ []byte) error {
		s.log.Error("panic", "request_id", requestID(c), "route", c.Path(), "err", err)
		return err
	}}))
	e.Use(securityHeaders)
	e.Use(refuseNUL)
	e.Use(middleware.BodyLimit("1M"))

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	s.routesAPI(e.Group("/api/v1"))
	s.routesStatic(e)
	s.indexRoutes()
	return s
}

// Handler is the server as an http.Handler, for httptest.
func (s *Server) Handler() http.Handler { return s.echo }

// Echo exposes the router, for the route-table test.
func (s *Server) Echo() *echo.Echo { return s.echo }

// routesAPI registers /api/v1: the three sign-in routes, which need no
// token and touch no case data, and the route table (routes.go), whose every
// route passes the policy and the access log. A route added to the table
// without a row in the authorization matrix fails a test.
func (s *Server) routesAPI(g *echo.Group) {
	g.POST("/auth/login", s.login)
	g.POST("/auth/refresh", s.refresh)
	g.POST("/auth/logout", s.logout)
	g.POST("/public/signals", s.publicSignal, s.limitPublic())
	// A private calendar feed: no login, the token in the path is the key
	// (calendar_handlers.go).
	g.GET("/calendar/:file", s.calendarFeed)
	// The resident's second check and logout: no principal yet (or any
	// longer), no case data; resident_auth.go.
	g.POST("/resident/session", s.residentSession)
	g.POST("/resident/logout", s.residentLogout)
	s.register(g)
}

// ListenAndServe serves the API and the app on ln until ctx ends, then shuts
// down gracefully, letting requests in flight finish for up to 15 seconds.
func (s *Server) ListenAndServe(ctx context.Context, ln net.Listener) error {
	return s.serve(ctx, ln, s.echo)
}

func (s *Server) serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
