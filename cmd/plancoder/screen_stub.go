package main

import "github.com/plancoder/plancoder/coding"

// runScreen shows the coding screen; until the terminal screen is built it
// falls back to line mode.
func runScreen(s *coding.Session, env *Env) error {
	return coding.RunPlain(s, env.IO.In, env.IO.Out)
}
