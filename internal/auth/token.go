package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/hoi-app/hoi/internal/user"
)

const (
	issuer   = "hoi"
	audience = "hoi-api"
)

// claims are the access token's contents: enough to authorise a request
// without a user lookup, and the session id to check revocation.
type claims struct {
	Role       user.Role `json:"role"`
	RegionID   int64     `json:"rid"`
	PracticeID *int64    `json:"pid,omitempty"`
	SessionID  string    `json:"sid"`
	jwt.RegisteredClaims
}

// Tokens signs and verifies access tokens with one HMAC secret. HS256 suits
// HOI: the same service issues and verifies, and several instances share the
// secret through HOI_JWT_SECRET.
type Tokens struct {
	secret []byte
	ttl    time.Duration
	now    func() time.Time
	parser *jwt.Parser
}

// NewTokens returns a signer whose tokens live for ttl.
func NewTokens(secret []byte, ttl time.Duration, now func() time.Time) *Tokens {
	return &Tokens{
		secret: secret,
		ttl:    ttl,
		now:    now,
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
			jwt.WithIssuer(issuer),
			jwt.WithAudience(audience),
			jwt.WithExpirationRequired(),
			jwt.WithTimeFunc(now),
		),
	}
}

// TTL is how long an access token lives.
func (t *Tokens) TTL() time.Duration { return t.ttl }

// Issue signs an access token for p.
func (t *Tokens) Issue(p Principal) (string, error) {
	now := t.now()
	c := claims{
		Role:       p.Role,
		RegionID:   p.RegionID,
		PracticeID: p.PracticeID,
		SessionID:  p.SessionID,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   strconv.FormatInt(p.UserID, 10),
			Issuer:    issuer,
			Audience:  jwt.ClaimStrings{audience},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(t.ttl)),
		},
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.secret)
	if err != nil {
		return "", fmt.Errorf("sign access token: %w", err)
	}
	return s, nil
}

// ErrTokenExpired distinguishes an expired access token, so the client knows
// a refresh may help.
var ErrTokenExpired = errors.New("access token expired")

// Verify checks signature, issuer, audience and expiry and returns the principal.
func (t *Tokens) Verify(token string) (Principal, error) {
	var c claims
	if _, err := t.parser.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.secret, nil }); err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return Principal{}, ErrTokenExpired
		}
		return Principal{}, fmt.Errorf("verify access token: %w", err)
	}
	id, err := strconv.ParseInt(c.Subject, 10, 64)
	if err != nil || !c.Role.Valid() || c.SessionID == "" {
		return Principal{}, errors.New("verify access token: malformed claims")
	}
	return Principal{UserID: id, Role: c.Role, RegionID: c.RegionID, PracticeID: c.PracticeID, SessionID: c.SessionID}, nil
}

// NewOpaqueToken returns a random token for a client and the hash to store.
// Only the hash is kept, so a copy of the database cannot be used to log in.
func NewOpaqueToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("random token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is the stored form of an opaque token. SHA-256 suffices: the token
// has 256 random bits, so there is nothing to brute-force.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewSessionID returns a random, unguessable session id.
func NewSessionID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random session id: %w", err)
	}
	return hex.EncodeToString(b), nil
}
