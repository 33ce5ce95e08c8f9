// Package password hashes and checks user passwords. It exists so that the
// rules for storing secrets (argon2id, the cost parameters, constant-time
// comparison, a cap on concurrent hashes) and the rules for choosing one
// (length and a list of common passwords) live in one place that the login,
// registration and password-reset paths all share.
package password

import (
	"github.com/hoi-app/hoi/internal/errs"

	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id cost parameters. They are stored inside every encoded
// hash, so raising them later only affects new hashes and old ones still
// verify.
type Params struct {
	MemoryKiB   uint32
	Iterations  uint32
	Parallelism uint8
	SaltLen     uint32
	KeyLen      uint32
}

// DefaultParams returns the OWASP recommendation for argon2id (19 MiB, 2
// iterations, 1 lane), which keeps a login around tens of milliseconds on
// one core while making offline guessing expensive.
func DefaultParams() Params {
	return Params{
		MemoryKiB:   19 * 1024,
		Iterations:  2,
		Parallelism: 1,
		SaltLen:     16,
		KeyLen:      32,
	}
}

// ErrBusy is returned when the context ends while waiting for a hashing
// slot, so the caller can answer "try again later" instead of queueing
// without bound during a login storm.
var ErrBusy = fmt.Errorf("password hasher busy: %w", errs.ErrUnavailable)

// Hasher hashes and verifies passwords with a fixed set of parameters and a
// cap on how many hashes run at once. Each hash holds MemoryKiB of memory, so
// without the cap a burst of logins could exhaust the machine.
type Hasher struct {
	params Params
	slots  chan struct{}
	// dummy is an encoded hash nobody knows a password for; VerifyDummy
	// checks against it so unknown accounts cost the same as known ones.
	dummy string
}

// NewHasher caps concurrent hashes at maxConcurrent so a login storm cannot
// exhaust memory. A maxConcurrent below 1 is treated as 1. It panics when p is
// outside argon2id's limits (or far above any sane cost), because that is a
// configuration mistake best found when the server starts, not at the first
// login.
func NewHasher(p Params, maxConcurrent int) *Hasher {
	if err := checkParams(p); err != nil {
		panic(fmt.Sprintf("password: new hasher: %v", err))
	}
	if maxConcurrent < 1 {
		maxConcurrent = 1
	}
	salt := make([]byte, p.SaltLen)
	key := make([]byte, p.KeyLen)
	// rand.Read never fails (it aborts the program instead); the random key
	// means no password is known to match the dummy hash.
	_, _ = rand.Read(salt)
	_, _ = rand.Read(key)
	return &Hasher{
		params: p,
		slots:  make(chan struct{}, maxConcurrent),
		dummy:  encode(p, salt, key),
	}
}

// Hash returns plain hashed with a fresh random salt, as a PHC string such as
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (raw standard base64), which
// carries everything Verify needs. It returns an error wrapping ErrBusy when
// ctx ends before a hashing slot frees up.
func (h *Hasher) Hash(ctx context.Context, plain string) (string, error) {
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: read salt: %w", err)
	}
	if err := h.acquire(ctx); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	defer h.release()
	key := argon2.IDKey([]byte(plain), salt, h.params.Iterations, h.params.MemoryKiB, h.params.Parallelism, h.params.KeyLen)
	return encode(h.params, salt, key), nil
}

// Verify reports whether plain matches the encoded hash. It uses the
// parameters stored in encoded, not the Hasher's own, so hashes made before
// a change of parameters keep working. A mismatch is (false, nil); a
// malformed hash or a busy hasher is an error.
func (h *Hasher) Verify(ctx context.Context, encoded, plain string) (bool, error) {
	p, salt, want, err := decode(encoded)
	if err != nil {
		return false, fmt.Errorf("verify password: %w", err)
	}
	if err := h.acquire(ctx); err != nil {
		return false, fmt.Errorf("verify password: %w", err)
	}
	defer h.release()
	got := argon2.IDKey([]byte(plain), salt, p.Iterations, p.MemoryKiB, p.Parallelism, p.KeyLen)
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// VerifyDummy does the same work as Verify against a fixed dummy hash, so an
// unknown email costs as much time as a wrong password and response times do
// not reveal which accounts exist. Its result is meaningless and dropped.
func (h *Hasher) VerifyDummy(ctx context.Context, plain string) {
	_, _ = h.Verify(ctx, h.dummy, plain)
}

// acquire waits for a hashing slot. A context that has already ended gets
// ErrBusy straight away, even when a slot is free, because its caller has
// gone and the work would be wasted.
func (h *Hasher) acquire(ctx context.Context) error {
	if ctx.Err() != nil {
		return fmt.Errorf("wait for hashing slot: %w: %w", ErrBusy, context.Cause(ctx))
	}
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait for hashing slot: %w: %w", ErrBusy, context.Cause(ctx))
	}
}

// release frees the slot taken by acquire.
func (h *Hasher) release() { <-h.slots }
