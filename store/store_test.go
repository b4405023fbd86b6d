package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// newStore makes a store in a temp dir and checks its invariants when the
// test ends, as bbolt's own tests do.
func newStore(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plancoder.db")
	if err := Create(path); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, e := range s.Check() {
			t.Errorf("check: %v", e)
		}
		s.Close()
	})
	return s, path
}

// storeWithSchema creates a store file whose recorded schema version is
// version, as an older or newer plancoder would have left it.
func storeWithSchema(t *testing.T, version string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plancoder.db")
	if err := Create(path); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(keySchema, []byte(version)) }); err != nil {
		t.Fatal(err)
	}
	return path
}

func withCodes(t *testing.T, s *Store, keys ...string) {
	t.Helper()
	var cs []Code
	for _, k := range keys {
		cs = append(cs, Code{Key: k, Name: k})
	}
	if _, err := s.PutCodes("t", cs); err != nil {
		t.Fatal(err)
	}
}

func testDoc(id, text string, paras ...string) (Document, string, []Fragment) {
	var sb strings.Builder
	var frags []Fragment
	for i, p := range paras {
		if i > 0 {
			sb.WriteString("\n\n")
		}
		start := sb.Len()
		sb.WriteString(p)
		frags = append(frags, Fragment{ID: FragmentID(id, i+1), Doc: id, Ordinal: i + 1, Kind: "paragraph",
			Text: p, Start: start, End: sb.Len(), Hash: "h-" + p})
	}
	d := Document{ID: id, Org: "org-a", Type: TypePlan, SHA256: "sha-" + text, Source: id + ".txt", Format: "text"}
	return d, sb.String(), frags
}

func TestCreateTwice(t *testing.T) {
	_, path := newStore(t)
	if err := Create(path); !errors.Is(err, ErrExists) {
		t.Fatalf("second Create: got %v, want ErrExists", err)
	}
}

func TestLockedGivesErrLockedQuickly(t *testing.T) {
	_, path := newStore(t)
	start := time.Now()
	_, err := Open(path, Options{Timeout: 300 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("got %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("waited %v for a locked database", d)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := storeWithSchema(t, "99")
	_, err := Open(path, Options{})
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("got %v, want ErrNewerSchema", err)
	}
	if !strings.Contains(err.Error(), "schema 99") || !strings.Contains(err.Error(), "upgrade plancoder") {
		t.Errorf("message does not say what to do: %v", err)
	}
}

func TestOpenNotAStore(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"empty.db": "", "text.db": strings.Repeat("not a database\n", 500)} {
		path := filepath.Join(dir, name)
		if err := writeFile(path, content); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(path, Options{}); !errors.Is(err, ErrNotStore) {
			t.Errorf("%s: got %v, want ErrNotStore", name, err)
		}
	}
}

func TestPutAndReadBack(t *testing.T) {
	s, _ := newStore(t)
	d, text, frags := testDoc("plan-a", "1", "Eerste alinea.", "Tweede alinea.", "Derde.")
	res, err := s.PutDocument("tester", d, text, frags)
	if err != nil {
		t.Fatal(err)
	}
	if res.Replaced || !res.OrgCreated {
		t.Errorf("result %+v", res)
	}
	got, err := s.Document("plan-a")
	if err != nil || got.Fragments != 3 || got.IngestedAt.IsZero() {
		t.Fatalf("document %+v, %v", got, err)
	}
	fs, err := s.Fragments("plan-a", 2, 1)
	if err != nil || len(fs) != 1 || fs[0].Text != "Tweede alinea." {
		t.Fatalf("fragments from 2 limit 1: %+v, %v", fs, err)
	}
	f, err := s.Fragment("plan-a/0003")
	if err != nil || f.Text != "Derde." {
		t.Fatalf("fragment: %+v %v", f, err)
	}
	if id, _ := s.DocumentBySHA256(d.SHA256); id != "plan-a" {
		t.Errorf("by sha: %q", id)
	}
	if _, err := s.Document("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing document: %v", err)
	}
	var actions []string
	s.Events(0, func(e Event) error { actions = append(actions, e.Action); return nil })
	if strings.Join(actions, ",") != "org.add,document.add" {
		t.Errorf("events: %v", actions)
	}
}

