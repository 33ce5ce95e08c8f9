package hsds

import "github.com/hoi-app/hoi/internal/catalogue"

// Taxonomy names HOI's taxonomies in HSDS taxonomy_term.taxonomy.
const (
	CategoryTaxonomy = "hoi-option-category"
	CostTaxonomy     = "hoi-option-cost"
	FlagTaxonomy     = "hoi-option-flag"
)

// categoryNames are the Dutch names of the fifteen categories, as the
// published taxonomy shows them.
var categoryNames = map[catalogue.Category]string{
	catalogue.CategoryPeerSupport:       "Ervaringsdeskundigheid en lotgenoten",
	catalogue.CategoryRecoveryCollege:   "Herstelacademie",
	catalogue.CategoryGroup:             "Groepsactiviteit",
	catalogue.CategorySportMovement:     "Sport en bewegen",
	catalogue.CategoryArtsCulture:       "Kunst en cultuur",
	catalogue.CategoryNeighbourhood:     "Buurt en wijk",
	catalogue.CategoryWorkParticipation: "Werk en meedoen",
	catalogue.CategoryDebtMoney:         "Geld en schulden",
	catalogue.CategoryHousing:           "Wonen",
	catalogue.CategoryEHealth:           "eHealth",
	catalogue.CategoryGPPractice:        "Huisartsenpraktijk",
	catalogue.CategoryBasicGGZ:          "Basis-GGZ",
	catalogue.CategorySpecialistGGZ:     "Specialistische GGZ",
	catalogue.CategoryAddictionCare:     "Verslavingszorg",
	catalogue.CategoryOther:             "Overig",
}

var costNames = map[catalogue.Cost]string{
	catalogue.CostFree: "Gratis", catalogue.CostMunicipality: "Gemeente", catalogue.CostInsured: "Zorgverzekering", catalogue.CostPaid: "Betaald",
}

func term(taxonomy, code, name, description string) TaxonomyTerm {
	return TaxonomyTerm{ID: DerivedID("taxonomy_term", taxonomy, code), Code: code, Name: name, Description: description, Taxonomy: taxonomy}
}

func categoryTerm(c catalogue.Category) TaxonomyTerm {
	return term(CategoryTaxonomy, string(c), categoryNames[c], "HOI option category "+string(c))
}

func costTerm(c catalogue.Cost) TaxonomyTerm {
	return term(CostTaxonomy, string(c), costNames[c], "HOI option cost "+string(c))
}

var specialistTerm = term(FlagTaxonomy, "specialist", "Specialistische zorg", "The option is specialist care")

func categoryAttribute(serviceID string, c catalogue.Category) Attribute {
	t := categoryTerm(c)
	return Attribute{ID: DerivedID(serviceID, "category"), TaxonomyTermID: t.ID, TaxonomyTerm: &t}
}

func costAttribute(serviceID string, c catalogue.Cost) Attribute {
	t := costTerm(c)
	return Attribute{ID: DerivedID(serviceID, "cost"), TaxonomyTermID: t.ID, TaxonomyTerm: &t}
}

// Terms is the taxonomy HOI publishes with its export: the fifteen option
// categories, the four costs and the specialist flag.
func Terms() []TaxonomyTerm {
	out := make([]TaxonomyTerm, 0, len(catalogue.Categories)+len(catalogue.Costs)+1)
	for _, c := range catalogue.Categories {
		out = append(out, categoryTerm(c))
	}
	for _, c := range catalogue.Costs {
		out = append(out, costTerm(c))
	}
	return append(out, specialistTerm)
}
