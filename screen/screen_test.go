package screen

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/store/storetest"
)

var paragraphs = []string{
	"De gemeente verstrekt subsidie aan het wijkcentrum voor de komende vier jaar.",
	"Vrijwilligers vormen de ruggengraat van onze organisatie; zonder hen draait niets.",
	"We investeren in digitale dienstverlening en een nieuwe website voor de bewoners.",
	strings.Repeat("Een lange alinea over de begroting en de verantwoording van de middelen. ", 30),
	"Tot slot danken wij alle partners voor de samenwerking.",
}

var testCodes = []store.Code{
	{Key: "FIN", Name: "Financiën", Group: "Middelen", Shortcut: "f", Colour: "#1b7f3b",
		Description: "Alles over geld: subsidies, begroting en fondsen.",
		Include:     "subsidies, begrotingsposten", Exclude: "personeel zonder bedrag", Example: "De gemeente verstrekt subsidie."},
	{Key: "VRIJ", Name: "Vrijwilligers", Group: "Mensen", Shortcut: "v", Description: "Inzet van vrijwilligers."},
	{Key: "DIGI", Name: "Digitalisering", Group: "Middelen", Shortcut: "d", Colour: "#3366ff", Description: "Digitale middelen en diensten."},
}

// newProject builds a real project store with one document and a small
// codebook and returns its path and an opener.
func newProject(t testing.TB) (string, coding.Opener) {
	t.Helper()
	path, s := storetest.New(t)
	defer s.Close()
	if _, _, err := s.PutOrganisations("t", []store.Organisation{{ID: "org-a", Name: "Stichting Buurtkracht"}}); err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	var frags []store.Fragment
	for i, p := range paragraphs {
		if i > 0 {
			sb.WriteString("\n\n")
		}
		start := sb.Len()
		sb.WriteString(p)
		frags = append(frags, store.Fragment{ID: store.FragmentID("plan-a", i+1), Doc: "plan-a", Ordinal: i + 1,
			Kind: "paragraph", Page: i/2 + 1, Section: []string{"Beleidsplan", "Hoofdstuk " + string(rune('1'+i/2))},
			Text: p, Start: start, End: sb.Len(), Hash: "h" + p})
	}
	d := store.Document{ID: "plan-a", Org: "org-a", Type: store.TypePlan, SHA256: "sha-a", Source: "plan-a.txt", Format: "text"}
	if _, err := s.PutDocument("t", d, sb.String(), frags); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutCodes("t", testCodes); err != nil {
		t.Fatal(err)
	}
	return path, func() (*store.Store, error) { return store.Open(path, store.Options{Timeout: time.Second}) }
}

func queue() []string {
	var q []string
	for i := range paragraphs {
		q = append(q, store.FragmentID("plan-a", i+1))
	}
	return q
}

func newModel(t testing.TB, open coding.Opener) (*Model, *coding.Session) {
	t.Helper()
	s, err := coding.NewSession(open, "ann", queue(), false)
	if err != nil {
		t.Fatal(err)
	}
	m := New(s)
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	return m, s
}

// keyMsg builds the key press bubbletea sends for a key name or character.
func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+l":
		return tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl}
	}
	r := []rune(k)
	if len(r) != 1 {
		panic("unknown key " + k)
	}
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// press sends keys and returns the command of the last one.
func press(m *Model, keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		_, cmd = m.Update(keyMsg(k))
	}
	return cmd
}

