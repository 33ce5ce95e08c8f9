package store

import (
	"fmt"

	"gorm.io/gorm"

	"github.com/hoi-app/hoi/internal/catalogue"
)

// migrateOptionDetails gives each option what an HSDS service carries:
// its HSDS id (kept across imports), a location, a schedule, eligibility,
// capacity (places or a waiting band, with when it was updated) and the
// date the listing was last verified. Existing options get a random HSDS id.
func migrateOptionDetails(tx *gorm.DB, d Dialect) error {
	ts := "datetime"
	if d == Postgres {
		ts = "TIMESTAMPTZ"
	}
	cols := []string{
		"hsds_id VARCHAR(36)",
		"location_kind VARCHAR(10) NOT NULL DEFAULT ''",
		"address VARCHAR(200) NOT NULL DEFAULT ''",
		"postal_code VARCHAR(7) NOT NULL DEFAULT ''",
		"city VARCHAR(100) NOT NULL DEFAULT ''",
		"location_url VARCHAR(500) NOT NULL DEFAULT ''",
		"schedule_freq VARCHAR(10) NOT NULL DEFAULT ''",
		"schedule_interval INTEGER NOT NULL DEFAULT 0",
		"schedule_by_day VARCHAR(40) NOT NULL DEFAULT ''",
		"opens_at VARCHAR(5) NOT NULL DEFAULT ''",
		"closes_at VARCHAR(5) NOT NULL DEFAULT ''",
		"schedule_description VARCHAR(300) NOT NULL DEFAULT ''",
		"eligibility VARCHAR(1000) NOT NULL DEFAULT ''",
		"places_available INTEGER",
		"places_maximum INTEGER",
		"waiting_band VARCHAR(20) NOT NULL DEFAULT ''",
		"capacity_updated_at " + ts,
		"last_verified_on VARCHAR(10)",
	}
	for _, c := range cols {
		if err := tx.Exec("ALTER TABLE options ADD COLUMN " + c).Error; err != nil {
			return fmt.Errorf("options %s: %w", c, err)
		}
	}
	var ids []int64
	if err := tx.Table("options").Order("id").Pluck("id", &ids).Error; err != nil {
		return fmt.Errorf("options ids: %w", err)
	}
	for _, id := range ids {
		if err := tx.Exec("UPDATE options SET hsds_id = ? WHERE id = ?", catalogue.NewHSDSID(), id).Error; err != nil {
			return fmt.Errorf("options[%d].hsds_id: %w", id, err)
		}
	}
	if err := tx.Exec("CREATE UNIQUE INDEX ux_options_region_hsds ON options (region_id, hsds_id)").Error; err != nil {
		return fmt.Errorf("ux_options_region_hsds: %w", err)
	}
	return nil
}
