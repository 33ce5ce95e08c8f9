// Package user holds the people who use HOI and their roles. Which role may do
// what lives in the policy package; this package only knows what a valid user is.
package user

import (
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/enum"
	"github.com/hoi-app/hoi/internal/errs"
)

// Role is what a user does in the HOI conversation or around it.
type Role string

// The roles of DESIGN.md. POH and GP belong to one practice; peer, coach and
// admin work for a whole region.
const (
	RolePOH   Role = "poh"
	RolePeer  Role = "peer"
	RoleCoach Role = "coach"
	RoleGP    Role = "gp"
	RoleAdmin Role = "admin"
)

// RoleResident is not a role of an account and never in Roles (so no
// account can be made with it): it names the resident principal of a
// resident session in the access log.
const RoleResident Role = "resident"

// Roles lists every role, in the order the UI shows them.
var Roles = enum.Of[Role]{RolePOH, RolePeer, RoleCoach, RoleGP, RoleAdmin}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool { return Roles.Has(r) }

// Values lists Roles (validate:"enum" names them).
func (Role) Values() []string { return Roles.Strings() }

// PracticeBound reports whether users of this role belong to one practice
// rather than to a region.
func (r Role) PracticeBound() bool { return r == RolePOH || r == RoleGP }

// CarriesCaseload reports whether users of this role sit on teams across
// practices and so have a caseload (and maybe a cap).
func (r Role) CarriesCaseload() bool { return r == RolePeer || r == RoleCoach }

// User is an account. The password hash never leaves the store package.
type User struct {
	ID          int64  `json:"id"`
	Email       string `json:"email"`
	DisplayName string `json:"display_name"`
	Role        Role   `json:"role"`
	RegionID    int64  `json:"region_id"`
	PracticeID  *int64 `json:"practice_id"`
	Active      bool   `json:"active"`
	// CaseloadCap is a peer's or coach's most active cases, set by the
	// region's admin; nil is no cap. Putting them over it asks for a reason.
	CaseloadCap *int      `json:"caseload_cap"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Create is the input for a new user. The region is the creating admin's.
type Create struct {
	Email       string `json:"email" validate:"required,email,max=254"`
	DisplayName string `json:"display_name" validate:"required,max=120"`
	Role        Role   `json:"role" validate:"required,enum"`
	PracticeID  *int64 `json:"practice_id" validate:"omitempty,gt=0"`
	Password    string `json:"password" validate:"required"`
}

// Normalize lower-cases the email so that logins are case-insensitive.
func (c *Create) Normalize() {
	c.Email = NormalizeEmail(c.Email)
	c.DisplayName = strings.TrimSpace(c.DisplayName)
}

// Validate checks the rules a struct tag cannot: a practice for practice-bound
// roles and none for regional ones.
func (c *Create) Validate(time.Time) error {
	return checkPractice(c.Role, c.PracticeID)
}

// Update is a partial update by an admin; nil fields stay as they are.
type Update struct {
	DisplayName *string `json:"display_name" validate:"omitempty,min=1,max=120"`
	Role        *Role   `json:"role" validate:"omitempty,enum"`
	PracticeID  *int64  `json:"practice_id" validate:"omitempty,gt=0"`
	Active      *bool   `json:"active"`
	Password    *string `json:"password"`
	// CaseloadCap sets a peer's or coach's cap; 0 removes it.
	CaseloadCap *int `json:"caseload_cap" validate:"omitempty,min=0,max=1000"`
}

// Apply returns u with the update applied, validating the combination of role
// and practice that results.
func (up *Update) Apply(u User) (User, error) {
	if up.DisplayName != nil {
		u.DisplayName = strings.TrimSpace(*up.DisplayName)
	}
	if up.Role != nil {
		u.Role = *up.Role
		if !u.Role.PracticeBound() {
			u.PracticeID = nil
		}
	}
	if up.PracticeID != nil {
		u.PracticeID = up.PracticeID
	}
	if up.Active != nil {
		u.Active = *up.Active
	}
	if !u.Role.CarriesCaseload() {
		u.CaseloadCap = nil
	}
	if up.CaseloadCap != nil {
		if !u.Role.CarriesCaseload() {
			return u, errs.Invalid(errs.Field("caseload_cap", "excluded", "only a peer or coach has a caseload cap"))
		}
		u.CaseloadCap = up.CaseloadCap
		if *up.CaseloadCap == 0 {
			u.CaseloadCap = nil
		}
	}
	if err := checkPractice(u.Role, u.PracticeID); err != nil {
		return u, err
	}
	return u, nil
}

func checkPractice(r Role, practiceID *int64) error {
	if r.PracticeBound() && practiceID == nil {
		return errs.Invalid(errs.Field("practice_id", "required", "a "+string(r)+" belongs to a practice: practice_id is required"))
	}
	if !r.PracticeBound() && practiceID != nil {
		return errs.Invalid(errs.Field("practice_id", "excluded", "a "+string(r)+" works for the whole region: leave practice_id out"))
	}
	return nil
}

// NormalizeEmail is the one place that decides when two emails are the same.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ErrDuplicateEmail is returned when the email is already in use.
var ErrDuplicateEmail = errs.New(errs.ErrConflict, "a user with this email already exists")

// Filter narrows a user listing; RegionID always comes from the caller's tenancy.
type Filter struct {
	RegionID   int64
	PracticeID *int64
	Role       *Role
	Active     *bool
	Query      string
	Offset     int
	Limit      int
}
