// Package enum gives HOI's closed sets of values (case statuses, outcomes,
// option categories, …) one shape, so that each has exactly one list of its
// values: the domain's Valid methods, the validation of requests
// (validate:"enum" in api/decode) and the test that holds the contract to the
// same lists all read it.
package enum

import "slices"

// Enum is implemented by every enum type. validate:"enum" accepts a value
// when it is Valid and names the Values when it is not.
type Enum interface {
	Valid() bool
	Values() []string
}

// Of lists every value of the string type T, in the order HOI shows them.
type Of[T ~string] []T

// Has reports whether v is one of the values.
func (o Of[T]) Has(v T) bool { return slices.Contains(o, v) }

// Strings returns the values as plain strings.
func (o Of[T]) Strings() []string {
	out := make([]string, len(o))
	for i, v := range o {
		out[i] = string(v)
	}
	return out
}
