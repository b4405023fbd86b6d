// Package project finds, creates, opens and locks a plancoder project (a
// folder with plancoder.db and index/) and runs the work that spans the
// store and the index: a batch ingest that reads files with ingest and
// writes them to store and index, index sync and rebuild, the consistency
// check, and REFI-QDA project import. Searching and coding queues live in
// search, the demo in internal/demo, the measurements in internal/bench.
package project

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/plancoder/plancoder/store"
)

// File and folder names inside a project.
const (
	DBName    = "plancoder.db"
	IndexName = "index"
	EnvVar    = "PLANCODER_PROJECT"
)

// Sentinel errors callers branch on.
var (
	// ErrNoProject means no project was found where one was looked for.
	ErrNoProject = errors.New("not in a plancoder project")
	// ErrExists means init found a project already.
	ErrExists = errors.New("already a plancoder project")
	// ErrBusy means another process holds the project.
	ErrBusy = errors.New("in use by another plancoder process")
)

// Project is a project folder.
type Project struct {
	Dir string // absolute
	// LockTimeout bounds the wait for another process; 0 means 3 seconds.
	LockTimeout time.Duration
	// Warn, when set, receives notices about what was done on the user's
	// behalf (a damaged index moved aside, a read-only index).
	Warn func(msg string)
}

// DBPath is the bbolt file.
func (p *Project) DBPath() string { return filepath.Join(p.Dir, DBName) }

// IndexDir is the Bleve index folder (derived data).
func (p *Project) IndexDir() string { return filepath.Join(p.Dir, IndexName) }

// OriginalsName is the folder of the ingested original files, named by
// the SHA-256 of their bytes, so that `serve` can open a fragment's page
// in the browser's PDF viewer.
const OriginalsName = "originals"

// OriginalPath is where the original of a document with this SHA-256 (hex)
// and source file name is kept: originals/SHA256.EXT. It is "" for a sum
// that is not 64 hex digits (never a path outside the folder).
func (p *Project) OriginalPath(sha256, source string) string {
	if len(sha256) != 64 || strings.Trim(strings.ToLower(sha256), "0123456789abcdef") != "" {
		return ""
	}
	ext := strings.ToLower(filepath.Ext(source))
	if strings.Trim(ext, ".abcdefghijklmnopqrstuvwxyz0123456789") != "" || len(ext) > 8 {
		ext = ""
	}
	return filepath.Join(p.Dir, OriginalsName, strings.ToLower(sha256)+ext)
}

// waitingPrefix starts the names of the files a process waiting for the
// project's lock leaves in the project folder while it waits.
const waitingPrefix = ".waiting-"

func (p *Project) waitingPath() string {
	return filepath.Join(p.Dir, fmt.Sprintf("%s%d", waitingPrefix, os.Getpid()))
}

// SomeoneWaiting reports whether another process waits for the project's
// lock (see Open).
func (p *Project) SomeoneWaiting() bool {
	m, _ := filepath.Glob(filepath.Join(p.Dir, waitingPrefix+"*"))
	waiting := false
	for _, f := range m {
		if staleKnock(f) {
			os.Remove(f) // its process is gone: it waits for nothing
			continue
		}
		waiting = true
	}
	return waiting
}

// staleKnock reports whether a waiting file was left by a process that no
// longer waits: one that ended while it waited (a goroutine in Open when
// its program exited leaves its file), or one older than anyone waits.
// Left alone, such a file made a server close the project after every
// request, as if a command were waiting for it.
func staleKnock(path string) bool {
	pid, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(path), waitingPrefix))
	if err != nil {
		return false // not ours to judge
	}
	if pid == os.Getpid() {
		return false
	}
	if alive, known := pidAlive(pid); known && !alive {
		return true
	}
	fi, err := os.Stat(path)
	return err == nil && time.Since(fi.ModTime()) > maxKnockAge
}

// maxKnockAge: no process waits for the project's lock this long (the lock
// timeout is seconds), so an older waiting file is stale.
const maxKnockAge = 10 * time.Minute

// Init makes a project in dir, creating the folder if needed. It refuses a
// folder that already holds a project.
func Init(dir string) (*Project, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	p := &Project{Dir: abs}
	if _, err := os.Stat(p.DBPath()); err == nil {
		return nil, fmt.Errorf("%s is %w (%s exists)", abs, ErrExists, DBName)
	}
	if err := os.MkdirAll(p.IndexDir(), 0o755); err != nil {
		return nil, fmt.Errorf("init %s: %w", abs, err)
	}
	if err := store.Create(p.DBPath()); err != nil {
		return nil, fmt.Errorf("init %s: %w", abs, err)
	}
	return p, nil
}

// Find locates the project like git finds a repository: the folder given
// (given, e.g. by a flag), else by the environment variable, else the
// working directory or the nearest parent holding plancoder.db. An error
// wraps ErrNoProject and names the folder; the caller says how to make one.
func Find(given, env, wd string) (*Project, error) {
	for _, dir := range []string{given, env} {
		if dir == "" {
			continue
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(filepath.Join(abs, DBName)); err != nil {
			return nil, fmt.Errorf("%w: %s has no %s", ErrNoProject, abs, DBName)
		}
		return &Project{Dir: abs}, nil
	}
	dir, err := filepath.Abs(wd)
	if err != nil {
		return nil, err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, DBName)); err == nil {
			return &Project{Dir: dir}, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, fmt.Errorf("%w: no %s in %s or any parent folder", ErrNoProject, DBName, wd)
		}
		dir = parent
	}
}

// InUse reports, without waiting, whether another process holds the
// project's database now (false where that cannot be told).
func (p *Project) InUse() bool { return fileLocked(p.DBPath()) }

// Open opens the project's store. A project held by another process gives
// ErrBusy after the lock timeout, never a hang.
func (p *Project) Open() (*store.Store, error) {
	t := p.LockTimeout
	if t <= 0 {
		t = 3 * time.Second
	}
	s, err := store.Open(p.DBPath(), store.Options{Timeout: min(t, 50*time.Millisecond)})
	if errors.Is(err, store.ErrLocked) && t > 50*time.Millisecond {
		// Another process has the project: say so (a server that holds it
		// for its requests lets a waiting command in; see web) and wait.
		knock := p.waitingPath()
		if werr := os.WriteFile(knock, nil, 0o644); werr == nil {
			defer os.Remove(knock)
		}
		s, err = store.Open(p.DBPath(), store.Options{Timeout: t - 50*time.Millisecond})
	}
	switch {
	case errors.Is(err, store.ErrLocked):
		return nil, fmt.Errorf("project %s is %w; try again when it has finished", p.Dir, ErrBusy)
	case errors.Is(err, store.ErrNewerSchema):
		return nil, fmt.Errorf("project %s: %w", p.Dir, errors.Unwrap(err))
	case err != nil:
		return nil, fmt.Errorf("project %s: %w", p.Dir, err)
	}
	return s, nil
}