func TestPutRejectsBadOffsetsAndWritesNothing(t *testing.T) {
	s, _ := newStore(t)
	d, text, frags := testDoc("plan-a", "1", "Een.", "Twee.")
	frags[1].End++
	if _, err := s.PutDocument("t", d, text, frags); err == nil {
		t.Fatal("bad offsets accepted")
	}
	docs, _ := s.Documents()
	orgs, _ := s.Organisations()
	if len(docs) != 0 || len(orgs) != 0 {
		t.Fatalf("half-written: %d docs, %d orgs", len(docs), len(orgs))
	}
}

func TestSameBytesUnderOtherIDRefused(t *testing.T) {
	s, _ := newStore(t)
	d, text, frags := testDoc("plan-a", "1", "Een.")
	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	d2, text2, frags2 := testDoc("plan-b", "1", "Een.")
	if _, err := s.PutDocument("t", d2, text2, frags2); !errors.Is(err, ErrExists) {
		t.Fatalf("got %v, want ErrExists", err)
	}
}

func TestReplaceKeepsCodingsByContent(t *testing.T) {
	s, _ := newStore(t)
	d, text, frags := testDoc("plan-a", "v1", "Over vrijwilligers.", "Over financiën.", "Wordt geschrapt.")
	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	withCodes(t, s, "VRIJ", "FIN")
	for _, c := range []Coding{
		{Fragment: "plan-a/0001", Code: "VRIJ", Coder: "ann"},
		{Fragment: "plan-a/0002", Code: "FIN", Coder: "bob"},
		{Fragment: "plan-a/0003", Code: "FIN", Coder: "ann"},
	} {
		if err := s.AddCodings(c); err != nil {
			t.Fatal(err)
		}
	}
	// The new version inserts a paragraph in front and drops the last one.
	d2, text2, frags2 := testDoc("plan-a", "v2", "Nieuwe inleiding.", "Over vrijwilligers.", "Over financiën.")
	res, err := s.PutDocument("t", d2, text2, frags2)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Replaced || res.Kept != 2 || res.Orphaned != 1 {
		t.Fatalf("result %+v, want replaced, 2 kept, 1 orphaned", res)
	}
	cs, _ := s.Codings(CodingFilter{Fragment: "plan-a/0002"})
	if len(cs) != 1 || cs[0].Code != "VRIJ" {
		t.Errorf("codings of 0002: %+v", cs)
	}
	cs, _ = s.Codings(CodingFilter{Fragment: "plan-a/0003"})
	if len(cs) != 1 || cs[0].Code != "FIN" {
		t.Errorf("codings of 0003: %+v", cs)
	}
	if cs, _ := s.Codings(CodingFilter{Doc: "plan-a"}); len(cs) != 2 {
		t.Errorf("codings of plan-a: %+v", cs)
	}
	if id, _ := s.DocumentBySHA256("sha-v1"); id != "" {
		t.Errorf("old hash still indexed: %q", id)
	}
}

func TestRemoveRefusedWhileCoded(t *testing.T) {
	s, _ := newStore(t)
	d, text, frags := testDoc("plan-a", "1", "Een.", "Twee.")
	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	withCodes(t, s, "FIN")
	if err := s.AddCodings(Coding{Fragment: "plan-a/0002", Code: "FIN", Coder: "ann"}); err != nil {
		t.Fatal(err)
	}
	err := s.RemoveDocument("t", "plan-a")
	if !errors.Is(err, ErrHasCodings) || !strings.Contains(err.Error(), "1 codings") {
		t.Fatalf("got %v, want ErrHasCodings naming the count", err)
	}
	if _, err := s.Document("plan-a"); err != nil {
		t.Fatal("document gone after refused remove")
	}
}

func TestRemove(t *testing.T) {
	s, _ := newStore(t)
	d, text, frags := testDoc("plan-a", "1", "Een.", "Twee.")
	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveDocument("t", "plan-a"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Fragments("plan-a", 1, 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("fragments after remove: %v", err)
	}
	if err := s.RemoveDocument("t", "plan-a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second remove: %v", err)
	}
}

