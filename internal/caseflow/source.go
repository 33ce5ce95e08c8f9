package caseflow

import "github.com/hoi-app/hoi/internal/enum"

// Source is how a case came in: signalled by staff of the location (a GP or
// POH, or their colleagues at a location that is no GP practice), or asked
// for by the resident themselves with a voucher code the location issued.
type Source string

// The sources of a case.
const (
	SourceStaffSignal  Source = "staff_signal"
	SourceSelfReferral Source = "self_referral"
)

// Sources lists every source.
var Sources = enum.Of[Source]{SourceStaffSignal, SourceSelfReferral}

// Valid reports whether s is one of Sources.
func (s Source) Valid() bool { return Sources.Has(s) }

// Values lists Sources.
func (Source) Values() []string { return Sources.Strings() }
