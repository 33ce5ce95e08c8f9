// Package hsds maps HOI's social map to and from Open Referral's Human
// Services Data Specification (HSDS 3.0, with 3.1's service capacities), the
// common format of service directories: a municipality's or a welfare
// organisation's directory can fill the catalogue, and the catalogue can be
// published to theirs. It knows HSDS and the catalogue, not the store.
package hsds

import (
	"crypto/sha1"
	"fmt"
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/catalogue"
)

// Service is an HSDS service with the nested objects HOI fills. Optional
// fields are omitted when empty, so the 3.0 and 3.1 schemas both accept it
// (3.0 once Capacities are left out).
type Service struct {
	ID                     string              `json:"id"`
	OrganizationID         string              `json:"organization_id,omitempty"`
	Name                   string              `json:"name"`
	Description            string              `json:"description,omitempty"`
	URL                    string              `json:"url,omitempty"`
	Email                  string              `json:"email,omitempty"`
	Status                 string              `json:"status"`
	FeesDescription        string              `json:"fees_description,omitempty"`
	WaitTime               string              `json:"wait_time,omitempty"`
	EligibilityDescription string              `json:"eligibility_description,omitempty"`
	AssuredDate            string              `json:"assured_date,omitempty"`
	LastModified           string              `json:"last_modified,omitempty"`
	Organization           *Organization       `json:"organization,omitempty"`
	Phones                 []Phone             `json:"phones,omitempty"`
	Schedules              []Schedule          `json:"schedules,omitempty"`
	ServiceAtLocations     []ServiceAtLocation `json:"service_at_locations,omitempty"`
	Contacts               []Contact           `json:"contacts,omitempty"`
	Capacities             []Capacity          `json:"capacities,omitempty"`
	Attributes             []Attribute         `json:"attributes,omitempty"`
}

// Organization is an HSDS organization; in an import it may carry its
// services.
type Organization struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Services    []Service `json:"services,omitempty"`
}

// Phone is an HSDS phone.
type Phone struct {
	ID     string `json:"id"`
	Number string `json:"number"`
}

// Contact is an HSDS contact.
type Contact struct {
	ID     string  `json:"id"`
	Name   string  `json:"name,omitempty"`
	Email  string  `json:"email,omitempty"`
	Phones []Phone `json:"phones,omitempty"`
}

// Schedule is an HSDS schedule (RFC 5545 recurrence parts).
type Schedule struct {
	ID          string `json:"id"`
	Freq        string `json:"freq,omitempty"`
	Interval    *int   `json:"interval,omitempty"`
	ByDay       string `json:"byday,omitempty"`
	OpensAt     string `json:"opens_at,omitempty"`
	ClosesAt    string `json:"closes_at,omitempty"`
	Description string `json:"description,omitempty"`
}

// ServiceAtLocation links a service to a location.
type ServiceAtLocation struct {
	ID       string    `json:"id"`
	Location *Location `json:"location,omitempty"`
}

// Location is an HSDS location: physical (with an address) or virtual.
type Location struct {
	ID           string    `json:"id"`
	LocationType string    `json:"location_type"`
	URL          string    `json:"url,omitempty"`
	Name         string    `json:"name,omitempty"`
	Addresses    []Address `json:"addresses,omitempty"`
}

// Address is an HSDS address.
type Address struct {
	ID            string `json:"id"`
	Address1      string `json:"address_1"`
	City          string `json:"city"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	AddressType   string `json:"address_type"`
}

// Capacity is an HSDS 3.1 service capacity.
type Capacity struct {
	ID          string `json:"id"`
	Unit        Unit   `json:"unit"`
	Available   *int   `json:"available"`
	Maximum     *int   `json:"maximum,omitempty"`
	Description string `json:"description,omitempty"`
	Updated     string `json:"updated"`
}

// Unit is what a capacity counts.
type Unit struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Attribute links a service to a taxonomy term.
type Attribute struct {
	ID             string        `json:"id"`
	TaxonomyTermID string        `json:"taxonomy_term_id,omitempty"`
	TaxonomyTerm   *TaxonomyTerm `json:"taxonomy_term,omitempty"`
	Value          string        `json:"value,omitempty"`
}

// TaxonomyTerm is one term of a taxonomy.
type TaxonomyTerm struct {
	ID          string `json:"id"`
	Code        string `json:"code,omitempty"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Taxonomy    string `json:"taxonomy,omitempty"`
}

// Page is one page of the HSDS API's /services.
type Page struct {
	TotalItems int64     `json:"total_items"`
	TotalPages int64     `json:"total_pages"`
	PageNumber int       `json:"page_number"`
	Size       int       `json:"size"`
	FirstPage  bool      `json:"first_page"`
	LastPage   bool      `json:"last_page"`
	Empty      bool      `json:"empty"`
	Contents   []Service `json:"contents"`
}

// namespace seeds the name-based ids HOI derives for the nested objects of
// a service, so that exporting twice yields the same document.
const namespace = "6f1c9a4e-hoi-hsds"

