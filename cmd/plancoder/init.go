package main

import (
	"fmt"

	"github.com/plancoder/plancoder/project"
	"github.com/spf13/cobra"
)

// InitOptions are the parsed arguments of `plancoder init`.
type InitOptions struct {
	IO  *IOStreams
	Abs func(path string) (string, error)
	Dir string
}

func newCmdInit(f *Factory, runF func(*InitOptions) error) *cobra.Command {
	opts := &InitOptions{IO: f.IOStreams, Abs: f.Abs}
	return &cobra.Command{
		Use:   "init [DIR]",
		Short: "Create a project in DIR (default: the current folder)",
		Long: `Create a plancoder project: DIR/plancoder.db (the store, the single source
of truth) and DIR/index/ (the search index, derived from the store).
init refuses a folder that already holds a project.`,
		Example: `  plancoder init subsidie-2021
  cd subsidie-2021 && plancoder ingest ~/plans`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Dir = "."
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return runInit(opts)
		},
	}
}

func runInit(opts *InitOptions) error {
	dir, err := opts.Abs(opts.Dir)
	if err != nil {
		return err
	}
	p, err := project.Init(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "created project in %s\n", p.Dir)
	fmt.Fprintf(opts.IO.Err, "next: plancoder --project %s ingest FILES...\n", p.Dir)
	return nil
}
