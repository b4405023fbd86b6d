package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/plancoder/plancoder/interop"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

// runExchangeExport writes the codebook (.qdc) or the project (.qdpx) in the
// REFI-QDA standard; the file appears only when complete.
func runExchangeExport(ctx context.Context, a analysisIO, format, out string) error {
	if out == "" {
		return usagef("--format %s writes a file: give --out FILE.%s", format, format)
	}
	p, s, err := a.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	var buf bytes.Buffer
	var summary func() // printed once the file is written
	switch format {
	case "qdc":
		codes, err := s.Codes()
		if err != nil {
			return err
		}
		g, err := s.GUIDs(interop.CodebookKeys(codes))
		if err != nil {
			return err
		}
		data, err := interop.WriteCodebook(codes, g)
		if err != nil {
			return fmt.Errorf("export %s: %w", out, err)
		}
		buf.Write(data)
		summary = func() { fmt.Fprintf(a.IO.Err, "%d codes\n", len(codes)) }
	case "qdpx":
		st, err := interop.ExportProject(ctx, s, filepath.Base(p.Dir), &buf)
		if err != nil {
			return fmt.Errorf("export %s: %w", out, err)
		}
		summary = func() {
			fmt.Fprintf(a.IO.Err, "%d documents, %d selections, %d codings, %d codes, %d users, %d cases, %d notes\n",
				st.Documents, st.Selections, st.Codings, st.Codes, st.Users, st.Cases, st.Notes)
			if len(st.NonBMP) > 0 {
				fmt.Fprintf(a.IO.Err, "note: %d documents contain characters above U+FFFF (emoji); positions follow the standard (code points), NVivo counts UTF-16 units and may shift codings after them: %s\n",
					len(st.NonBMP), strings.Join(first(st.NonBMP, 5), ", "))
			}
		}
	}
	path, err := a.Abs(out)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, buf.Bytes()); err != nil {
		return fmt.Errorf("export %s: %w", out, err)
	}
	fmt.Fprintf(a.IO.Err, "wrote %s\n", out)
	summary()
	return nil
}

func first(xs []string, n int) []string {
	if len(xs) > n {
		return append(xs[:n:n], "…")
	}
	return xs
}

// knownCodeGUIDs maps the normalised GUIDs of the project's codes to their keys.
func knownCodeGUIDs(s *store.Store) (map[string]string, error) {
	codes, err := s.Codes()
	if err != nil {
		return nil, err
	}
	g, err := s.GUIDs(interop.CodebookKeys(codes))
	if err != nil {
		return nil, err
	}
	known := map[string]string{}
	for _, c := range codes {
		known[interop.NormGUID(g["code:"+c.Key])] = c.Key
	}
	return known, nil
}

func runCodebookImportQDC(r storeIO, name string, data []byte) error {
	_, s, err := r.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	known, err := knownCodeGUIDs(s)
	if err != nil {
		return err
	}
	imp, err := interop.ReadCodebook(name, data, known)
	if err != nil {
		return err
	}
	res, err := s.PutCodes(r.Actor(), imp.Codebook.Codes)
	if err != nil {
		return err
	}
	if err := s.SetGUIDs(imp.GUIDs); err != nil {
		return err
	}
	for _, n := range imp.Notes {
		fmt.Fprintf(r.IO.Err, "note: %s\n", n)
	}
	fmt.Fprintf(r.IO.Out, "%d codes in %d groups: %d added, %d updated, %d unchanged\n",
		len(imp.Codebook.Codes), len(imp.Codebook.Groups), res.Added, res.Updated, res.Unchanged)
	return nil
}

// importOptions are the parsed arguments of `plancoder import`.
type importOptions struct {
	runIO
	File, Dir   string
	SkipMissing bool
	Format      string
}

