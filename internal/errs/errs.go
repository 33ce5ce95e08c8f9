// Package errs holds HOI's error kinds. Every layer wraps its failures in one of
// these kinds, so the HTTP layer can map any error to a status with errors.Is
// and never needs to know which package produced it.
package errs

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// The kinds. Wrap them (directly or through *Error) rather than inventing new
// ones in other packages, so Status keeps working.
var (
	ErrInvalid = errors.New("invalid input")
	// ErrUnprocessable is a well-formed request the server will not carry
	// out: a conversation with nothing in it, or with half-filled rows, to be
	// finalised; an Idempotency-Key reused with another body.
	ErrUnprocessable        = errors.New("unprocessable")
	ErrUnauthenticated      = errors.New("not authenticated")
	ErrForbidden            = errors.New("forbidden")
	ErrNotFound             = errors.New("not found")
	ErrConflict             = errors.New("conflict")
	ErrGone                 = errors.New("gone")
	ErrPreconditionFailed   = errors.New("precondition failed")
	ErrPreconditionRequired = errors.New("precondition required")
	ErrTooLarge             = errors.New("request too large")
	ErrUnsupportedMedia     = errors.New("unsupported media type")
	ErrTooManyRequests      = errors.New("too many requests")
	ErrUnavailable          = errors.New("service unavailable")
)

// statuses maps each kind to its HTTP status. One table, so a new kind that
// is missing here shows up as a 500 in tests rather than a silent 200.
var statuses = []struct {
	kind   error
	status int
}{
	{ErrInvalid, http.StatusBadRequest},
	{ErrUnprocessable, http.StatusUnprocessableEntity},
	{ErrUnauthenticated, http.StatusUnauthorized},
	{ErrForbidden, http.StatusForbidden},
	{ErrNotFound, http.StatusNotFound},
	{ErrConflict, http.StatusConflict},
	{ErrGone, http.StatusGone},
	{ErrPreconditionFailed, http.StatusPreconditionFailed},
	{ErrPreconditionRequired, http.StatusPreconditionRequired},
	{ErrTooLarge, http.StatusRequestEntityTooLarge},
	{ErrUnsupportedMedia, http.StatusUnsupportedMediaType},
	{ErrTooManyRequests, http.StatusTooManyRequests},
	{ErrUnavailable, http.StatusServiceUnavailable},
}

// Status returns the HTTP status for err's kind, or 500 when err has none.
func Status(err error) int {
	for _, s := range statuses {
		if errors.Is(err, s.kind) {
			return s.status
		}
	}
	return http.StatusInternalServerError
}

// FieldError names one invalid input field by its JSON name.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	Code    string `json:"code,omitempty"`
}

// Error is a kind plus what a client needs to fix its request. Detail is shown
// to the user, so it must never contain case content, names or secrets.
type Error struct {
	Kind       error
	Detail     string
	Fields     []FieldError
	RetryAfter time.Duration
	// Extra carries problem extension members, such as the allowed status
	// transitions of a 409.
	Extra map[string]any
	// Type, when set, names the problem type (urn:hoi:problem:<Type>) more
	// precisely than the status does, so that clients can branch on it.
	Type string
	Err  error
}

func (e *Error) Error() string {
	msg := e.Kind.Error()
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap exposes both the kind and the cause to errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// New returns an error of kind with a user-facing detail.
func New(kind error, format string, args ...any) *Error {
	return &Error{Kind: kind, Detail: fmt.Sprintf(format, args...)}
}

// Invalid returns an ErrInvalid error listing the fields at fault.
func Invalid(fields ...FieldError) *Error {
	detail := "the request has invalid fields"
	if len(fields) == 1 {
		detail = fields[0].Field + ": " + fields[0].Message
	}
	return &Error{Kind: ErrInvalid, Detail: detail, Fields: fields}
}

// Field is shorthand for one FieldError.
func Field(field, code, message string) FieldError {
	return FieldError{Field: field, Code: code, Message: message}
}

// NotFound is the answer for anything the caller may not know exists, so that
// another practice's records are indistinguishable from missing ones.
func NotFound(what string) *Error {
	return &Error{Kind: ErrNotFound, Detail: what + " not found"}
}
