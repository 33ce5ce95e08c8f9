package caseflow

import (
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/errs"
)

// The input types' own rules, beyond their struct tags. The API's bind calls
// Normalize (trimming, before the tags are checked, so that blank is empty)
// and then Validate with the server's clock; no handler checks fields itself.

// Validate refuses a consent decision dated in the future.
func (in *ConsentInput) Validate(now time.Time) error {
	if in.At != nil && in.At.After(now.Add(time.Minute)) {
		return errs.Invalid(errs.Field("at", "future", "cannot be in the future"))
	}
	return nil
}

// Normalize trims the reason, so that a blank one is refused as missing.
func (in *CloseInput) Normalize() { in.Reason = strings.TrimSpace(in.Reason) }

// Validate requires the members list: an empty list clears the team, a
// missing one is a mistake.
func (in *TeamInput) Validate(time.Time) error {
	if in.Members == nil {
		return errs.Invalid(errs.Field("members", "required", "is required (an empty list clears the team)"))
	}
	return nil
}

// Validate checks the sections, when present.
func (in *ConversationCreate) Validate(time.Time) error {
	if in.Sections == nil {
		return nil
	}
	return in.Sections.Check()
}

// Validate checks the sections, when present.
func (in *ConversationUpdate) Validate(time.Time) error {
	if in.Sections == nil {
		return nil
	}
	return in.Sections.Check()
}

// Normalize trims the text, so that an empty addendum is refused.
func (in *AddendumInput) Normalize() { in.Text = strings.TrimSpace(in.Text) }

// Normalize trims the text, so that an empty note is refused.
func (in *NoteInput) Normalize() { in.Text = strings.TrimSpace(in.Text) }
