package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/plancoder/plancoder/interop"
	"github.com/plancoder/plancoder/store"
)

// runExchangeExport writes the codebook (.qdc) or the project (.qdpx) in the
// REFI-QDA standard; the file appears only when complete.
func runExchangeExport(ctx context.Context, env *Env, format, out string) error {
	if out == "" {
		return usagef("--format %s writes a file: give --out FILE.%s", format, format)
	}
	p, s, err := env.OpenStore()
	if err != nil {
		return err
	}
	defer s.Close()
	var buf bytes.Buffer
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
		defer fmt.Fprintf(env.IO.Err, "%d codes\n", len(codes))
	case "qdpx":
		st, err := interop.ExportProject(ctx, s, filepath.Base(p.Dir), &buf)
		if err != nil {
			return fmt.Errorf("export %s: %w", out, err)
		}
		defer func() {
			fmt.Fprintf(env.IO.Err, "%d documents, %d selections, %d codings, %d codes, %d users, %d cases, %d notes\n",
				st.Documents, st.Selections, st.Codings, st.Codes, st.Users, st.Cases, st.Notes)
			if len(st.NonBMP) > 0 {
				fmt.Fprintf(env.IO.Err, "note: %d documents contain characters above U+FFFF (emoji); positions follow the standard (code points), NVivo counts UTF-16 units and may shift codings after them: %s\n",
					len(st.NonBMP), strings.Join(first(st.NonBMP, 5), ", "))
			}
		}()
	}
	path, err := env.Abs(out)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, buf.Bytes()); err != nil {
		return fmt.Errorf("export %s: %w", out, err)
	}
	fmt.Fprintf(env.IO.Err, "wrote %s\n", out)
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
