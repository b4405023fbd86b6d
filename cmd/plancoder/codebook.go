package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/plancoder/plancoder/codebook"
	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

// storeIO is what the codebook commands take from the Factory.
func newCodebookCmd(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "codebook",
		Short: "The codebook: import, export, show, add, edit, rename, merge, remove codes",
		Long: `The codebook holds the themes fragments are coded with: key, name, group,
description, include and exclude criteria, an example, a colour and a one-key
shortcut for the coding screen. Every change is recorded in the event log.
Renaming and merging rewrite the codings in one transaction.`,
		Example: `  plancoder codebook import --example
  plancoder codebook show
  plancoder codebook show VRIJW
  plancoder codebook merge VRIJW PERS`,
	}
	c.AddCommand(newCmdCodebookImport(f, nil), newCmdCodebookExport(f, nil), newCmdCodebookShow(f, nil),
		newCmdCodebookAdd(f, false, nil), newCmdCodebookAdd(f, true, nil), newCmdCodebookRename(f, nil), newCmdCodebookMerge(f, nil),
		newCmdCodebookRemove(f, nil))
	return c
}

// codebookImportOptions are the arguments of codebook import.
type codebookImportOptions struct {
	storeIO
	// ImportQDC imports a REFI-QDA codebook (runCodebookImportQDC,
	// interop.go).
	ImportQDC func(name string, data []byte) error
	Files     []string
	Example   bool
}

func newCmdCodebookImport(f *Factory, runF func(*codebookImportOptions) error) *cobra.Command {
	opts := &codebookImportOptions{storeIO: newStoreIO(f),
		ImportQDC: func(name string, data []byte) error { return runCodebookImportQDC(newStoreIO(f), name, data) }}
	c := &cobra.Command{
		Use:   "import [FILE.yaml|FILE.csv|FILE.qdc]",
		Short: "Add or update codes from a YAML, CSV or REFI-QDA (.qdc) codebook",
		Long: `Read a codebook (YAML or CSV), check it whole (every problem is reported with
its line and field), and add or update its codes in one transaction. Codes
already in the project that the file does not name stay. --example imports the
example codebook of ~30 themes for socio-cultural policy plans.

A .qdc file is a REFI-QDA codebook from NVivo, ATLAS.ti, MAXQDA or QualCoder:
top-level parent codes become groups, deeper levels are flattened under their
group (the name keeps the path), keys are made from the names, and the
file's GUIDs are kept, so importing the same file again updates the codes.`,
		Example: `  plancoder codebook import --example
  plancoder codebook import thema.yaml
  plancoder codebook import nvivo-codes.qdc
  plancoder codebook export > thema.yaml   # edit, then import again`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Files = args
			if runF != nil {
				return runF(opts)
			}
			return runCodebookImport(opts)
		},
	}
	c.Flags().BoolVar(&opts.Example, "example", false, "import the example codebook")
	return c
}

func runCodebookImport(opts *codebookImportOptions) error {
	args := opts.Files
	var cb *codebook.Codebook
	switch {
	case opts.Example && len(args) == 0:
		cb = codebook.Example()
	case !opts.Example && len(args) == 1:
		data, err := codebook.ReadFile(args[0])
		if err != nil {
			return err
		}
		if strings.EqualFold(filepath.Ext(args[0]), ".qdc") {
			return opts.ImportQDC(args[0], data)
		}
		if cb, err = codebook.Parse(args[0], data); err != nil {
			return err
		}
	default:
		return usagef("give a codebook FILE or --example")
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.PutCodes(opts.Actor(), cb.Codes)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "%d codes: %d added, %d updated, %d unchanged\n", len(cb.Codes), res.Added, res.Updated, res.Unchanged)
	return nil
}

// codebookExportOptions are the arguments of codebook export.
type codebookExportOptions struct {
	storeIO
	Format string
	Out    string
	Excel  bool // --excel: CSV for Excel in a Flemish or Dutch locale
}

