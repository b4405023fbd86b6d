package main

import (
	"time"

	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
)

// Factory is what a command takes from its surroundings, in the shape of
// cli/cli: newCmdX copies the parts it needs into its options, and runX
// uses only those, so a test can call runX with options it made itself.
// The project and its store are reached through functions, called only
// when a run needs them (parsing and usage errors never open the store).
type Factory struct {
	IOStreams *IOStreams
	Getenv    func(string) string
	Getwd     func() (string, error)
	Now       func() time.Time

	// Abs resolves a path given on the command line against Getwd.
	Abs func(path string) (string, error)
	// Project finds the project (--project, $PLANCODER_PROJECT, the
	// working directory and its parents).
	Project func() (*project.Project, error)
	// Store finds the project and opens its store; the caller closes it.
	Store func() (*project.Project, *store.Store, error)
}

// NewFactory wraps env. Its functions read env when called, so the
// --project flag parsed after NewFactory is seen.
func NewFactory(env *Env) *Factory {
	return &Factory{
		IOStreams: env.IO,
		Getenv:    env.Getenv,
		Getwd:     env.Getwd,
		Now:       time.Now,
		Abs:       env.Abs,
		Project:   env.FindProject,
		Store:     env.OpenStore,
	}
}
