// Package auth decides who is calling: it logs people in, issues and checks
// access tokens, rotates refresh tokens and throttles password guessing. What
// a caller may then do is the policy package's business, not this one's.
package auth

import (
	"context"
	"time"

	"github.com/hoi-app/hoi/internal/user"
)

// Principal is the authenticated caller of one request, taken from a verified
// access token and a live session.
type Principal struct {
	UserID     int64
	Role       user.Role
	RegionID   int64
	PracticeID *int64
	SessionID  string
}

// InPractice reports whether the principal belongs to practice id.
func (p Principal) InPractice(id int64) bool { return p.PracticeID != nil && *p.PracticeID == id }

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the principal of ctx, if any.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

// Session is one login: the family that all rotated refresh tokens of that
// login belong to. Revoking it ends every token of the family.
type Session struct {
	ID         string
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	RevokedAt  *time.Time
}
