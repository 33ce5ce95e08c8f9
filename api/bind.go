package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/hoi-app/hoi/api/decode"
	"github.com/hoi-app/hoi/internal/errs"
)

// MaxBodyBytes caps every request body. Conversations are the largest
// documents; a megabyte is far beyond any real one.
const MaxBodyBytes = 1 << 20

// bind decodes the JSON body strictly into dst and validates it: wrong
// content type, malformed JSON, unknown fields, trailing data and rule
// violations all become problem+json answers naming the field.
func bind(c echo.Context, dst any) error {
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
	return decode.Struct(dst)
}

// validateStruct re-validates after normalisation (trimming can empty a field).
func validateStruct(v any) error { return decode.Struct(v) }
