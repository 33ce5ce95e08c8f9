package capacity

import (
	"sort"
	"time"
	_ "time/tzdata" // the region's clock (Europe/Amsterdam) on a machine without a zone database
)

// The next free slot of a peer or coach, shown in the team picker so a POH
// sees who can join a joint talk soon: the first whole hour of a working day
// (Monday to Friday, 09:00 to 17:00 in the Netherlands) from the next whole
// hour on, within SlotHorizon, that overlaps none of their appointments
// they have not declined and that were not cancelled or held.
const (
	SlotLength  = time.Hour
	SlotHorizon = 14 * 24 * time.Hour
	dayStart    = 9
	dayEnd      = 17
)

// Zone is the clock working hours are counted in.
var Zone = mustZone("Europe/Amsterdam")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is embedded, so this cannot fail
	}
	return loc
}

// Busy is one appointment in someone's agenda.
type Busy struct {
	Start, End time.Time
}

// NextFreeSlot is the start of the first free slot after now, or nil when
// none is free within SlotHorizon.
func NextFreeSlot(busy []Busy, now time.Time) *time.Time {
	sort.Slice(busy, func(i, j int) bool { return busy[i].Start.Before(busy[j].Start) })
	t := now.In(Zone).Truncate(time.Hour)
	if t.Before(now) {
		t = t.Add(time.Hour)
	}
	end := now.Add(SlotHorizon)
	for ; t.Before(end); t = t.Add(time.Hour) {
		if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday || t.Hour() < dayStart || t.Hour()+1 > dayEnd {
			continue
		}
		if !overlaps(busy, t, t.Add(SlotLength)) {
			s := t.UTC()
			return &s
		}
	}
	return nil
}

func overlaps(busy []Busy, from, to time.Time) bool {
	for _, b := range busy {
		if b.Start.Before(to) && b.End.After(from) {
			return true
		}
	}
	return false
}
