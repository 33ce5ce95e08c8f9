package password

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// cheap are small parameters for tests that do not care about cost, to keep
// the suite fast.
var cheap = Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}

func TestHashVerifyRoundTrip(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(DefaultParams(), 2)
	encoded, err := h.Hash(ctx, "correct horse battery staple")
	if err != nil {
		t.Fatalf("Hash: got error %v, want nil", err)
	}

	t.Run("right password matches", func(t *testing.T) {
		ok, err := h.Verify(ctx, encoded, "correct horse battery staple")
		if err != nil || !ok {
			t.Errorf("Verify: got (%v, %v), want (true, nil)", ok, err)
		}
	})
	t.Run("wrong password does not match", func(t *testing.T) {
		ok, err := h.Verify(ctx, encoded, "correct horse battery stapler")
		if err != nil || ok {
			t.Errorf("Verify: got (%v, %v), want (false, nil)", ok, err)
		}
	})
	t.Run("encoded string carries DefaultParams", func(t *testing.T) {
		want := "$argon2id$v=19$m=19456,t=2,p=1$"
		if !strings.HasPrefix(encoded, want) {
			t.Errorf("encoded: got %q, want prefix %q", encoded, want)
		}
		p, salt, key, err := decode(encoded)
		if err != nil {
			t.Fatalf("decode: got error %v, want nil", err)
		}
		if p != DefaultParams() {
			t.Errorf("params: got %+v, want %+v", p, DefaultParams())
		}
		if len(salt) != 16 || len(key) != 32 {
			t.Errorf("salt, key length: got %d, %d, want 16, 32", len(salt), len(key))
		}
		fields := strings.Split(encoded, "$")
		if b64 := strings.Join(fields[len(fields)-2:], "$"); strings.Contains(b64, "=") {
			t.Errorf("salt and hash: got %q, want no base64 padding", b64)
		}
	})
	t.Run("same password gets a fresh salt", func(t *testing.T) {
		again, err := h.Hash(ctx, "correct horse battery staple")
		if err != nil {
			t.Fatalf("Hash: got error %v, want nil", err)
		}
		if again == encoded {
			t.Errorf("second hash: got %q, want a different salt and hash", again)
		}
	})
}

func TestVerifyUsesParamsFromHash(t *testing.T) {
	ctx := context.Background()
	old := NewHasher(cheap, 1)
	encoded, err := old.Hash(ctx, "an older password setting")
	if err != nil {
		t.Fatalf("Hash: got error %v, want nil", err)
	}
	if want := "$argon2id$v=19$m=64,t=1,p=1$"; !strings.HasPrefix(encoded, want) {
		t.Fatalf("encoded: got %q, want prefix %q", encoded, want)
	}
	current := NewHasher(DefaultParams(), 1)
	ok, err := current.Verify(ctx, encoded, "an older password setting")
	if err != nil || !ok {
		t.Errorf("Verify with other params: got (%v, %v), want (true, nil)", ok, err)
	}
}

func TestVerifyMalformed(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(cheap, 1)
	good, err := h.Hash(ctx, "some password")
	if err != nil {
		t.Fatalf("Hash: got error %v, want nil", err)
	}
	parts := strings.Split(good, "$") // "", argon2id, v=19, params, salt, key
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	tests := []struct{ name, encoded string }{
		{"empty", ""},
		{"garbage", "not a hash"},
		{"only dollars", "$$$$$"},
		{"too few fields", strings.Join(parts[:5], "$")},
		{"too many fields", good + "$extra"},
		{"bcrypt hash", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i not argon2id", with(1, "argon2i")},
		{"other version", with(2, "v=16")},
		{"missing version", with(2, "")},
		{"params out of order", with(3, "t=1,m=64,p=1")},
		{"params missing one", with(3, "m=64,t=1")},
		{"params not numbers", with(3, "m=x,t=1,p=1")},
		{"negative memory", with(3, "m=-64,t=1,p=1")},
		{"zero iterations", with(3, "m=64,t=0,p=1")},
		{"zero parallelism", with(3, "m=64,t=1,p=0")},
		{"parallelism above 255", with(3, "m=4096,t=1,p=256")},
		{"memory below 8 per lane", with(3, "m=8,t=1,p=4")},
		{"memory absurdly high", with(3, "m=4294967295,t=1,p=1")},
		{"iterations absurdly high", with(3, "m=64,t=1000000,p=1")},
		{"salt not base64", with(4, "!!!!")},
		{"salt padded", with(4, parts[4]+"==")},
		{"salt too short", with(4, "AAAA")},
		{"salt too long", with(4, strings.Repeat("A", 1000))},
		{"key empty", with(5, "")},
		{"key not base64", with(5, "@@@@")},
		{"line break in key", with(5, parts[5][:4]+"\n"+parts[5][4:])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := h.Verify(ctx, tt.encoded, "some password")
			if ok || !errors.Is(err, errMalformed) {
				t.Errorf("Verify(%q): got (%v, %v), want (false, errMalformed)", tt.encoded, ok, err)
			}
		})
	}
}

func TestNewHasherRefusesBadParams(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Errorf("NewHasher with zero Params: got no panic, want one")
		}
	}()
	NewHasher(Params{}, 1)
}

