package store

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/user"
)

// The session check runs on every authenticated request. Its answer is kept
// for a short while (Options.SessionCacheTTL, default 2 s), so a busy user's
// requests do not each cost a database round trip:
//   - on this instance a revocation is immediate: every revocation (logout,
//     refresh-token reuse, an account change that ends sessions) moves an
//     epoch, before and after its transaction, and an answer kept under an
//     older epoch is not used;
//   - a revocation on another instance takes effect here within the TTL;
//   - at most sessionCacheMax sessions are kept; when full, all are dropped.

const sessionCacheMax = 10000

type sessionCache struct {
	ttl   time.Duration
	epoch atomic.Int64
	mu    sync.Mutex
	m     map[string]cachedSession
}

type cachedSession struct {
	sess  auth.Session
	user  user.User
	at    time.Time
	epoch int64
}

func (c *sessionCache) get(id string) (auth.Session, user.User, bool) {
	if c.ttl <= 0 {
		return auth.Session{}, user.User{}, false
	}
	c.mu.Lock()
	e, ok := c.m[id]
	c.mu.Unlock()
	if !ok || e.epoch != c.epoch.Load() || time.Since(e.at) > c.ttl {
		return auth.Session{}, user.User{}, false
	}
	return e.sess, e.user, true
}

// put keeps an answer read under epoch (loaded before the read, so that a
// revocation during the read makes it unusable).
func (c *sessionCache) put(id string, s auth.Session, u user.User, epoch int64) {
	if c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= sessionCacheMax {
		c.m = make(map[string]cachedSession)
	}
	c.m[id] = cachedSession{sess: s, user: u, at: time.Now(), epoch: epoch}
	c.mu.Unlock()
}

// touched records a session's new last-seen time in a kept answer.
func (c *sessionCache) touched(id string, at time.Time) {
	c.mu.Lock()
	if e, ok := c.m[id]; ok && e.sess.LastSeenAt.Before(at) {
		e.sess.LastSeenAt = at
		c.m[id] = e
	}
	c.mu.Unlock()
}

// changed invalidates every kept answer.
func (c *sessionCache) changed() { c.epoch.Add(1) }

// afterRevocations runs when a transaction that may revoke sessions is over:
// if it revoked any (the epoch moved since before), it moves the epoch
// again, so that an answer read while the revocation was not yet committed
// is not used either.
func (c *sessionCache) afterRevocations(before int64) {
	if c.epoch.Load() != before {
		c.changed()
	}
}
