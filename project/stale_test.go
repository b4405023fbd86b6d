package project

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/plancoder/plancoder/store"
)

func TestCleanStaleImports(t *testing.T) {
	parent := t.TempDir()
	now := time.Now()
	old := now.Add(-time.Hour)
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true(1) to get a dead process id")
	}
	deadPID := cmd.Process.Pid
	mk := func(name string, pid int, age time.Time, db bool) string {
		dir := filepath.Join(parent, name)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if pid > 0 {
			os.WriteFile(filepath.Join(dir, importPIDFile), []byte(strconv.Itoa(pid)), 0o644)
		}
		if db {
			if err := store.Create(filepath.Join(dir, DBName)); err != nil {
				t.Fatal(err)
			}
		}
		os.Chtimes(dir, age, age)
		return dir
	}
	deadYoung := mk(".pilot.importing-111", deadPID, now, true)
	liveYoung := mk(".pilot.importing-222", os.Getppid(), now, true)
	oldUnlocked := mk(".other.importing-333", 0, old, true)
	oldLocked := mk(".pilot.importing-444", os.Getppid(), old, true)
	notOurs := mk(".pilot.importing-x", deadPID, old, false)
	project := mk("pilot", deadPID, old, true)

	s, err := store.Open(filepath.Join(oldLocked, DBName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	removed := CleanStaleImports(parent, now)
	slices.Sort(removed)
	want := []string{oldUnlocked, deadYoung}
	slices.Sort(want)
	if !slices.Equal(removed, want) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	for _, d := range []string{liveYoung, oldLocked, notOurs, project} {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s removed: %v", d, err)
		}
	}
	for _, d := range want {
		if _, err := os.Stat(d); !os.IsNotExist(err) {
			t.Errorf("%s still there", d)
		}
	}
}
