package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestExpandAndProcess(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a/org-a-beleidsplan-2021-2025.md": "# Plan\n\nTekst van a.",
		"a/notes.xlsx":                     "x",
		"b/org-b-jaarverslag-2022.txt":     "Tekst van b.",
		"b/.hidden.txt":                    "verborgen",
		"b/leeg.txt":                       "",
		"empty/readme.pdfx":                "x",
	})
	jobs, skipped, problems := Expand([]string{dir, filepath.Join(dir, "missing.txt")}, Meta{})
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	if len(jobs) != 4 || skipped[".xlsx"] != 1 || skipped[".pdfx"] != 1 {
		t.Fatalf("jobs %v skipped %v", jobs, skipped)
	}
	var got []string
	known := func(sha string) (string, error) {
		if sha == SHA256([]byte("Tekst van b.")) {
			return "org-b-jaarverslag-2022", nil
		}
		return "", nil
	}
	err := Process(context.Background(), jobs, 3, known, func(o Outcome) error {
		switch {
		case o.Err != nil:
			got = append(got, filepath.Base(o.Job.Path)+": "+o.Err.Error())
		case o.Unchanged != "":
			got = append(got, filepath.Base(o.Job.Path)+": unchanged")
		default:
			got = append(got, filepath.Base(o.Job.Path)+": "+o.Result.Doc.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"org-a-beleidsplan-2021-2025.md: org-a-beleidsplan-2021-2025",
		"leeg.txt: no text: the file is empty (0 bytes)",
		"org-b-jaarverslag-2022.txt: unchanged",
		"missing.txt: cannot read: no such file or directory",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestExpandFolderWithoutSupportedFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"x/data.xlsx": "x"})
	_, _, problems := Expand([]string{filepath.Join(dir, "x")}, Meta{})
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), "no supported files") {
		t.Fatalf("problems: %v", problems)
	}
}

type panicky struct{}

func (panicky) Format() string { return "panicky" }
func (panicky) Extract(context.Context, []byte) (*Extracted, error) {
	panic("parser bug")
}

func TestPanicInExtractorIsAnError(t *testing.T) {
	Register(panicky{}, ".panicky")
	defer delete(extractors, ".panicky")
	_, err := Bytes(context.Background(), "a.panicky", []byte("x"), Meta{})
	if err == nil || !strings.Contains(err.Error(), "parser bug") {
		t.Fatalf("got %v", err)
	}
}

func TestProcessStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Process(ctx, []Job{{Path: "a.txt"}}, 1, nil, func(Outcome) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
}

func TestManifest(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"plans/a.txt": "Tekst.",
		"plans/b.txt": "Tekst.",
		"manifest.csv": "file,org,type,period,year,title\n" +
			"plans/a.txt,Socius,plan,2021-2025,2021,Beleidsplan\n" +
			"plans/missing.txt,socius,plan,,,\n" +
			"plans/b.txt,socius,jaarplan,,,\n" +
			"plans/b.txt,socius,other,,twintig,\n",
	})
	jobs, errs, err := ReadManifest(filepath.Join(dir, "manifest.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 1 || jobs[0].Meta.Org != "socius" || jobs[0].Meta.Year != 2021 || jobs[0].Meta.Title != "Beleidsplan" {
		t.Fatalf("jobs %+v", jobs)
	}
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, strings.TrimPrefix(e.Error(), filepath.Join(dir, "manifest.csv")))
	}
	want := []string{
		":3: column 1 (file): plans/missing.txt: no such file or directory",
		`:4: column 3 (type): unknown type "jaarplan" (one of plan, progress-report, annual-report, other)`,
		`:5: column 5 (year): "twintig" is not a year`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}

func TestManifestHeader(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"m1.csv": "org,type\nx,plan\n", "m2.csv": "", "m3.csv": "file,\"org\nx"})
	for _, name := range []string{"m1.csv", "m2.csv", "m3.csv"} {
		if _, _, err := ReadManifest(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

func TestReadOrganisations(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"orgs.csv": "id,name,sector,region\nsocius,Socius,steunpunt,Brussel\n,Vormingplus Kempen,vormingplus,Antwerpen\n",
		"dup.csv":  "id,name\na,A\nb,B\na,A2\n",
	})
	orgs, err := ReadOrganisations(filepath.Join(dir, "orgs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 2 || orgs[1].ID != "vormingplus-kempen" || orgs[0].Attrs["region"] != "Brussel" {
		t.Fatalf("%+v", orgs)
	}
	_, err = ReadOrganisations(filepath.Join(dir, "dup.csv"))
	if err == nil || !strings.Contains(err.Error(), `dup.csv:4: column 1 (id): duplicate id "a" (also on line 2)`) {
		t.Fatalf("got %v", err)
	}
}

type slow struct{}

func (slow) Format() string { return "slow" }
func (slow) Extract(ctx context.Context, _ []byte) (*Extracted, error) {
	<-ctx.Done()
	select {} // a parser stuck in a loop ignores cancellation
}

func TestFileTimeout(t *testing.T) {
	Register(slow{}, ".slow")
	defer delete(extractors, ".slow")
	old := FileTimeout
	FileTimeout = 50 * time.Millisecond
	defer func() { FileTimeout = old }()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.slow": "x", "b.txt": "Tekst."})
	var errs []string
	Process(context.Background(), []Job{{Path: filepath.Join(dir, "a.slow")}, {Path: filepath.Join(dir, "b.txt")}}, 2, nil, func(o Outcome) error {
		if o.Err != nil {
			errs = append(errs, o.Err.Error())
		}
		return nil
	})
	if len(errs) != 1 || !strings.Contains(errs[0], "gave up after 50ms") {
		t.Fatalf("errors %v", errs)
	}
}

// TestProcessBoundsReadAhead: while the first file is slow, the workers
// read at most 2 x workers files ahead instead of the whole batch, whose
// results would all wait in memory.
func TestProcessBoundsReadAhead(t *testing.T) {
	dir := t.TempDir()
	const n, workers = 24, 2
	files := map[string]string{}
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("f%02d.txt", i)] = fmt.Sprintf("Tekst van bestand %d.", i)
	}
	writeFiles(t, dir, files)
	jobs, _, _ := Expand([]string{dir}, Meta{})
	first := SHA256([]byte("Tekst van bestand 0."))
	var mu sync.Mutex
	started, seen := 0, -1
	known := func(sha string) (string, error) {
		mu.Lock()
		started++
		mu.Unlock()
		if sha == first {
			// Hold the first file until the others had every chance to run.
			deadline := time.Now().Add(2 * time.Second)
			for time.Now().Before(deadline) {
				mu.Lock()
				k := started
				mu.Unlock()
				if k == n {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			time.Sleep(50 * time.Millisecond)
			mu.Lock()
			seen = started
			mu.Unlock()
		}
		return "", nil
	}
	emitted := 0
	err := Process(context.Background(), jobs, workers, known, func(o Outcome) error {
		if o.Err != nil {
			t.Errorf("%s: %v", o.Job.Path, o.Err)
		}
		emitted++
		return nil
	})
	if err != nil || emitted != n {
		t.Fatalf("err %v, %d of %d emitted", err, emitted, n)
	}
	if seen > 2*workers {
		t.Errorf("%d files read while the first was held, want at most %d", seen, 2*workers)
	}
}
