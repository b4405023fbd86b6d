package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/plancoder/plancoder/interop"
	"github.com/spf13/cobra"
)

func newBundleCmd(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "bundle",
		Short: "Carry one coder's work between projects: export and merge coder bundles",
		Long: `Coders who work on their own laptop (a copy of the project) hand in a bundle:
their codings and memos with the content hash of every fragment they touch.
Merging a bundle into the shared project adds what is new, changes nothing
when merged twice, and refuses, with a list, codings on fragments whose text
differs or is missing in the shared project.`,
		Example: `  plancoder bundle export --coder ann --out ann.json   # on ann's laptop
  plancoder bundle merge ann.json                      # in the shared project`,
	}
	c.AddCommand(newCmdBundleExport(f, nil), newCmdBundleMerge(f, nil))
	return c
}

// bundleExportOptions are the arguments of bundle export. The IO, Abs and
// Store of analysisIO are all it takes from the Factory.
type bundleExportOptions struct {
	analysisIO
	Coder string
	Out   string
}

func newCmdBundleExport(f *Factory, runF func(*bundleExportOptions) error) *cobra.Command {
	opts := &bundleExportOptions{analysisIO: newAnalysisIO(f)}
	c := &cobra.Command{
		Use:     "export --coder NAME --out FILE",
		Short:   "Write one coder's codings, memos and progress to a bundle file",
		Example: `  plancoder bundle export --coder ann --out ann-2026-11-21.json`,
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runBundleExport(opts)
		},
	}
	c.Flags().StringVar(&opts.Coder, "coder", "", "the coder whose work to export")
	c.Flags().StringVarP(&opts.Out, "out", "o", "", "bundle file to write (created only when complete)")
	return c
}

func runBundleExport(opts *bundleExportOptions) error {
	coder, out := opts.Coder, opts.Out
	if coder == "" || out == "" {
		return usagef("give --coder NAME and --out FILE")
	}
	_, s, err := opts.Store()
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
	path, err := opts.Abs(out)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, data); err != nil {
		return fmt.Errorf("bundle %s: %w", out, err)
	}
	fmt.Fprintf(opts.IO.Out, "wrote %s: %d codings, %d memos, %d fragments seen by %s\n", out, len(b.Codings), len(b.Memos), len(b.Seen), coder)
	return nil
}

// bundleMergeOptions are the arguments of bundle merge.
type bundleMergeOptions struct {
	analysisIO
	File    string
	Replace bool
	Format  string
}

func newCmdBundleMerge(f *Factory, runF func(*bundleMergeOptions) error) *cobra.Command {
	opts := &bundleMergeOptions{analysisIO: newAnalysisIO(f)}
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
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runBundleMerge(opts)
		},
	}
	c.Flags().BoolVar(&opts.Replace, "replace", false, "also remove the coder's codings that the bundle no longer holds")
	c.Flags().StringVar(&opts.Format, "format", formatTable, "report format: table or json")
	return c
}

func runBundleMerge(opts *bundleMergeOptions) error {
	if err := checkReportFormat(opts.Format); err != nil {
		return err
	}
	data, err := os.ReadFile(opts.File)
	if err != nil {
		return fmt.Errorf("bundle %s: %w", opts.File, err)
	}
	b, err := interop.ReadBundle(opts.File, data)
	if err != nil {
		return err
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	rep, err := interop.MergeBundle(s, b, interop.MergeOptions{Replace: opts.Replace})
	if err != nil {
		return err
	}
	if opts.Format == formatJSON {
		if err := writeJSON(opts.IO.Out, rep); err != nil {
			return err
		}
	} else {
		w := opts.IO.Out
		fmt.Fprintf(w, "merged %s from %s: %d codings added, %d already here, %d removed; %d memos added, %d already here; %d fragments newly seen\n",
			b.Coder, opts.File, rep.Added, rep.Present, rep.Removed, rep.MemosAdded, rep.MemosPresent, rep.Seen)
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
		printRefused(w, rep.Refused)
	}
	if len(rep.Refused) > 0 {
		return fmt.Errorf("%d items of the bundle refused (see above); the rest was merged", len(rep.Refused))
	}
	return nil
}

// refusedExamples is how many refused items printRefused shows per reason.
const refusedExamples = 3

// printRefused summarises the refused items of a merge by reason, with a
// few examples of each: a bundle merged into the wrong project is refused
// item by item, and a thousand lines hide the one message that matters.
// --format json lists every item.
func printRefused(w io.Writer, refused []string) {
	if len(refused) == 0 {
		return
	}
	type group struct {
		why      string
		examples []string
		n        int
	}
	var groups []*group
	byWhy := map[string]*group{}
	for _, r := range refused {
		item, why, ok := strings.Cut(r, ": ")
		if !ok {
			item, why = "", r
		}
		g := byWhy[why]
		if g == nil {
			g = &group{why: why}
			byWhy[why] = g
			groups = append(groups, g)
		}
		g.n++
		if len(g.examples) < refusedExamples && item != "" {
			g.examples = append(g.examples, item)
		}
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].n > groups[j].n })
	fmt.Fprintf(w, "refused (%d):\n", len(refused))
	const maxGroups = 10
	for i, g := range groups {
		if i == maxGroups {
			rest := 0
			for _, g := range groups[i:] {
				rest += g.n
			}
			fmt.Fprintf(w, "  %d more for %d other reasons\n", rest, len(groups)-i)
			break
		}
		ex := strings.Join(g.examples, ", ")
		if g.n > len(g.examples) {
			ex += ", …"
		}
		fmt.Fprintf(w, "  %d × %s (%s)\n", g.n, g.why, ex)
	}
	if len(refused) > refusedExamples {
		fmt.Fprintln(w, "  every item: --format json")
	}
}
