package store

import (
	"fmt"
	"testing"
	"time"
)

func TestWholeMonths(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, c := range []struct{ from, to, want string }{
		{"2025-01-01", "2025-12-31", "2025-01..2025-12 []"},
		{"2025-01-01", "2025-11-22", "2025-01..2025-10 [2025-11-01..2025-11-22]"},
		{"2024-12-15", "2025-03-31", "2025-01..2025-03 [2024-12-15..2024-12-31]"},
		{"2025-01-10", "2025-05-19", "2025-02..2025-04 [2025-01-10..2025-01-31 2025-05-01..2025-05-19]"},
		{"2025-02-05", "2025-02-20", ".. [2025-02-05..2025-02-20]"},
		{"2025-02-05", "2025-03-20", ".. [2025-02-05..2025-03-20]"},
		{"2024-02-01", "2024-02-29", "2024-02..2024-02 []"}, // leap day
		{"2025-03-01", "2025-03-01", ".. [2025-03-01..2025-03-01]"},
	} {
		first, last, rest := wholeMonths(day(c.from), day(c.to))
		var parts []string
		for _, r := range rest {
			parts = append(parts, r[0].Format(time.DateOnly)+".."+r[1].Format(time.DateOnly))
		}
		got := fmt.Sprintf("%s..%s %v", first, last, parts)
		if parts == nil {
			got = fmt.Sprintf("%s..%s []", first, last)
		}
		if got != c.want {
			t.Errorf("%s..%s: got %s, want %s", c.from, c.to, got, c.want)
		}
	}
}
