// Package seed fills a database with the demo data of DESIGN.md, so that a new
// user can log in with every role right after `make run`. It is idempotent:
// running it again resets the demo accounts' passwords and adds what is missing.
package seed

import (
	"context"
	"fmt"

	"github.com/hoi-app/hoi/internal/password"
	"github.com/hoi-app/hoi/internal/store"
	"github.com/hoi-app/hoi/internal/user"
)

// Account is one demo login.
type Account struct {
	Email, Name, Role, Where string
}

type demoRegion struct {
	name      string
	practices []string
	users     []demoUser
}

type demoUser struct {
	email, name string
	role        user.Role
	practice    string // empty for regional roles
}

// The names are fixed by DESIGN.md; checks outside the repo rely on them.
var demo = []demoRegion{
	{
		name:      "Achterhoek (demo)",
		practices: []string{"Huisartsenpraktijk De Linde", "Gezondheidscentrum Oost", "Praktijk Het Baken"},
		users: []demoUser{
			{"poh@hoi.example", "Sanne de Vries", user.RolePOH, "Huisartsenpraktijk De Linde"},
			{"gp@hoi.example", "Pieter Jansen", user.RoleGP, "Huisartsenpraktijk De Linde"},
			{"poh2@hoi.example", "Fatima El Amrani", user.RolePOH, "Gezondheidscentrum Oost"},
			{"gp2@hoi.example", "Marleen Bakker", user.RoleGP, "Gezondheidscentrum Oost"},
			{"peer@hoi.example", "Joost Hendriks", user.RolePeer, ""},
			{"coach@hoi.example", "Ayşe Yılmaz", user.RoleCoach, ""},
			{"admin@hoi.example", "Karin Smit", user.RoleAdmin, ""},
		},
	},
	{
		name:      "Veluwe (demo)",
		practices: []string{"Huisartsenpraktijk De Veluwezoom"},
		users: []demoUser{
			{"admin2@hoi.example", "Willem Visser", user.RoleAdmin, ""},
			{"poh3@hoi.example", "Eva Mulder", user.RolePOH, "Huisartsenpraktijk De Veluwezoom"},
		},
	},
}

// Demo seeds the demo regions, practices and accounts, all with password
// plain, and returns the accounts for printing.
func Demo(ctx context.Context, db *store.DB, h *password.Hasher, plain string) ([]Account, error) {
	hash, err := h.Hash(ctx, plain)
	if err != nil {
		return nil, fmt.Errorf("seed: hash: %w", err)
	}
	var out []Account
	var people demoPeople
	for ri, r := range demo {
		region, err := db.EnsureRegion(ctx, r.name)
		if err != nil {
			return nil, fmt.Errorf("seed: region: %w", err)
		}
		ids := map[string]int64{}
		byEmail := map[string]int64{}
		for _, name := range r.practices {
			p, err := db.EnsurePractice(ctx, region.ID, name)
			if err != nil {
				return nil, fmt.Errorf("seed: practice: %w", err)
			}
			ids[name] = p.ID
		}
		if err := locations(ctx, db, region.ID, r.name); err != nil {
			return nil, err
		}
		for _, u := range r.users {
			in := store.NewUser{
				Create:   user.Create{Email: u.email, DisplayName: u.name, Role: u.role},
				RegionID: region.ID, PasswordHash: hash,
			}
			where := r.name
			if u.practice != "" {
				id := ids[u.practice]
				in.PracticeID = &id
				where = u.practice
			}
			u2, err := db.UpsertUser(ctx, in)
			if err != nil {
				return nil, fmt.Errorf("seed: user: %w", err)
			}
			byEmail[u.email] = u2.ID
			out = append(out, Account{Email: u.email, Name: u.name, Role: string(u.role), Where: where})
		}
		options, err := catalogueFor(ctx, db, region.ID)
		if err != nil {
			return nil, err
		}
		if ri == 0 {
			// The demo cases live in the first region's first two practices.
			people = demoPeople{
				regionID:  region.ID,
				practices: map[string]int64{"Huisartsenpraktijk De Linde": ids["Huisartsenpraktijk De Linde"], "Gezondheidscentrum Oost": ids["Gezondheidscentrum Oost"]},
				gp:        map[string]int64{"Huisartsenpraktijk De Linde": byEmail["gp@hoi.example"], "Gezondheidscentrum Oost": byEmail["gp2@hoi.example"]},
				poh:       map[string]int64{"Huisartsenpraktijk De Linde": byEmail["poh@hoi.example"], "Gezondheidscentrum Oost": byEmail["poh2@hoi.example"]},
				peer:      byEmail["peer@hoi.example"], coach: byEmail["coach@hoi.example"],
			}
			if err := cases(ctx, db, people, options); err != nil {
				return nil, err
			}
			if err := appointments(ctx, db, people); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
