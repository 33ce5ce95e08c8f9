// Package voucher holds the single-use codes a location hands a resident so
// that they can ask for a HOI conversation themselves, without a GP's
// referral: who issued a code, how long it lasts, how a code is written and
// checked, and what a resident sends with it. A code is a bearer secret: it
// is random (128 bits), shown once, and only its hash is stored.
package voucher

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/errs"
)

// Voucher is an issued code as its location sees it; the code itself is
// only in the answer to Issue.
type Voucher struct {
	ID         int64      `json:"id"`
	PracticeID int64      `json:"practice_id"`
	IssuedAt   time.Time  `json:"issued_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	UsedAt     *time.Time `json:"used_at"`
}

// Issued is a new voucher with its code, shown this once.
type Issued struct {
	Voucher
	Code string `json:"code"`
}

// Issue is the request for a new code; ValidDays defaults to DefaultDays.
// It is a pointer so that a 0 sent is refused rather than taken as the
// default.
type Issue struct {
	ValidDays *int `json:"valid_days" validate:"omitempty,min=1,max=365"`
}

// DefaultDays is how long a code lasts unless the location says otherwise:
// long enough for a resident to think it over.
const DefaultDays = 90

// Days is how many days the code lasts: ValidDays, or DefaultDays.
func (i Issue) Days() int {
	if i.ValidDays == nil {
		return DefaultDays
	}
	return *i.ValidDays
}

// Redeem is what a resident sends with their code: a pseudonymous label,
// their birth year and their question in their own words. No name, BSN or
// diagnosis: the label is a first name or initials, as at the GP.
type Redeem struct {
	Code      string `json:"code" validate:"required,max=64"`
	Label     string `json:"label" validate:"required,max=60"`
	BirthYear int    `json:"birth_year" validate:"required,gte=1900,lte=2100"`
	Question  string `json:"question" validate:"required,max=4000"`
}

// Normalize trims the texts and writes the code the way it is hashed.
func (r *Redeem) Normalize() {
	r.Code = Canonical(r.Code)
	r.Label = strings.TrimSpace(r.Label)
	r.Question = strings.TrimSpace(r.Question)
}

// Validate refuses a birth year in the future.
func (r *Redeem) Validate(now time.Time) error {
	if r.BirthYear > now.Year() {
		return errs.Invalid(errs.Field("birth_year", "future", "cannot be in the future"))
	}
	return nil
}

// ErrInvalidCode is the one answer for a code that is unknown, spent or
// expired: telling them apart would let a guesser learn which codes exist.
var ErrInvalidCode = &errs.Error{Kind: errs.ErrUnprocessable, Detail: "this code is not valid (any more); ask the location for a new one",
	Fields: []errs.FieldError{errs.Field("code", "invalid", "is not valid (any more)")}}

// encoding is base32 without the letters people misread (Crockford's
// alphabet) and without padding.
var encoding = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

// NewCode returns a fresh random code of 128 bits in groups of four, easy to
// read out over the phone: "7K3M-…".
func NewCode() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	raw := encoding.EncodeToString(b)
	var groups []string
	for len(raw) > 4 {
		groups = append(groups, raw[:4])
		raw = raw[4:]
	}
	return strings.Join(append(groups, raw), "-"), nil
}

// Canonical is a code as typed, in upper case, without spaces or dashes, and
// with the letters O, I and L read as the digits they look like.
func Canonical(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
		case r == 'O':
			b.WriteRune('0')
		case r == 'I' || r == 'L':
			b.WriteRune('1')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Hash is the stored form of a code (canonical or as typed).
func Hash(code string) string {
	sum := sha256.Sum256([]byte(Canonical(code)))
	return hex.EncodeToString(sum[:])
}
