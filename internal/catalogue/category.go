package catalogue

import "github.com/hoi-app/hoi/internal/enum"

// Category is the kind of an option. The palette is broad on purpose:
// specialist GGZ and addiction care are two categories among fifteen.
type Category string

// The option categories of DESIGN.md.
const (
	CategoryPeerSupport       Category = "peer_support"
	CategoryRecoveryCollege   Category = "recovery_college"
	CategoryGroup             Category = "group"
	CategorySportMovement     Category = "sport_movement"
	CategoryArtsCulture       Category = "arts_culture"
	CategoryNeighbourhood     Category = "neighbourhood"
	CategoryWorkParticipation Category = "work_participation"
	CategoryDebtMoney         Category = "debt_money"
	CategoryHousing           Category = "housing"
	CategoryEHealth           Category = "ehealth"
	CategoryGPPractice        Category = "gp_practice"
	CategoryBasicGGZ          Category = "basic_ggz"
	CategorySpecialistGGZ     Category = "specialist_ggz"
	CategoryAddictionCare     Category = "addiction_care"
	CategoryOther             Category = "other"
)

// Categories lists the option categories in the order the guide shows them:
// the broad palette first, specialist care last.
var Categories = enum.Of[Category]{
	CategoryPeerSupport, CategoryRecoveryCollege, CategoryGroup, CategorySportMovement, CategoryArtsCulture,
	CategoryNeighbourhood, CategoryWorkParticipation, CategoryDebtMoney, CategoryHousing, CategoryEHealth,
	CategoryGPPractice, CategoryBasicGGZ, CategorySpecialistGGZ, CategoryAddictionCare, CategoryOther,
}

// Valid reports whether c is one of Categories.
func (c Category) Valid() bool { return Categories.Has(c) }

// Values lists Categories.
func (Category) Values() []string { return Categories.Strings() }

// IsSpecialistCare reports whether options of this category are specialist
// care whatever their own flag says: specialist GGZ and addiction care.
func (c Category) IsSpecialistCare() bool {
	return c == CategorySpecialistGGZ || c == CategoryAddictionCare
}

// Cost is who pays for an option.
type Cost string

// The costs.
const (
	CostFree         Cost = "free"
	CostMunicipality Cost = "municipality"
	CostInsured      Cost = "insured"
	CostPaid         Cost = "paid"
)

// Costs lists every cost, from free to paid.
var Costs = enum.Of[Cost]{CostFree, CostMunicipality, CostInsured, CostPaid}

// Valid reports whether c is one of Costs.
func (c Cost) Valid() bool { return Costs.Has(c) }

// Values lists Costs.
func (Cost) Values() []string { return Costs.Strings() }
