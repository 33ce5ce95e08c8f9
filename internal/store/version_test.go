package store

import "testing"

func TestCompareVersions(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"3.51.3", "3.51.3", 0}, {"3.51.2", "3.51.3", -1}, {"3.54.1", "3.51.3", 1},
		{"3.9.0", "3.51.3", -1}, {"4.0", "3.51.3", 1}, {"3.51", "3.51.3", -1},
	} {
		if got := compareVersions(tc.a, tc.b); got != tc.want {
			t.Errorf("compareVersions(%s, %s): got %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
