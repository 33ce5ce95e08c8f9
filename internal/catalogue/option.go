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
	ID          int64     `json:"id"`
	RegionID    int64     `json:"region_id"`
	Name        string    `json:"name"`
	Category    Category  `json:"category"`
	Provider    string    `json:"provider"`
	Contact     string    `json:"contact"`
	Cost        Cost      `json:"cost"`
	Description string    `json:"description"`
	Specialist  bool      `json:"specialist"`
	Active      bool      `json:"active"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
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
}

// Validate refuses a name that would become blank.
func (u Update) Validate(time.Time) error {
	if u.Name != nil && strings.TrimSpace(*u.Name) == "" {
		return errs.Invalid(errs.Field("name", "required", "cannot be blank"))
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
