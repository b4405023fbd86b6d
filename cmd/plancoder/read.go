package main

import (
	"fmt"
	"strings"

	"github.com/plancoder/plancoder/citation"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

// ReadOptions are the parsed arguments of `plancoder read`.
type ReadOptions struct {
	IO     *IOStreams
	Store  func() (*project.Project, *store.Store, error)
	Doc    string
	From   int
	Limit  int
	Format string
}

func newCmdRead(f *Factory, runF func(*ReadOptions) error) *cobra.Command {
	opts := &ReadOptions{IO: f.IOStreams, Store: f.Store}
	c := &cobra.Command{
		Use:   "read DOC",
		Short: "Read a document fragment by fragment",
		Long: `Print a document's fragments in order, each with its ID (DOC/NNNN), kind,
page and section path: the units that coders code.`,
		Example: `  plancoder read socius-beleidsplan-2021-2025
  plancoder read socius-beleidsplan-2021-2025 --from 20 --limit 5
  plancoder read socius-beleidsplan-2021-2025 --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Doc = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runRead(opts)
		},
	}
	c.Flags().IntVar(&opts.From, "from", 1, "first fragment number")
	c.Flags().IntVar(&opts.Limit, "limit", 0, "number of fragments (0: all)")
	addFormatFlag(c, &opts.Format)
	return c
}

func runRead(opts *ReadOptions) error {
	if opts.From < 1 {
		return usagef("--from %d: fragments are numbered from 1", opts.From)
	}
	if opts.Limit < 0 {
		return usagef("--limit %d: must be 0 (all) or more", opts.Limit)
	}
	if err := checkFormat(opts.Format); err != nil {
		return err
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	frags, err := s.Fragments(opts.Doc, opts.From, opts.Limit)
	s.Close()
	if err != nil {
		return notFoundHint(err, "document", "plancoder docs")
	}
	switch opts.Format {
	case formatJSON:
		if frags == nil {
			frags = []store.Fragment{}
		}
		return writeJSON(opts.IO.Out, frags)
	case formatCSV:
		t := &table{header: []string{"id", "kind", "page", "section", "start", "end", "text"}}
		for _, f := range frags {
			t.add(f.ID, f.Kind, f.Page, citation.Path(f.Section), f.Start, f.End, f.Text)
		}
		return t.print(opts.IO.Out, formatCSV, 0)
	}
	w := opts.IO.Out
	width := opts.IO.Width
	if width <= 0 || width > 100 {
		width = 100
	}
	for _, f := range frags {
		head := fmt.Sprintf("%s  %s", f.ID, f.Kind)
		if p := (citation.Citation{Page: f.Page}).PageLabel(); p != "" {
			head += "  " + p
		}
		if len(f.Section) > 0 {
			sec := citation.Path(f.Section)
			if opts.IO.Width > 0 { // fit a terminal; pipes get it whole
				sec = truncate(sec, max(width-len(head)-5, 20))
			}
			head += "  § " + sec
		}
		fmt.Fprintln(w, head)
		for _, line := range wrap(f.Text, width-4) {
			fmt.Fprintf(w, "    %s\n", line)
		}
		fmt.Fprintln(w)
	}
	if len(frags) == 0 {
		fmt.Fprintf(opts.IO.Err, "no fragments from %d on\n", opts.From)
	}
	return nil
}

// wrap breaks text into lines of at most width characters, keeping the
// text's own line breaks (table rows).
func wrap(text string, width int) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, w := range strings.Fields(para) {
			if line != "" && len([]rune(line))+1+len([]rune(w)) > width {
				out = append(out, line)
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += w
		}
		out = append(out, line)
	}
	return out
}
