package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/store/storetest"
	"github.com/rogpeppe/go-internal/testscript"
)

var updateScripts = flag.Bool("update", false, "update testscript expectations")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"plancoder": func() { os.Exit(Main()) },
	})
}

// TestScript runs the end-to-end specs in testdata/script: the real binary
// on temporary projects.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *updateScripts,
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			fixtures, err := filepath.Abs("../../ingest/pdftext/testdata/pdf")
			if err != nil {
				return err
			}
			e.Setenv("FIXTURES", fixtures)
			// The folder testscript put the plancoder command in: a spec
			// sets PATH to it alone to hide other programs (pdftotext).
			e.Setenv("PLANCODERBIN", filepath.SplitList(e.Getenv("PATH"))[0])
			e.Setenv("PLANCODER_CODER", "tester")
			e.Setenv("PLANCODER_PROJECT", "")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// writehex FILE HEX: write bytes a txtar file cannot hold.
			"writehex": func(ts *testscript.TestScript, neg bool, args []string) {
				b, err := hex.DecodeString(args[1])
				ts.Check(err)
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), b, 0o644))
			},
			// mksparse FILE SIZE: a file of SIZE bytes that takes no disk
			// space, for size limits.
			"mksparse": func(ts *testscript.TestScript, neg bool, args []string) {
				n, err := strconv.ParseInt(args[1], 10, 64)
				ts.Check(err)
				p := ts.MkAbs(args[0])
				ts.Check(os.WriteFile(p, nil, 0o644))
				ts.Check(os.Truncate(p, n))
			},
			// sleep DURATION: give a background process time to start.
			"sleep": func(ts *testscript.TestScript, neg bool, args []string) {
				d, err := time.ParseDuration(args[0])
				ts.Check(err)
				time.Sleep(d)
			},
			// killwhile pending|building PROJECT ARGS...: see killWhile.
			"killwhile": killWhile,
			// mkdocx FILE TEXT...: write a minimal DOCX with one paragraph per argument.
			"mkdocx": func(ts *testscript.TestScript, neg bool, args []string) {
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), minimalDOCX(args[1:]), 0o644))
			},
		},
	})
}

// killWhile runs `plancoder --project PROJECT ARGS...` in the background
// and kills it with SIGKILL while it has work in flight, then asserts that
// the kill really came then, so a crash spec cannot pass vacuously:
//   - pending: after a store commit (the file changed) and before the
//     index caught up: the store must hold pending index notes afterwards;
//   - building: while a reindex builds index.new: it must still be there.
//
// A kill that came too late (the command finished) or too early is retried
// from a copy of the project, with a shorter or longer delay.
func killWhile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 || (args[0] != "pending" && args[0] != "building") {
		ts.Fatalf("usage: killwhile pending|building PROJECT ARGS...")
	}
	mode, proj := args[0], ts.MkAbs(args[1])
	snapshot := proj + ".snapshot"
	ts.Check(os.RemoveAll(snapshot))
	ts.Check(os.CopyFS(snapshot, os.DirFS(proj)))
	defer os.RemoveAll(snapshot)
	db := filepath.Join(proj, project.DBName)
	delay := time.Duration(0)
	if mode == "pending" {
		delay = 30 * time.Millisecond // a commit takes a moment after its first write
	}
	for attempt := 1; attempt <= 8; attempt++ {
		if attempt > 1 {
			ts.Check(os.RemoveAll(proj))
			ts.Check(os.CopyFS(proj, os.DirFS(snapshot)))
		}
		before, err := os.Stat(db)
		ts.Check(err)
		cmd := exec.Command("plancoder", append([]string{"--project", proj}, args[2:]...)...)
		cmd.Dir = ts.MkAbs(".")
		cmd.Env = append(os.Environ(), "PLANCODER_CODER=tester", "PLANCODER_PROJECT=")
		ts.Check(cmd.Start())
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		ready := func() bool {
			if mode == "building" {
				_, err := os.Stat(filepath.Join(proj, project.IndexName+".new", index.MarkerName))
				return err == nil
			}
			fi, err := os.Stat(db)
			return err == nil && (fi.Size() != before.Size() || !fi.ModTime().Equal(before.ModTime()))
		}
		var exited error
		finished := false
	wait:
		for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); {
			select {
			case exited = <-done:
				finished = true
				break wait
			default:
			}
			if ready() {
				time.Sleep(delay)
				break
			}
			time.Sleep(time.Millisecond)
		}
		if !finished {
			cmd.Process.Kill()
			exited = <-done
			var ee *exec.ExitError
			finished = !errors.As(exited, &ee) || ee.ExitCode() != -1 // -1: killed by a signal
		}
		var why string
		switch {
		case finished:
			why = fmt.Sprintf("the command finished before the kill (%v)", exited)
			delay /= 2
		case mode == "building":
			if _, err := os.Stat(filepath.Join(proj, project.IndexName+".new")); err != nil {
				why = "index.new is gone: the kill came after the swap"
				delay /= 2
			}
		default:
			s, err := store.Open(db, store.Options{ReadOnly: true})
			ts.Check(err)
			pend, err := s.PendingIndex()
			s.Close()
			ts.Check(err)
			if len(pend) == 0 {
				why = "no pending index notes: the kill came too early or too late"
				delay = delay*2 + 10*time.Millisecond
			}
		}
		if why == "" {
			ts.Logf("killed %s on attempt %d (delay %v)", mode, attempt, delay)
			return
		}
		ts.Logf("attempt %d: %s; retrying", attempt, why)
	}
	ts.Fatalf("could not kill the command while work was %s", mode)
}

