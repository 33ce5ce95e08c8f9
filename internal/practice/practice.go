// Package practice holds the tenancy units of HOI: a region groups GP
// practices, and every case belongs to exactly one practice. Tenancy rules in
// the policy and store packages are expressed in these terms.
package practice

import (
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/errs"
)

// Region is a group of practices that share peers, coaches, an options
// catalogue and a functional administrator.
type Region struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// Practice is one GP practice; its POH-GGZ and GPs only ever see its cases.
type Practice struct {
	ID        int64     `json:"id"`
	RegionID  int64     `json:"region_id"`
	Name      string    `json:"name"`
	AGBCode   *string   `json:"agb_code"`
	Kind      Kind      `json:"kind"`
	CreatedAt time.Time `json:"created_at"`
}

// Create is the input for a new practice; the region comes from the admin.
type Create struct {
	Name    string  `json:"name" validate:"required,max=200"`
	AGBCode *string `json:"agb_code" validate:"omitempty,numeric,len=8"`
	// Kind defaults to a GP practice.
	Kind Kind `json:"kind" validate:"omitempty,enum"`
}

// Normalize trims user input so that " De Linde " and "De Linde" are one name.
func (c *Create) Normalize() {
	c.Name = strings.TrimSpace(c.Name)
	if c.Kind == "" {
		c.Kind = KindGPPractice
	}
	if c.AGBCode != nil {
		v := strings.TrimSpace(*c.AGBCode)
		c.AGBCode = &v
		if v == "" {
			c.AGBCode = nil
		}
	}
}

// ErrDuplicateName is returned when a region already has a practice of that name.
var ErrDuplicateName = errs.New(errs.ErrConflict, "a practice with this name already exists in the region")

// Filter narrows a practice listing. RegionID is always set by the caller's tenancy.
type Filter struct {
	RegionID int64
	Offset   int
	Limit    int
}
