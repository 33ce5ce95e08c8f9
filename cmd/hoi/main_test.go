package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hoi-app/hoi/internal/password"
	"github.com/hoi-app/hoi/internal/store"
)

func TestUserCreateMakesTheFirstAdminWithoutDemoData(t *testing.T) {
	url := "sqlite://" + filepath.Join(t.TempDir(), "hoi.db")
	t.Setenv("HOI_DATABASE_URL", url)
	t.Setenv("HOI_USER_PASSWORD", "een-sterk-beheerwachtwoord")
	ctx := context.Background()
	err := run(ctx, []string{"user", "create", "--role", "admin", "--region", "Twente", "--email", "Beheer@Example.nl", "--name", "F. Beheerder"})
	if err != nil {
		t.Fatalf("user create: %v", err)
	}
	db, err := store.Open(url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, hash, err := db.UserForLogin(ctx, "beheer@example.nl")
	if err != nil {
		t.Fatalf("the admin was not stored: %v", err)
	}
	if u.Role != "admin" || !u.Active || u.PracticeID != nil {
		t.Errorf("got %+v, want an active regional admin", u)
	}
	if ok, _ := password.NewHasher(password.DefaultParams(), 1).Verify(ctx, hash, "een-sterk-beheerwachtwoord"); !ok {
		t.Error("the stored hash does not match the password")
	}
	r, _ := db.EnsureRegion(ctx, "Twente")
	if r.ID != u.RegionID {
		t.Errorf("region: got %d, want Twente (%d)", u.RegionID, r.ID)
	}
}

func TestUserCreateRefusesBadInput(t *testing.T) {
	t.Setenv("HOI_DATABASE_URL", "sqlite://"+filepath.Join(t.TempDir(), "hoi.db"))
	for name, tc := range map[string]struct {
		args []string
		pw   string
		want string
	}{
		"weak password":        {[]string{"user", "create", "--region", "R", "--email", "a@b.nl", "--name", "A"}, "kort", "12"},
		"poh without practice": {[]string{"user", "create", "--role", "poh", "--region", "R", "--email", "a@b.nl", "--name", "A"}, "een-sterk-beheerwachtwoord", "--practice"},
		"missing region":       {[]string{"user", "create", "--email", "a@b.nl", "--name", "A"}, "een-sterk-beheerwachtwoord", "--region"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv("HOI_USER_PASSWORD", tc.pw)
			err := run(context.Background(), tc.args)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error mentioning %q", err, tc.want)
			}
		})
	}
}

func TestProdRefusesToStartWithoutSecret(t *testing.T) {
	t.Setenv("HOI_ENV", "prod")
	t.Setenv("HOI_JWT_SECRET", "")
	err := run(context.Background(), []string{"serve"})
	if err == nil || !strings.Contains(err.Error(), "HOI_JWT_SECRET") {
		t.Errorf("got %v, want a refusal naming HOI_JWT_SECRET", err)
	}
}
