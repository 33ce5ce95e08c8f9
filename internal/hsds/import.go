package hsds

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/catalogue"
)

// ErrFormat says a document is none of the HSDS shapes HOI imports.
var ErrFormat = errors.New("not an HSDS document: send a list of services, an HSDS /services page, a service, or organizations with their services")

// Parse reads an HSDS document: a list of services, an API page of them
// (contents), one service, an organization with its services, or a list of
// organizations. A profile document (version, openapi_url) holds no
// services. Each service gets the organization it came nested in.
func Parse(raw []byte) ([]Service, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, ErrFormat
	}
	if raw[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrFormat, err)
		}
		var out []Service
		for _, it := range items {
			s, err := parseObject(it)
			if err != nil {
				return nil, err
			}
			out = append(out, s...)
		}
		return out, nil
	}
	return parseObject(raw)
}

func parseObject(raw json.RawMessage) ([]Service, error) {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	switch {
	case keys["contents"] != nil:
		var p struct {
			Contents []Service `json:"contents"`
		}
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrFormat, err)
		}
		return p.Contents, nil
	case keys["services"] != nil:
		var o Organization
		if err := json.Unmarshal(raw, &o); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrFormat, err)
		}
		out := make([]Service, len(o.Services))
		for i, s := range o.Services {
			if s.Organization == nil {
				s.Organization = &Organization{ID: o.ID, Name: o.Name, Description: o.Description}
			}
			out[i] = s
		}
		return out, nil
	case keys["name"] != nil:
		var s Service
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrFormat, err)
		}
		return []Service{s}, nil
	case keys["version"] != nil && keys["openapi_url"] != nil:
		return nil, nil // a profile document: no services
	}
	return nil, ErrFormat
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// ToOption maps service s to a catalogue option, as of now.
func ToOption(s Service, now time.Time) catalogue.ImportItem {
	var in catalogue.ImportItem
	warn := func(f string, a ...any) { in.Warnings = append(in.Warnings, fmt.Sprintf(f, a...)) }
	refuse := func(f string, a ...any) { in.Refusals = append(in.Refusals, fmt.Sprintf(f, a...)) }
	o := catalogue.Option{HSDSID: strings.ToLower(strings.TrimSpace(s.ID)), Name: strings.TrimSpace(s.Name), Description: strings.TrimSpace(s.Description),
		Active: s.Status == "active" || s.Status == "", Category: catalogue.CategoryOther, Cost: ""}
	if !uuidRE.MatchString(o.HSDSID) {
		refuse("id must be a UUID")
	}
	if o.Name == "" {
		refuse("name is required")
	}
	if len([]rune(o.Name)) > 200 {
		refuse("name is longer than 200 characters")
	}
	if len([]rune(o.Description)) > 2000 {
		refuse("description is longer than 2000 characters")
	}
	if s.Organization != nil {
		o.Provider = strings.TrimSpace(s.Organization.Name)
	}
	o.Contact = contactOf(s)
	if len([]rune(o.Contact)) > 500 {
		refuse("contact is longer than 500 characters")
	}
	specialist := false
	for _, a := range s.Attributes {
		t := a.TaxonomyTerm
		if t == nil {
			continue
		}
		switch t.Taxonomy {
		case CategoryTaxonomy:
			if c := catalogue.Category(t.Code); c.Valid() {
				o.Category = c
			} else {
				warn("category %q is not one of HOI's; filed under other", t.Code)
			}
		case CostTaxonomy:
			if c := catalogue.Cost(t.Code); c.Valid() {
				o.Cost = c
			}
		case FlagTaxonomy:
			specialist = specialist || (t.Code == "specialist" && a.Value == "true")
		}
	}
	if o.Cost == "" {
		o.Cost = costFromFees(s.FeesDescription)
		if o.Cost == "" {
			o.Cost = catalogue.CostFree
			warn("no cost given; set to free")
		}
	}
	o.Specialist = specialist || o.Category.IsSpecialistCare()
	o.Eligibility = strings.TrimSpace(s.EligibilityDescription)
	if len([]rune(o.Eligibility)) > 1000 {
		refuse("eligibility_description is longer than 1000 characters")
	}
	if d := strings.TrimSpace(s.AssuredDate); len(d) >= 10 {
		if _, err := time.Parse(time.DateOnly, d[:10]); err == nil {
			v := d[:10]
			o.LastVerifiedOn = &v
		}
	}
	o.Location = locationOf(s, warn)
	o.Schedule = scheduleOf(s, warn)
	o.Capacity = capacityOf(s, now, warn)
	if f := o.Details.Check(now); len(f) > 0 {
		for _, e := range f {
			refuse("%s %s", e.Field, e.Message)
		}
	}
	in.Option = o
	return in
}

