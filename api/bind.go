package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/api/decode"
	"github.com/hoi-app/hoi/internal/errs"
)

// MaxBodyBytes caps every request body. Conversations are the largest
// documents; a megabyte is far beyond any real one.
const MaxBodyBytes = 1 << 20

// normalizer trims an input before its tags are checked.
type normalizer interface{ Normalize() }

// validator is an input with rules beyond its tags, checked with the
// server's clock.
type validator interface{ Validate(now time.Time) error }

// bind is the one validation step of every request body: it decodes the
// JSON strictly into dst, normalises it, checks its tags and its own rules.
// Wrong content type, malformed JSON, unknown fields, trailing data and rule
// violations all become problem+json answers naming the field.
func (s *Server) bind(c echo.Context, dst any) error {
	req := c.Request()
	mt, _, err := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return errs.New(errs.ErrUnsupportedMedia, "send the body as application/json")
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), req.Body, MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errs.New(errs.ErrTooLarge, "the request body is larger than %d bytes", MaxBodyBytes)
		}
		return errs.New(errs.ErrInvalid, "could not read the request body")
	}
	if err := decode.Strict(body, dst); err != nil {
		return err
	}
	if n, ok := dst.(normalizer); ok {
		n.Normalize()
	}
	if err := decode.Struct(dst); err != nil {
		return err
	}
	if v, ok := dst.(validator); ok {
		return v.Validate(s.DB.Now())
	}
	return nil
}
