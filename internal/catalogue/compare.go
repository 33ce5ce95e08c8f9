package catalogue

import "reflect"

// Changes names the fields in which option b differs from a, counting
// only what a directory can carry (not ids, versions or times of HOI's own).
// An import uses it to tell changed from unchanged.
func Changes(a, b Option) []string {
	var out []string
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	add("name", a.Name != b.Name)
	add("category", a.Category != b.Category)
	add("provider", a.Provider != b.Provider)
	add("contact", a.Contact != b.Contact)
	add("cost", a.Cost != b.Cost)
	add("description", a.Description != b.Description)
	add("specialist", a.Specialist != b.Specialist)
	add("active", a.Active != b.Active)
	add("location", !reflect.DeepEqual(a.Location, b.Location))
	add("schedule", !reflect.DeepEqual(a.Schedule, b.Schedule))
	add("eligibility", a.Eligibility != b.Eligibility)
	add("capacity", !sameCapacity(a.Capacity, b.Capacity))
	add("last_verified_on", !sameDate(a.LastVerifiedOn, b.LastVerifiedOn))
	return out
}

func sameCapacity(a, b *Capacity) bool {
	if a == nil || b == nil {
		return a == b
	}
	return sameInt(a.Available, b.Available) && sameInt(a.Maximum, b.Maximum) && a.WaitingBand == b.WaitingBand && a.UpdatedAt.Unix() == b.UpdatedAt.Unix()
}

func sameInt(a, b *int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func sameDate(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// ImportLine is one service of an import and what happens to it.
type ImportLine struct {
	HSDSID   string   `json:"hsds_id"`
	Name     string   `json:"name"`
	OptionID *int64   `json:"option_id"`
	Changes  []string `json:"changes,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
	Reasons  []string `json:"reasons,omitempty"`
}

// ImportDiff is the dry run (or the result) of an import: new, changed,
// unchanged and refused services.
type ImportDiff struct {
	Applied   bool         `json:"applied"`
	New       []ImportLine `json:"new"`
	Changed   []ImportLine `json:"changed"`
	Unchanged []ImportLine `json:"unchanged"`
	Refused   []ImportLine `json:"refused"`
}

// ImportItem is one service of an import as a catalogue option, with what
// the mapping had to leave out (warnings) or why it cannot be imported
// (refusals).
type ImportItem struct {
	Option   Option
	Warnings []string
	Refusals []string
}