func contactOf(s Service) string {
	switch {
	case s.Email != "":
		return strings.TrimSpace(s.Email)
	case s.URL != "":
		return strings.TrimSpace(s.URL)
	case len(s.Phones) > 0:
		return strings.TrimSpace(s.Phones[0].Number)
	}
	for _, c := range s.Contacts {
		switch {
		case c.Email != "":
			return strings.TrimSpace(c.Email)
		case len(c.Phones) > 0:
			return strings.TrimSpace(c.Phones[0].Number)
		case c.Name != "":
			return strings.TrimSpace(c.Name)
		}
	}
	return ""
}

func costFromFees(f string) catalogue.Cost {
	for c, text := range costFees {
		if strings.EqualFold(strings.TrimSpace(f), text) {
			return c
		}
	}
	return ""
}

func locationOf(s Service, warn func(string, ...any)) *catalogue.Location {
	for _, sal := range s.ServiceAtLocations {
		l := sal.Location
		if l == nil {
			continue
		}
		if l.LocationType == "virtual" {
			return &catalogue.Location{Kind: catalogue.LocationOnline, URL: l.URL}
		}
		out := &catalogue.Location{Kind: catalogue.LocationPhysical, URL: l.URL}
		if len(l.Addresses) > 0 {
			a := l.Addresses[0]
			out.Address, out.City = strings.TrimSpace(a.Address1), strings.TrimSpace(a.City)
			pc := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(a.PostalCode), " ", ""))
			if pc != "" && !catalogue.ValidPostalCode(pc) {
				warn("postal code %q is not Dutch; left out", a.PostalCode)
				pc = ""
			}
			out.PostalCode = pc
		}
		return out
	}
	return nil
}

func scheduleOf(s Service, warn func(string, ...any)) *catalogue.Schedule {
	if len(s.Schedules) == 0 {
		return nil
	}
	h := s.Schedules[0]
	f := catalogue.Frequency(strings.ToUpper(h.Freq))
	if !f.Valid() {
		warn("schedule without a weekly or monthly recurrence; left out")
		return nil
	}
	out := &catalogue.Schedule{Freq: f, ByDay: strings.ToUpper(h.ByDay), OpensAt: hhmm(h.OpensAt), ClosesAt: hhmm(h.ClosesAt), Description: strings.TrimSpace(h.Description)}
	if h.Interval != nil {
		out.Interval = *h.Interval
	}
	return out
}

// hhmm cuts an HSDS time ("09:30:00", "09:30Z") to HH:MM.
func hhmm(t string) string {
	if len(t) >= 5 {
		return t[:5]
	}
	return t
}

func capacityOf(s Service, now time.Time, warn func(string, ...any)) *catalogue.Capacity {
	var band catalogue.WaitingBand
	for b, text := range waitTimes {
		if strings.EqualFold(strings.TrimSpace(s.WaitTime), text) {
			band = b
		}
	}
	if s.WaitTime != "" && band == "" {
		warn("wait_time %q is not one of HOI's waiting bands; left out", s.WaitTime)
	}
	for _, c := range s.Capacities {
		if c.Available == nil {
			continue
		}
		out := &catalogue.Capacity{Available: c.Available, Maximum: c.Maximum, WaitingBand: band}
		if c.Description == notCounted {
			out.Available = nil
		}
		if t, err := time.Parse(time.RFC3339, c.Updated); err == nil {
			out.UpdatedAt = t.UTC()
		} else {
			out.UpdatedAt = now.UTC().Truncate(time.Second)
		}
		if out.Available == nil && out.WaitingBand == "" {
			return nil
		}
		return out
	}
	if band != "" {
		at := now.UTC().Truncate(time.Second)
		if t, err := time.Parse(time.RFC3339, s.LastModified); err == nil {
			at = t.UTC().Truncate(time.Second)
		}
		return &catalogue.Capacity{WaitingBand: band, UpdatedAt: at}
	}
	return nil
}
