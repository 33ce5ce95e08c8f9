package api

import (
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/errs"
)

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}

// principal is the authenticated caller; only valid behind authenticate.
func principal(c echo.Context) auth.Principal {
	p, _ := c.Get("principal").(auth.Principal)
	return p
}

func userID(c echo.Context) int64 {
	return principal(c).UserID
}

// authenticate requires a valid bearer token of a live staff session or,
// without a bearer token, the cookie of a live resident session
// (resident_auth.go); either way the request gets its principal, and the
// policy decides what that principal's kind may do.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header.Get(echo.HeaderAuthorization)
		var p auth.Principal
		var err error
		if scheme, token, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") && token != "" {
			p, err = s.Auth.Authenticate(c.Request().Context(), strings.TrimSpace(token))
		} else if ck, cerr := c.Cookie(residentCookie); h == "" && cerr == nil && ck.Value != "" {
			p, err = s.residentPrincipal(c, ck.Value)
		} else {
			return auth.ErrInvalidToken
		}
		if err != nil {
			return err
		}
		c.Set("principal", p)
		c.SetRequest(c.Request().WithContext(auth.WithPrincipal(c.Request().Context(), p)))
		return next(c)
	}
}

// observe logs one line per request and feeds the metrics. It logs the route
// template, never the raw path or query (which may hold search text), and
// never bodies, tokens or names; method and route are bounded labels (edge.go).
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		route, method := s.routeLabel(c), methodLabel(c.Request().Method)
		status := c.Response().Status
		d := time.Since(start)
		s.metrics.observe(method, route, status, d)
		attrs := []any{
			"request_id", requestID(c), "method", method, "route", route,
			"status", status, "duration_ms", float64(d.Microseconds()) / 1000,
		}
		if id := clientRequestID(c); id != "" {
			attrs = append(attrs, "client_request_id", id)
		}
		if id := userID(c); id != 0 {
			attrs = append(attrs, "user_id", id)
		}
		switch {
		case status >= 500:
			s.log.Error("request", attrs...)
		case strings.HasPrefix(route, "/api/"):
			s.log.Info("request", attrs...)
		default:
			s.log.Debug("request", attrs...)
		}
		return nil
	}
}

// limitWrites is a per-user token bucket on write routes, so that one
// runaway client cannot starve the single SQLite writer. It is per instance;
// login throttling, which must hold across instances, lives in the database.
func (s *Server) limitWrites() echo.MiddlewareFunc {
	r, burst := s.WriteRate, s.WriteBurst
	if r <= 0 {
		r = 20
	}
	if burst <= 0 {
		burst = 60
	}
	store := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{Rate: rate.Limit(r), Burst: burst, ExpiresIn: 5 * time.Minute})
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: store,
		IdentifierExtractor: func(c echo.Context) (string, error) {
			if p := principal(c); p.IsResident() {
				return p.SessionID, nil
			}
			return strconv.FormatInt(userID(c), 10), nil
		},
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			return &errs.Error{Kind: errs.ErrTooManyRequests, Detail: "too many changes in a short time; wait a moment and try again", RetryAfter: time.Second}
		},
		ErrorHandler: func(c echo.Context, err error) error { return err },
	})
}

// securityHeaders sets the browser protections every response carries.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		style := "'self'"
		if strings.HasPrefix(c.Request().URL.Path, "/api/docs") {
			// The API reference renderer injects its own styles.
			style = "'self' 'unsafe-inline'"
		}
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src "+style+
			"; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if strings.HasPrefix(c.Request().URL.Path, "/api/v1/") {
			// Case data must not linger in browser or proxy caches.
			h.Set("Cache-Control", "no-store")
		}
		if c.Request().TLS != nil || c.Scheme() == "https" {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		return next(c)
	}
}

// listParams reads offset and limit, refusing nonsense rather than guessing.
func listParams(c echo.Context) (offset, limit int, err error) {
	offset, limit = 0, 50
	var fields []errs.FieldError
	if v := c.QueryParam("offset"); v != "" {
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 0 {
			fields = append(fields, errs.Field("offset", "min", "must be a whole number, 0 or more"))
		}
		offset = n
	}
	if v := c.QueryParam("limit"); v != "" {
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 1 || n > 200 {
			fields = append(fields, errs.Field("limit", "max", "must be a whole number from 1 to 200"))
		}
		limit = n
	}
	if len(fields) > 0 {
		return 0, 0, errs.Invalid(fields...)
	}
	return offset, limit, nil
}

// pathID reads the :id path parameter; a malformed id is simply not found.
func pathID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.NotFound("resource")
	}
	return id, nil
}

// etag renders a version as a strong ETag.
func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// ifMatch returns the version a conditional update is based on: 428 when the
// header is missing, 412 when it cannot be a version of ours.
func ifMatch(c echo.Context) (int64, error) {
	h := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if h == "" {
		return 0, errs.New(errs.ErrPreconditionRequired, "send If-Match with the ETag you last read, so that no one's changes are overwritten")
	}
	v, err := strconv.ParseInt(strings.Trim(strings.TrimPrefix(h, "W/"), `"`), 10, 64)
	if err != nil {
		return 0, errs.New(errs.ErrPreconditionFailed, "If-Match does not match the current version")
	}
	return v, nil
}

type listResponse[T any] struct {
	Items  []T   `json:"items"`
	Total  int64 `json:"total"`
	Offset int   `json:"offset"`
	Limit  int   `json:"limit"`
}
