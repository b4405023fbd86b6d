package codebook

import (
	"errors"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/store/storetest"
)

// editStore is a codebook of FIN (shortcut f) and VRIJ, with one fragment
// coded FIN by ann and bob and VRIJ by ann.
func editStore(t *testing.T) *store.Store {
	t.Helper()
	_, s := storetest.New(t)
	t.Cleanup(func() { s.Close() })
	text := "Een alinea over geld."
	frag := store.Fragment{ID: store.FragmentID("doc", 1), Doc: "doc", Ordinal: 1, Kind: store.KindParagraph, Page: 1, Text: text, End: len(text), Hash: "1"}
	if _, err := s.PutDocument("t", store.Document{ID: "doc", Org: "org", Type: store.TypePlan, Title: "Plan", SHA256: "doc", Source: "doc.txt"}, text, []store.Fragment{frag}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutCodes("t", []store.Code{{Key: "FIN", Name: "Financiën", Shortcut: "f"}, {Key: "VRIJ", Name: "Vrijwilligers"}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []store.Coding{{Fragment: frag.ID, Code: "FIN", Coder: "ann"}, {Fragment: frag.ID, Code: "FIN", Coder: "bob"}, {Fragment: frag.ID, Code: "VRIJ", Coder: "ann"}} {
		if err := s.AddCodings(c); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestPut(t *testing.T) {
	for _, c := range []struct {
		name      string
		key       string
		edit      bool
		set       Fields
		wantField string // the field a validation error names
		wantErr   string
	}{
		{name: "add", key: "erfgoed", set: Fields{"name": "Erfgoed", "group": "samenleving", "shortcut": "e"}},
		{name: "edit keeps other fields", key: "fin", edit: true, set: Fields{"description": "Geld.\nEn meer."}},
		{name: "add existing", key: "FIN", set: Fields{"name": "x"}, wantErr: "already in the codebook"},
		{name: "edit missing", key: "NOPE", edit: true, set: Fields{"name": "x"}, wantErr: "not in the codebook"},
		{name: "empty name", key: "NIEUW", set: Fields{"name": " "}, wantField: "name"},
		{name: "shortcut taken", key: "NIEUW", set: Fields{"name": "Nieuw", "shortcut": "f"}, wantField: "shortcut"},
		{name: "reserved shortcut", key: "VRIJ", edit: true, set: Fields{"shortcut": "?"}, wantField: "shortcut"},
		{name: "bad colour", key: "VRIJ", edit: true, set: Fields{"colour": "red"}, wantField: "colour"},
		{name: "control character", key: "VRIJ", edit: true, set: Fields{"name": "a\x1b[2Jb"}, wantField: "name"},
		{name: "bad key", key: "1X", set: Fields{"name": "x"}, wantField: "key"},
		{name: "unknown field", key: "VRIJ", edit: true, set: Fields{"order": "1"}, wantErr: `no field "order"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := editStore(t)
			before, _ := s.Codes()
			got, err := Put(s, "ada", c.key, c.edit, c.set)
			if c.wantField == "" && c.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				stored, err := Lookup(s, c.key)
				if err != nil || stored.Key != got.Key || stored.Name == "" {
					t.Fatalf("stored %+v, %v; returned %+v", stored, err, got)
				}
				if c.edit && stored.Shortcut != "f" {
					t.Errorf("an edit of one field lost the others: %+v", stored)
				}
				var actor string
				s.Events(0, func(ev store.Event) error { actor = ev.Actor; return nil })
				if actor != "ada" {
					t.Errorf("last event by %q, want the actor ada", actor)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error; stored %+v", got)
			}
			if c.wantErr != "" && !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("error %q, want %q", err, c.wantErr)
			}
			if c.wantField != "" {
				var fe *FieldError
				if !errors.As(err, &fe) || fe.Field != c.wantField {
					t.Errorf("error %v (%T) does not name field %s", err, err, c.wantField)
				}
			}
			if after, _ := s.Codes(); len(after) != len(before) || after[len(after)-1] != before[len(before)-1] {
				t.Errorf("a refused change wrote: %+v", after)
			}
		})
	}
}

func TestRenameMergeRemove(t *testing.T) {
	s := editStore(t)
	pv, err := PreviewRename(s, "fin", "geld")
	if err != nil {
		t.Fatal(err)
	}
	if pv.From.Key != "FIN" || pv.Into.Key != "GELD" || pv.Impact.Codings != 2 || pv.Impact.Coders != 2 || pv.Impact.Fragments != 1 {
		t.Errorf("rename preview %+v", pv)
	}
	for _, bad := range [][2]string{{"FIN", "VRIJ"}, {"NOPE", "X"}, {"FIN", "1X"}} {
		if _, err := PreviewRename(s, bad[0], bad[1]); err == nil {
			t.Errorf("rename %s to %s: no error", bad[0], bad[1])
		}
		if _, err := Rename(s, "ada", bad[0], bad[1]); err == nil {
			t.Errorf("rename %s to %s: done", bad[0], bad[1])
		}
	}
	if n, err := Rename(s, "ada", "fin", "geld"); err != nil || n != 2 {
		t.Fatalf("rename: %d, %v", n, err)
	}
	pv, err = PreviewMerge(s, "VRIJ", "GELD")
	if err != nil {
		t.Fatal(err)
	}
	if pv.Impact.Codings != 1 || pv.Impact.Collapse != 1 || pv.Into.Name != "Financiën" {
		t.Errorf("merge preview %+v", pv)
	}
	if _, err := PreviewMerge(s, "GELD", "geld"); err == nil || !strings.Contains(err.Error(), "into itself") {
		t.Errorf("merge into itself: %v", err)
	}
	if _, err := PreviewRemove(s, "GELD"); err == nil || !strings.Contains(err.Error(), "2 codings use it") {
		t.Errorf("remove a used code: %v", err)
	}
	if n, err := Merge(s, "ada", "vrij", "geld"); err != nil || n != 1 {
		t.Fatalf("merge: %d, %v", n, err)
	}
	if _, err := Put(s, "ada", "LEEG", false, Fields{"name": "Leeg"}); err != nil {
		t.Fatal(err)
	}
	if pv, err := PreviewRemove(s, "leeg"); err != nil || pv.From.Key != "LEEG" {
		t.Fatalf("remove preview: %+v %v", pv, err)
	}
	if err := Remove(s, "ada", "leeg"); err != nil {
		t.Fatal(err)
	}
	codes, _ := s.Codes()
	if len(codes) != 1 || codes[0].Key != "GELD" {
		t.Errorf("codebook after rename, merge, remove: %+v", codes)
	}
	var actors []string
	s.Events(0, func(ev store.Event) error {
		if strings.HasPrefix(ev.Action, "code.") {
			actors = append(actors, ev.Actor+" "+ev.Action)
		}
		return nil
	})
	if len(actors) < 4 || !strings.HasPrefix(actors[len(actors)-1], "ada ") {
		t.Errorf("events: %v", actors)
	}
}
