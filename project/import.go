package project

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

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
	// The archive is read from disk as entries are needed, never held
	// whole in memory.
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, fmt.Errorf("import %s: %w", file, err)
	}
	defer f.Close()
	a, err := interop.OpenArchiveReader(filepath.Base(file), f, fi.Size())
	if err != nil {
		return nil, nil, fmt.Errorf("import %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, nil, fmt.Errorf("import into %s: %w", abs, err)
	}
	cleaned := CleanStaleImports(filepath.Dir(abs), time.Now())
	tmp, err := os.MkdirTemp(filepath.Dir(abs), "."+filepath.Base(abs)+importingInfix+"*")
	if err != nil {
		return nil, nil, fmt.Errorf("import into %s: %w", abs, err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	pidFile := filepath.Join(tmp, importPIDFile)
	if err := os.WriteFile(pidFile, []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return nil, nil, fmt.Errorf("import into %s: %w", abs, err)
	}
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
	rep.Cleaned = cleaned
	if err := os.Remove(pidFile); err != nil {
		return nil, nil, fmt.Errorf("import into %s: %w", abs, err)
	}
	os.Remove(abs) // an empty folder given as the target
	if err := os.Rename(tmp, abs); err != nil {
		return nil, nil, fmt.Errorf("import into %s: %w", abs, err)
	}
	done = true
	return &Project{Dir: abs}, rep, nil
}

// An import builds its project in ".DIR.importing-NNN" beside DIR, with the
// importing process's id in importPIDFile.
const (
	importingInfix = ".importing-"
	importPIDFile  = ".importing.pid"
)

// StaleImportAge is how old a leftover import folder must be before it is
// removed when its process cannot be told dead: a running import holds the
// database lock of its folder, so an old unlocked one is abandoned.
const StaleImportAge = 10 * time.Minute

var importingRE = regexp.MustCompile(`^\..+\.importing-[0-9]+$`)

// CleanStaleImports removes the folders that killed imports left in parent:
// those whose process is dead, and those older than StaleImportAge whose
// database nobody holds. It returns the folders removed; a folder it cannot
// judge or remove is left alone.
func CleanStaleImports(parent string, now time.Time) []string {
	ents, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range ents {
		if !e.IsDir() || !importingRE.MatchString(e.Name()) || !strings.Contains(e.Name(), importingInfix) {
			continue
		}
		dir := filepath.Join(parent, e.Name())
		if !staleImport(dir, now) {
			continue
		}
		if err := os.RemoveAll(dir); err == nil {
			removed = append(removed, dir)
		}
	}
	return removed
}

func staleImport(dir string, now time.Time) bool {
	if fileLocked(filepath.Join(dir, DBName)) {
		return false // an import at work
	}
	if data, err := os.ReadFile(filepath.Join(dir, importPIDFile)); err == nil {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil && pid > 0 && pid != os.Getpid() {
			if alive, known := pidAlive(pid); known && !alive {
				return true
			}
		}
	}
	fi, err := os.Stat(dir)
	return err == nil && now.Sub(fi.ModTime()) > StaleImportAge
}
