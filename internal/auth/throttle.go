package auth

import (
	"context"
	"time"
)

// ThrottleRule limits failed logins per key (an account, an address, or the
// pair of both). A rule without Lockout only counts.
type ThrottleRule struct {
	Prefix  string
	Max     int
	Window  time.Duration
	Lockout time.Duration
}

// The throttle rules. Keys are derived from the email as typed, so an unknown
// email is throttled exactly like a real one and reveals nothing.
//
//   - PairRule: wrong passwords for one account from one address lock that
//     pair, hard, for Lockout. The guesser is stopped; the account's owner,
//     elsewhere, is not.
//   - AddressRule: wrong passwords from one address, whatever the accounts,
//     lock that address (password spraying).
//   - AccountRule: wrong passwords for one account from every address are
//     counted but never lock: from Max on, every login to the account waits
//     AccountDelay first, so that guesses spread over many addresses stay
//     slow while the owner still gets in.
var (
	PairRule    = ThrottleRule{Prefix: "pair:", Max: 5, Window: 15 * time.Minute, Lockout: 15 * time.Minute}
	AddressRule = ThrottleRule{Prefix: "addr:", Max: 20, Window: 15 * time.Minute, Lockout: 15 * time.Minute}
	AccountRule = ThrottleRule{Prefix: "acct:", Max: 5, Window: 15 * time.Minute}
)

// MaxAccountDelay caps the wait of a login to an account under attack.
const MaxAccountDelay = 8 * time.Second

// AccountDelay is how long a login to an account waits after failures wrong
// passwords in AccountRule.Window: nothing below AccountRule.Max, then
// 500 ms doubling with every further failure, at most MaxAccountDelay.
func AccountDelay(failures int) time.Duration {
	if failures < AccountRule.Max {
		return 0
	}
	d := 500 * time.Millisecond
	for i := AccountRule.Max; i < failures && d < MaxAccountDelay; i++ {
		d *= 2
	}
	return min(d, MaxAccountDelay)
}

// throttleKeys are the keys of one login attempt.
type throttleKeys struct{ account, pair, address string }

func keysFor(email, addr string) throttleKeys {
	h := HashToken(email)
	return throttleKeys{
		account: AccountRule.Prefix + h,
		pair:    PairRule.Prefix + HashToken(h+"\n"+addr), // fits the key column whatever the address
		address: AddressRule.Prefix + addr,
	}
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
