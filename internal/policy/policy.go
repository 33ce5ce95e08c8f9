// Package policy is the one place that answers "may this principal do this
// action?". Handlers ask it and never test roles themselves; tenancy (which
// practice or region a record belongs to) is enforced again in every store
// query, so a forgotten check here cannot leak another practice's data.
package policy

import (
	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/user"
)

// Action is something a principal may try to do.
type Action string

// The actions of the foundation. Case actions join them with the case API.
const (
	ReadMe         Action = "me.read"
	ListPractices  Action = "practice.list"
	CreatePractice Action = "practice.create"
	ListUsers      Action = "user.list"
	CreateUser     Action = "user.create"
	UpdateUser     Action = "user.update"
)

var everyone = user.Roles

// rules lists, per action, the roles that may take it. An action missing here
// is denied to everybody, so a new route fails closed.
var rules = map[Action][]user.Role{
	ReadMe:         everyone,
	ListPractices:  {user.RoleAdmin},
	CreatePractice: {user.RoleAdmin},
	ListUsers:      {user.RoleAdmin},
	CreateUser:     {user.RoleAdmin},
	UpdateUser:     {user.RoleAdmin},
}

// Allow reports whether p may take action a at all. Which records it may take
// it on is decided by the tenancy scope of the query.
func Allow(p auth.Principal, a Action) bool {
	for _, r := range rules[a] {
		if r == p.Role {
			return true
		}
	}
	return false
}

// Actions lists every known action, for tests that walk the whole policy.
func Actions() []Action {
	out := make([]Action, 0, len(rules))
	for a := range rules {
		out = append(out, a)
	}
	return out
}
