package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/store/storetest"
)

func TestIdempotencyKeyReservations(t *testing.T) {
	db := storetest.MustOpen(t, nil)
	ctx := context.Background()
	times := store.IdempotencyTimes{TTL: 24 * time.Hour, Lease: 2 * time.Minute}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	r := store.IdempotentRequest{UserID: 7, Key: "k1", Hash: "h1"}
	reserve := func(r store.IdempotentRequest, at time.Time) store.Reservation {
		t.Helper()
		got, _, err := db.ReserveIdempotencyKey(ctx, r, at, times)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := reserve(r, now); got != store.Reserved {
		t.Fatalf("first: got %v, want Reserved", got)
	}
	if got := reserve(r, now.Add(time.Second)); got != store.InProgress {
		t.Errorf("while reserved: got %v, want InProgress", got)
	}
	if got := reserve(store.IdempotentRequest{UserID: 7, Key: "k1", Hash: "other"}, now.Add(time.Second)); got != store.Mismatch {
		t.Errorf("another body: got %v, want Mismatch", got)
	}
	if got := reserve(store.IdempotentRequest{UserID: 8, Key: "k1", Hash: "h1"}, now); got != store.Reserved {
		t.Errorf("another user's key: got %v, want Reserved", got)
	}
	// The process holding it died: after the lease the key is taken over.
	if got := reserve(r, now.Add(times.Lease+time.Second)); got != store.Reserved {
		t.Errorf("after the lease: got %v, want Reserved", got)
	}
	answer := store.StoredAnswer{Status: 201, Location: "/api/v1/x/1", ContentType: "application/json", ETag: `"1"`, Body: []byte(`{"id":1}`)}
	if err := db.CompleteIdempotencyKey(ctx, r, answer, now.Add(times.Lease+2*time.Second)); err != nil {
		t.Fatal(err)
	}
	got, replay, err := db.ReserveIdempotencyKey(ctx, r, now.Add(time.Hour), times)
	if err != nil || got != store.Replay || replay.Status != 201 || string(replay.Body) != `{"id":1}` || replay.Location != answer.Location || replay.ETag != answer.ETag {
		t.Errorf("after the answer: got %v %+v %v, want the replay of %+v", got, replay, err, answer)
	}
	if got := reserve(r, now.Add(times.TTL+time.Minute)); got != store.Reserved {
		t.Errorf("after the TTL: got %v, want Reserved (a new request)", got)
	}
	if err := db.ReleaseIdempotencyKey(ctx, r); err != nil {
		t.Fatal(err)
	}
	if got := reserve(r, now.Add(times.TTL+2*time.Minute)); got != store.Reserved {
		t.Errorf("after a release: got %v, want Reserved", got)
	}
	if n, err := db.PurgeIdempotencyKeys(ctx, now.Add(times.TTL+time.Hour)); err != nil || n != 2 {
		t.Errorf("purge: %d, %v; want both keys gone", n, err)
	}
}

// TestConcurrentReservationsHaveOneWinner races 16 reservations of one key.
func TestConcurrentReservationsHaveOneWinner(t *testing.T) {
	db := storetest.MustOpen(t, nil)
	times := store.IdempotencyTimes{TTL: 24 * time.Hour, Lease: 2 * time.Minute}
	now := time.Now().UTC()
	var wg sync.WaitGroup
	var mu sync.Mutex
	count := map[store.Reservation]int{}
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, _, err := db.ReserveIdempotencyKey(context.Background(), store.IdempotentRequest{UserID: 1, Key: "race", Hash: "h"}, now, times)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			count[got]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if count[store.Reserved] != 1 || count[store.InProgress] != 15 {
		t.Errorf("got %v, want one Reserved and 15 InProgress", count)
	}
}