func newCmdCodebookExport(f *Factory, runF func(*codebookExportOptions) error) *cobra.Command {
	opts := &codebookExportOptions{storeIO: newStoreIO(f)}
	c := &cobra.Command{
		Use:   "export",
		Short: "Write the codebook as YAML or CSV",
		Example: `  plancoder codebook export > thema.yaml
  plancoder codebook export --format csv > thema.csv`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runCodebookExport(opts)
		},
	}
	c.Flags().StringVar(&opts.Format, "format", "yaml", "yaml or csv")
	c.Flags().StringVarP(&opts.Out, "output", "o", "", "write to this file (created only when complete)")
	c.Flags().BoolVar(&opts.Excel, "excel", false, "with --format csv: CSV that Excel opens right in a Flemish or Dutch locale (semicolons, UTF-8 BOM, CRLF)")
	return c
}

func runCodebookExport(opts *codebookExportOptions) error {
	format := opts.Format
	if format != "yaml" && format != "csv" {
		return usagef("--format %q: use yaml or csv", format)
	}
	if opts.Excel && format != "csv" {
		return usagef("--excel is for --format csv")
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	codes, err := s.Codes()
	s.Close()
	if err != nil {
		return err
	}
	cb := codebook.FromCodes(codes)
	var data []byte
	if format == "csv" && opts.Excel {
		data, err = cb.ExcelCSV()
	} else if format == "csv" {
		data, err = cb.CSV()
	} else {
		data, err = cb.YAML()
	}
	if err != nil {
		return err
	}
	if opts.Out == "" {
		_, err = opts.IO.Out.Write(data)
		return err
	}
	return writeFileAtomic(opts.Out, data)
}

// writeFileAtomic writes to a temporary file beside path and renames it,
// so a failure never leaves a half-written file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		// Name the folder, not the temporary file the user never asked for.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("folder %s: %w", filepath.Dir(path), err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// codebookShowOptions are the arguments of codebook show.
type codebookShowOptions struct {
	storeIO
	Key    string // empty: list the codes
	Format string
}

func newCmdCodebookShow(f *Factory, runF func(*codebookShowOptions) error) *cobra.Command {
	opts := &codebookShowOptions{storeIO: newStoreIO(f)}
	c := &cobra.Command{
		Use:   "show [KEY]",
		Short: "List the codes, or show one code's definition and use",
		Example: `  plancoder codebook show
  plancoder codebook show VRIJW
  plancoder codebook show FIN --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Key = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return runCodebookShow(opts)
		},
	}
	addFormatFlag(c, &opts.Format)
	return c
}

func runCodebookShow(opts *codebookShowOptions) error {
	format := opts.Format
	if err := checkFormat(format); err != nil {
		return err
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	codes, err := s.Codes()
	if err != nil {
		return err
	}
	if opts.Key != "" {
		key := strings.ToUpper(opts.Key)
		for _, cd := range codes {
			if cd.Key != key {
				continue
			}
			n, err := s.CountCodings(store.CodingFilter{Codes: []string{key}})
			if err != nil {
				return err
			}
			if format == formatJSON {
				return writeJSON(opts.IO.Out, map[string]any{"code": cd, "codings": n})
			}
			w := opts.IO.Out
			fmt.Fprintf(w, "%s  %s\n", cd.Key, cd.Name)
			for _, r := range [][2]string{{"group", cd.Group}, {"shortcut", cd.Shortcut}, {"colour", cd.Colour},
				{"description", cd.Description}, {"include", cd.Include}, {"exclude", cd.Exclude}, {"example", cd.Example}} {
				if r[1] != "" {
					fmt.Fprintf(w, "  %-12s %s\n", r[0]+":", r[1])
				}
			}
			fmt.Fprintf(w, "  %-12s %d\n", "codings:", n)
			return nil
		}
		return fmt.Errorf("code %s: not in the codebook; 'plancoder codebook show' lists them", key)
	}
	if format == formatJSON {
		if codes == nil {
			codes = []store.Code{}
		}
		return writeJSON(opts.IO.Out, codes)
	}
	if len(codes) == 0 {
		fmt.Fprintln(opts.IO.Err, "the codebook is empty: 'plancoder codebook import FILE' or 'plancoder codebook import --example'")
		return nil
	}
	t := &table{header: []string{"key", "shortcut", "group", "name", "description"}, wide: 4}
	for _, cd := range codes {
		t.add(cd.Key, cd.Shortcut, cd.Group, cd.Name, cd.Description)
	}
	return t.print(opts.IO.Out, format, opts.IO.Width)
}

// codebookAddOptions are the arguments of codebook add and codebook edit.
type codebookAddOptions struct {
	storeIO
	Edit bool
	Key  string
	// Code holds the field flags; only those named in Changed are set
	// (edit changes only the fields given, and may empty one).
	Code    store.Code
	Changed map[string]bool
}

// codeFieldFlags are the flags of codebook add and edit, each a field of
// store.Code.
var codeFieldFlags = []string{"name", "group", "description", "include", "exclude", "example", "colour", "shortcut"}

func newCmdCodebookAdd(f *Factory, edit bool, runF func(*codebookAddOptions) error) *cobra.Command {
	opts := &codebookAddOptions{storeIO: newStoreIO(f), Edit: edit}
	cd := &opts.Code
	use, short := "add KEY --name NAME", "Add a code"
	if edit {
		use, short = "edit KEY [--name ...] [--description ...]", "Change fields of a code"
	}
	c := &cobra.Command{
		Use:   use,
		Short: short,
		Example: `  plancoder codebook add ERFGOED --name "Erfgoed" --group samenleving --shortcut E
  plancoder codebook edit ERFGOED --include "Zorg voor roerend en onroerend erfgoed."`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Key = args[0]
			opts.Changed = map[string]bool{}
			for _, name := range codeFieldFlags {
				if c.Flags().Changed(name) {
					opts.Changed[name] = true
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return runCodebookAdd(opts)
		},
	}
	fl := c.Flags()
	fl.StringVar(&cd.Name, "name", "", "name")
	fl.StringVar(&cd.Group, "group", "", "group")
	fl.StringVar(&cd.Description, "description", "", "description")
	fl.StringVar(&cd.Include, "include", "", "when to code it")
	fl.StringVar(&cd.Exclude, "exclude", "", "when not to code it")
	fl.StringVar(&cd.Example, "example", "", "an example")
	fl.StringVar(&cd.Colour, "colour", "", "colour, #rrggbb")
	fl.StringVar(&cd.Shortcut, "shortcut", "", "one key on the coding screen (not "+store.ReservedShortcutsText()+")")
	return c
}

func runCodebookAdd(opts *codebookAddOptions) error {
	cd := opts.Code
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	set := codebook.Fields{}
	for name, val := range map[string]string{"name": cd.Name, "group": cd.Group, "description": cd.Description,
		"include": cd.Include, "exclude": cd.Exclude, "example": cd.Example, "colour": cd.Colour, "shortcut": cd.Shortcut} {
		if opts.Changed[name] {
			set[name] = val
		}
	}
	next, err := codebook.Put(s, opts.Actor(), opts.Key, opts.Edit, set)
	if err != nil {
		return err
	}
	verb := "added"
	if opts.Edit {
		verb = "updated"
	}
	fmt.Fprintf(opts.IO.Out, "%s %s\n", verb, next.Key)
	return nil
}

// codebookRenameOptions are the arguments of codebook rename.
type codebookRenameOptions struct {
	storeIO
	From string
	To   string
}

func newCmdCodebookRename(f *Factory, runF func(*codebookRenameOptions) error) *cobra.Command {
	opts := &codebookRenameOptions{storeIO: newStoreIO(f)}
	return &cobra.Command{
		Use:     "rename OLD NEW",
		Short:   "Give a code a new key (codings and memos follow)",
		Example: `  plancoder codebook rename FIN FINANCIEN`,
		Args:    cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			opts.From, opts.To = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return runCodebookRename(opts)
		},
	}
}

func runCodebookRename(opts *codebookRenameOptions) error {
	from, to := strings.ToUpper(opts.From), strings.ToUpper(opts.To)
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := codebook.Rename(s, opts.Actor(), from, to)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "renamed %s to %s: %d codings rewritten\n", from, to, n)
	return nil
}

// codebookMergeOptions are the arguments of codebook merge.
type codebookMergeOptions struct {
	storeIO
	From string
	Into string
	Yes  bool
}

func newCmdCodebookMerge(f *Factory, runF func(*codebookMergeOptions) error) *cobra.Command {
	opts := &codebookMergeOptions{storeIO: newStoreIO(f)}
	c := &cobra.Command{
		Use:   "merge FROM INTO",
		Short: "Merge a code into another (codings move, FROM is removed; shows what changes, asks first)",
		Long: `Move every coding of FROM to INTO (a coder who has both on a fragment keeps
one), move the memos on FROM to INTO and remove FROM, in one transaction.
It first shows how many codings of how many fragments and coders move and
asks; --yes skips the question (scripts). Without a terminal or an answer on
standard input it changes nothing and fails.`,
		Example: `  plancoder codebook merge VRIJW PERS
  plancoder codebook merge VRIJW PERS --yes`,
		Args: cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			opts.From, opts.Into = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return runCodebookMerge(opts)
		},
	}
	c.Flags().BoolVar(&opts.Yes, "yes", false, "do not ask")
	return c
}

func runCodebookMerge(opts *codebookMergeOptions) error {
	if from, into := strings.ToUpper(opts.From), strings.ToUpper(opts.Into); from == into {
		return fmt.Errorf("code %s: cannot merge a code into itself", store.Quote(from)) // before opening anything
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	pv, err := codebook.PreviewMerge(s, opts.From, opts.Into)
	if err != nil {
		return err
	}
	fc, tc, im := pv.From, pv.Into, pv.Impact
	if !opts.Yes {
		w := opts.IO.Err
		fmt.Fprintf(w, "merge %s (%s) into %s (%s):\n", fc.Key, shown(fc.Name), tc.Key, shown(tc.Name))
		fmt.Fprintf(w, "  %s of %s by %s %s to %s", plural(im.Codings, "coding", "codings"),
			plural(im.Fragments, "fragment", "fragments"), plural(im.Coders, "coder", "coders"), agree(im.Codings, "moves", "move"), tc.Key)
		if im.Collapse > 0 {
			fmt.Fprintf(w, " (%d of them where the coder has %s already: those become one)", im.Collapse, tc.Key)
		}
		fmt.Fprintln(w)
		fmt.Fprintf(w, "  %s on %s %s to %s\n", plural(im.Memos, "memo", "memos"), fc.Key, agree(im.Memos, "moves", "move"), tc.Key)
		fmt.Fprintf(w, "  %s is removed from the codebook\n", fc.Key)
		ok, err := confirm(opts.IO, "merge?", "codebook merge "+fc.Key+" "+tc.Key)
		if err != nil || !ok {
			return err
		}
	}
	n, err := codebook.Merge(s, opts.Actor(), fc.Key, tc.Key)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "merged %s into %s: %d codings moved\n", fc.Key, tc.Key, n)
	return nil
}

// codebookRemoveOptions are the arguments of codebook remove.
type codebookRemoveOptions struct {
	storeIO
	Key string
	Yes bool
}

func newCmdCodebookRemove(f *Factory, runF func(*codebookRemoveOptions) error) *cobra.Command {
	opts := &codebookRemoveOptions{storeIO: newStoreIO(f)}
	c := &cobra.Command{
		Use:   "remove KEY",
		Short: "Remove a code (refused while codings use it; merge it first; asks first)",
		Long: `Remove a code from the codebook. While codings use it the removal is refused
(merge it into another code first). It first shows what goes and asks;
--yes skips the question (scripts). Without a terminal or an answer on
standard input it changes nothing and fails.`,
		Example: `  plancoder codebook add ERFGOED --name "Erfgoed" --group samenleving
  plancoder codebook remove ERFGOED
  plancoder codebook remove ERFGOED --yes`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Key = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runCodebookRemove(opts)
		},
	}
	c.Flags().BoolVar(&opts.Yes, "yes", false, "do not ask")
	return c
}

func runCodebookRemove(opts *codebookRemoveOptions) error {
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	pv, err := codebook.PreviewRemove(s, opts.Key)
	if err != nil {
		return err
	}
	cd := pv.From
	if !opts.Yes {
		w := opts.IO.Err
		fmt.Fprintf(w, "remove %s (%s) from the codebook:\n", cd.Key, shown(cd.Name))
		fmt.Fprintf(w, "  no codings or memos use it\n")
		ok, err := confirm(opts.IO, "remove?", "codebook remove "+cd.Key)
		if err != nil || !ok {
			return err
		}
	}
	if err := codebook.Remove(s, opts.Actor(), cd.Key); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "removed %s\n", cd.Key)
	return nil
}
