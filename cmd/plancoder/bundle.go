package main

import (
	"fmt"
	"os"

	"github.com/plancoder/plancoder/interop"
	"github.com/spf13/cobra"
)

func newBundleCmd(env *Env) *cobra.Command {
	c := &cobra.Command{
		Use:   "bundle",
		Short: "Carry one coder's work between projects: export and merge coder bundles",
		Long: `Coders who work on their own laptop (a copy of the project) hand in a bundle:
their codings and memos with the content hash of every fragment they touch.
Merging a bundle into the shared project adds what is new, changes nothing
when merged twice, and refuses, with a list, codings on fragments whose text
differs or is missing in the shared project.`,
	}
	c.AddCommand(newBundleExportCmd(env), newBundleMergeCmd(env))
	return c
}

func newBundleExportCmd(env *Env) *cobra.Command {
	var coder, out string
	c := &cobra.Command{
		Use:     "export --coder NAME --out FILE",
		Short:   "Write one coder's codings, memos and progress to a bundle file",
		Example: `  plancoder bundle export --coder ann --out ann-2026-11-21.json`,
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if coder == "" || out == "" {
				return usagef("give --coder NAME and --out FILE")
			}
			_, s, err := env.OpenStore()
			if err != nil {
				return err
			}
			defer s.Close()
			b, err := interop.ExportBundle(s, coder)
			if err != nil {
				return err
			}
			data, err := b.JSON()
			if err != nil {
				return err
			}
			path, err := env.Abs(out)
			if err != nil {
				return err
			}
			if err := writeFileAtomic(path, data); err != nil {
				return fmt.Errorf("bundle %s: %w", out, err)
			}
			fmt.Fprintf(env.IO.Out, "wrote %s: %d codings, %d memos, %d fragments seen by %s\n", out, len(b.Codings), len(b.Memos), len(b.Seen), coder)
			return nil
		},
	}
	c.Flags().StringVar(&coder, "coder", "", "the coder whose work to export")
	c.Flags().StringVarP(&out, "out", "o", "", "bundle file to write (created only when complete)")
	return c
}

func newBundleMergeCmd(env *Env) *cobra.Command {
	var replace bool
	var format string
	c := &cobra.Command{
		Use:   "merge FILE",
		Short: "Merge a coder bundle into this project",
		Long: `Add a bundle's codings, memos and seen fragments to this project. Codings
already here are left alone, so merging twice changes nothing. Codings on
fragments whose text differs here or that do not exist here are refused and
listed (a fragment renumbered by a re-ingest is found by its text when exactly
one fragment of the document has it); the exit status is then 1. Codes the
bundle uses that this project lacks are added from the bundle.

--replace also removes the coder's codings here that the bundle no longer
holds, on fragments the coder had seen: what the coder took away on the
laptop goes away here too.`,
		Example: `  plancoder bundle merge ann-2026-11-21.json
  plancoder bundle merge ann-2026-11-21.json --replace`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := checkReportFormat(format); err != nil {
				return err
			}
			data, err := os.ReadFile(args[0])
			if err != nil {
				return fmt.Errorf("bundle %s: %w", args[0], err)
			}
			b, err := interop.ReadBundle(args[0], data)
			if err != nil {
				return err
			}
			_, s, err := env.OpenStore()
			if err != nil {
				return err
			}
			defer s.Close()
			rep, err := interop.MergeBundle(s, b, interop.MergeOptions{Replace: replace})
			if err != nil {
				return err
			}
			if format == formatJSON {
				if err := writeJSON(env.IO.Out, rep); err != nil {
					return err
				}
			} else {
				w := env.IO.Out
				fmt.Fprintf(w, "merged %s from %s: %d codings added, %d already here, %d removed; %d memos added, %d already here; %d fragments newly seen\n",
					b.Coder, args[0], rep.Added, rep.Present, rep.Removed, rep.MemosAdded, rep.MemosPresent, rep.Seen)
				if rep.Duplicates > 0 {
					fmt.Fprintf(w, "%d codings listed more than once in the bundle, counted once\n", rep.Duplicates)
				}
				if rep.Moved > 0 {
					fmt.Fprintf(w, "%d items placed on the fragment with their text under a new number (re-ingested in between)\n", rep.Moved)
				}
				if len(rep.CodesAdded) > 0 {
					fmt.Fprintf(w, "codes added from the bundle: %v\n", rep.CodesAdded)
				}
				if rep.NotInBundle > rep.Removed {
					fmt.Fprintf(w, "%d codings of %s here are not in the bundle (kept; --replace removes those on fragments the coder had seen)\n", rep.NotInBundle-rep.Removed, b.Coder)
				}
				if len(rep.Refused) > 0 {
					fmt.Fprintf(w, "refused (%d):\n", len(rep.Refused))
					for _, r := range rep.Refused {
						fmt.Fprintf(w, "  %s\n", r)
					}
				}
			}
			if len(rep.Refused) > 0 {
				return fmt.Errorf("%d items of the bundle refused (listed above); the rest was merged", len(rep.Refused))
			}
			return nil
		},
	}
	c.Flags().BoolVar(&replace, "replace", false, "also remove the coder's codings that the bundle no longer holds")
	c.Flags().StringVar(&format, "format", formatTable, "report format: table or json")
	return c
}
