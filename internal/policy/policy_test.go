package policy

import (
	"testing"

	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/user"
)

func TestAdminActionsAreForAdminsOnly(t *testing.T) {
	for _, a := range []Action{ListPractices, CreatePractice, ListUsers, CreateUser, UpdateUser} {
		for _, r := range user.Roles {
			got := Allow(auth.Principal{Role: r}, a)
			if want := r == user.RoleAdmin; got != want {
				t.Errorf("%s may %s: got %v, want %v", r, a, got, want)
			}
		}
	}
}

func TestUnknownActionsAndRolesAreDenied(t *testing.T) {
	if Allow(auth.Principal{Role: user.RoleAdmin}, Action("case.secret")) {
		t.Error("an action missing from the rules was allowed")
	}
	if Allow(auth.Principal{Role: "superuser"}, ReadMe) {
		t.Error("an unknown role was allowed")
	}
	for _, a := range Actions() {
		if len(rules[a].roles) == 0 && rules[a].resident == nil {
			t.Errorf("action %s has no roles and no resident rule", a)
		}
		if len(rules[a].roles) > 0 && rules[a].resident != nil {
			t.Errorf("action %s is open to staff and to the resident: each action is one principal's", a)
		}
	}
}