func newCmdImport(f *Factory, runF func(*importOptions) error) *cobra.Command {
	o := &importOptions{runIO: newRunIO(f)}
	c := &cobra.Command{
		Use:   "import FILE.qdpx DIR",
		Short: "Create a project at DIR from a REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder)",
		Long: `Read a REFI-QDA project archive (.qdpx) written by another QDA tool and create a
new project at DIR: text sources become documents (one fragment per line,
long lines split at sentence ends; the text stays exactly as the other tool
showed it), codes and users are created, cases become organisations with
their variables as attributes, notes become memos. Each coded selection is
attached to every fragment it overlaps.

Positions are read the way the producer writes them: NVivo counts UTF-16
units (a CRLF as two), ATLAS.ti and MAXQDA code points with a CRLF as one,
others code points as the standard says; the selections themselves confirm
or overrule that choice. Everything that could not be mapped is listed.

The archive is treated as hostile: nothing is extracted to disk, entry sizes
are capped (16 MiB of text per source, 40 MiB in all, checked as the data is
unpacked), and the project appears at DIR only when the import succeeded.
Folders that killed imports left beside DIR (.DIR.importing-*) are removed
on the next import into the same folder once their process is gone.`,
		Example: `  plancoder import nvivo-export.qdpx pilot
  plancoder import atlas.qdpx pilot --skip-missing`,
		Args: cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			o.Ctx = c.Context()
			o.File, o.Dir = args[0], args[1]
			if err := checkReportFormat(o.Format); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runImport(o)
		},
	}
	c.Flags().BoolVar(&o.SkipMissing, "skip-missing", false, "import the rest when source files are missing from the archive")
	c.Flags().StringVar(&o.Format, "format", formatTable, "report format: table or json")
	return c
}

func runImport(o *importOptions) error {
	file, err := o.Abs(o.File)
	if err != nil {
		return err
	}
	dir, err := o.Abs(o.Dir)
	if err != nil {
		return err
	}
	p, rep, err := project.ImportQDPX(o.Ctx, file, dir, interop.ImportOptions{SkipMissing: o.SkipMissing, Actor: actorName(o.Getenv)})
	if err != nil {
		return err
	}
	if o.Format == formatJSON {
		return writeJSON(o.IO.Out, struct {
			Project string `json:"project"`
			*interop.ImportReport
			Unit string `json:"unit"`
		}{p.Dir, rep, rep.Unit.String()})
	}
	w := o.IO.Out
	fmt.Fprintf(w, "created project in %s from %s\n", p.Dir, o.File)
	for _, d := range rep.Cleaned {
		fmt.Fprintf(w, "removed %s, left by an interrupted import\n", d)
	}
	fmt.Fprintf(w, "producer:   %s\n", orDash(rep.Producer))
	fmt.Fprintf(w, "positions:  %s (by %s)\n", rep.Unit, rep.UnitWhy)
	fmt.Fprintf(w, "documents:  %d   codes: %d in %d groups   users: %d   organisations: %d   memos: %d\n",
		rep.Documents, rep.Codes, rep.Groups, rep.Users, rep.Cases, rep.Memos)
	fmt.Fprintf(w, "selections: %d coded: %d match a fragment, %d inside one fragment (widened to it), %d over several fragments (attached to each)\n",
		rep.Selections, rep.Exact, rep.Widened, rep.Spanning)
	fmt.Fprintf(w, "codings:    %d (fragment, coder, code)\n", rep.Codings)
	if rep.Restored > 0 {
		fmt.Fprintf(w, "plancoder:  %d documents with their own fragments, pages and sections; %d samples; %d seen marks\n",
			rep.Restored, rep.Samples, rep.SeenMarks)
	}
	if len(rep.Unmapped) > 0 {
		fmt.Fprintf(w, "not mapped or adapted (%d):\n", len(rep.Unmapped))
		for i, u := range rep.Unmapped {
			if i == 50 {
				fmt.Fprintf(w, "  … %d more (use --format json for all)\n", len(rep.Unmapped)-50)
				break
			}
			fmt.Fprintf(w, "  - %s\n", u)
		}
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
