package coding

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/store"
)

func TestJump(t *testing.T) {
	_, open := newProject(t, 1, 4)
	q := queueOf(t, open)
	for _, tt := range []struct {
		target string
		pos    int
		err    string
	}{
		{target: "3", pos: 2},
		{target: "1", pos: 0},
		{target: "4", pos: 3},
		{target: "doc-000/0002", pos: 1},
		{target: "0", err: "position 0: the queue has 4 fragments"},
		{target: "5", err: "position 5: the queue has 4 fragments"},
		{target: "-1", err: "position -1"},
		// Not a plain number: looked up as a fragment ID.
		{target: "02", err: "02 is not in this queue"},
		{target: "doc-001/0001", err: "doc-001/0001 is not in this queue"},
	} {
		t.Run(tt.target, func(t *testing.T) {
			s, err := NewSession(open, "ann", q, false)
			if err != nil {
				t.Fatal(err)
			}
			s.Pos = 1
			err = s.Jump(tt.target)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				if s.Pos != 1 {
					t.Errorf("a failed jump moved to %d", s.Pos)
				}
				return
			}
			if err != nil || s.Pos != tt.pos {
				t.Errorf("at %d (%v), want %d", s.Pos, err, tt.pos)
			}
		})
	}
}

func TestFindWraps(t *testing.T) {
	_, open := newProject(t, 1, 4)
	q := queueOf(t, open)
	s, err := NewSession(open, "ann", q, false)
	if err != nil {
		t.Fatal(err)
	}
	s.Pos = 2
	for _, tt := range []struct {
		text  string
		found bool
		pos   int
	}{
		{"FRAGMENT 2 VAN", true, 1}, // case-insensitive, wraps past the end
		{"fragment", true, 2},       // the next one after the current
		{"begroting", false, 2},     // not found: stays
		{"fragment 3", true, 2},     // the current one last
	} {
		found, err := s.Find(tt.text)
		if err != nil || found != tt.found || s.Pos != tt.pos {
			t.Errorf("find %q: %v at %d (%v), want %v at %d", tt.text, found, s.Pos, err, tt.found, tt.pos)
		}
	}
	// A queue naming a fragment that is gone reports it.
	s2, err := NewSession(open, "ann", []string{q[0], "doc-000/0099"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Find("niets"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("find over a missing fragment: %v", err)
	}
}

func TestPace(t *testing.T) {
	_, open := newProject(t, 1, 10)
	q := queueOf(t, open)
	for _, tt := range []struct {
		name      string
		coded     int
		elapsed   time.Duration
		perHour   float64
		remaining time.Duration
	}{
		{name: "nothing coded", elapsed: time.Hour},
		{name: "under a minute", coded: 2, elapsed: 50 * time.Second},
		// 3 coded in 30 minutes, at position 3 of 10: 7 left at 6 an hour.
		{name: "steady", coded: 3, elapsed: 30 * time.Minute, perHour: 6, remaining: 70 * time.Minute},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSession(open, "pace"+strings.ReplaceAll(tt.name, " ", ""), q, false)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < tt.coded; i++ {
				s.Pos = i
				if _, err := s.Toggle("FIN"); err != nil {
					t.Fatal(err)
				}
			}
			// Toggling the same fragment twice counts it once.
			if tt.coded > 0 {
				if _, err := s.Toggle("VRIJ"); err != nil {
					t.Fatal(err)
				}
			}
			s.now = func() time.Time { return s.started.Add(tt.elapsed) }
			per, rem := s.Pace()
			if per != tt.perHour || rem != tt.remaining {
				t.Errorf("pace %v/h, %v left; want %v/h, %v", per, rem, tt.perHour, tt.remaining)
			}
		})
	}
}

