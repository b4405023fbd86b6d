package project

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/ingest"
)

func TestInitAndFind(t *testing.T) {
	dir := t.TempDir()
	p, err := Init(filepath.Join(dir, "proj"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Init(p.Dir); !errors.Is(err, ErrExists) {
		t.Fatalf("second init: %v", err)
	}
	deep := filepath.Join(p.Dir, "a", "b")
	os.MkdirAll(deep, 0o755)
	tests := []struct {
		flag, env, wd string
		want          string
		err           error
	}{
		{wd: deep, want: p.Dir},
		{flag: p.Dir, wd: dir, want: p.Dir},
		{env: p.Dir, wd: dir, want: p.Dir},
		{flag: dir, env: p.Dir, wd: deep, err: ErrNoProject}, // the flag wins, even when wrong
		{wd: dir, err: ErrNoProject},
	}
	for _, tt := range tests {
		got, err := Find(tt.flag, tt.env, tt.wd)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("Find(%q,%q,%q): %v, want %v", tt.flag, tt.env, tt.wd, err, tt.err)
			}
			// The library names folders, not the flags or commands of
			// its caller (cmd/plancoder words the hint).
			if msg := err.Error(); strings.Contains(msg, "--") || strings.Contains(msg, "plancoder init") {
				t.Errorf("Find(%q,%q,%q): %q names the CLI", tt.flag, tt.env, tt.wd, msg)
			}
			continue
		}
		if err != nil || got.Dir != tt.want {
			t.Errorf("Find(%q,%q,%q) = %v, %v", tt.flag, tt.env, tt.wd, got, err)
		}
	}
}

func TestOpenBusy(t *testing.T) {
	_, p, _ := newProject(t)
	p2 := &Project{Dir: p.Dir, LockTimeout: 100 * time.Millisecond}
	_, err := p2.Open()
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "project "+p.Dir+" is in use by another plancoder process") {
		t.Fatalf("got %v", err)
	}
}

func TestIngestBatch(t *testing.T) {
	dir := t.TempDir()
	p, err := Init(filepath.Join(dir, "proj"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"a/org-beleidsplan-2021-2025.md": "# Plan\n\nTekst.",
		"a/same.txt":                     "Een.",
		"b/same.md":                      "Twee.",
		"b/empty.txt":                    "",
		"c/org-jaarverslag-2022.txt":     "Verslag.",
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		os.WriteFile(path, []byte(content), 0o644)
	}
	jobs, _, problems := ingest.Expand([]string{filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")}, ingest.Meta{})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	s, err := p.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var progress []int
	sum, err := Ingest(context.Background(), s, IngestOptions{Jobs: jobs, Workers: 2, Actor: "t",
		Progress: func(done, total int, _ string) { progress = append(progress, done) }})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Files != 5 || sum.Added != 2 || sum.Failed != 3 {
		t.Fatalf("summary %+v", sum)
	}
	if progress[len(progress)-1] != 5 {
		t.Errorf("progress %v", progress)
	}
	for i, r := range sum.Reports {
		if r.Path != jobs[i].Path {
			t.Errorf("report %d is for %s, job is %s", i, r.Path, jobs[i].Path)
		}
	}
	for _, e := range s.Check() {
		t.Error(e)
	}

	// Same ID from another source file: refused, the stored one is kept.
	other := filepath.Join(dir, "d", "org-beleidsplan-2021-2025.txt")
	os.MkdirAll(filepath.Dir(other), 0o755)
	os.WriteFile(other, []byte("Ander bestand."), 0o644)
	sum, _ = Ingest(context.Background(), s, IngestOptions{Jobs: []ingest.Job{{Path: other}}})
	if sum.Failed != 1 || !strings.Contains(sum.Reports[0].Error, "already used by org-beleidsplan-2021-2025.md") {
		t.Fatalf("%+v", sum.Reports)
	}

	// Second run: unchanged.
	sum, _ = Ingest(context.Background(), s, IngestOptions{Jobs: jobs[:1]})
	if sum.Unchanged != 1 || sum.Reports[0].Doc != "org-beleidsplan-2021-2025" {
		t.Fatalf("%+v", sum)
	}
}

// TestStaleKnock: a waiting file whose process has ended is removed and
// does not count; one of a live process does.
func TestStaleKnock(t *testing.T) {
	if _, known := pidAlive(os.Getpid()); !known {
		t.Skip("process liveness cannot be told here")
	}
	p := &Project{Dir: t.TempDir()}
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true(1):", err)
	}
	dead := filepath.Join(p.Dir, fmt.Sprintf("%s%d", waitingPrefix, cmd.Process.Pid))
	if err := os.WriteFile(dead, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if p.SomeoneWaiting() {
		t.Error("a finished process's waiting file counts")
	}
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Errorf("the stale waiting file is still there: %v", err)
	}
	live := filepath.Join(p.Dir, fmt.Sprintf("%s%d", waitingPrefix, os.Getppid()))
	if err := os.WriteFile(live, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if !p.SomeoneWaiting() {
		t.Error("a live process's waiting file does not count")
	}
}