func TestBusy(t *testing.T) {
	h := NewHasher(cheap, 1)
	h.slots <- struct{}{} // hold the only slot
	defer func() { <-h.slots }()

	t.Run("cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := h.Hash(ctx, "a long enough password")
		if !errors.Is(err, ErrBusy) || !errors.Is(err, context.Canceled) {
			t.Errorf("Hash: got error %v, want ErrBusy wrapping context.Canceled", err)
		}
	})
	t.Run("deadline while waiting", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		deadline, _ := ctx.Deadline()
		_, err := h.Hash(ctx, "a long enough password")
		if !errors.Is(err, ErrBusy) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Hash: got error %v, want ErrBusy wrapping context.DeadlineExceeded", err)
		}
		// It must have waited for a slot until the deadline, not given up
		// early (compared with the deadline itself, so a slow machine
		// cannot make this flaky).
		if now := time.Now(); now.Before(deadline) {
			t.Errorf("Hash returned %v before the deadline, want it to wait", deadline.Sub(now))
		}
	})
	t.Run("verify waits too", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		ok, err := h.Verify(ctx, h.dummy, "a long enough password")
		if ok || !errors.Is(err, ErrBusy) {
			t.Errorf("Verify: got (%v, %v), want (false, ErrBusy)", ok, err)
		}
	})
}

func TestSlotIsReleased(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(cheap, 1)
	for i := range 3 {
		if _, err := h.Hash(ctx, "a long enough password"); err != nil {
			t.Fatalf("Hash #%d: got error %v, want nil", i+1, err)
		}
	}
	h.VerifyDummy(ctx, "a long enough password")
	if got := len(h.slots); got != 0 {
		t.Errorf("slots in use after all calls returned: got %d, want 0", got)
	}
}

func TestVerifyDummy(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(DefaultParams(), 1)
	p, _, _, err := decode(h.dummy)
	if err != nil {
		t.Fatalf("decode dummy: got error %v, want nil", err)
	}
	if p != DefaultParams() {
		t.Errorf("dummy params: got %+v, want %+v, so it costs as much as a real hash", p, DefaultParams())
	}
	// The dummy does real argon2 work: it takes at least a tenth of the time
	// of a real Verify (a loose bound, so a busy CI machine does not flake).
	encoded, err := h.Hash(ctx, "a long enough password")
	if err != nil {
		t.Fatalf("Hash: got error %v, want nil", err)
	}
	start := time.Now()
	if _, err := h.Verify(ctx, encoded, "wrong password here"); err != nil {
		t.Fatalf("Verify: got error %v, want nil", err)
	}
	verify := time.Since(start)
	start = time.Now()
	h.VerifyDummy(ctx, "wrong password here")
	dummy := time.Since(start)
	if dummy < verify/10 {
		t.Errorf("VerifyDummy took %v, want about as long as Verify (%v)", dummy, verify)
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name  string
		plain string
		want  error
	}{
		{"11 characters is too short", "abcdefghijk", ErrTooShort},
		{"empty is too short", "", ErrTooShort},
		{"11 multi-byte runes is too short though 22 bytes", strings.Repeat("é", 11), ErrTooShort},
		{"12 characters is enough", "zq8-ve2!mlrp", nil},
		{"12 multi-byte runes is enough", "ëïöüéèàçñøåß", nil},
		{"emoji count as one character each", strings.Repeat("🔑", 12), nil},
		{"256 characters is allowed", strings.Repeat("ab", 128), nil},
		{"257 characters is too long", strings.Repeat("a", 257), ErrTooLong},
		{"common password is refused", "passwordpassword", ErrTooCommon},
		{"common password in other case is refused", "PassWordPassWord", ErrTooCommon},
		{"common password with spaces around is refused", "  qwerty123456 ", ErrTooCommon},
		{"common Dutch password is refused", "WachtwoordWachtwoord", ErrTooCommon},
		{"common password from the zxcvbn list is refused", "1qaz2wsx3edc", ErrTooCommon},
		{"common password with inner change is allowed", "passwordpassw0rd!", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Check(tt.plain); !errors.Is(got, tt.want) || (tt.want == nil && got != nil) {
				t.Errorf("Check(%q): got %v, want %v", tt.plain, got, tt.want)
			}
		})
	}
}

func TestCommonListIsClean(t *testing.T) {
	set := commonSet()
	if got := len(set); got < 200 {
		t.Fatalf("common passwords loaded: got %d, want at least 200", got)
	}
	for p := range set {
		if n := len([]rune(p)); n < MinLength {
			t.Errorf("list entry %q: got %d characters, want at least %d (shorter ones fail on length)", p, n, MinLength)
		}
		if p != normalize(p) {
			t.Errorf("list entry %q: got un-normalised, want %q", p, normalize(p))
		}
	}
}

func ExampleCheck() {
	fmt.Println(Check("short"))
	fmt.Println(Check("Welkomwelkom"))
	fmt.Println(Check("a quiet lighthouse on Texel"))
	// Output:
	// password must be at least 12 characters
	// password is too common; choose one that is harder to guess
	// <nil>
}

// FuzzVerify proves that no stored string, however broken, makes Verify
// panic. Run with `go test -fuzz=FuzzVerify`; plain `go test` runs the seeds.
func FuzzVerify(f *testing.F) {
	h := NewHasher(cheap, 1)
	good, err := h.Hash(context.Background(), "seed password")
	if err != nil {
		f.Fatalf("Hash: got error %v, want nil", err)
	}
	for _, s := range []string{good, "", "$argon2id$v=19$m=64,t=1,p=1$$", "$argon2id$v=19$m=,t=,p=$x$y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, encoded string) {
		ok, err := h.Verify(context.Background(), encoded, "seed password")
		if err != nil && ok {
			t.Errorf("Verify(%q): got (true, %v), want false with an error", encoded, err)
		}
	})
}
