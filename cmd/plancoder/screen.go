package main

import (
	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/screen"
)

// runScreen shows the full-screen coding screen on the terminal.
func runScreen(s *coding.Session, env *Env) error {
	return screen.Run(s, env.IO.In, env.IO.Out)
}
