package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/api/decode"

	"github.com/hoi-app/hoi/internal/errs"
)

// Problem is an RFC 9457 problem document, HOI's only error shape.
type Problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail,omitempty"`
	Instance  string            `json:"instance,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
	Errors    []errs.FieldError `json:"errors,omitempty"`
	// Allowed lists the permitted next states or methods where that helps
	// the client recover (a 409 on a status transition, a 405).
	Allowed []string `json:"allowed,omitempty"`
	// AttemptsLeft says, after a wrong birth year on a resident link, how
	// many more tries the link takes before it stops.
	AttemptsLeft *int `json:"attempts_left,omitempty"`
}

const problemType = "application/problem+json"

// statusClientClosed is the status recorded when the client cancelled.
const statusClientClosed = 499

// problemSlug names the problem type of each status; the type URI is stable
// so clients can branch on it.
func problemSlug(status int, e *errs.Error) string {
	if e != nil && e.Type != "" {
		return e.Type
	}
	if status == http.StatusUnprocessableEntity {
		return "incomplete"
	}
	if e != nil && len(e.Fields) > 0 {
		switch e.Fields[0].Code {
		case decode.CodeNoDiagnosis:
			return "no-diagnosis"
		case decode.CodeNoBSN:
			return "no-bsn"
		case decode.CodeUnknownField:
			return "unknown-field"
		}
		return "validation-error"
	}
	switch status {
	case http.StatusBadRequest:
		return "bad-request"
	case http.StatusUnauthorized:
		return "unauthenticated"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "not-found"
	case http.StatusMethodNotAllowed:
		return "method-not-allowed"
	case http.StatusConflict:
		return "conflict"
	case http.StatusGone:
		return "gone"
	case http.StatusPreconditionFailed:
		return "stale-version"
	case http.StatusPreconditionRequired:
		return "if-match-required"
	case http.StatusRequestEntityTooLarge:
		return "too-large"
	case http.StatusUnsupportedMediaType:
		return "unsupported-media-type"
	case http.StatusTooManyRequests:
		return "too-many-requests"
	case http.StatusUnprocessableEntity:
		return "unprocessable"
	case http.StatusServiceUnavailable:
		return "unavailable"
	}
	return "internal-error"
}

// errorHandler turns every error into problem+json. Anything without an errs
// kind is a 500 with a generic message; its cause is logged with ids only.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	p := s.problemFor(err, c)
	if p.Status == http.StatusUnauthorized {
		c.Response().Header().Set("WWW-Authenticate", `Bearer realm="hoi"`)
	}
	c.Response().Header().Set(echo.HeaderContentType, problemType)
	c.Response().Header().Set("Cache-Control", "no-store")
	if c.Request().Method == http.MethodHead {
		c.Response().WriteHeader(p.Status)
		return
	}
	if werr := c.JSON(p.Status, p); werr != nil {
		s.log.Error("write problem", "request_id", p.RequestID, "err", werr)
	}
}

func (s *Server) problemFor(err error, c echo.Context) Problem {
	p := Problem{Instance: c.Request().URL.Path, RequestID: requestID(c)}
	var he *echo.HTTPError
	var e *errs.Error
	switch {
	case errors.As(err, &e):
		p.Status = errs.Status(e)
		p.Detail = e.Detail
		p.Errors = e.Fields
		if e.RetryAfter > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds()+0.999)))
		}
		if allowed, ok := e.Extra["allowed"].([]string); ok {
			p.Allowed = allowed
		}
		if n, ok := e.Extra["attempts_left"].(int); ok {
			p.AttemptsLeft = &n
		}
	case errors.As(err, &he):
		p.Status = he.Code
		if m, ok := he.Message.(string); ok && he.Code < 500 {
			p.Detail = m
		}
		if he.Code == http.StatusRequestEntityTooLarge {
			p.Detail = "the request body is too large"
		}
	default:
		p.Status = errs.Status(err)
		if p.Status < 500 {
			p.Detail = err.Error()
		}
	}
	if errors.Is(err, context.Canceled) && c.Request().Context().Err() != nil {
		// The client went away; nothing failed on our side and nobody reads
		// the answer. 499 is nginx's status for this.
		p.Status, p.Title, p.Type, p.Detail = statusClientClosed, "Client Closed Request", "urn:hoi:problem:client-closed", ""
		return p
	}
	if p.Status >= 500 {
		s.log.Error("request failed", "request_id", p.RequestID, "route", c.Path(), "user_id", userID(c), "err", err)
		p.Detail = "something went wrong on our side; quote request id " + p.RequestID + " when reporting it"
		if p.Status == http.StatusServiceUnavailable {
			p.Detail = "the service is temporarily unavailable; try again shortly"
		}
	}
	p.Title = http.StatusText(p.Status)
	p.Type = "urn:hoi:problem:" + problemSlug(p.Status, e)
	return p
}
