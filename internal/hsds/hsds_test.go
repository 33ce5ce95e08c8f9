package hsds_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hoi-app/hoi/internal/catalogue"
	"github.com/hoi-app/hoi/internal/hsds"
	"github.com/hoi-app/hoi/internal/hsds/hsdstest"
)

func ptr[T any](v T) *T { return &v }

var now = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)

// options are one of each shape: a group with an address, schedule and
// counted places; an online option with a waiting band only; a bare one.
func options() []catalogue.Option {
	return []catalogue.Option{
		{ID: 1, HSDSID: catalogue.NewHSDSID(), Name: "Wandelgroep De Ploeg", Category: catalogue.CategorySportMovement, Provider: "Sportief Doetinchem",
			Contact: "0314-750112", Cost: catalogue.CostFree, Description: "Samen wandelen.", Active: true, UpdatedAt: now,
			Details: catalogue.Details{
				Location:       &catalogue.Location{Kind: catalogue.LocationPhysical, Address: "Raadhuisstraat 1", PostalCode: "7001EX", City: "Doetinchem"},
				Schedule:       &catalogue.Schedule{Freq: catalogue.Weekly, Interval: 1, ByDay: "TU", OpensAt: "10:00", ClosesAt: "11:30", Description: "elke dinsdag"},
				Eligibility:    "Iedereen uit de gemeente",
				Capacity:       &catalogue.Capacity{Available: ptr(0), Maximum: ptr(12), WaitingBand: catalogue.Wait4To12, UpdatedAt: now.Add(-48 * time.Hour)},
				LastVerifiedOn: ptr("2026-11-01"),
			}},
		{ID: 2, HSDSID: catalogue.NewHSDSID(), Name: "Online herstelcursus", Category: catalogue.CategoryRecoveryCollege, Provider: "Herstelacademie",
			Contact: "cursus@example.nl", Cost: catalogue.CostMunicipality, Active: false, UpdatedAt: now,
			Details: catalogue.Details{
				Location: &catalogue.Location{Kind: catalogue.LocationOnline, URL: "https://herstel.example.nl/online"},
				Capacity: &catalogue.Capacity{WaitingBand: catalogue.WaitUnder4, UpdatedAt: now},
			}},
		{ID: 3, HSDSID: catalogue.NewHSDSID(), Name: "Buurtkamer", Category: catalogue.CategoryNeighbourhood, Contact: "https://buurtkamer.example.nl",
			Cost: catalogue.CostPaid, Specialist: true, Active: true, UpdatedAt: now},
		{ID: 4, HSDSID: catalogue.NewHSDSID(), Name: "Ggz-team", Category: catalogue.CategorySpecialistGGZ, Contact: "bel de praktijk", Cost: catalogue.CostInsured,
			Specialist: true, Active: true, UpdatedAt: now},
	}
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestExportValidatesAgainstTheHSDSSchemas(t *testing.T) {
	for _, o := range options() {
		s := hsds.Export(o)
		if err := hsdstest.Validate("3.1-dev", "service.json", marshal(t, s)); err != nil {
			t.Errorf("%s: 3.1 service: %v", o.Name, err)
		}
		if err := hsdstest.Validate("3.0", "service.json", marshal(t, hsds.WithoutCapacities(s))); err != nil {
			t.Errorf("%s: 3.0 service: %v", o.Name, err)
		}
		for _, v := range []string{"3.0", "3.1-dev"} {
			if err := hsdstest.Validate(v, "service_list.json", marshal(t, hsds.OneToOne(s))); err != nil {
				t.Errorf("%s: %s service_list: %v", o.Name, v, err)
			}
		}
	}
}

func TestTheValidatorRefusesABrokenService(t *testing.T) {
	for name, doc := range map[string]string{
		"no status":         `{"id":"9b4b3f5c-2c1e-4d57-8a4e-3f1f0c7c2d11","name":"x"}`,
		"bad status":        `{"id":"9b4b3f5c-2c1e-4d57-8a4e-3f1f0c7c2d11","name":"x","status":"open"}`,
		"capacity no unit":  `{"id":"9b4b3f5c-2c1e-4d57-8a4e-3f1f0c7c2d11","name":"x","status":"active","capacities":[{"id":"9b4b3f5c-2c1e-4d57-8a4e-3f1f0c7c2d12","available":1,"updated":"2026-01-01T00:00:00Z"}]}`,
		"location bad type": `{"id":"9b4b3f5c-2c1e-4d57-8a4e-3f1f0c7c2d11","name":"x","status":"active","service_at_locations":[{"id":"9b4b3f5c-2c1e-4d57-8a4e-3f1f0c7c2d13","location":{"id":"9b4b3f5c-2c1e-4d57-8a4e-3f1f0c7c2d14","location_type":"home"}}]}`,
	} {
		if err := hsdstest.Validate("3.1-dev", "service.json", []byte(doc)); err == nil {
			t.Errorf("%s: validated, want a refusal", name)
		}
	}
}

func TestExportThenImportKeepsEveryField(t *testing.T) {
	for _, o := range options() {
		raw := marshal(t, hsds.Export(o))
		services, err := hsds.Parse(raw)
		if err != nil || len(services) != 1 {
			t.Fatalf("%s: parse: %v (%d services)", o.Name, err, len(services))
		}
		got := hsds.ToOption(services[0], now)
		if len(got.Refusals) > 0 || len(got.Warnings) > 0 {
			t.Errorf("%s: refusals %v, warnings %v", o.Name, got.Refusals, got.Warnings)
		}
		if ch := catalogue.Changes(o, got.Option); len(ch) > 0 {
			t.Errorf("%s: round trip changed %v:\n got %+v\nwant %+v", o.Name, ch, got.Option, o)
		}
		if got.Option.HSDSID != o.HSDSID {
			t.Errorf("%s: hsds id %q, want %q", o.Name, got.Option.HSDSID, o.HSDSID)
		}
	}
}

func TestParseTakesEveryHSDSShape(t *testing.T) {
	s := hsds.Export(options()[0])
	org := map[string]any{"id": s.OrganizationID, "name": "Sportief Doetinchem", "description": "", "services": []any{hsds.OneToOne(s)}}
	page := hsds.Page{TotalItems: 1, Contents: []hsds.Service{s}}
	for name, doc := range map[string]any{"service": s, "list": []any{s}, "page": page, "organization": org, "organizations": []any{org}} {
		got, err := hsds.Parse(marshal(t, doc))
		if err != nil || len(got) != 1 || got[0].ID != s.ID {
			t.Errorf("%s: got %d services, err %v", name, len(got), err)
			continue
		}
		if got[0].Organization == nil || got[0].Organization.Name != "Sportief Doetinchem" {
			t.Errorf("%s: organization %+v, want Sportief Doetinchem", name, got[0].Organization)
		}
	}
	if _, err := hsds.Parse([]byte(`{"foo": 1}`)); err == nil {
		t.Error("an unknown document parsed, want ErrFormat")
	}
}

// The official example of both versions is a profile document: it holds
// no services, so importing it adds nothing and loses nothing.
func TestTheOfficialExampleParses(t *testing.T) {
	for _, v := range []string{"3.0", "3.1-dev"} {
		raw, err := os.ReadFile(filepath.Join(hsdstest.Dir(), v, "example-base.json"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := hsds.Parse(raw)
		if err != nil || len(got) != 0 {
			t.Errorf("%s: %d services, err %v; want none and no error", v, len(got), err)
		}
	}
}

func TestImportRefusesWhatHOICannotKeep(t *testing.T) {
	long := make([]byte, 201)
	for i := range long {
		long[i] = 'a'
	}
	for name, s := range map[string]hsds.Service{
		"no uuid":   {ID: "42", Name: "x", Status: "active"},
		"no name":   {ID: catalogue.NewHSDSID(), Status: "active"},
		"long name": {ID: catalogue.NewHSDSID(), Name: string(long), Status: "active"},
	} {
		if got := hsds.ToOption(s, now); len(got.Refusals) == 0 {
			t.Errorf("%s: no refusal", name)
		}
	}
	got := hsds.ToOption(hsds.Service{ID: catalogue.NewHSDSID(), Name: "x", Status: "active", WaitTime: "ongeveer een maand"}, now)
	if len(got.Refusals) != 0 || len(got.Warnings) != 2 || got.Option.Category != catalogue.CategoryOther || got.Option.Cost != catalogue.CostFree {
		t.Errorf("unmapped fields: refusals %v warnings %v option %+v; want two warnings, other, free", got.Refusals, got.Warnings, got.Option)
	}
}