// DerivedID is a stable name-based (version 5 style) UUID for parts.
func DerivedID(parts ...string) string {
	h := sha1.Sum([]byte(namespace + "/" + strings.Join(parts, "/")))
	b := h[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// OrganizationID is the HSDS id of a provider: derived from its name, so a
// provider's options share one organization in every region.
func OrganizationID(provider string) string {
	return DerivedID("organization", strings.ToLower(strings.TrimSpace(provider)))
}

// placesUnit is the unit of HOI's capacities.
var placesUnit = Unit{ID: DerivedID("unit", "places"), Name: "places"}

// Export turns option o into an HSDS service.
func Export(o catalogue.Option) Service {
	id := o.HSDSID
	s := Service{ID: id, Name: o.Name, Description: o.Description, Status: "inactive", EligibilityDescription: o.Eligibility,
		LastModified: o.UpdatedAt.UTC().Format("2006-01-02T15:04:05.000Z"), FeesDescription: costFees[o.Cost]}
	if o.Active {
		s.Status = "active"
	}
	if o.LastVerifiedOn != nil {
		s.AssuredDate = *o.LastVerifiedOn
	}
	if o.Provider != "" {
		s.OrganizationID = OrganizationID(o.Provider)
		s.Organization = &Organization{ID: s.OrganizationID, Name: o.Provider, Description: ""}
	}
	switch kind, v := contactKind(o.Contact); kind {
	case "email":
		s.Email = v
	case "url":
		s.URL = v
	case "phone":
		s.Phones = []Phone{{ID: DerivedID(id, "phone"), Number: v}}
	case "text":
		s.Contacts = []Contact{{ID: DerivedID(id, "contact"), Name: v}}
	}
	if l := o.Location; l != nil {
		loc := &Location{ID: DerivedID(id, "location"), LocationType: "physical", Name: o.Name}
		if l.Kind == catalogue.LocationOnline {
			loc.LocationType, loc.URL = "virtual", l.URL
		} else {
			loc.URL = l.URL
			loc.Addresses = []Address{{ID: DerivedID(id, "address"), Address1: l.Address, City: l.City, PostalCode: l.PostalCode, Country: "NL", AddressType: "physical"}}
		}
		s.ServiceAtLocations = []ServiceAtLocation{{ID: DerivedID(id, "service_at_location"), Location: loc}}
	}
	if sc := o.Schedule; sc != nil {
		h := Schedule{ID: DerivedID(id, "schedule"), Freq: string(sc.Freq), ByDay: sc.ByDay, OpensAt: sc.OpensAt, ClosesAt: sc.ClosesAt, Description: sc.Description}
		if sc.Interval > 0 {
			n := sc.Interval
			h.Interval = &n
		}
		s.Schedules = []Schedule{h}
	}
	if c := o.Capacity; c != nil {
		s.WaitTime = waitTimes[c.WaitingBand]
		if c.Available != nil {
			s.Capacities = []Capacity{{ID: DerivedID(id, "capacity"), Unit: placesUnit, Available: c.Available, Maximum: c.Maximum, Updated: c.UpdatedAt.UTC().Format(time.RFC3339)}}
		} else {
			// A waiting band alone still says when it was last updated.
			zero := 0
			s.Capacities = []Capacity{{ID: DerivedID(id, "capacity"), Unit: placesUnit, Available: &zero, Maximum: c.Maximum, Description: notCounted,
				Updated: c.UpdatedAt.UTC().Format(time.RFC3339)}}
		}
	}
	s.Attributes = []Attribute{categoryAttribute(id, o.Category), costAttribute(id, o.Cost)}
	if o.Specialist && !o.Category.IsSpecialistCare() {
		s.Attributes = append(s.Attributes, Attribute{ID: DerivedID(id, "specialist"), TaxonomyTermID: specialistTerm.ID, TaxonomyTerm: &specialistTerm, Value: "true"})
	}
	return s
}

// WithoutCapacities is s as HSDS 3.0 knows it (capacities came in 3.1).
func WithoutCapacities(s Service) Service {
	s.Capacities = nil
	return s
}

// notCounted marks a capacity that only dates a waiting band: HSDS needs
// an available count, HOI has none.
const notCounted = "places not counted; see wait_time"

// contactKind sorts HOI's one contact field into HSDS's email, url or phone.
func contactKind(c string) (string, string) {
	c = strings.TrimSpace(c)
	switch {
	case c == "":
		return "", ""
	case strings.HasPrefix(c, "http://") || strings.HasPrefix(c, "https://"):
		return "url", c
	case strings.Contains(c, "@") && !strings.ContainsAny(c, " \t"):
		return "email", c
	case strings.Trim(c, "0123456789 -+()") == "":
		return "phone", c
	}
	return "text", c
}

// costFees describes each cost for HSDS's fees_description (the cost term
// itself is an attribute).
var costFees = map[catalogue.Cost]string{
	catalogue.CostFree:         "Gratis",
	catalogue.CostMunicipality: "Vergoed door de gemeente",
	catalogue.CostInsured:      "Vergoed door de zorgverzekering",
	catalogue.CostPaid:         "Eigen bijdrage",
}

// waitTimes is the wait_time text of each waiting band.
var waitTimes = map[catalogue.WaitingBand]string{
	catalogue.WaitNone:       "no waiting list",
	catalogue.WaitUnder4:     "under 4 weeks",
	catalogue.Wait4To12:      "4 to 12 weeks",
	catalogue.WaitOver12:     "over 12 weeks",
	catalogue.WaitListClosed: "waiting list closed",
}

// OneToOne is s with only its one-to-one fields and organization, as the
// HSDS API lists services.
func OneToOne(s Service) Service {
	s.Phones, s.Schedules, s.ServiceAtLocations, s.Contacts, s.Capacities, s.Attributes = nil, nil, nil, nil, nil, nil
	return s
}
