package practice

import "github.com/hoi-app/hoi/internal/enum"

// Kind is what sort of entry point a practice is. HOI started at GP
// practices; the talk also starts at a municipality's broad access desk, a
// GGZ short-term clinic or a welfare organisation. Staff there signal and
// lead cases as a POH does at a GP practice; the UI calls the kinds that are
// no GP practice a "locatie".
type Kind string

// The entry-point kinds.
const (
	KindGPPractice      Kind = "gp_practice"
	KindMunicipalAccess Kind = "municipal_access"
	KindGGZShortTerm    Kind = "ggz_short_term"
	KindWelfare         Kind = "welfare"
)

// Kinds lists every kind, in the order the UI shows them.
var Kinds = enum.Of[Kind]{KindGPPractice, KindMunicipalAccess, KindGGZShortTerm, KindWelfare}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return Kinds.Has(k) }

// Values lists Kinds (validate:"enum" names them).
func (Kind) Values() []string { return Kinds.Strings() }
