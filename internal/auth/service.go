package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/password"
	"github.com/hoi-app/hoi/internal/user"
)

// Session lifetimes of the foundation issue: a session ends after IdleTimeout
// without activity and MaxSessionAge after login, whatever happens.
const (
	AccessTokenTTL = 15 * time.Minute
	IdleTimeout    = 30 * time.Minute
	MaxSessionAge  = 12 * time.Hour
	// touchEvery bounds how often request activity is written to the session.
	touchEvery = time.Minute
	// RefreshGrace is how long after its rotation a refresh token may come
	// back without counting as stolen: two tabs (or a retried request) that
	// refresh at the same moment both present it, and the later one gets a
	// sibling of the successor instead of ending the session. Later than
	// this, a rotated token ends the whole session (reuse detection).
	RefreshGrace = 5 * time.Second
)

// Store is what the auth service needs from storage. Implementations return
// errs.ErrNotFound for a missing user, session or token.
type Store interface {
	UserForLogin(ctx context.Context, email string) (user.User, string, error)
	CreateSession(ctx context.Context, s Session, refreshHash string) error
	// RotateRefresh swaps oldHash for newHash in one transaction. When oldHash
	// was rotated more than grace ago it revokes the whole session and
	// returns ErrRefreshReused; rotated within grace, newHash joins the
	// session as a sibling of the successor (two tabs refreshing at once).
	// When check fails it revokes the session and returns check's error.
	RotateRefresh(ctx context.Context, oldHash, newHash string, now time.Time, grace time.Duration, check func(Session, user.User) error) (Session, user.User, error)
	SessionByRefresh(ctx context.Context, hash string) (Session, error)
	RevokeSession(ctx context.Context, id string, now time.Time, reason string) error
	SessionState(ctx context.Context, id string) (Session, user.User, error)
	TouchSession(ctx context.Context, id string, now time.Time) error
	LoginBlockedUntil(ctx context.Context, keys []string, now time.Time) (time.Time, error)
	// LoginFailures counts the failures of key within window (0 if none).
	LoginFailures(ctx context.Context, key string, window time.Duration, now time.Time) (int, error)
	RecordLoginFailure(ctx context.Context, key string, rule ThrottleRule, now time.Time) error
	ClearLoginFailures(ctx context.Context, key string) error
}

// Errors of the auth service. They are deliberately vague towards the client:
// an unknown email and a wrong password give the same answer.
var (
	ErrInvalidCredentials = errs.New(errs.ErrUnauthenticated, "invalid email or password")
	ErrSessionEnded       = errs.New(errs.ErrUnauthenticated, "session ended; please log in again")
	ErrRefreshReused      = errs.New(errs.ErrUnauthenticated, "refresh token was already used; the session has been ended for safety")
	ErrInvalidToken       = errs.New(errs.ErrUnauthenticated, "missing or invalid access token")
	ErrExpiredToken       = errs.New(errs.ErrUnauthenticated, "access token expired; refresh it")
)

