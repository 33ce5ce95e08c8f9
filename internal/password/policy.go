package password

import (
	_ "embed"
	"errors"
	"strings"
	"sync"
	"unicode/utf8"
)

// Length bounds of the policy. Length is what makes a password strong (NIST
// SP 800-63B), so there are no composition rules; the upper bound only keeps
// hashing input reasonable.
const (
	MinLength = 12
	MaxLength = 256
)

// Policy errors. Their messages are plain English meant to be shown to the
// user as they are, so each one says what to do rather than what went wrong.
var (
	// ErrTooShort means the password has fewer than MinLength characters.
	ErrTooShort = errors.New("password must be at least 12 characters")
	// ErrTooLong means the password has more than MaxLength characters.
	ErrTooLong = errors.New("password must be at most 256 characters")
	// ErrTooCommon means the password is on the list of common passwords that
	// attackers try first.
	ErrTooCommon = errors.New("password is too common; choose one that is harder to guess")
)

// commonList holds common passwords, one lowercase password per line, only
// those of 12 or more characters since shorter ones fail on length anyway.
// Source: npm package @zxcvbn-ts/language-common 4.1.3, src/passwords.json
// (MIT licence, copyright 2012-2016 Dan Wheeler and Dropbox, Inc., 2021
// @zxcvbn-ts), plus a few long English and Dutch ones added by hand such as
// "passwordpassword" and "wachtwoordwachtwoord".
//
//go:embed common.txt
var commonList string

// commonSet turns commonList into a set once, on first use, so programs that
// never check a password do not pay for it.
var commonSet = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, strings.Count(commonList, "\n")+1)
	for line := range strings.Lines(commonList) {
		if p := normalize(line); p != "" {
			set[p] = struct{}{}
		}
	}
	return set
})

// normalize is the form in which passwords are compared with the list, so
// "PasswordPassword " and "passwordpassword" count as the same.
func normalize(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// Check applies the password policy: at least MinLength characters (runes,
// so accented letters count once), at most MaxLength, and not on the list of
// common passwords (case-insensitive, ignoring surrounding spaces). It
// returns ErrTooShort, ErrTooLong or ErrTooCommon, or nil.
func Check(plain string) error {
	n := utf8.RuneCountInString(plain)
	switch {
	case n < MinLength:
		return ErrTooShort
	case n > MaxLength:
		return ErrTooLong
	}
	if _, ok := commonSet()[normalize(plain)]; ok {
		return ErrTooCommon
	}
	return nil
}
