// Package resident holds the rules of the resident's own part of HOI: the
// invitation link the POH hands over (no account), the second check on the
// birth year, the resident session, the self-check before the talk and the
// resident's "does it help?" per plan item. It imports neither Echo nor GORM.
package resident

import (
	"strconv"
	"strings"
	"time"

	"github.com/hoi-app/hoi/internal/caseflow"
	"github.com/hoi-app/hoi/internal/enum"
	"github.com/hoi-app/hoi/internal/errs"
)

// The lifetimes of the foundation issue: a link is valid LinkTTL; five wrong
// birth years revoke it; a resident session ends after IdleTimeout without
// activity and MaxSessionAge after it began.
const (
	LinkTTL       = 14 * 24 * time.Hour
	MaxAttempts   = 5
	IdleTimeout   = 30 * time.Minute
	MaxSessionAge = 12 * time.Hour
	// PathPrefix is where the SPA opens a link: /inwoner/<token>.
	PathPrefix = "/inwoner/"
)

// Why a link stopped working. The POH sees it on the case.
const (
	RevokedByStaff    = "revoked"
	RevokedReplaced   = "replaced"
	RevokedByAttempts = "too_many_attempts"
)

// Link is the state of a case's resident link, as the POH sees it. The token
// itself is never stored, only its hash, so it cannot be shown again.
type Link struct {
	ID            int64      `json:"id"`
	CreatedAt     time.Time  `json:"created_at"`
	ExpiresAt     time.Time  `json:"expires_at"`
	RevokedAt     *time.Time `json:"revoked_at"`
	RevokedReason *string    `json:"revoked_reason"`
	FailedChecks  int        `json:"failed_checks"`
	LastUsedAt    *time.Time `json:"last_used_at"`
}

// Active reports whether the link still opens a session at now.
func (l Link) Active(now time.Time) bool { return l.RevokedAt == nil && now.Before(l.ExpiresAt) }

// SessionInput is the resident's second check: the token from the link and
// their birth year.
type SessionInput struct {
	Token     string `json:"token" validate:"required,max=200"`
	BirthYear int    `json:"birth_year" validate:"required,gte=1900,lte=2100"`
}

// Normalize trims the token, which may come with a pasted space.
func (in *SessionInput) Normalize() { in.Token = strings.TrimSpace(in.Token) }

// SelfCheckStatus says whether the resident is still filling in.
type SelfCheckStatus string

// A self-check is a draft until the resident submits it; then read-only.
const (
	SelfCheckDraft     SelfCheckStatus = "draft"
	SelfCheckSubmitted SelfCheckStatus = "submitted"
)

// SelfCheck is what the resident fills in before the talk: per life domain a
// 1–5 score, up to three domains "hier wil ik over praten", in their own
// words what is going on and what they need, and who around them helps.
type SelfCheck struct {
	Status      SelfCheckStatus         `json:"status"`
	Scores      map[caseflow.Domain]int `json:"scores"`
	TalkAbout   []caseflow.Domain       `json:"talk_about"`
	Story       string                  `json:"story"`
	Needs       string                  `json:"needs"`
	Network     string                  `json:"network"`
	Version     int64                   `json:"version"`
	UpdatedAt   *time.Time              `json:"updated_at"`
	SubmittedAt *time.Time              `json:"submitted_at"`
}

// Empty is the self-check of a case where the resident has not begun.
func Empty() SelfCheck {
	return SelfCheck{Status: SelfCheckDraft, Scores: map[caseflow.Domain]int{}, TalkAbout: []caseflow.Domain{}}
}

// SelfCheckInput is a save of the draft: the whole form each time (autosave).
type SelfCheckInput struct {
	Scores    map[caseflow.Domain]int `json:"scores" validate:"max=9"`
	TalkAbout []caseflow.Domain       `json:"talk_about" validate:"max=3"`
	Story     string                  `json:"story" validate:"max=8000"`
	Needs     string                  `json:"needs" validate:"max=8000"`
	Network   string                  `json:"network" validate:"max=4000"`
	// At, when set, is the time of the save (and of the submission): the demo
	// seed's history only. No client can set it; without it the store's clock
	// counts.
	At *time.Time `json:"-"`
}

// Normalize trims the texts and gives missing lists their empty value.
func (in *SelfCheckInput) Normalize() {
	in.Story, in.Needs, in.Network = strings.TrimSpace(in.Story), strings.TrimSpace(in.Needs), strings.TrimSpace(in.Network)
	if in.Scores == nil {
		in.Scores = map[caseflow.Domain]int{}
	}
	if in.TalkAbout == nil {
		in.TalkAbout = []caseflow.Domain{}
	}
}

// Validate checks the domains and scores that struct tags cannot.
func (in *SelfCheckInput) Validate(time.Time) error {
	var fields []errs.FieldError
	for d, v := range in.Scores {
		if !d.Valid() {
			fields = append(fields, errs.Field("scores."+string(d), "oneof", "is not a life domain"))
		} else if v < 1 || v > 5 {
			fields = append(fields, errs.Field("scores."+string(d), "range", "must be from 1 to 5"))
		}
	}
	seen := map[caseflow.Domain]bool{}
	for i, d := range in.TalkAbout {
		if !d.Valid() || seen[d] {
			fields = append(fields, errs.Field("talk_about."+strconv.Itoa(i), "oneof", "must be a life domain, each once"))
		}
		seen[d] = true
	}
	if len(fields) > 0 {
		return errs.Invalid(fields...)
	}
	return nil
}

// Submittable refuses submitting an empty self-check: at least one score or
// one word of their own.
func (c SelfCheck) Submittable() error {
	if len(c.Scores) == 0 && c.Story == "" && c.Needs == "" {
		return errs.Invalid(errs.Field("scores", "required", "score at least one part of life, or say in your own words what is going on"))
	}
	return nil
}

// Rating is the resident's "does it help?" on one plan item.
type Rating string

// The four answers of the resident's screen.
const (
	RatingHelps    Rating = "helps"
	RatingHelpsBit Rating = "helps_a_bit"
	RatingNoHelp   Rating = "does_not_help"
	RatingStopped  Rating = "stopped"
)

// Ratings lists every rating, in the order the resident sees them.
var Ratings = enum.Of[Rating]{RatingHelps, RatingHelpsBit, RatingNoHelp, RatingStopped}

// Valid reports whether r is one of Ratings.
func (r Rating) Valid() bool { return Ratings.Has(r) }

// Values lists Ratings.
func (Rating) Values() []string { return Ratings.Strings() }

// FeedbackInput is the resident's answer on one plan item.
type FeedbackInput struct {
	Rating Rating `json:"rating" validate:"required,enum"`
	Words  string `json:"words" validate:"max=2000"`
}

// Normalize trims the words.
func (in *FeedbackInput) Normalize() { in.Words = strings.TrimSpace(in.Words) }

// Feedback is one answer, as the team sees it in the follow-up step.
type Feedback struct {
	ID         int64     `json:"id"`
	PlanItemID int64     `json:"plan_item_id"`
	Rating     Rating    `json:"rating"`
	Words      string    `json:"words"`
	At         time.Time `json:"at"`
}
