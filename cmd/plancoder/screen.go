package main

import (
	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/screen"
)

// runScreen shows the full-screen coding screen on the terminal.
func runScreen(s *coding.Session, ios *IOStreams) error {
	return screen.Run(s, ios.In, ios.Out)
}
