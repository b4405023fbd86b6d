package main

import (
	"errors"
	"strings"

	"github.com/plancoder/plancoder/index"
	"github.com/spf13/cobra"
)

// analyzeOptions are the arguments of `plancoder analyze`.
type analyzeOptions struct {
	IO     *IOStreams
	Text   string
	Lang   string
	Format string
}

func newCmdAnalyze(f *Factory, runF func(*analyzeOptions) error) *cobra.Command {
	opts := &analyzeOptions{IO: f.IOStreams}
	c := &cobra.Command{
		Use:   "analyze TEXT...",
		Short: "Show the index terms of each word: why a search finds a text or not",
		Long: `Split TEXT into words as the index does and show, for each word, the terms
the index holds for it. A Dutch word's term is its lemma (organisaties:
organisatie, ontwikkelde: ontwikkel), taken from OpenTaal's Dutch dictionary,
or its Snowball stem when the dictionary does not know it; diacritics are
folded (financiële: financieel). A compound also holds its parts, marked with
+ (energietransities: energietransitie +energie +transitie): a search for
transitie finds it, an exact search for =transitie or "transitie" does not.
A word without terms is a stop word, which the index leaves out.

Two words are found together when they share a term. Needs no project.`,
		Example: `  plancoder analyze organisaties energietransities
  plancoder analyze --format json "De financiële middelen van de vrijwilligers"
  plancoder analyze --lang en "volunteers supported"`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Text = strings.Join(args, " ")
			if runF != nil {
				return runF(opts)
			}
			return runAnalyze(opts)
		},
	}
	c.Flags().StringVar(&opts.Lang, "lang", "nl", "language of the text: nl, en or fr")
	c.Flags().StringVar(&opts.Format, "format", formatTable, "output format: table, csv or json")
	return c
}

func runAnalyze(opts *analyzeOptions) error {
	if err := checkFormat(opts.Format); err != nil {
		return err
	}
	tokens, err := index.Analyze(opts.Text, opts.Lang)
	if errors.Is(err, index.ErrLang) {
		return usagef("analyze: --lang: %v", err)
	}
	if err != nil {
		return err
	}
	if opts.Format == formatJSON {
		for i := range tokens {
			if tokens[i].Terms == nil {
				tokens[i].Terms = []string{}
			}
		}
		return writeJSON(opts.IO.Out, map[string]any{"tokens": tokens})
	}
	t := &table{header: []string{"token", "terms"}}
	for _, tk := range tokens {
		terms := strings.Join(tk.Terms, " ")
		if terms == "" && opts.Format == formatTable {
			terms = "(stop word)"
		}
		t.add(tk.Token, terms)
	}
	width := opts.IO.Width
	if opts.Format != formatTable {
		width = 0
	}
	return t.print(opts.IO.Out, opts.Format, width)
}
