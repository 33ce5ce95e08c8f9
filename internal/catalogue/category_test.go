package catalogue

import "testing"

func TestSpecialistCareIsSpecialistWhateverTheFlag(t *testing.T) {
	for _, c := range Categories {
		want := c == CategorySpecialistGGZ || c == CategoryAddictionCare
		if got := c.IsSpecialistCare(); got != want {
			t.Errorf("%s: got %v, want %v", c, got, want)
		}
		in := Create{Name: "x", Category: c}
		in.Normalize()
		if in.Specialist != want {
			t.Errorf("Create of %s: specialist %v, want %v", c, in.Specialist, want)
		}
		if got := (Update{}).Apply(Option{Category: c}).Specialist; got != want {
			t.Errorf("Apply on %s: specialist %v, want %v", c, got, want)
		}
	}
	if Category("").Valid() || Category("sport").Valid() || !CategoryOther.Valid() {
		t.Error("Valid accepts an unknown category or refuses a known one")
	}
	if Cost("").Valid() || !CostPaid.Valid() {
		t.Error("Cost.Valid is wrong")
	}
}
