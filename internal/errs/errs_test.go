package errs

import (
	"errors"
	"fmt"
	"testing"
)

func TestWrappedErrorsKeepTheirStatus(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{NotFound("user"), 404},
		{fmt.Errorf("store: user[3]: %w", ErrNotFound), 404},
		{fmt.Errorf("handler: %w", Invalid(Field("email", "required", "is required"))), 400},
		{&Error{Kind: ErrTooManyRequests, Err: errors.New("cause")}, 429},
		{fmt.Errorf("outer: %w", New(ErrPreconditionFailed, "stale")), 412},
		{errors.New("plain"), 500},
	} {
		if got := Status(tc.err); got != tc.want {
			t.Errorf("Status(%v): got %d, want %d", tc.err, got, tc.want)
		}
	}
}

func TestEveryKindHasAStatus(t *testing.T) {
	for _, s := range statuses {
		if Status(fmt.Errorf("wrapped: %w", s.kind)) == 500 {
			t.Errorf("%v maps to 500", s.kind)
		}
	}
}
