package project

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/plancoder/plancoder/interop"
)

// ImportQDPX creates a new project at dir from a REFI-QDA project archive.
// The project is built in a temporary folder beside dir and renamed into
// place only when the import succeeded: a failed import leaves nothing.
func ImportQDPX(ctx context.Context, file, dir string, opts interop.ImportOptions) (*Project, *interop.ImportReport, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, err
	}
	if ents, err := os.ReadDir(abs); err == nil && len(ents) > 0 {
		return nil, nil, fmt.Errorf("import into %s: the folder exists and is not empty; give a new folder", abs)
	} else if err != nil && !os.IsNotExist(err) {
		return nil, nil, fmt.Errorf("import into %s: %w", abs, err)
	}
	fi, err := os.Stat(file)
	if err != nil {
		return nil, nil, fmt.Errorf("import %s: %w", file, err)
	}
	if fi.Size() > interop.MaxArchive {
		return nil, nil, fmt.Errorf("import %s: %w (%d bytes)", file, interop.ErrTooLarge, fi.Size())
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, fmt.Errorf("import %s: %w", file, err)
	}
	a, err := interop.OpenArchive(filepath.Base(file), data)
	if err != nil {
		return nil, nil, fmt.Errorf("import %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, nil, fmt.Errorf("import into %s: %w", abs, err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".importing-*")
	if err != nil {
		return nil, nil, fmt.Errorf("import into %s: %w", abs, err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	p, err := Init(tmp)
	if err != nil {
		return nil, nil, err
	}
	s, err := p.Open()
	if err != nil {
		return nil, nil, err
	}
	rep, err := interop.Import(ctx, s, a, opts)
	if cerr := s.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return nil, nil, err
	}
	os.Remove(abs) // an empty folder given as the target
	if err := os.Rename(tmp, abs); err != nil {
		return nil, nil, fmt.Errorf("import into %s: %w", abs, err)
	}
	done = true
	return &Project{Dir: abs}, rep, nil
}
