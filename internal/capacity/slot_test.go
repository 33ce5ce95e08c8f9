package capacity

import (
	"testing"
	"time"
)

func TestNextFreeSlot(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, Zone)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	busy := func(from, to string) Busy { return Busy{at(from), at(to)} }
	for _, c := range []struct {
		name string
		now  string
		busy []Busy
		want string // "" is none
	}{
		{"the next whole hour of a working day", "2026-12-01 10:20", nil, "2026-12-01 11:00"},
		{"on the hour it starts then", "2026-12-01 10:00", nil, "2026-12-01 10:00"},
		{"before the working day", "2026-12-01 06:45", nil, "2026-12-01 09:00"},
		{"the last slot is 16:00", "2026-12-01 16:10", nil, "2026-12-02 09:00"},
		{"Friday evening goes to Monday", "2026-12-04 17:30", nil, "2026-12-07 09:00"},
		{"an appointment overlapping by a quarter blocks the hour", "2026-12-01 09:00",
			[]Busy{busy("2026-12-01 09:00", "2026-12-01 10:15")}, "2026-12-01 11:00"},
		{"an appointment ending on the hour leaves it free", "2026-12-01 09:00",
			[]Busy{busy("2026-12-01 08:00", "2026-12-01 09:00")}, "2026-12-01 09:00"},
		{"unsorted appointments", "2026-12-01 09:00",
			[]Busy{busy("2026-12-01 10:00", "2026-12-01 11:00"), busy("2026-12-01 09:00", "2026-12-01 10:00")}, "2026-12-01 11:00"},
		{"fully booked for two weeks", "2026-12-01 09:00",
			[]Busy{busy("2026-12-01 00:00", "2026-12-16 00:00")}, ""},
		{"summer time: still 09:00 on the clock", "2026-06-01 07:00", nil, "2026-06-01 09:00"},
	} {
		got := NextFreeSlot(c.busy, at(c.now))
		switch {
		case c.want == "" && got != nil:
			t.Errorf("%s: got %v, want none", c.name, got.In(Zone))
		case c.want != "" && (got == nil || !got.Equal(at(c.want))):
			t.Errorf("%s: got %v, want %s", c.name, got, c.want)
		case got != nil && got.Location() != time.UTC:
			t.Errorf("%s: %v is not in UTC", c.name, got)
		}
	}
}
