package screen

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	tea "charm.land/bubbletea/v2"

	"github.com/plancoder/plancoder/codebook"
	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/store"
)

// acceptedShortcuts lists the shortcuts codebook validation accepts, each
// in a one-code codebook: every printable ASCII character that passes, and
// a fixed random sample of Unicode code points that pass.
func acceptedShortcuts(t *testing.T) (ascii, other []string) {
	t.Helper()
	valid := func(sc string) bool {
		return len(codebook.FromCodes([]store.Code{{Key: "A", Name: "a", Shortcut: sc}}).Validate()) == 0
	}
	for r := rune(0x20); r < 0x7f; r++ {
		if valid(string(r)) {
			ascii = append(ascii, string(r))
		}
	}
	rng := rand.New(rand.NewPCG(11, 2))
	for _, r := range []rune{'é', 'ß', '€', '中', '😀', '\u0301', 'Ω'} {
		if valid(string(r)) {
			other = append(other, string(r))
		}
	}
	for tries := 0; len(other) < 60 && tries < 100000; tries++ {
		r := rune(0x80 + rng.IntN(0x10ffff-0x80))
		if valid(string(r)) {
			other = append(other, string(r))
		}
	}
	return ascii, other
}

// TestEveryAcceptedShortcutCodes is issue 11 item 4: whatever shortcut the
// codebook accepts, typing it codes it, in line mode (RunPlain) and on the
// screen. A line-mode or screen command missing from
// store.ReservedShortcuts (as line mode's "s" was) fails here.
func TestEveryAcceptedShortcutCodes(t *testing.T) {
	ascii, other := acceptedShortcuts(t)
	if len(ascii) < 70 || len(other) < 50 {
		t.Fatalf("only %d ASCII and %d other shortcuts accepted", len(ascii), len(other))
	}
	for _, must := range []string{"s", "S", "1", "x"} {
		if !strings.Contains(strings.Join(ascii, ""), must) {
			t.Errorf("shortcut %q refused", must)
		}
	}
	for _, r := range store.ReservedShortcuts {
		if strings.Contains(strings.Join(ascii, ""), r) {
			t.Errorf("reserved %q accepted", r)
		}
	}
	_, open := newProject(t)
	st, err := open()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range testCodes {
		if err := st.RemoveCode("t", c.Key); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	const frag = "plan-a/0001"
	for _, sc := range append(ascii, other...) {
		st, err := open()
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.PutCodes("t", []store.Code{{Key: "A", Name: "a", Shortcut: sc}})
		st.Close()
		if err != nil {
			t.Fatalf("shortcut %q: the store refuses what the codebook accepts: %v", sc, err)
		}

		// Line mode: a line of the shortcut switches A on.
		s, err := coding.NewSession(open, "ann", queue(), false)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := coding.RunPlain(s, strings.NewReader(sc+"\nq\n"), &out); err != nil {
			t.Fatal(err)
		}
		if got := codesOn(t, open, frag); got != "A" || !strings.Contains(out.String(), "ok: +A on "+frag) {
			t.Errorf("line mode, shortcut %q (%U): on disk %q, output:\n%s", sc, []rune(sc)[0], got, out.String())
			continue
		}

		// The screen: the key press switches A off again; an upper-case
		// letter also as a terminal sends it (shift + the letter).
		keys := []tea.KeyPressMsg{{Code: []rune(sc)[0], Text: sc}}
		if r := []rune(sc)[0]; r < 0x80 && unicode.IsUpper(r) {
			keys = append(keys, tea.KeyPressMsg{Code: unicode.ToLower(r), ShiftedCode: r, Mod: tea.ModShift, Text: sc})
		}
		for i, k := range keys {
			s, err := coding.NewSession(open, "ann", queue(), false)
			if err != nil {
				t.Fatal(err)
			}
			m := New(s)
			m.Update(k)
			want, wantMsg := "", "saved -A"
			if i%2 == 1 {
				want, wantMsg = "A", "saved +A"
			}
			if got, _ := m.Message(); got != wantMsg || codesOn(t, open, frag) != want {
				t.Errorf("screen, shortcut %q (%U) as %+v: message %q, on disk %q", sc, []rune(sc)[0], k, got, codesOn(t, open, frag))
			}
		}
		// Leave A off for the next shortcut.
		st, err = open()
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.RemoveCoding(frag, "ann", "A")
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
}
