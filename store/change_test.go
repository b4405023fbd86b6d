package store

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func codesOf(t *testing.T, s *Store, frag, coder string) string {
	t.Helper()
	cs, err := s.Codings(CodingFilter{Fragment: frag})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		if c.Coder == coder {
			out = append(out, c.Code)
		}
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

func TestChangeCodes(t *testing.T) {
	s, _ := newStore(t)
	d, text, frags := testDoc("plan-a", "1", "Een.", "Twee.")
	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	withCodes(t, s, "FIN", "PERS", "DIGI")
	const f = "plan-a/0001"
	count := func() int {
		n := 0
		s.Events(0, func(e Event) error {
			if strings.HasPrefix(e.Action, "coding.") {
				n++
			}
			return nil
		})
		return n
	}

	added, removed, err := s.ChangeCodes(f, "dana", []string{"FIN", "PERS"}, nil)
	if err != nil || strings.Join(added, ",") != "FIN,PERS" || removed != nil {
		t.Fatalf("add: %v %v %v", added, removed, err)
	}
	// Adding what is on and removing what is off change nothing.
	added, removed, err = s.ChangeCodes(f, "dana", []string{"FIN"}, []string{"DIGI"})
	if err != nil || added != nil || removed != nil {
		t.Fatalf("no-op change: %v %v %v", added, removed, err)
	}
	if n := count(); n != 2 {
		t.Errorf("%d coding events after two adds and a no-op, want 2", n)
	}
	// Removing one code leaves the others, of this coder and of others.
	if err := s.AddCodings(Coding{Fragment: f, Code: "FIN", Coder: "eve"}); err != nil {
		t.Fatal(err)
	}
	if _, removed, err = s.ChangeCodes(f, "dana", nil, []string{"FIN"}); err != nil || strings.Join(removed, ",") != "FIN" {
		t.Fatalf("remove: %v %v", removed, err)
	}
	if got := codesOf(t, s, f, "dana"); got != "PERS" {
		t.Errorf("dana has %q, want PERS", got)
	}
	if got := codesOf(t, s, f, "eve"); got != "FIN" {
		t.Errorf("eve has %q, want FIN", got)
	}

	for _, tc := range []struct {
		name, frag, coder string
		add, remove       []string
		want              string
	}{
		{"unknown code", f, "dana", []string{"NOPE"}, nil, "not in the codebook"},
		{"unknown fragment", "plan-a/0009", "dana", []string{"FIN"}, nil, "not found"},
		{"bad fragment id", "nope", "dana", []string{"FIN"}, nil, "not a fragment id"},
		{"both ways", f, "dana", []string{"FIN"}, []string{"FIN"}, "both added and removed"},
		{"bad coder", f, "da\x00na", []string{"FIN"}, nil, "control character"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := count()
			_, _, err := s.ChangeCodes(tc.frag, tc.coder, tc.add, tc.remove)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if tc.want == "not found" && !errors.Is(err, ErrNotFound) {
				t.Errorf("error %v is not ErrNotFound", err)
			}
			if count() != before {
				t.Error("a refused change logged events")
			}
		})
	}
	// A refused change writes nothing, not even its valid part.
	if _, _, err := s.ChangeCodes(f, "dana", []string{"DIGI", "NOPE"}, []string{"PERS"}); err == nil {
		t.Fatal("unknown code accepted")
	}
	if got := codesOf(t, s, f, "dana"); got != "PERS" {
		t.Errorf("after a refused change dana has %q, want PERS", got)
	}
}

func TestCodeImpact(t *testing.T) {
	s, _ := newStore(t)
	d, text, frags := testDoc("plan-a", "1", "Een.", "Twee.", "Drie.")
	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	withCodes(t, s, "FIN", "GELD", "PERS")
	for _, c := range []Coding{
		{Fragment: "plan-a/0001", Code: "GELD", Coder: "ann"},
		{Fragment: "plan-a/0001", Code: "FIN", Coder: "ann"},
		{Fragment: "plan-a/0001", Code: "GELD", Coder: "bob"},
		{Fragment: "plan-a/0002", Code: "GELD", Coder: "bob"},
	} {
		if err := s.AddCodings(c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddMemo(Memo{Author: "ann", Kind: MemoCode, Target: "GELD", Text: "te breed"}); err != nil {
		t.Fatal(err)
	}
	im, err := s.CodeImpact("GELD", "FIN")
	if err != nil {
		t.Fatal(err)
	}
	if want := (CodeImpact{Codings: 3, Fragments: 2, Coders: 2, Collapse: 1, Memos: 1}); im != want {
		t.Errorf("impact %+v, want %+v", im, want)
	}
	if im, err = s.CodeImpact("PERS", ""); err != nil || im != (CodeImpact{}) {
		t.Errorf("unused code: %+v %v", im, err)
	}
}

// TestPutCodesValidates: every code through PutCodes is checked like
// codebook validation checks it; a refused batch writes nothing.
func TestPutCodesValidates(t *testing.T) {
	s, _ := newStore(t)
	for _, tc := range []struct {
		code Code
		want string
	}{
		{Code{Key: "A", Name: "a\x1b[2J"}, "control character"},
		{Code{Key: "A", Name: "a", Description: "x\x00"}, "control character"},
		{Code{Key: "A", Name: "a", Shortcut: "j"}, "reserved"},
		{Code{Key: "A", Name: "a", Shortcut: "="}, "reserved"},
		{Code{Key: "A", Name: "a", Shortcut: "\t"}, "not a printable character"},
		{Code{Key: "A", Name: "a", Colour: "red"}, "not a colour"},
		{Code{Key: "a", Name: "a"}, "not valid"},
		{Code{Key: "A", Name: " "}, "name is empty"},
	} {
		_, err := s.PutCodes("t", []Code{{Key: "OK", Name: "ok"}, tc.code})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.code, err, tc.want)
		}
		if strings.ContainsAny(fmtErr(err), "\x1b\x00\t") {
			t.Errorf("%+v: message has a raw control character: %q", tc.code, err)
		}
	}
	if cs, _ := s.Codes(); len(cs) != 0 {
		t.Errorf("refused batches wrote %+v", cs)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
