package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/project"
)

// damageEnv is a project with two documents and a built index; it returns
// the pristine database bytes.
func damageEnv(t *testing.T) (*testEnv, []byte) {
	t.Helper()
	te := newTestEnv(t)
	for i, text := range []string{"# Plan\n\nWe werken met vrijwilligers.\n\nDe financiën zijn gezond.", "# Verslag\n\nVorming voor vrijwilligers."} {
		path := filepath.Join(te.dir, fmt.Sprintf("org-%c-beleidsplan-2021-2025.md", 'a'+i))
		os.WriteFile(path, []byte(text), 0o644)
		if code := te.run("ingest", path); code != 0 {
			t.Fatalf("ingest: %s", te.err.String())
		}
	}
	db, err := os.ReadFile(filepath.Join(te.dir, project.DBName))
	if err != nil {
		t.Fatal(err)
	}
	return te, db
}

var readCommands = [][]string{{"docs"}, {"check"}, {"search", "vrijwilliger"}, {"code", "list"}}

// TestDamagedDatabaseNoGoTrace: a cut-short or overwritten plancoder.db is
// an error naming the file and saying to restore a backup, for every
// command; before, "fatal error: fault" with a Go trace.
func TestDamagedDatabaseNoGoTrace(t *testing.T) {
	te, orig := damageEnv(t)
	dbPath := filepath.Join(te.dir, project.DBName)
	os.WriteFile(dbPath, orig[:len(orig)/3], 0o644)
	for _, args := range readCommands {
		code := te.run(args...)
		if code == 0 || !strings.Contains(te.err.String(), dbPath) || !strings.Contains(te.err.String(), "restore it from a backup") {
			t.Errorf("%v on a truncated file: exit %d, stderr %q", args, code, te.err.String())
		}
	}
	rng := rand.New(rand.NewPCG(11, 3))
	for round := range 30 {
		b := append([]byte(nil), orig...)
		for range 1 + rng.IntN(3) {
			p := 2 + rng.IntN(len(b)/4096-2)
			for k := p * 4096; k < (p+1)*4096; k++ {
				b[k] = byte(rng.Uint32())
			}
		}
		os.WriteFile(dbPath, b, 0o644)
		for _, args := range readCommands {
			start := time.Now()
			te.run(args...) // must return, not panic
			if d := time.Since(start); d > time.Second {
				t.Errorf("round %d %v took %v: %s", round, args, d, te.err.String())
			}
			// "in use" would mean an earlier failed open kept the lock.
			if strings.Contains(te.err.String(), "goroutine ") || strings.Contains(te.err.String(), "in use by another") {
				t.Errorf("round %d %v: %s", round, args, te.err.String())
			}
		}
	}
}

// TestDamagedIndexSegment: flipped bytes in a segment are caught by its
// checksum; the index is moved aside (said on stderr) and rebuilt.
func TestDamagedIndexSegment(t *testing.T) {
	te, _ := damageEnv(t)
	segs, _ := filepath.Glob(filepath.Join(te.dir, project.IndexName, "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segment")
	}
	b, _ := os.ReadFile(segs[0])
	for i := 100; i < len(b); i += 97 {
		b[i] ^= 0x5a
	}
	os.WriteFile(segs[0], b, 0o644)
	if code := te.run("search", "vrijwilliger"); code != 0 {
		t.Fatalf("search: %d %s", code, te.err.String())
	}
	if !strings.Contains(te.err.String(), "fails its checksum") || !strings.Contains(te.err.String(), "moved the damaged index aside") {
		t.Errorf("stderr: %s", te.err.String())
	}
	if !strings.Contains(te.out.String(), "2 hits") {
		t.Errorf("stdout: %s", te.out.String())
	}
	if code := te.run("check"); code != 0 {
		t.Errorf("check: %s", te.out.String())
	}
}

// TestIndexPathHoldsUserFile: a regular file named index is the user's: it
// is reported, never deleted.
func TestIndexPathHoldsUserFile(t *testing.T) {
	te, _ := damageEnv(t)
	idx := filepath.Join(te.dir, project.IndexName)
	os.RemoveAll(idx)
	os.WriteFile(idx, []byte("my notes"), 0o644)
	for _, args := range [][]string{{"search", "vrijwilliger"}, {"reindex"}, {"check"}} {
		if code := te.run(args...); code == 0 || !strings.Contains(te.err.String(), "not a plancoder index") {
			t.Errorf("%v: exit %d, stderr %q", args, code, te.err.String())
		}
	}
	if b, _ := os.ReadFile(idx); string(b) != "my notes" {
		t.Fatalf("the user's file was changed: %q", b)
	}
}

// TestReadOnlyProject: a plancoder.db the user may not write opens
// read-only: reading commands work, writing ones say the project is
// read-only (before: "not a plancoder database: permission denied" for
// every command). root ignores permission bits, so this runs as a user;
// the same was measured as root on a read-only mount.
func TestReadOnlyProject(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write a read-only file")
	}
	te, _ := damageEnv(t)
	if code := te.run("search", "vrijwilliger"); code != 0 {
		t.Fatal(te.err.String())
	}
	readOnly := func(root string) {
		filepath.Walk(root, func(path string, fi os.FileInfo, err error) error {
			if err == nil {
				os.Chmod(path, fi.Mode().Perm()&^0o222)
			}
			return nil
		})
	}
	// A read-only index is searched as it is, never moved aside as damaged.
	readOnly(filepath.Join(te.dir, project.IndexName))
	if code := te.run("search", "vrijwilliger"); code != 0 || !strings.Contains(te.err.String(), "is read-only") {
		t.Errorf("search with a read-only index: exit %d: %s", code, te.err.String())
	}
	if m, _ := filepath.Glob(filepath.Join(te.dir, "index.damaged-*")); len(m) > 0 {
		t.Errorf("read-only index moved aside: %v", m)
	}
	readOnly(te.dir)
	t.Cleanup(func() {
		filepath.Walk(te.dir, func(path string, fi os.FileInfo, err error) error {
			if err == nil {
				os.Chmod(path, fi.Mode().Perm()|0o200)
			}
			return nil
		})
	})
	for _, args := range readCommands {
		if code := te.run(args...); code != 0 && !(args[0] == "code" && code == 1) {
			t.Errorf("%v: exit %d: %s", args, code, te.err.String())
		}
	}
	if code := te.run("reindex"); code == 0 || !strings.Contains(te.err.String(), "project is read-only") {
		t.Errorf("reindex: exit %d: %s", code, te.err.String())
	}
}