// typeText sends each character of text as a key press.
func typeText(m *Model, text string) {
	for _, r := range text {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func screenText(m *Model) string { return ansi.Strip(m.View().Content) }

func wantMsg(t *testing.T, m *Model, want string) {
	t.Helper()
	if got, _ := m.Message(); !strings.Contains(got, want) {
		t.Errorf("message %q, want it to contain %q", got, want)
	}
}

// codesOn reads the coder's codes on a fragment from a fresh store handle:
// what is on disk, not what the session remembers.
func codesOn(t *testing.T, open coding.Opener, frag string) string {
	t.Helper()
	s, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cs, err := s.Codings(store.CodingFilter{Fragment: frag})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		if c.Coder == "ann" {
			out = append(out, c.Code)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func TestToggleSavesDurably(t *testing.T) {
	_, open := newProject(t)
	m, _ := newModel(t, open)
	press(m, "f")
	wantMsg(t, m, "saved +FIN")
	if got := codesOn(t, open, "plan-a/0001"); got != "FIN" {
		t.Fatalf("on disk after f: %q, want FIN", got)
	}
	if !strings.Contains(screenText(m), "codes: FIN") {
		t.Errorf("screen does not show FIN on:\n%s", screenText(m))
	}
	press(m, "d")
	wantMsg(t, m, "saved +DIGI")
	press(m, "f")
	wantMsg(t, m, "saved -FIN")
	if got := codesOn(t, open, "plan-a/0001"); got != "DIGI" {
		t.Fatalf("on disk after d f: %q, want DIGI", got)
	}
	if got := screenText(m); !strings.Contains(got, "coded 1") {
		t.Errorf("status does not count the coded fragment:\n%s", got)
	}
}

func TestMoveMarksSeen(t *testing.T) {
	_, open := newProject(t)
	m, s := newModel(t, open)
	press(m, "j")
	if s.Pos != 1 || m.view.Fragment.ID != "plan-a/0002" {
		t.Fatalf("after j: pos %d, showing %s", s.Pos, m.view.Fragment.ID)
	}
	for _, k := range []string{"down", "n", "enter", "space"} {
		press(m, k)
	}
	if s.Pos != 4 {
		t.Fatalf("after 5 moves forward: pos %d, want 4", s.Pos)
	}
	press(m, "j")
	wantMsg(t, m, "end of the queue")
	press(m, "k", "up", "p")
	if s.Pos != 1 || m.view.Fragment.ID != "plan-a/0002" {
		t.Fatalf("after k up p: pos %d, showing %s", s.Pos, m.view.Fragment.ID)
	}
	press(m, "G")
	if s.Pos != 4 {
		t.Fatalf("after G: pos %d", s.Pos)
	}
	press(m, "g", "2", "enter")
	if s.Pos != 1 || m.view.Fragment.ID != "plan-a/0002" {
		t.Fatalf("after g 2 enter: pos %d, showing %s", s.Pos, m.view.Fragment.ID)
	}
	press(m, "g")
	typeText(m, "plan-a/0004")
	press(m, "enter")
	if s.Pos != 3 {
		t.Fatalf("after g plan-a/0004: pos %d", s.Pos)
	}
	press(m, "g", "9", "enter")
	if _, isErr := m.Message(); !isErr || s.Pos != 3 {
		t.Errorf("g 9: message %q, pos %d; want an error and no move", m.msg, s.Pos)
	}
	st, err := open()
	if err != nil {
		t.Fatal(err)
	}
	seen, _ := st.Seen("ann")
	st.Close()
	for _, id := range []string{"plan-a/0001", "plan-a/0002", "plan-a/0005"} {
		if _, ok := seen[id]; !ok {
			t.Errorf("%s not marked seen", id)
		}
	}
}

func TestUndo(t *testing.T) {
	_, open := newProject(t)
	m, s := newModel(t, open)
	press(m, "j", "v", "j")
	if got := codesOn(t, open, "plan-a/0002"); got != "VRIJ" {
		t.Fatalf("on disk: %q", got)
	}
	press(m, "u")
	wantMsg(t, m, "undid +VRIJ")
	if got := codesOn(t, open, "plan-a/0002"); got != "" {
		t.Fatalf("after undo on disk: %q, want nothing", got)
	}
	if s.Pos != 1 || len(m.view.Codes) != 0 {
		t.Errorf("after undo: pos %d, codes on screen %v", s.Pos, m.view.Codes)
	}
	press(m, "u")
	wantMsg(t, m, "nothing to undo")
}

func TestMemo(t *testing.T) {
	_, open := newProject(t)
	m, _ := newModel(t, open)
	press(m, "m")
	// While typing, shortcuts are text: "f" must not toggle FIN.
	typeText(m, "let op: fondsen")
	if !strings.Contains(screenText(m), "let op: fondsen") {
		t.Errorf("input not on screen:\n%s", screenText(m))
	}
	press(m, "enter")
	wantMsg(t, m, "saved on plan-a/0001")
	if got := codesOn(t, open, "plan-a/0001"); got != "" {
		t.Errorf("typing a memo toggled codes: %q", got)
	}
	press(m, "m")
	typeText(m, "weg")
	press(m, "esc")
	wantMsg(t, m, "cancelled")
	st, err := open()
	if err != nil {
		t.Fatal(err)
	}
	memos, _ := st.Memos(store.MemoFragment, "plan-a/0001")
	st.Close()
	if len(memos) != 1 || memos[0].Text != "let op: fondsen" || memos[0].Author != "ann" {
		t.Fatalf("memos %+v", memos)
	}
	if !strings.Contains(screenText(m), "memos: 1") {
		t.Errorf("memo count not shown:\n%s", screenText(m))
	}
}

func TestFind(t *testing.T) {
	_, open := newProject(t)
	m, s := newModel(t, open)
	press(m, "/")
	typeText(m, "DIGITALE")
	press(m, "enter")
	if s.Pos != 2 || m.view.Fragment.ID != "plan-a/0003" {
		t.Fatalf("after find: pos %d, showing %s", s.Pos, m.view.Fragment.ID)
	}
	wantMsg(t, m, "found")
	if !strings.Contains(screenText(m), "digitale dienstverlening") {
		t.Errorf("found fragment not on screen:\n%s", screenText(m))
	}
	press(m, "/")
	typeText(m, "zeppelin")
	press(m, "enter")
	wantMsg(t, m, "not found")
	if s.Pos != 2 {
		t.Errorf("not found moved to %d", s.Pos)
	}
}

func TestHelp(t *testing.T) {
	_, open := newProject(t)
	m, s := newModel(t, open)
	press(m, "?")
	got := screenText(m)
	for _, want := range []string{"Alles over geld", "include: subsidies", "exclude: personeel", "example: De gemeente", "[f] FIN", "undo"} {
		if !strings.Contains(got, want) {
			t.Errorf("help lacks %q:\n%s", want, got)
		}
	}
	// Keys scroll the help; they do not toggle codes or move.
	press(m, "f", "j")
	if s.Pos != 0 || codesOn(t, open, "plan-a/0001") != "" {
		t.Errorf("keys in help acted on the fragment")
	}
	press(m, "?")
	if m.mode != modeNormal || strings.Contains(screenText(m), "Alles over geld") {
		t.Errorf("? did not close the help")
	}

	// On a small terminal the help scrolls.
	m.Update(tea.WindowSizeMsg{Width: 50, Height: 8})
	press(m, "?")
	first := screenText(m)
	press(m, "pgdown")
	if screenText(m) == first {
		t.Errorf("pgdown did not scroll the help:\n%s", first)
	}
	press(m, "esc")
	if m.mode != modeNormal {
		t.Errorf("esc did not close the help")
	}
}

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func TestQuit(t *testing.T) {
	_, open := newProject(t)
	m, _ := newModel(t, open)
	if cmd := press(m, "q"); !isQuit(cmd) {
		t.Error("q did not quit")
	}
	m, _ = newModel(t, open)
	press(m, "/", "q")
	if m.mode != modeFind || m.input.Value() != "q" {
		t.Error("q did not go into the find input")
	}
	if cmd := press(m, "ctrl+c"); !isQuit(cmd) {
		t.Error("ctrl+c did not quit from an input")
	}
}

func TestBusyProjectShowsErrorAndRecovers(t *testing.T) {
	path, _ := newProject(t)
	open := func() (*store.Store, error) {
		st, err := store.Open(path, store.Options{Timeout: 50 * time.Millisecond})
		if errors.Is(err, store.ErrLocked) {
			return nil, errors.New("project " + path + " is in use by another plancoder process")
		}
		return st, err
	}
	m, s := newModel(t, open)
	other, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	press(m, "f")
	if msg, isErr := m.Message(); !isErr || !strings.Contains(msg, "in use by another") {
		t.Errorf("toggle while busy: message %q (error %v)", msg, isErr)
	}
	if !strings.Contains(screenText(m), "is in use by") {
		t.Errorf("error not on screen:\n%s", screenText(m))
	}
	press(m, "j") // the fragment cannot load
	if m.loaded || s.Pos != 1 {
		t.Fatalf("loaded %v pos %d", m.loaded, s.Pos)
	}
	press(m, "v") // refused: the screen does not show the fragment
	if msg, _ := m.Message(); !strings.Contains(msg, "not loaded") {
		t.Errorf("toggle on an unloaded fragment: %q", msg)
	}
	other.Close()
	press(m, "ctrl+l")
	if !m.loaded || m.view.Fragment.ID != "plan-a/0002" {
		t.Fatalf("ctrl+l did not reload: loaded %v", m.loaded)
	}
	press(m, "v")
	wantMsg(t, m, "saved +VRIJ")
	if got := codesOn(t, open, "plan-a/0002"); got != "VRIJ" {
		t.Errorf("on disk %q", got)
	}
	if got := codesOn(t, open, "plan-a/0001"); got != "" {
		t.Errorf("the busy toggle was saved after all: %q", got)
	}
}

var sgr = regexp.MustCompile("\x1b\\[([0-9;:]*)m")

// hasColour reports whether s sets a foreground or background colour.
func hasColour(s string) bool {
	for _, mm := range sgr.FindAllStringSubmatch(s, -1) {
		for _, p := range strings.FieldsFunc(mm[1], func(r rune) bool { return r == ';' || r == ':' }) {
			switch {
			case len(p) == 2 && (p[0] == '3' || p[0] == '4' || p[0] == '9') && p[1] != '9',
				len(p) == 3 && p[:2] == "10":
				return true
			}
		}
	}
	return false
}

func TestNoColor(t *testing.T) {
	_, open := newProject(t)
	m, _ := newModel(t, open)
	press(m, "f")
	if !hasColour(m.View().Content) {
		t.Fatalf("colour test is broken: no colour without NO_COLOR: %q", m.View().Content)
	}
	t.Setenv("NO_COLOR", "1")
	m, _ = newModel(t, open)
	press(m, "x") // not a key: an ordinary message
	out := m.View().Content
	if hasColour(out) {
		t.Errorf("colours with NO_COLOR: %q", out)
	}
	// FIN is on (from the first model) and still stands out.
	if !strings.Contains(out, "\x1b[1;7m") && !strings.Contains(out, "\x1b[7;1m") {
		t.Errorf("on code not bold/reverse with NO_COLOR: %q", out)
	}
}

// TestViewFits checks that no screen overflows the terminal.
func TestViewFits(t *testing.T) {
	_, open := newProject(t)
	for _, size := range [][2]int{{1, 1}, {10, 3}, {20, 6}, {40, 12}, {60, 8}, {80, 24}, {120, 40}, {200, 60}} {
		m, _ := newModel(t, open)
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		check := func(what string) {
			t.Helper()
			lines := strings.Split(m.View().Content, "\n")
			if len(lines) > size[1] {
				t.Errorf("%dx%d %s: %d lines", size[0], size[1], what, len(lines))
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("%dx%d %s: line of %d cells: %q", size[0], size[1], what, w, ansi.Strip(l))
				}
			}
		}
		check("start")
		if n := len(strings.Split(m.View().Content, "\n")); size[1] >= 6 && n != size[1] {
			t.Errorf("%dx%d: %d lines, want the full height", size[0], size[1], n)
		}
		press(m, "f", "d", "g", "4", "enter") // the long fragment
		check("long fragment")
		press(m, "pgdown", "pgdown")
		check("scrolled")
		press(m, "m")
		typeText(m, strings.Repeat("lang memo ", 20))
		check("memo input")
		press(m, "enter", "j")
		check("after memo")
		press(m, "?")
		check("help")
		press(m, "pgdown", "?", "/")
		typeText(m, "zeppelin")
		press(m, "enter")
		check("not found")
	}
}

func TestLongFragmentScrolls(t *testing.T) {
	_, open := newProject(t)
	m, _ := newModel(t, open)
	m.Update(tea.WindowSizeMsg{Width: 60, Height: 14})
	press(m, "g", "4", "enter")
	first := screenText(m)
	if !strings.Contains(first, "pgdn/pgup") {
		t.Fatalf("no scroll hint for a long fragment:\n%s", first)
	}
	press(m, "pgdown")
	if screenText(m) == first || m.scroll == 0 {
		t.Errorf("pgdown did not scroll")
	}
	press(m, "j")
	if m.scroll != 0 {
		t.Errorf("scroll kept on the next fragment")
	}
}

// TestScreenEndToEnd runs the model in a bubbletea program.
func TestScreenEndToEnd(t *testing.T) {
	_, open := newProject(t)
	s, err := coding.NewSession(open, "ann", queue(), false)
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, New(s), teatest.WithInitialTermSize(100, 30))
	has := func(want string) func([]byte) bool {
		return func(b []byte) bool { return bytes.Contains(b, []byte(want)) }
	}
	teatest.WaitFor(t, tm.Output(), has("Stichting Buurtkracht"), teatest.WithDuration(5*time.Second))
	tm.Type("f")
	teatest.WaitFor(t, tm.Output(), has("saved +FIN"), teatest.WithDuration(5*time.Second))
	tm.Type("j")
	teatest.WaitFor(t, tm.Output(), has("2/5"), teatest.WithDuration(5*time.Second))
	tm.Type("v")
	teatest.WaitFor(t, tm.Output(), has("saved +VRIJ"), teatest.WithDuration(5*time.Second))
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	fm, ok := tm.FinalModel(t).(*Model)
	if !ok || fm.s.Pos != 1 {
		t.Fatalf("final model %T", tm.FinalModel(t))
	}
	if got := codesOn(t, open, "plan-a/0001"); got != "FIN" {
		t.Errorf("plan-a/0001 on disk: %q", got)
	}
	if got := codesOn(t, open, "plan-a/0002"); got != "VRIJ" {
		t.Errorf("plan-a/0002 on disk: %q", got)
	}
}

// TestRunScripted drives Run with keys on a plain reader, as from a pipe.
func TestRunScripted(t *testing.T) {
	_, open := newProject(t)
	s, err := coding.NewSession(open, "ann", queue(), false)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- Run(s, strings.NewReader("fjdq"), io.Discard) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after q")
	}
	if got := codesOn(t, open, "plan-a/0001"); got != "FIN" {
		t.Errorf("plan-a/0001 on disk: %q", got)
	}
	if got := codesOn(t, open, "plan-a/0002"); got != "DIGI" {
		t.Errorf("plan-a/0002 on disk: %q", got)
	}
}
