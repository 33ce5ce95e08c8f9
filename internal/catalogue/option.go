// Package catalogue is the region's social map: the broad palette of equal
// options a resident chooses from. It is deliberately "good enough": plan
// items may always be free text, so the catalogue never blocks a conversation.
package catalogue

import (
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/errs"
)

// Option is one entry of the social map.
type Option struct {
	ID          int64    `json:"id"`
	RegionID    int64    `json:"region_id"`
	Name        string   `json:"name"`
	Category    Category `json:"category"`
	Provider    string   `json:"provider"`
	Contact     string   `json:"contact"`
	Cost        Cost     `json:"cost"`
	Description string   `json:"description"`
	Specialist  bool     `json:"specialist"`
	Active      bool     `json:"active"`
	// HSDSID is the option's id as an HSDS service (a UUID), kept across
	// imports so that re-importing a directory changes nothing.
	HSDSID string `json:"hsds_id"`
	Details
	// Stale says the listing was not verified for six months.
	Stale     bool      `json:"stale"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Create is a new option for the caller's region.
type Create struct {
	Name        string   `json:"name" validate:"required,max=200"`
	Category    Category `json:"category" validate:"required,enum"`
	Provider    string   `json:"provider" validate:"max=200"`
	Contact     string   `json:"contact" validate:"max=500"`
	Cost        Cost     `json:"cost" validate:"required,enum"`
	Description string   `json:"description" validate:"max=2000"`
	Specialist  bool     `json:"specialist"`
	// The HSDS details: place, schedule, eligibility, capacity, verification.
	Location       *Location `json:"location"`
	Schedule       *Schedule `json:"schedule"`
	Eligibility    string    `json:"eligibility" validate:"max=1000"`
	Capacity       *Capacity `json:"capacity"`
	LastVerifiedOn *string   `json:"last_verified_on" validate:"omitempty,datetime=2006-01-02"`
}

// Details returns the HSDS details of c.
func (c Create) Details() Details {
	return Details{Location: c.Location, Schedule: c.Schedule, Eligibility: c.Eligibility, Capacity: c.Capacity, LastVerifiedOn: c.LastVerifiedOn}
}

// Validate checks the details and dates a capacity given without a time.
func (c *Create) Validate(now time.Time) error {
	d := c.Details()
	d.normalize()
	if f := d.Check(now); len(f) > 0 {
		return errs.Invalid(f...)
	}
	if c.Capacity != nil && c.Capacity.UpdatedAt.IsZero() {
		c.Capacity.UpdatedAt = now.UTC().Truncate(time.Second)
	}
	return nil
}

// Normalize trims texts; specialist and addiction care are specialist care
// whatever the flag says.
func (c *Create) Normalize() {
	c.Name, c.Provider, c.Contact, c.Description = strings.TrimSpace(c.Name), strings.TrimSpace(c.Provider), strings.TrimSpace(c.Contact), strings.TrimSpace(c.Description)
	if c.Category.IsSpecialistCare() {
		c.Specialist = true
	}
}

// Update is a partial change; an option is retired with active=false and
// stays readable in old plans.
type Update struct {
	Name        *string   `json:"name" validate:"omitempty,min=1,max=200"`
	Category    *Category `json:"category" validate:"omitempty,enum"`
	Provider    *string   `json:"provider" validate:"omitempty,max=200"`
	Contact     *string   `json:"contact" validate:"omitempty,max=500"`
	Cost        *Cost     `json:"cost" validate:"omitempty,enum"`
	Description *string   `json:"description" validate:"omitempty,max=2000"`
	Specialist  *bool     `json:"specialist"`
	Active      *bool     `json:"active"`
	// A detail given replaces the option's; Clear removes location,
	// schedule, capacity or last_verified_on.
	Location       *Location `json:"location"`
	Schedule       *Schedule `json:"schedule"`
	Eligibility    *string   `json:"eligibility" validate:"omitempty,max=1000"`
	Capacity       *Capacity `json:"capacity"`
	LastVerifiedOn *string   `json:"last_verified_on" validate:"omitempty,datetime=2006-01-02"`
	Clear          []string  `json:"clear" validate:"max=4,dive,oneof=location schedule capacity last_verified_on"`
}

// Validate refuses a name that would become blank and checks the details.
func (u *Update) Validate(now time.Time) error {
	if u.Name != nil && strings.TrimSpace(*u.Name) == "" {
		return errs.Invalid(errs.Field("name", "required", "cannot be blank"))
	}
	d := Details{Location: u.Location, Schedule: u.Schedule, Capacity: u.Capacity, LastVerifiedOn: u.LastVerifiedOn}
	d.normalize()
	if f := d.Check(now); len(f) > 0 {
		return errs.Invalid(f...)
	}
	if u.Capacity != nil && u.Capacity.UpdatedAt.IsZero() {
		u.Capacity.UpdatedAt = now.UTC().Truncate(time.Second)
	}
	return nil
}

// Apply returns o changed by u.
func (u Update) Apply(o Option) Option {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&o.Name, u.Name)
	if u.Category != nil {
		o.Category = *u.Category
	}
	set(&o.Provider, u.Provider)
	set(&o.Contact, u.Contact)
	if u.Cost != nil {
		o.Cost = *u.Cost
	}
	set(&o.Description, u.Description)
	if u.Specialist != nil {
		o.Specialist = *u.Specialist
	}
	if u.Active != nil {
		o.Active = *u.Active
	}
	if o.Category.IsSpecialistCare() {
		o.Specialist = true
	}
	if u.Location != nil {
		o.Location = u.Location
	}
	if u.Schedule != nil {
		o.Schedule = u.Schedule
	}
	if u.Eligibility != nil {
		o.Eligibility = strings.TrimSpace(*u.Eligibility)
	}
	if u.Capacity != nil {
		o.Capacity = u.Capacity
	}
	if u.LastVerifiedOn != nil {
		o.LastVerifiedOn = u.LastVerifiedOn
	}
	for _, f := range u.Clear {
		switch f {
		case "location":
			o.Location = nil
		case "schedule":
			o.Schedule = nil
		case "capacity":
			o.Capacity = nil
		case "last_verified_on":
			o.LastVerifiedOn = nil
		}
	}
	return o
}

// Filter narrows a catalogue search.
type Filter struct {
	RegionID   int64
	Query      string
	Category   Category
	ActiveOnly bool
	Offset     int
	Limit      int
}
