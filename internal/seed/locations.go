package seed

import (
	"context"
	"fmt"

	"github.com/hoi-app/hoi/internal/practice"
	"github.com/hoi-app/hoi/internal/store"
)

// demoLocations are the entry points of the demo regions that are no GP
// practice, as Noordwest-Veluwe runs HOI at the municipality's broad access
// desk and at a GGZ short-term clinic.
var demoLocations = map[string][]struct {
	name string
	kind practice.Kind
}{
	"Achterhoek (demo)": {
		{"Brede toegang gemeente Oost Gelre", practice.KindMunicipalAccess},
		{"GGZ poli Kort en Krachtig", practice.KindGGZShortTerm},
	},
}

// locations seeds the demo locations of region.
func locations(ctx context.Context, db *store.DB, regionID int64, region string) error {
	for _, l := range demoLocations[region] {
		if _, err := db.EnsureLocation(ctx, regionID, l.name, l.kind); err != nil {
			return fmt.Errorf("seed: location: %w", err)
		}
	}
	return nil
}
