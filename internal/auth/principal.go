// Package auth decides who is calling: it logs people in, issues and checks
// access tokens, rotates refresh tokens and throttles password guessing. What
// a caller may then do is the policy package's business, not this one's.
package auth

import (
	"context"
	"time"

	"github.com/hoi-app/hoi/internal/user"
)

// Kind is what sort of caller a principal is: a staff member with an
// account, or the resident of one case through the link the POH handed over.
type Kind int

// The two kinds of principal. The zero value is staff, so a principal built
// from an account is staff without saying so.
const (
	KindStaff Kind = iota
	KindResident
)

// Principal is the authenticated caller of one request, taken from a verified
// access token and a live session, or (Kind KindResident) from a resident
// session cookie.
type Principal struct {
	Kind       Kind
	UserID     int64
	Role       user.Role
	RegionID   int64
	PracticeID *int64
	SessionID  string
	// CaseID is the one case a resident principal is scoped to (0 for staff).
	CaseID int64
}

// Resident returns the principal of a resident session on case caseID of
// practice practiceID: no account (UserID 0), role resident in the access log.
func Resident(sessionID string, caseID, regionID, practiceID int64) Principal {
	pid := practiceID
	return Principal{Kind: KindResident, Role: user.RoleResident, RegionID: regionID, PracticeID: &pid, SessionID: sessionID, CaseID: caseID}
}

// IsResident reports whether p is a resident principal.
func (p Principal) IsResident() bool { return p.Kind == KindResident }

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
