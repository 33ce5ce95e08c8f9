package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
	"github.com/hoi-app/hoi/internal/user"
)

// TestSessionCheckRevocationIsImmediateHereAndBoundedElsewhere: two
// instances on one database. A revocation made on an instance is seen there
// at once, however recently the session was checked; one made on the other
// instance is seen within the session cache's TTL.
func TestSessionCheckRevocationIsImmediateHereAndBoundedElsewhere(t *testing.T) {
	ctx := context.Background()
	url := storetest.URL(t)
	const ttl = 300 * time.Millisecond
	open := func() *store.DB {
		db, err := store.Open(url, store.Options{SessionCacheTTL: ttl})
		must(t, err)
		t.Cleanup(func() { db.Close() })
		return db
	}
	a := open()
	must(t, a.Migrate(ctx))
	b := open()
	region, err := a.EnsureRegion(ctx, "Regio")
	must(t, err)
	u, err := a.CreateUser(ctx, store.NewUser{RegionID: region.ID, PasswordHash: "x", Create: user.Create{Email: "peer@example.nl", DisplayName: "Peer", Role: user.RolePeer}}, noAudit)
	must(t, err)
	now := time.Now().UTC()
	for _, id := range []string{"sessie-a", "sessie-b"} {
		must(t, a.CreateSession(ctx, auth.Session{ID: id, UserID: u.Value.ID, CreatedAt: now, LastSeenAt: now}, "hash-"+id))
	}
	revoked := func(db *store.DB, id string) bool {
		s, _, err := db.SessionState(ctx, id)
		must(t, err)
		return s.RevokedAt != nil
	}
	// Both instances have checked both sessions: the answers are kept.
	for _, db := range []*store.DB{a, b} {
		for _, id := range []string{"sessie-a", "sessie-b"} {
			if revoked(db, id) {
				t.Fatalf("%s revoked before anyone revoked it", id)
			}
		}
	}
	// Revoked on a: a sees it at once.
	must(t, a.RevokeSession(ctx, "sessie-a", time.Now().UTC(), "logout"))
	if !revoked(a, "sessie-a") {
		t.Error("the instance that revoked a session still accepts it")
	}
	// b learns within the TTL, not later.
	deadline := time.Now().Add(ttl + 200*time.Millisecond)
	for !revoked(b, "sessie-a") {
		if time.Now().After(deadline) {
			t.Fatalf("the other instance still accepts a revoked session after %v", ttl+200*time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// An account change that ends sessions is immediate on its instance too.
	_, err = b.UpdateUser(ctx, region.ID, u.Value.ID, u.Version, func(cur user.User) (user.User, string, error) {
		cur.Active = false
		return cur, "", nil
	}, noAudit)
	must(t, err)
	if !revoked(b, "sessie-b") {
		t.Error("deactivating the user left its session accepted on the same instance")
	}
}
