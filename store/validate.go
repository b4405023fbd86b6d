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
// codebook validation, the screen and line mode all read it.
var ReservedShortcuts = []string{
	// the coding screen
	"j", "k", "n", "p", "g", "G", "u", "m", "q", "/", "?", " ",
	// line mode: lines that start a command
	"=", "+", "-",
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
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s %s is not valid UTF-8", field, Quote(s))
	}
	for i, r := range s {
		if multiline && (r == '\n' || r == '\t' || r == '\r') {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return fmt.Errorf("%s %s has a control character (U+%04X) at byte %d", field, Quote(s), r, i)
		}
	}
	return nil
}

// CheckShortcut checks a code's shortcut: empty, or one printable character
// that the coding screen and line mode do not use themselves.
func CheckShortcut(s string) error {
	if s == "" {
		return nil
	}
	r, n := utf8.DecodeRuneInString(s)
	switch {
	case n != len(s) || r == utf8.RuneError:
		return fmt.Errorf("shortcut %s must be exactly one character", Quote(s))
	case IsReservedShortcut(s):
		name := Quote(s)
		if s == " " {
			name = "space"
		}
		return fmt.Errorf("shortcut %s is reserved by the coding screen or line mode", name)
	case !unicode.IsGraphic(r) || unicode.IsSpace(r):
		return fmt.Errorf("shortcut %s is not a printable character", Quote(s))
	}
	return nil
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