func TestCodingNeedsFragment(t *testing.T) {
	s, _ := newStore(t)
	if err := s.AddCodings(Coding{Fragment: "nope/0001", Code: "FIN", Coder: "ann"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %v", err)
	}
}

func TestOrganisations(t *testing.T) {
	s, _ := newStore(t)
	a, u, err := s.PutOrganisations("t", []Organisation{{ID: "socius", Name: "Socius", Attrs: map[string]string{"region": "Brussel"}}})
	if err != nil || a != 1 || u != 0 {
		t.Fatalf("%d %d %v", a, u, err)
	}
	a, u, err = s.PutOrganisations("t", []Organisation{{ID: "socius", Attrs: map[string]string{"size": "groot"}}})
	if err != nil || a != 0 || u != 1 {
		t.Fatalf("%d %d %v", a, u, err)
	}
	o, _ := s.Organisation("socius")
	if o.Name != "Socius" || o.Attrs["region"] != "Brussel" || o.Attrs["size"] != "groot" {
		t.Fatalf("merged org %+v", o)
	}
	a, u, _ = s.PutOrganisations("t", []Organisation{{ID: "socius", Name: "Socius"}})
	if a != 0 || u != 0 {
		t.Fatalf("unchanged import counted: %d %d", a, u)
	}
}

func TestCodebookRenameMergeRemove(t *testing.T) {
	s, _ := newStore(t)
	d, text, frags := testDoc("plan-a", "1", "Een.", "Twee.", "Drie.")
	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	res, err := s.PutCodes("t", []Code{{Key: "VRIJ", Name: "Vrijwilligers", Shortcut: "v"}, {Key: "FIN", Name: "Financiën", Shortcut: "f"}, {Key: "GELD", Name: "Geld"}})
	if err != nil || res.Added != 3 {
		t.Fatalf("%+v %v", res, err)
	}
	if _, err := s.PutCodes("t", []Code{{Key: "X", Name: "X", Shortcut: "v"}}); err == nil {
		t.Error("duplicate shortcut accepted")
	}
	for _, c := range []Coding{
		{Fragment: "plan-a/0001", Code: "FIN", Coder: "ann"},
		{Fragment: "plan-a/0001", Code: "GELD", Coder: "ann"},
		{Fragment: "plan-a/0002", Code: "GELD", Coder: "bob"},
	} {
		if err := s.AddCodings(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddCodings(Coding{Fragment: "plan-a/0001", Code: "NOPE", Coder: "ann"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown code accepted: %v", err)
	}
	if err := s.RemoveCode("t", "GELD"); !errors.Is(err, ErrHasCodings) {
		t.Errorf("remove of used code: %v", err)
	}
	n, err := s.MergeCode("t", "GELD", "FIN")
	if err != nil || n != 2 {
		t.Fatalf("merge: %d %v", n, err)
	}
	if got, _ := s.Codings(CodingFilter{Codes: []string{"FIN"}}); len(got) != 2 {
		t.Errorf("after merge %d FIN codings, want 2 (ann's two became one)", len(got))
	}
	if _, err := s.RenameCode("t", "FIN", "FINANCIEN"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Codings(CodingFilter{Codes: []string{"FINANCIEN"}}); len(got) != 2 {
		t.Errorf("after rename: %+v", got)
	}
	if _, err := s.RenameCode("t", "FINANCIEN", "VRIJ"); !errors.Is(err, ErrExists) {
		t.Errorf("rename onto existing: %v", err)
	}
	if err := s.RemoveCode("t", "VRIJ"); err != nil {
		t.Error(err)
	}
	if err := s.SetCodes("plan-a/0003", "ann", []string{"FINANCIEN"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCodes("plan-a/0003", "ann", nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Codings(CodingFilter{Fragment: "plan-a/0003"}); len(got) != 0 {
		t.Errorf("SetCodes nil left %+v", got)
	}
	if m, err := s.AddMemo(Memo{Author: "ann", Kind: MemoCode, Target: "FINANCIEN", Text: "Bevinding"}); err != nil || m.ID == 0 {
		t.Fatalf("memo %+v %v", m, err)
	}
	if _, err := s.AddMemo(Memo{Author: "ann", Kind: MemoCode, Target: "NOPE", Text: "x"}); err == nil {
		t.Error("memo on unknown code accepted")
	}
}
