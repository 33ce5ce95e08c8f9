package catalogue

import "strings"

// FreeText is a free-text plan item of the region, grouped by its title
// (trimmed, case-insensitive) and category: what residents chose that the
// social map does not hold yet. No case, practice or resident is named.
type FreeText struct {
	Title    string   `json:"title"`
	Category Category `json:"category"`
	// Items is how many plan items carry it.
	Items int `json:"items"`
}

// FromPlan drafts an option from a free-text plan item's title and category.
type FromPlan struct {
	Title    string   `json:"title" validate:"required,max=200"`
	Category Category `json:"category" validate:"required,enum"`
}

// Normalize trims the title.
func (f *FromPlan) Normalize() { f.Title = strings.TrimSpace(f.Title) }

// TitleKey is how free-text titles are matched: trimmed and lower-cased.
func TitleKey(title string) string { return strings.ToLower(strings.TrimSpace(title)) }

// Drafted is the option drafted from a free-text plan item and how many plan
// items of the region now link to it.
type Drafted struct {
	Option Option `json:"option"`
	Linked int64  `json:"linked"`
}

// Usage is how often the plan items of one option were chosen (chosen,
// started or completed), started (started or completed) and completed, and
// how many of them the resident said helped (the latest feedback "helps" or
// "helps a bit").
type Usage struct {
	OptionID  int64 `json:"option_id"`
	Chosen    int   `json:"chosen"`
	Started   int   `json:"started"`
	Completed int   `json:"completed"`
	Helped    int   `json:"helped"`
}
