package capacity

import (
	"time"

	"github.com/hoi-app/hoi/internal/errs"
)

// Settings are a region's warning thresholds, set by its admin.
type Settings struct {
	// WaitWarnDays: warn when the forecast wait from signal to first talk
	// reaches this many days.
	WaitWarnDays int `json:"wait_warn_days"`
	// LoadWarnPercent: warn when a worker's active cases reach this
	// percentage of their caseload cap.
	LoadWarnPercent int       `json:"load_warn_percent"`
	UpdatedAt       time.Time `json:"-"`
}

// DefaultSettings hold for a region whose admin set none: four weeks'
// wait, and 90% of a cap.
var DefaultSettings = Settings{WaitWarnDays: 28, LoadWarnPercent: 90}

// SettingsUpdate is a partial update of the thresholds; nil stays.
type SettingsUpdate struct {
	WaitWarnDays    *int `json:"wait_warn_days" validate:"omitempty,min=1,max=365"`
	LoadWarnPercent *int `json:"load_warn_percent" validate:"omitempty,min=10,max=200"`
}

// Validate refuses an update that changes nothing.
func (u *SettingsUpdate) Validate(time.Time) error {
	if u.WaitWarnDays == nil && u.LoadWarnPercent == nil {
		return errs.Invalid(errs.Field("wait_warn_days", "required", "name wait_warn_days, load_warn_percent or both"))
	}
	return nil
}

// Apply returns s with the update applied.
func (u *SettingsUpdate) Apply(s Settings) Settings {
	if u.WaitWarnDays != nil {
		s.WaitWarnDays = *u.WaitWarnDays
	}
	if u.LoadWarnPercent != nil {
		s.LoadWarnPercent = *u.LoadWarnPercent
	}
	return s
}

// OverCap reports whether one more active case puts a worker with active
// cases over cap (nil: no cap).
func OverCap(active int, cap *int) bool { return cap != nil && active+1 > *cap }
