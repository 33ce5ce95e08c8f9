package seed

import (
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/catalogue"
)

// demoTowns are the places of the Achterhoek the demo options are held in.
var demoTowns = []struct{ street, postal, city string }{
	{"Raadhuisstraat 12", "7001EX", "Doetinchem"},
	{"Misterweg 5", "7101AB", "Winterswijk"},
	{"Markt 3", "7141BC", "Groenlo"},
	{"Kerkstraat 20", "7201HN", "Zutphen"},
	{"Stationsstraat 8", "7261AA", "Ruurlo"},
	{"Dorpsstraat 1", "7271AC", "Borculo"},
}

var demoDays = []string{"MO", "TU", "WE", "TH", "FR"}

// groupish are the categories whose options meet at set times.
var groupish = map[catalogue.Category]bool{
	catalogue.CategoryPeerSupport: true, catalogue.CategoryRecoveryCollege: true, catalogue.CategoryGroup: true,
	catalogue.CategorySportMovement: true, catalogue.CategoryArtsCulture: true, catalogue.CategoryNeighbourhood: true,
}

// demoDetails gives the i-th demo option a place, a schedule (for groups),
// capacity and a verification date: every fifth is full with a waiting band,
// every seventh was last verified over six months ago.
func demoDetails(i int, o demoOption, now time.Time) catalogue.Details {
	cat := catalogue.Category(o.Category)
	var d catalogue.Details
	switch {
	case cat == catalogue.CategoryEHealth || strings.HasPrefix(o.Contact, "https://"):
		url := o.Contact
		if !strings.HasPrefix(url, "https://") {
			url = "https://online.example.nl/" + strings.ToLower(strings.ReplaceAll(o.Name, " ", "-"))
		}
		d.Location = &catalogue.Location{Kind: catalogue.LocationOnline, URL: url}
	default:
		t := demoTowns[i%len(demoTowns)]
		d.Location = &catalogue.Location{Kind: catalogue.LocationPhysical, Address: t.street, PostalCode: t.postal, City: t.city}
		if i%4 == 3 {
			d.Location.Address, d.Location.PostalCode = "", t.postal[:4] // only the area is known
		}
	}
	if groupish[cat] {
		freq, interval := catalogue.Weekly, 1
		if i%3 == 2 {
			freq = catalogue.Monthly
		}
		opens := []string{"10:00", "13:30", "19:30"}[i%3]
		closes := []string{"11:30", "15:30", "21:30"}[i%3]
		d.Schedule = &catalogue.Schedule{Freq: freq, Interval: interval, ByDay: demoDays[i%len(demoDays)], OpensAt: opens, ClosesAt: closes}
		if freq == catalogue.Monthly {
			d.Schedule.ByDay = "1" + d.Schedule.ByDay
			d.Schedule.Description = "elke eerste " + dayName[demoDays[i%len(demoDays)]] + " van de maand"
		} else {
			d.Schedule.Description = "elke " + dayName[demoDays[i%len(demoDays)]]
		}
	}
	switch cat {
	case catalogue.CategoryBasicGGZ, catalogue.CategorySpecialistGGZ, catalogue.CategoryAddictionCare:
		d.Eligibility = "Met een verwijzing van de huisarts."
	case catalogue.CategoryDebtMoney, catalogue.CategoryHousing:
		d.Eligibility = "Voor inwoners van de gemeente."
	default:
		d.Eligibility = "Voor iedereen, zonder verwijzing."
	}
	updated := now.UTC().Truncate(24*time.Hour).AddDate(0, 0, -(i%20 + 1))
	max := 8 + i%3*4
	switch {
	case i%5 == 0:
		zero := 0
		band := []catalogue.WaitingBand{catalogue.Wait4To12, catalogue.WaitUnder4, catalogue.WaitOver12}[i/5%3]
		d.Capacity = &catalogue.Capacity{Available: &zero, Maximum: &max, WaitingBand: band, UpdatedAt: updated}
	case cat.IsSpecialistCare() || cat == catalogue.CategoryBasicGGZ:
		d.Capacity = &catalogue.Capacity{WaitingBand: catalogue.Wait4To12, UpdatedAt: updated}
	default:
		free := 1 + i%max
		d.Capacity = &catalogue.Capacity{Available: &free, Maximum: &max, UpdatedAt: updated}
	}
	verified := now.UTC().AddDate(0, -1-i%4, 0).Format(time.DateOnly)
	if i%7 == 6 {
		verified = now.UTC().AddDate(0, -8, 0).Format(time.DateOnly) // stale
	}
	d.LastVerifiedOn = &verified
	return d
}

var dayName = map[string]string{"MO": "maandag", "TU": "dinsdag", "WE": "woensdag", "TH": "donderdag", "FR": "vrijdag"}
