package api

import (
	"encoding/hex"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/internal/errs"
)

// What clients send reaches metrics and logs only through this file: a
// request's method, path and ids are untrusted, and a label or log field
// taken from them as they are lets anyone grow the server's memory (a new
// metric series per invented method) or its logs (a 30 KB method per line).

// metricMethods are the methods metric labels and logs name as they are;
// any other is "other", so the series count does not depend on clients.
var metricMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
}

// methodLabel is the method as metrics and logs show it.
func methodLabel(m string) string {
	if metricMethods[m] {
		return m
	}
	return "other"
}

// unmatchedRoute labels every request that no route of the table matched.
const unmatchedRoute = "unmatched"

// routeLabel is the route template of the request when it is one of the
// route table's, else unmatchedRoute: labels come only from the table.
func (s *Server) routeLabel(c echo.Context) string {
	if p := c.Path(); s.routePaths[p] {
		return p
	}
	return unmatchedRoute
}

// indexRoutes remembers the route table's paths, after every route is added.
func (s *Server) indexRoutes() {
	s.routePaths = map[string]bool{}
	for _, r := range s.echo.Routes() {
		s.routePaths[r.Path] = true
	}
}

// maxLogValue bounds an untrusted value in a log line.
const maxLogValue = 64

// logValue makes an untrusted value safe for a log line: at most max bytes
// of letters, digits and -._:/ (anything else becomes '?'), with a '~' at
// the end when it was cut.
func logValue(v string, max int) string {
	cut := len(v) > max
	if cut {
		v = v[:max]
	}
	b := []byte(v)
	for i, c := range b {
		if !safeByte(c) {
			b[i] = '?'
		}
	}
	if cut {
		b = append(b, '~')
	}
	return string(b)
}

func safeByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == ':' || c == '/'
}

// clientRequestIDKey holds a caller's own X-Request-Id, sanitised, for the
// log line's client_request_id field.
const clientRequestIDKey = "client_request_id"

// assignRequestID gives every request an id made here: the response's
// X-Request-Id, the problem documents' request_id, the logs' and the access
// log's. A caller's own X-Request-Id (a load balancer's correlation id) is
// kept only in the log line's client_request_id field, cut and sanitised,
// so that no client can choose or collide with the ids the server records.
func assignRequestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if id := c.Request().Header.Get(echo.HeaderXRequestID); id != "" {
			c.Set(clientRequestIDKey, logValue(id, maxLogValue))
		}
		c.Response().Header().Set(echo.HeaderXRequestID, newRequestID())
		return next(c)
	}
}

// newRequestID returns 128 random bits in hex. Unpredictability is not
// needed, only uniqueness, so the runtime's fast generator will do.
func newRequestID() string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		u := rand.Uint64()
		for j := range 8 {
			b[i+j] = byte(u >> (8 * j))
		}
	}
	return hex.EncodeToString(b[:])
}

// clientRequestID is the caller's own (sanitised) request id, or "".
func clientRequestID(c echo.Context) string {
	v, _ := c.Get(clientRequestIDKey).(string)
	return v
}

// schemeExtractor says whether a request came over https: TLS to HOI
// itself, or X-Forwarded-Proto from one of the trusted proxies
// (HOI_TRUSTED_PROXIES) and nobody else. Echo's default believes the header
// from any loopback or private address, so a client on the practice network
// claiming https would get HSTS pinned onto a plain-http installation.
func schemeExtractor(trusted []*net.IPNet) echo.SchemeExtractor {
	if len(trusted) == 0 {
		return echo.ExtractSchemeDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractSchemeFromHeaders(opts...)
}

// refuseNUL answers a path or query parameter holding U+0000 before any
// handler sees it: a valid URL escape (%00), but no text PostgreSQL can
// compare, so a search with it was a 500 there. A path with one names no
// resource (404); a query parameter is a 400 naming it. Bodies are checked
// the same way when they are decoded (decode.Strict).
func refuseNUL(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if strings.ContainsRune(r.URL.Path, 0) {
			return errs.NotFound("resource")
		}
		if strings.Contains(r.URL.RawQuery, "%00") {
			for name, vs := range r.URL.Query() {
				for _, v := range vs {
					if strings.ContainsRune(name, 0) || strings.ContainsRune(v, 0) {
						return errs.Invalid(errs.Field(strings.ReplaceAll(name, "\x00", "?"), "nul", "must not contain the NUL character (U+0000)"))
					}
				}
			}
		}
		return next(c)
	}
}