// Service logs people in and keeps their sessions honest.
type Service struct {
	Store  Store
	Hasher *password.Hasher
	Tokens *Tokens
	Now    func() time.Time
	// Sleep waits before a login to an account under attack (AccountDelay);
	// nil waits for real. Tests record instead.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Issued is what a successful login or refresh hands to the client.
type Issued struct {
	Principal    Principal
	AccessToken  string
	RefreshToken string
	ExpiresIn    time.Duration
}

// Login checks email and password from address addr, under the throttle
// rules (throttle.go): a locked (account, address) pair or address is 429;
// an account with many recent failures is only slowed down.
func (s *Service) Login(ctx context.Context, email, plain, addr string) (Issued, error) {
	now := s.Now()
	email = user.NormalizeEmail(email)
	keys := keysFor(email, addr)
	until, err := s.Store.LoginBlockedUntil(ctx, []string{keys.pair, keys.address}, now)
	if err != nil {
		return Issued{}, err
	}
	if until.After(now) {
		return Issued{}, &errs.Error{Kind: errs.ErrTooManyRequests, Detail: "too many failed logins; try again later", RetryAfter: until.Sub(now)}
	}
	failures, err := s.Store.LoginFailures(ctx, keys.account, AccountRule.Window, now)
	if err != nil {
		return Issued{}, err
	}
	wait := s.Sleep
	if wait == nil {
		wait = sleep
	}
	if err := wait(ctx, AccountDelay(failures)); err != nil {
		return Issued{}, err
	}

	u, hash, err := s.Store.UserForLogin(ctx, email)
	ok := false
	switch {
	case errors.Is(err, errs.ErrNotFound):
		s.Hasher.VerifyDummy(ctx, plain)
	case err != nil:
		return Issued{}, err
	default:
		ok, err = s.Hasher.Verify(ctx, hash, plain)
		if err != nil {
			return Issued{}, err
		}
		ok = ok && u.Active
	}
	if !ok {
		for _, f := range []struct {
			key  string
			rule ThrottleRule
		}{{keys.account, AccountRule}, {keys.pair, PairRule}, {keys.address, AddressRule}} {
			if err := s.Store.RecordLoginFailure(ctx, f.key, f.rule, now); err != nil {
				return Issued{}, err
			}
		}
		return Issued{}, ErrInvalidCredentials
	}
	for _, key := range []string{keys.account, keys.pair} {
		if err := s.Store.ClearLoginFailures(ctx, key); err != nil {
			return Issued{}, err
		}
	}

	sid, err := NewSessionID()
	if err != nil {
		return Issued{}, err
	}
	refresh, refreshHash, err := NewOpaqueToken()
	if err != nil {
		return Issued{}, err
	}
	if err := s.Store.CreateSession(ctx, Session{ID: sid, UserID: u.ID, CreatedAt: now, LastSeenAt: now}, refreshHash); err != nil {
		return Issued{}, err
	}
	return s.issue(principalOf(u, sid), refresh)
}

// Refresh rotates a refresh token and issues a fresh access token.
func (s *Service) Refresh(ctx context.Context, refresh string) (Issued, error) {
	if refresh == "" {
		return Issued{}, ErrSessionEnded
	}
	now := s.Now()
	next, nextHash, err := NewOpaqueToken()
	if err != nil {
		return Issued{}, err
	}
	sess, u, err := s.Store.RotateRefresh(ctx, HashToken(refresh), nextHash, now, RefreshGrace, func(sess Session, u user.User) error {
		return checkSession(sess, u, now)
	})
	if errors.Is(err, errs.ErrNotFound) {
		return Issued{}, ErrSessionEnded
	}
	if err != nil {
		return Issued{}, err
	}
	return s.issue(principalOf(u, sess.ID), next)
}

// Logout ends the session of the refresh token, or else of the access token's
// session id. Logging out twice is not an error.
func (s *Service) Logout(ctx context.Context, refresh, sessionID string) error {
	if refresh != "" {
		sess, err := s.Store.SessionByRefresh(ctx, HashToken(refresh))
		if err == nil {
			sessionID = sess.ID
		} else if !errors.Is(err, errs.ErrNotFound) {
			return err
		}
	}
	if sessionID == "" {
		return nil
	}
	return s.Store.RevokeSession(ctx, sessionID, s.Now(), "logout")
}

// Authenticate verifies a bearer token and that its session is still alive,
// so that logout, deactivation and idle time take effect at once.
func (s *Service) Authenticate(ctx context.Context, bearer string) (Principal, error) {
	p, err := s.Tokens.Verify(bearer)
	if errors.Is(err, ErrTokenExpired) {
		return Principal{}, ErrExpiredToken
	}
	if err != nil {
		return Principal{}, ErrInvalidToken
	}
	sess, u, err := s.Store.SessionState(ctx, p.SessionID)
	if errors.Is(err, errs.ErrNotFound) {
		return Principal{}, ErrSessionEnded
	}
	if err != nil {
		return Principal{}, err
	}
	now := s.Now()
	if sess.UserID != p.UserID || checkSession(sess, u, now) != nil {
		return Principal{}, ErrSessionEnded
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := s.Store.TouchSession(ctx, sess.ID, now); err != nil {
			return Principal{}, err
		}
	}
	return principalOf(u, sess.ID), nil
}

func (s *Service) issue(p Principal, refresh string) (Issued, error) {
	access, err := s.Tokens.Issue(p)
	if err != nil {
		return Issued{}, fmt.Errorf("issue: %w", err)
	}
	return Issued{Principal: p, AccessToken: access, RefreshToken: refresh, ExpiresIn: s.Tokens.TTL()}, nil
}

// checkSession holds the session rules: not revoked, not idle too long, not
// too old, and the user still active.
func checkSession(sess Session, u user.User, now time.Time) error {
	switch {
	case sess.RevokedAt != nil, !u.Active,
		now.Sub(sess.LastSeenAt) > IdleTimeout,
		now.Sub(sess.CreatedAt) > MaxSessionAge:
		return ErrSessionEnded
	}
	return nil
}

func principalOf(u user.User, sid string) Principal {
	return Principal{UserID: u.ID, Role: u.Role, RegionID: u.RegionID, PracticeID: u.PracticeID, SessionID: sid}
}