// TestPlainReconcile: in a reconciliation the line mode shows each coder's
// codes and "= CODER" takes them over, undoably.
func TestPlainReconcile(t *testing.T) {
	_, open := newProject(t, 1, 2)
	q := queueOf(t, open)
	st, err := open()
	if err != nil {
		t.Fatal(err)
	}
	err = st.AddCodings([]store.Coding{
		{Fragment: q[0], Code: "FIN", Coder: "ann"}, {Fragment: q[0], Code: "VRIJ", Coder: "ann"},
		{Fragment: q[0], Code: "DIGI", Coder: "bob"},
	}...)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSession(open, "rec", q, false)
	if err != nil {
		t.Fatal(err)
	}
	s.Others = []string{"ann", "bob", "cy"}
	var out bytes.Buffer
	if err := RunPlain(s, strings.NewReader("= ann\n= zed\nu\n= bob\n"), &out); err != nil {
		t.Fatal(err)
	}
	o := out.String()
	for _, want := range []string{
		"  ann: FIN, VRIJ\n  bob: DIGI\n  cy: none\n",
		"ok: rec = FIN, VRIJ on " + q[0],
		"error: zed is not one of the coders shown",
		"ok: undid =FIN,VRIJ on " + q[0],
		"ok: rec = DIGI on " + q[0],
		"bye: 3 changes saved", // the undo is a save too; end of input ends like q
	} {
		if !strings.Contains(o, want) {
			t.Errorf("output lacks %q\n%s", want, o)
		}
	}
	if got := codesOn(t, open, q[0], "rec"); got != "DIGI" {
		t.Errorf("rec has %q, want DIGI", got)
	}
	if got := codesOn(t, open, q[0], "ann"); got != "FIN,VRIJ" {
		t.Errorf("ann has %q: reconciling changed a coder's codes", got)
	}
}

func TestPlainCommands(t *testing.T) {
	_, open := newProject(t, 1, 2)
	q := queueOf(t, open)
	s, err := NewSession(open, "ann", q, false)
	if err != nil {
		t.Fatal(err)
	}
	in := "\np\n+fin\n+FIN\n-VRIJ\n+NOPE\nu\nu\nu\ncodes\nhelp\n/ niets\n/ fragment 2\nn\ng 9\nquit\nf\n"
	var out bytes.Buffer
	if err := RunPlain(s, strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	o := out.String()
	for _, want := range []string{
		"start of the queue",
		"ok: +FIN on " + q[0],
		"ok: FIN already on",
		"ok: VRIJ already off",
		`error: no code "NOPE"; 'codes' lists them`,
		"ok: undid +FIN on " + q[0],
		"ok: nothing to undo",
		"  f  FIN      Financiën",
		"g N | g ID",
		"not found: niets",
		"[2/2] " + q[1],
		"end of the queue",
		"error: position 9: the queue has 2 fragments",
		"bye: 2 changes saved",
	} {
		if !strings.Contains(o, want) {
			t.Errorf("output lacks %q\n%s", want, o)
		}
	}
	// Nothing after quit runs.
	if got := codesOn(t, open, q[1], "ann"); got != "" {
		t.Errorf("after quit: %q", got)
	}
}

func TestWriteView(t *testing.T) {
	base := View{Fragment: store.Fragment{ID: "doc-000/0003", Kind: "paragraph", Text: "De gemeente investeert."},
		Doc: store.Document{ID: "doc-000", Org: "gm0363"}, Pos: 2, Total: 9}
	for _, tt := range []struct {
		name string
		edit func(v *View)
		want []string
	}{
		{name: "bare", edit: func(*View) {}, want: []string{"\n[3/9] doc-000/0003 (paragraph)\ngm0363 · doc-000\nDe gemeente investeert.\ncodes: none\n"}},
		{name: "full citation", edit: func(v *View) {
			v.OrgName, v.Fragment.Page, v.Fragment.Section = "Amsterdam", 12, []string{"2 Beleid", "2.1 Geld"}
			v.Codes = []string{"FIN", "VRIJ"}
			v.Memos = []store.Memo{{ID: 4, Author: "bob", Text: "twijfel"}}
		}, want: []string{"Amsterdam · doc-000 · p. 12 · 2 Beleid > 2.1 Geld\n", "codes: FIN, VRIJ\n", "memo 4 (bob): twijfel\n"}},
		{name: "others sorted", edit: func(v *View) {
			v.Others = map[string][]string{"zoe": {"FIN"}, "ann": {}}
		}, want: []string{"codes: none\n  ann: none\n  zoe: FIN\n"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := base
			tt.edit(&v)
			var out bytes.Buffer
			writeView(&out, v)
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("view lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}
