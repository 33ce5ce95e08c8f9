package policy

import (
	"errors"
	"testing"

	"github.com/hoi-app/hoi/internal/auth"
	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/errs"
	"github.com/hoi-app/hoi/internal/user"
)

var residentActions = map[Action]bool{ResidentReadCase: true, ResidentReadSelfCheck: true, ResidentWriteSelfCheck: true, ResidentFeedback: true, ResidentConsent: true}

func TestResidentPrincipalTakesOnlyResidentActionsOnItsOwnCase(t *testing.T) {
	p := auth.Resident("s1", 7, 1, 3)
	own := caseflow.Facts{ID: 7, RegionID: 1, PracticeID: 3, Consent: caseflow.ConsentGiven, OnTeam: true}
	for _, a := range Actions() {
		if got := Allow(p, a); got != residentActions[a] {
			t.Errorf("resident Allow %s: got %v, want %v", a, got, residentActions[a])
		}
		if got := AllowCase(p, a, own); got != residentActions[a] {
			t.Errorf("resident AllowCase %s on own case: got %v, want %v", a, got, residentActions[a])
		}
		for name, f := range map[string]caseflow.Facts{
			"another case":     {ID: 8, RegionID: 1, PracticeID: 3},
			"another practice": {ID: 7, RegionID: 1, PracticeID: 4},
			"another region":   {ID: 7, RegionID: 2, PracticeID: 3},
		} {
			if AllowCase(p, a, f) {
				t.Errorf("resident may %s on %s", a, name)
			}
		}
	}
	if v := CaseView(p, own); v != ViewNone {
		t.Errorf("resident view of a staff case answer: got %v, want none", v)
	}
	s := CaseScope(p)
	if s.CaseID == nil || *s.CaseID != 7 || s.PracticeID == nil || *s.PracticeID != 3 || s.TeamMember != nil {
		t.Errorf("resident scope: got %+v, want case 7 of practice 3", s)
	}
	if err := Refusal(p, "x"); !errors.Is(err, errs.ErrNotFound) {
		t.Errorf("a resident is refused with %v, want not found", err)
	}
}

func TestStaffNeverTakesResidentActions(t *testing.T) {
	pid := int64(3)
	f := caseflow.Facts{ID: 7, RegionID: 1, PracticeID: 3, Consent: caseflow.ConsentGiven, OnTeam: true}
	for _, r := range user.Roles {
		p := auth.Principal{UserID: 1, Role: r, RegionID: 1, PracticeID: &pid, CaseID: 7}
		for a := range residentActions {
			if Allow(p, a) || AllowCase(p, a, f) {
				t.Errorf("%s may %s", r, a)
			}
		}
	}
	// A staff principal carrying the resident's role name is still no resident.
	fake := auth.Principal{UserID: 1, Role: user.RoleResident, RegionID: 1, PracticeID: &pid, CaseID: 7}
	for _, a := range Actions() {
		if Allow(fake, a) || AllowCase(fake, a, f) {
			t.Errorf("a staff principal with role resident may %s", a)
		}
	}
}

func TestOnlyThePOHManagesTheResidentLink(t *testing.T) {
	pid := int64(3)
	f := caseflow.Facts{ID: 7, RegionID: 1, PracticeID: 3, Consent: caseflow.ConsentGiven, OnTeam: true}
	for _, r := range user.Roles {
		p := auth.Principal{UserID: 1, Role: r, RegionID: 1, PracticeID: &pid}
		if got, want := AllowCase(p, ManageResidentLink, f), r == user.RolePOH; got != want {
			t.Errorf("%s manages the link: got %v, want %v", r, got, want)
		}
	}
}
