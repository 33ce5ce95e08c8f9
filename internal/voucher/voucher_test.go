package voucher

import "testing"

func TestCodesAreRandomAndReadable(t *testing.T) {
	a, err := NewCode()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewCode()
	if a == b {
		t.Fatal("two codes are equal")
	}
	if got := len(Canonical(a)); got != 26 { // 128 bits in base32
		t.Errorf("canonical code has %d characters, want 26", got)
	}
}

func TestCanonicalForgivesHowACodeIsTyped(t *testing.T) {
	for _, typed := range []string{"abc0-1def", "ABCO-IDEF", " abc o l def "} {
		if got, want := Canonical(typed), "ABC01DEF"; got != want {
			t.Errorf("Canonical(%q): got %q, want %q", typed, got, want)
		}
		if Hash(typed) != Hash("ABC01DEF") {
			t.Errorf("Hash(%q) differs from the canonical code's", typed)
		}
	}
}
