package coding

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/store/storetest"
)

// newProject builds a store with docs documents of n fragments each and a
// small codebook, and returns an opener for it.
func newProject(t testing.TB, docs, n int) (string, Opener) {
	t.Helper()
	path, s := storetest.New(t)
	putDocs(t, s, docs, n, func(int) string { return "org" })
	if _, err := s.PutCodes("t", []store.Code{
		{Key: "FIN", Name: "Financiën", Shortcut: "f"}, {Key: "VRIJ", Name: "Vrijwilligers", Shortcut: "v"},
		{Key: "DIGI", Name: "Digitalisering", Shortcut: "d"},
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path, func() (*store.Store, error) { return store.Open(path, store.Options{Timeout: time.Second}) }
}

// putDocs writes docs documents doc-000, doc-001, ... of n fragments each,
// document d in organisation org(d).
func putDocs(t testing.TB, s *store.Store, docs, n int, org func(d int) string) {
	t.Helper()
	for d := 0; d < docs; d++ {
		id := fmt.Sprintf("doc-%03d", d)
		var sb strings.Builder
		var frags []store.Fragment
		for i := 1; i <= n; i++ {
			if i > 1 {
				sb.WriteString("\n\n")
			}
			text := fmt.Sprintf("Fragment %d van %s over vrijwilligers en financiën.", i, id)
			start := sb.Len()
			sb.WriteString(text)
			frags = append(frags, store.Fragment{ID: store.FragmentID(id, i), Doc: id, Ordinal: i, Kind: "paragraph",
				Text: text, Start: start, End: sb.Len(), Hash: fmt.Sprint(i)})
		}
		if _, err := s.PutDocument("t", store.Document{ID: id, Org: org(d), Type: store.TypePlan, SHA256: id, Source: id}, sb.String(), frags); err != nil {
			t.Fatal(err)
		}
	}
}

func queueOf(t testing.TB, open Opener) []string {
	s, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ids []string
	s.AllFragmentIDs(func(id string) error { ids = append(ids, id); return nil })
	return ids
}

func codesOn(t *testing.T, open Opener, frag, coder string) string {
	s, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cs, _ := s.Codings(store.CodingFilter{Fragment: frag})
	var out []string
	for _, c := range cs {
		if c.Coder == coder {
			out = append(out, c.Code)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func TestSessionToggleUndoResume(t *testing.T) {
	_, open := newProject(t, 1, 5)
	q := queueOf(t, open)
	s, err := NewSession(open, "ann", q, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Current(); err != nil {
		t.Fatal(err)
	}
	if on, err := s.Toggle("FIN"); err != nil || !on {
		t.Fatalf("toggle: %v %v", on, err)
	}
	if got := codesOn(t, open, q[0], "ann"); got != "FIN" {
		t.Fatalf("after toggle: %q", got)
	}
	s.Move(1)
	s.Current()
	s.Toggle("VRIJ")
	s.Toggle("DIGI")
	if msg, err := s.Undo(); err != nil || !strings.Contains(msg, "+DIGI") {
		t.Fatalf("undo: %q %v", msg, err)
	}
	if got := codesOn(t, open, q[1], "ann"); got != "VRIJ" {
		t.Fatalf("after undo: %q", got)
	}
	if _, err := s.AddMemo("twijfel tussen VRIJ en DIGI"); err != nil {
		t.Fatal(err)
	}
	// A new session resumes at the first fragment ann has not seen.
	s2, err := NewSession(open, "ann", q, true)
	if err != nil || s2.Pos != 2 {
		t.Fatalf("resume at %d, %v", s2.Pos, err)
	}
	// Another coder's codings are not shown to ann.
	s3, _ := NewSession(open, "bob", q, false)
	s3.Toggle("DIGI")
	v, _ := s.Current()
	if strings.Join(v.Codes, ",") != "VRIJ" {
		t.Fatalf("ann sees %v", v.Codes)
	}
}

func TestPlain(t *testing.T) {
	_, open := newProject(t, 1, 4)
	q := queueOf(t, open)
	s, err := NewSession(open, "ann", q, false)
	if err != nil {
		t.Fatal(err)
	}
	in := strings.NewReader("f\nn\nfv\n+DIGI\n-FIN\nu\nm belangrijk\n/fragment 4\nx\ng 2\nq\n")
	var out bytes.Buffer
	if err := RunPlain(s, in, &out); err != nil {
		t.Fatal(err)
	}
	o := out.String()
	for _, want := range []string{"ok: +FIN on doc-000/0001", "ok: +FIN on doc-000/0002", "ok: +VRIJ on doc-000/0002",
		"ok: +DIGI on doc-000/0002", "ok: -FIN on doc-000/0002", "ok: undid -FIN on doc-000/0002", "ok: memo 1 saved on doc-000/0002",
		"[4/4] doc-000/0004", `error: "x" is not a command or a code shortcut`, "[2/4] doc-000/0002", "bye: 7 changes saved"} {
		if !strings.Contains(o, want) {
			t.Errorf("output lacks %q\n%s", want, o)
		}
	}
	if got := codesOn(t, open, q[1], "ann"); got != "DIGI,FIN,VRIJ" {
		t.Errorf("doc-000/0002 has %q", got)
	}
}

// BenchmarkToggle measures a key press to durable save (open the store,
// read the fragment's codes, write, fsync, close) on a project with
// 150,000 fragments and 50,000 codings, and reports the p99.
func BenchmarkToggle(b *testing.B) {
	path, open := newProject(b, 150, 1000)
	var bulk []store.Coding
	for i := 0; i < 50000; i++ {
		bulk = append(bulk, store.Coding{Fragment: store.FragmentID(fmt.Sprintf("doc-%03d", i%150), 1+i/150), Code: []string{"FIN", "VRIJ", "DIGI"}[i%3], Coder: "bulk"})
	}
	if err := storetest.BulkCodings(path, bulk); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	q := queueOf(b, open)
	s, err := NewSession(open, "ann", q, true)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Current(); err != nil {
		b.Fatal(err)
	}
	openMs := float64(time.Since(start).Microseconds()) / 1000
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := s.Toggle("FIN"); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(openMs, "open-ms")
}

// TestUndoKeepsOtherWrites is issue 11 finding 2: dana toggles +FIN in a
// session, adds VRIJ from another shell (acknowledged), then undoes in the
// session. Undo reverses its own change only: FIN goes, VRIJ stays (and
// DIGI, which dana had before, too).
func TestUndoKeepsOtherWrites(t *testing.T) {
	_, open := newProject(t, 1, 3)
	q := queueOf(t, open)
	for _, tc := range []struct {
		name  string
		act   func(s *Session) error
		other func(st *store.Store) error
		want  string
	}{
		{"toggle on, other adds", func(s *Session) error { _, err := s.Toggle("FIN"); return err },
			func(st *store.Store) error {
				return st.AddCodings(store.Coding{Fragment: q[0], Code: "VRIJ", Coder: "dana"})
			}, "DIGI,VRIJ"},
		{"toggle off, other adds", func(s *Session) error { _, err := s.Toggle("DIGI"); return err },
			func(st *store.Store) error {
				return st.AddCodings(store.Coding{Fragment: q[0], Code: "VRIJ", Coder: "dana"})
			}, "DIGI,VRIJ"},
		{"set all, other adds", func(s *Session) error { return s.SetAll([]string{"FIN"}) },
			func(st *store.Store) error {
				return st.AddCodings(store.Coding{Fragment: q[0], Code: "VRIJ", Coder: "dana"})
			}, "DIGI,VRIJ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := open()
			if err != nil {
				t.Fatal(err)
			}
			// Start each case from dana having DIGI only.
			if _, _, err := st.ChangeCodes(q[0], "dana", []string{"DIGI"}, []string{"FIN", "VRIJ"}); err != nil {
				t.Fatal(err)
			}
			st.Close()
			s, err := NewSession(open, "dana", q, false)
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.act(s); err != nil {
				t.Fatal(err)
			}
			st, err = open()
			if err != nil {
				t.Fatal(err)
			}
			err = tc.other(st)
			st.Close()
			if err != nil {
				t.Fatal(err)
			}
			s.Move(1)
			if msg, err := s.Undo(); err != nil || msg == "" {
				t.Fatalf("undo: %q %v", msg, err)
			}
			if s.Pos != 0 {
				t.Errorf("undo left the session at %d, want 0", s.Pos)
			}
			if got := codesOn(t, open, q[0], "dana"); got != tc.want {
				t.Errorf("after undo dana has %q, want %q", got, tc.want)
			}
		})
	}
}

// TestPlainSIsAShortcut: line mode has no one-letter "show", so the
// example codebook's PARTNER (shortcut s) can be typed; "show" still shows.
func TestPlainSIsAShortcut(t *testing.T) {
	_, open := newProject(t, 1, 2)
	st, err := open()
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.PutCodes("t", []store.Code{{Key: "PARTNER", Name: "Partnerschappen", Shortcut: "s"}})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	q := queueOf(t, open)
	s, err := NewSession(open, "ann", q, false)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := RunPlain(s, strings.NewReader("s\nshow\nq\n"), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "ok: +PARTNER on "+q[0]) {
		t.Errorf("s did not code PARTNER:\n%s", out.String())
	}
	if n := strings.Count(out.String(), "[1/2] "+q[0]); n != 2 {
		t.Errorf("fragment shown %d times, want 2 (start and show):\n%s", n, out.String())
	}
	if got := codesOn(t, open, q[0], "ann"); got != "PARTNER" {
		t.Errorf("on disk %q, want PARTNER", got)
	}
}
