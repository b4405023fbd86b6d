// Package arg is the error a library function returns for an argument it
// does not take. Libraries name the argument as they know it ("by",
// "unit"), never a command-line flag; the command maps the error to the
// usage exit status and names its own flag (cmd/plancoder, Run).
package arg

import (
	"fmt"
	"strings"
)

// Error is an argument a function does not take.
type Error struct {
	Name    string   // the argument as the function names it
	Value   string   // what it was given
	Allowed []string // the values it takes, when they can be listed
	Why     string   // what is wrong, when no list says it
	Or      []string // other arguments that would do instead, for a missing one
}

// Error reads `name "value": why: use a, b or c`; an argument that is
// missing (no value, a reason why) reads `name or other: why`.
func (e *Error) Error() string {
	msg := list(append([]string{e.Name}, e.Or...))
	if e.Value != "" || e.Why == "" {
		msg += fmt.Sprintf(" %q", e.Value)
	}
	if e.Why != "" {
		msg += ": " + e.Why
	}
	if len(e.Allowed) > 0 {
		msg += ": use " + list(e.Allowed)
	}
	return msg
}

// Bad is an Error for value of name, which takes one of allowed.
func Bad(name, value string, allowed ...string) error {
	return &Error{Name: name, Value: value, Allowed: allowed}
}

// Missing is an Error for an argument not given (nor any of or); why says
// what it is for.
func Missing(name, why string, or ...string) error {
	return &Error{Name: name, Why: why, Or: or}
}

func list(ws []string) string {
	if len(ws) == 1 {
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " or " + ws[len(ws)-1]
}
