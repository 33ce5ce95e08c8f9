package enum

import (
	"slices"
	"testing"
)

type colour string

var colours = Of[colour]{"red", "green"}

func TestOf(t *testing.T) {
	if !colours.Has("green") || colours.Has("blue") || colours.Has("") {
		t.Error("Has: got the wrong answer for green, blue or the empty string")
	}
	if got, want := colours.Strings(), []string{"red", "green"}; !slices.Equal(got, want) {
		t.Errorf("Strings: got %v, want %v", got, want)
	}
}