func minimalDOCX(paras []string) []byte {
	var body strings.Builder
	for _, p := range paras {
		style := ""
		if strings.HasPrefix(p, "#") {
			style = `<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>`
			p = strings.TrimSpace(strings.TrimPrefix(p, "#"))
		}
		body.WriteString(`<w:p>` + style + `<w:r><w:t xml:space="preserve">` + p + `</w:t></w:r></w:p>`)
	}
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `</w:body></w:document>`,
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		w, _ := zw.Create(name)
		w.Write([]byte(files[name]))
	}
	zw.Close()
	return buf.Bytes()
}

// testEnv runs commands in-process against dir with captured output.
type testEnv struct {
	t        *testing.T
	dir      string
	out, err bytes.Buffer
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	te := &testEnv{t: t, dir: t.TempDir()}
	if code := te.run("init", "."); code != 0 {
		t.Fatalf("init: %d %s", code, te.err.String())
	}
	return te
}

func (te *testEnv) run(args ...string) int {
	te.out.Reset()
	te.err.Reset()
	env := &Env{
		IO:     &IOStreams{In: strings.NewReader(""), Out: &te.out, Err: &te.err},
		Getenv: func(k string) string { return map[string]string{"PLANCODER_CODER": "tester"}[k] },
		Getwd:  func() (string, error) { return te.dir, nil },
	}
	return Run(context.Background(), env, args)
}

func TestBusyProjectGetsClearMessage(t *testing.T) {
	te := newTestEnv(t)
	s, err := store.Open(filepath.Join(te.dir, project.DBName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	code := te.run("docs")
	if code != exitLocked {
		t.Errorf("exit %d, want %d", code, exitLocked)
	}
	if want := "project " + te.dir + " is in use by another plancoder process"; !strings.Contains(te.err.String(), want) {
		t.Errorf("stderr %q lacks %q", te.err.String(), want)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	te := newTestEnv(t)
	if err := storetest.ForceSchema(filepath.Join(te.dir, project.DBName), store.SchemaVersion+1); err != nil {
		t.Fatal(err)
	}
	if code := te.run("docs"); code != exitError {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(te.err.String(), "newer plancoder") || !strings.Contains(te.err.String(), "upgrade plancoder") {
		t.Errorf("stderr: %s", te.err.String())
	}
}

func TestRemoveRefusedWhileCoded(t *testing.T) {
	te := newTestEnv(t)
	os.WriteFile(filepath.Join(te.dir, "org-a-beleidsplan-2021-2025.md"), []byte("# Plan\n\nTekst over vrijwilligers."), 0o644)
	if code := te.run("ingest", filepath.Join(te.dir, "org-a-beleidsplan-2021-2025.md")); code != 0 {
		t.Fatalf("ingest: %s", te.err.String())
	}
	s, err := store.Open(filepath.Join(te.dir, project.DBName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutCodes("t", []store.Code{{Key: "VRIJ", Name: "Vrijwilligers"}}); err != nil {
		t.Fatal(err)
	}
	err = s.AddCodings(store.Coding{Fragment: "org-a-beleidsplan-2021-2025/0002", Code: "VRIJ", Coder: "ann"})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if code := te.run("docs", "remove", "org-a-beleidsplan-2021-2025"); code != exitError {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(te.err.String(), "1 codings point at its fragments") {
		t.Errorf("stderr: %s", te.err.String())
	}
	if code := te.run("docs", "--format", "csv"); code != 0 || !strings.Contains(te.out.String(), "org-a-beleidsplan-2021-2025") {
		t.Errorf("document gone: %s", te.out.String())
	}
}

func TestTableFitsTerminal(t *testing.T) {
	tb := &table{header: []string{"id", "title"}, wide: 1}
	tb.add("a", strings.Repeat("lange titel ", 20))
	var b bytes.Buffer
	tb.print(&b, formatTable, 40)
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if n := len([]rune(line)); n > 40 {
			t.Errorf("line of %d runes: %q", n, line)
		}
	}
}

// TestLibraryArgumentErrorsAreUsage: an argument a library does not take
// (arg.Error) exits with the usage status and names the flag.
func TestLibraryArgumentErrorsAreUsage(t *testing.T) {
	te := newTestEnv(t)
	if err := os.WriteFile(filepath.Join(te.dir, "x-plan-2021-2025.md"), []byte("# Plan\n\nEen alinea.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := te.run("ingest", filepath.Join(te.dir, "x-plan-2021-2025.md")); code != 0 {
		t.Fatalf("ingest: %d %s", code, te.err.String())
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"cooccur", "--unit", "page"}, `--unit "page": use fragment, section or document`},
		{[]string{"sample", "create", "s1", "--docs", "1", "--coders", "a,b", "--stratify", "size"}, `--stratify "size": use type, period or attr:KEY`},
	} {
		if code := te.run(tt.args...); code != exitUsage || !strings.Contains(te.err.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, te.err.String(), exitUsage, tt.want)
		}
	}
}
