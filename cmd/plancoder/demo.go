package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/plancoder/plancoder/internal/demo"
	"github.com/spf13/cobra"
)

// demoOptions are the parsed arguments of `plancoder demo`.
type demoOptions struct {
	runIO
	Dir  string
	Orgs int
	Seed int64
}

func newCmdDemo(f *Factory, runF func(*demoOptions) error) *cobra.Command {
	opts := &demoOptions{runIO: newRunIO(f)}
	c := &cobra.Command{
		Use:   "demo [DIR]",
		Short: "Create a demo project with a synthetic corpus of Dutch policy plans",
		Long: `Create a project in DIR, write a synthetic corpus of policy plans and progress
reports of socio-cultural organisations to DIR/corpus (mostly PDF, some
Markdown, text, HTML and DOCX, with manifest.csv, orgs.csv and the ground
truth of every PDF), ingest it, and print what to try next. Without DIR the
project goes into a new temporary folder, whose name is printed: never into
the working folder, which may be a clone of plancoder's source. The corpus
is deterministic: the same --seed gives the same files.`,
		Example: `  plancoder demo /tmp/demo
  plancoder demo
  plancoder demo /tmp/demo30 --orgs 30 --seed 7`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			opts.Dir = "" // a new temporary folder
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if opts.Orgs < 1 || opts.Orgs > 1000 {
				return usagef("--orgs %d: choose 1 to 1000", opts.Orgs)
			}
			if runF != nil {
				return runF(opts)
			}
			return runDemo(opts)
		},
	}
	c.Flags().IntVar(&opts.Orgs, "orgs", 12, "number of organisations")
	c.Flags().Int64Var(&opts.Seed, "seed", 1, "random seed; the same seed gives the same corpus")
	return c
}

func runDemo(opts *demoOptions) error {
	dir, temp := opts.Dir, opts.Dir == ""
	var err error
	if temp {
		if dir, err = os.MkdirTemp("", "plancoder-demo-"); err != nil {
			return fmt.Errorf("demo: a temporary folder: %w", err)
		}
	} else if dir, err = opts.Abs(dir); err != nil {
		return err
	}
	var progress func(int, string)
	p, sum, err := demo.Demo(opts.Ctx, dir, demo.Options{
		Orgs: opts.Orgs, Seed: opts.Seed, Workers: runtime.NumCPU(), Actor: actorName(opts.Getenv),
		Progress: func(done, total int, path string) {
			if progress == nil {
				progress = opts.progress(total, "ingest")
			}
			progress(done, path)
		},
	})
	if err != nil {
		return err
	}
	w := opts.IO.Out
	fmt.Fprintf(w, "plancoder demo project in %s\n", p.Dir)
	if temp {
		fmt.Fprintf(w, "  (a new temporary folder; 'plancoder demo DIR' puts it where you want)\n")
	}
	fmt.Fprintf(w, "  %d organisations, %d documents, %d pages, %d fragments (corpus in %s)\n\n",
		opts.Orgs, sum.Added, sum.Pages, sum.Fragments, filepath.Join(p.Dir, "corpus"))
	fmt.Fprintf(w, "Try next:\n")
	fmt.Fprintf(w, "  export PLANCODER_PROJECT=%s\n", p.Dir)
	fmt.Fprintf(w, "  plancoder docs                       # the documents, with type, period, fragments\n")
	fmt.Fprintf(w, "  plancoder orgs list                  # organisations and their attributes\n")
	fmt.Fprintf(w, "  plancoder docs show DOC              # one document's metadata and outline\n")
	fmt.Fprintf(w, "  plancoder read DOC --limit 10        # its first fragments, with section paths\n")
	fmt.Fprintf(w, "  plancoder search vrijwilliger        # full-text search with citations\n")
	fmt.Fprintf(w, "  PLANCODER_CODER=you plancoder code --doc DOC   # the coding screen\n")
	fmt.Fprintf(w, "  plancoder agree --sample pilot       # how well ann, bob and chris agree\n")
	fmt.Fprintf(w, "  plancoder theme VRIJW                # one theme across all plans\n")
	fmt.Fprintf(w, "  plancoder report --out report.html   # the steering-group report\n")
	fmt.Fprintf(w, "  plancoder ingest %s  # again: nothing changes\n", filepath.Join(p.Dir, "corpus"))
	return nil
}
