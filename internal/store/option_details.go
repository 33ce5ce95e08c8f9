package store

import (
	"time"

	"github.com/hoi-app/hoi/internal/catalogue"
)

// optionDetailCols are the columns of an option's HSDS details (migration
// 20261202_0023), flat in the options table.
type optionDetailCols struct {
	LocationKind        string
	Address             string
	PostalCode          string
	City                string
	LocationURL         string `gorm:"column:location_url"`
	ScheduleFreq        string
	ScheduleInterval    int
	ScheduleByDay       string
	OpensAt             string
	ClosesAt            string
	ScheduleDescription string
	Eligibility         string
	PlacesAvailable     *int
	PlacesMaximum       *int
	WaitingBand         string
	CapacityUpdatedAt   *time.Time
	LastVerifiedOn      *string
}

// optionDetailColumns names the columns of optionDetailCols, for updates.
var optionDetailColumns = []string{"location_kind", "address", "postal_code", "city", "location_url", "schedule_freq", "schedule_interval",
	"schedule_by_day", "opens_at", "closes_at", "schedule_description", "eligibility", "places_available", "places_maximum", "waiting_band",
	"capacity_updated_at", "last_verified_on"}

func (r optionDetailCols) details() catalogue.Details {
	d := catalogue.Details{Eligibility: r.Eligibility, LastVerifiedOn: r.LastVerifiedOn}
	if r.LocationKind != "" {
		d.Location = &catalogue.Location{Kind: catalogue.LocationKind(r.LocationKind), Address: r.Address, PostalCode: r.PostalCode, City: r.City, URL: r.LocationURL}
	}
	if r.ScheduleFreq != "" {
		d.Schedule = &catalogue.Schedule{Freq: catalogue.Frequency(r.ScheduleFreq), Interval: r.ScheduleInterval, ByDay: r.ScheduleByDay,
			OpensAt: r.OpensAt, ClosesAt: r.ClosesAt, Description: r.ScheduleDescription}
	}
	if r.CapacityUpdatedAt != nil {
		d.Capacity = &catalogue.Capacity{Available: r.PlacesAvailable, Maximum: r.PlacesMaximum, WaitingBand: catalogue.WaitingBand(r.WaitingBand),
			UpdatedAt: r.CapacityUpdatedAt.UTC()}
	}
	return d
}

func (r *optionDetailCols) setDetails(d catalogue.Details) {
	*r = optionDetailCols{Eligibility: d.Eligibility, LastVerifiedOn: d.LastVerifiedOn}
	if l := d.Location; l != nil {
		r.LocationKind, r.Address, r.PostalCode, r.City, r.LocationURL = string(l.Kind), l.Address, l.PostalCode, l.City, l.URL
	}
	if s := d.Schedule; s != nil {
		r.ScheduleFreq, r.ScheduleInterval, r.ScheduleByDay = string(s.Freq), s.Interval, s.ByDay
		r.OpensAt, r.ClosesAt, r.ScheduleDescription = s.OpensAt, s.ClosesAt, s.Description
	}
	if c := d.Capacity; c != nil {
		at := c.UpdatedAt.UTC()
		r.PlacesAvailable, r.PlacesMaximum, r.WaitingBand, r.CapacityUpdatedAt = c.Available, c.Maximum, string(c.WaitingBand), &at
	}
}
