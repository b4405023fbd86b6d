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
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("%s %q", e.Name, e.Value)
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

func list(ws []string) string {
	if len(ws) == 1 {
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " or " + ws[len(ws)-1]
}
