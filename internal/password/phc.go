package password

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Bounds on parameters. The lower ones are argon2's own minimums (below them
// argon2.IDKey panics or the hash is meaningless); the upper ones stop a
// corrupt or hostile stored hash from making one Verify allocate gigabytes or
// spin for minutes. They are far above anything HOI would configure.
const (
	minSaltLen    = 8
	maxSaltLen    = 64
	minKeyLen     = 4
	maxKeyLen     = 128
	maxMemoryKiB  = 1 << 20 // 1 GiB
	maxIterations = 100
)

// errMalformed marks an encoded hash that cannot be parsed or whose
// parameters are out of bounds.
var errMalformed = errors.New("malformed password hash")

// errParams marks argon2id parameters outside the bounds above.
var errParams = errors.New("argon2id parameters out of bounds")

// b64 is the PHC encoding: standard alphabet, no padding, and strict so that
// every hash has exactly one textual form.
var b64 = base64.RawStdEncoding.Strict()

// encode formats an argon2id hash in the PHC string format.
func encode(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Iterations, p.Parallelism,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decode parses a PHC string made by encode. The returned Params have
// SaltLen and KeyLen set from the decoded salt and key.
func decode(encoded string) (Params, []byte, []byte, error) {
	// base64 decoding skips CR and LF; refuse them so a hash has one form.
	if strings.ContainsAny(encoded, "\r\n") {
		return Params{}, nil, nil, fmt.Errorf("decode hash: line break: %w", errMalformed)
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return Params{}, nil, nil, fmt.Errorf("decode hash: want 5 $-separated fields: %w", errMalformed)
	}
	if parts[1] != "argon2id" {
		return Params{}, nil, nil, fmt.Errorf("decode hash: algorithm %q: %w", parts[1], errMalformed)
	}
	if parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return Params{}, nil, nil, fmt.Errorf("decode hash: version %q: %w", parts[2], errMalformed)
	}
	p, err := decodeParams(parts[3])
	if err != nil {
		return Params{}, nil, nil, fmt.Errorf("decode hash: %w", err)
	}
	salt, err := decodeBytes("salt", parts[4], minSaltLen, maxSaltLen)
	if err != nil {
		return Params{}, nil, nil, fmt.Errorf("decode hash: %w", err)
	}
	key, err := decodeBytes("key", parts[5], minKeyLen, maxKeyLen)
	if err != nil {
		return Params{}, nil, nil, fmt.Errorf("decode hash: %w", err)
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	if err := checkParams(p); err != nil {
		return Params{}, nil, nil, fmt.Errorf("decode hash: %w: %w", errMalformed, err)
	}
	return p, salt, key, nil
}

// decodeParams parses "m=19456,t=2,p=1", in that order.
func decodeParams(s string) (Params, error) {
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return Params{}, fmt.Errorf("params %q: %w", s, errMalformed)
	}
	var vals [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(fields[i], name+"=")
		if !ok {
			return Params{}, fmt.Errorf("params %q: want %s= at position %d: %w", s, name, i+1, errMalformed)
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return Params{}, fmt.Errorf("params %q: %s: %w", s, name, errors.Join(errMalformed, err))
		}
		vals[i] = n
	}
	if vals[2] > 255 {
		return Params{}, fmt.Errorf("params %q: parallelism above 255: %w", s, errMalformed)
	}
	return Params{MemoryKiB: uint32(vals[0]), Iterations: uint32(vals[1]), Parallelism: uint8(vals[2])}, nil
}

// decodeBytes decodes one base64 field and checks its length, looking at the
// encoded length first so an absurdly long field is never decoded.
func decodeBytes(name, s string, minLen, maxLen int) ([]byte, error) {
	if b64.DecodedLen(len(s)) > maxLen {
		return nil, fmt.Errorf("%s longer than %d bytes: %w", name, maxLen, errMalformed)
	}
	b, err := b64.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, errors.Join(errMalformed, err))
	}
	if len(b) < minLen {
		return nil, fmt.Errorf("%s shorter than %d bytes: %w", name, minLen, errMalformed)
	}
	return b, nil
}

// checkParams refuses parameters argon2 cannot use or that exceed the bounds
// above, for both configured and decoded parameters.
func checkParams(p Params) error {
	switch {
	case p.Parallelism < 1:
		return fmt.Errorf("parallelism %d below 1: %w", p.Parallelism, errParams)
	case p.Iterations < 1 || p.Iterations > maxIterations:
		return fmt.Errorf("iterations %d outside 1..%d: %w", p.Iterations, maxIterations, errParams)
	case p.MemoryKiB < 8*uint32(p.Parallelism) || p.MemoryKiB > maxMemoryKiB:
		return fmt.Errorf("memory %d KiB outside %d..%d: %w", p.MemoryKiB, 8*uint32(p.Parallelism), maxMemoryKiB, errParams)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("salt length %d outside %d..%d: %w", p.SaltLen, minSaltLen, maxSaltLen, errParams)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("key length %d outside %d..%d: %w", p.KeyLen, minKeyLen, maxKeyLen, errParams)
	}
	return nil
}
