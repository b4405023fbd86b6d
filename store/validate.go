package store

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ConsensusCoder is the coder name of the reconciled master codings. Only
// reconciliation writes it; bundles and imports may not claim it.
const ConsensusCoder = "consensus"

// ReservedShortcuts are the keys the coding screen and line mode use
// themselves, so no code may have them as its shortcut. This is the one list:
// codebook validation (CheckShortcut), the screen and line mode all rely on
// it, and their tests type every shortcut it allows.
var ReservedShortcuts = []string{
	// the coding screen: move, go to, last, undo, memo, quit, find, help
	"j", "k", "n", "p", "g", "G", "u", "m", "q", "/", "?", " ",
	// line mode: one-letter commands are n p g u m q / ? (above); lines
	// starting with = + - are commands too. Line mode has no one-letter
	// "show" ('show' only), so s is free for a code.
	"=", "+", "-",
}

// ReservedShortcutsText lists ReservedShortcuts for help texts, separated by
// spaces, with the space key as "space".
func ReservedShortcutsText() string {
	out := make([]string, len(ReservedShortcuts))
	for i, r := range ReservedShortcuts {
		out[i] = ShowKey(r)
	}
	return strings.Join(out, " ")
}

// ShowKey names a key for a help text: "space" for a space, the key itself
// otherwise.
func ShowKey(k string) string {
	if k == " " {
		return "space"
	}
	return k
}

// IsReservedShortcut reports whether s is one of ReservedShortcuts.
func IsReservedShortcut(s string) bool {
	for _, r := range ReservedShortcuts {
		if r == s {
			return true
		}
	}
	return false
}

var (
	codeKeyRE = regexp.MustCompile(`^[A-Z][A-Z0-9_-]{0,19}$`)
	colourRE  = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
)

// ValidCodeKey reports whether k can be a code key: 1 to 20 characters
// A-Z, 0-9, _ or -, starting with a capital letter.
func ValidCodeKey(k string) bool { return codeKeyRE.MatchString(k) }

// ValidColour reports whether c is a colour a code may have (#rgb, #rrggbb).
func ValidColour(c string) bool { return colourRE.MatchString(c) }

// maxCoderLen bounds a coder name in runes.
const maxCoderLen = 64

// ValidateCoder checks a coder name: 1 to 64 characters, valid UTF-8, no
// control characters (a NUL would split the store's keys), no surrounding
// space.
func ValidateCoder(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("coder name is empty")
	case !utf8.ValidString(name):
		return fmt.Errorf("coder name %s is not valid UTF-8", Quote(name))
	case utf8.RuneCountInString(name) > maxCoderLen:
		return fmt.Errorf("coder name %s is longer than %d characters", Quote(name), maxCoderLen)
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("coder name %s starts or ends with a space", Quote(name))
	}
	if err := CheckText("coder name", name, false); err != nil {
		return err
	}
	return nil
}

// CheckText refuses control characters (and invalid UTF-8) in a text field;
// newlines and tabs are allowed where multiline is true.
func CheckText(field, s string, multiline bool) error {
	if p := TextProblem(s, multiline); p != "" {
		return fmt.Errorf("%s %s %s", field, Quote(s), p)
	}
	return nil
}

// TextProblem says what makes s unfit for a text field ("" when nothing):
// invalid UTF-8 or a control character (newlines and tabs are fine where
// multiline is true). Callers that report by field and line, like codebook
// validation, use it to word their messages; the rule stays here.
func TextProblem(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for i, r := range s {
		if multiline && (r == '\n' || r == '\t' || r == '\r') {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return fmt.Sprintf("has a control character (U+%04X) at byte %d", r, i)
		}
	}
	return ""
}

// CheckShortcut checks a code's shortcut: empty, or one printable character
// that the coding screen and line mode do not use themselves.
func CheckShortcut(s string) error {
	if p := ShortcutProblem(s); p != "" {
		return fmt.Errorf("shortcut %s %s", ShowShortcut(s), p)
	}
	return nil
}

// ShortcutProblem says what makes s unfit as a code's shortcut ("" when
// nothing): it must be empty or one printable, non-space character that is
// not in ReservedShortcuts.
func ShortcutProblem(s string) string {
	if s == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(s)
	switch {
	case n != len(s) || r == utf8.RuneError:
		return "must be exactly one character"
	case IsReservedShortcut(s):
		return "is reserved by the coding screen or line mode"
	case !unicode.IsGraphic(r) || unicode.IsSpace(r):
		return "is not a printable character"
	}
	return ""
}

// ShowShortcut quotes a shortcut for a message ("space" for a space).
func ShowShortcut(s string) string {
	if s == " " {
		return "space"
	}
	return Quote(s)
}

// ValidateCode checks one code as every door into the store must: its key,
// a name, text fields without control characters, its shortcut and colour.
func ValidateCode(c Code) error {
	if !ValidCodeKey(c.Key) {
		return fmt.Errorf("code key %s is not valid: use 1 to 20 characters A-Z, 0-9, _ or -, starting with a capital letter", Quote(c.Key))
	}
	if strings.TrimSpace(c.Name) == "" {
		return fmt.Errorf("code %s: name is empty", c.Key)
	}
	for _, f := range []struct {
		name, value string
		multi       bool
	}{
		{"name", c.Name, false}, {"group", c.Group, false},
		{"description", c.Description, true}, {"include", c.Include, true},
		{"exclude", c.Exclude, true}, {"example", c.Example, true},
	} {
		if err := CheckText(f.name, f.value, f.multi); err != nil {
			return fmt.Errorf("code %s: %w", c.Key, err)
		}
	}
	if err := CheckShortcut(c.Shortcut); err != nil {
		return fmt.Errorf("code %s: %w", c.Key, err)
	}
	if c.Colour != "" && !ValidColour(c.Colour) {
		return fmt.Errorf("code %s: colour %s is not a colour: use #rgb or #rrggbb", c.Key, Quote(c.Colour))
	}
	return nil
}

// Quote quotes a user-supplied value for a message, at most 60 characters,
// with control characters escaped, so a hostile value can neither flood nor
// drive the terminal.
func Quote(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		return fmt.Sprintf("%q…", string(r[:max]))
	}
	return fmt.Sprintf("%q", s)
}

// KnownCodes returns an error wrapping ErrNotFound that names the first of
// the keys (case ignored) that is not in book: a misspelt code in a filter
// would otherwise select nothing, which reads as a finding.
func KnownCodes(book []Code, keys ...[]string) error {
	known := make(map[string]bool, len(book))
	for _, c := range book {
		known[c.Key] = true
	}
	for _, l := range keys {
		for _, k := range l {
			if !known[strings.ToUpper(k)] {
				return fmt.Errorf("code %s: %w in the codebook (%d codes)", Quote(k), ErrNotFound, len(book))
			}
		}
	}
	return nil
}
