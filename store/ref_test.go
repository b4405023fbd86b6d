package store

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestParseFragmentIDCanonicalOnly(t *testing.T) {
	for _, tc := range []struct {
		id   string
		doc  string
		ord  int
		okay bool
	}{
		{"plan/0001", "plan", 1, true},
		{"a/b/0012", "a/b", 12, true},
		{"plan/12345", "plan", 12345, true},
		{"plan/5", "", 0, false},
		{"plan/00005", "", 0, false},
		{"plan/0000", "", 0, false},
		{"plan/4294967301", "", 0, false},
		{"plan/-001", "", 0, false},
		{"plan/", "", 0, false},
		{"/0001", "", 0, false},
		{"plan", "", 0, false},
		{"pl\x00an/0001", "", 0, false},
	} {
		doc, ord, err := ParseFragmentID(tc.id)
		if tc.okay != (err == nil) || doc != tc.doc || ord != tc.ord {
			t.Errorf("ParseFragmentID(%q) = %q, %d, %v", tc.id, doc, ord, err)
		}
		if !tc.okay && !errors.Is(err, ErrBadFragmentID) {
			t.Errorf("ParseFragmentID(%q): error %v is not ErrBadFragmentID", tc.id, err)
		}
	}
	_, _, err := ParseFragmentID("plan/00005")
	if err == nil || !strings.Contains(err.Error(), "plan/0005") {
		t.Errorf("non-canonical id: want the canonical form named, got %v", err)
	}
}

func TestContentHashCollapsesSpace(t *testing.T) {
	a := ContentHash("Eerste  alinea\nover\tvrijwilligers. ")
	b := ContentHash(" Eerste alinea over vrijwilligers.")
	if a != b || len(a) != 32 {
		t.Fatalf("hashes differ or wrong length: %s %s", a, b)
	}
	if ContentHash("a b") == ContentHash("ab") {
		t.Fatal("space between words must count")
	}
}

func TestNonCanonicalIDsRefused(t *testing.T) {
	s, _ := newStore(t)
	withCodes(t, s, "FIN")
	d, text, frags := testDoc("x", "v1", "Een.", "Twee.", "Drie.", "Vier.", "Vijf.")
	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"x/5", "x/00005", "x/4294967301"} {
		if err := s.AddCodings(Coding{Fragment: id, Code: "FIN", Coder: "ann"}); !errors.Is(err, ErrBadFragmentID) {
			t.Errorf("AddCoding(%s): got %v, want ErrBadFragmentID", id, err)
		}
		if _, err := s.MarkSeen("ann", SeenAt(time.Time{}, id), false); err == nil {
			t.Errorf("MarkSeen(%s) accepted", id)
		}
		if _, err := s.AddMemo(Memo{Kind: MemoFragment, Target: id, Text: "m", Author: "ann"}); err == nil {
			t.Errorf("AddMemo(%s) accepted", id)
		}
	}
	if err := s.AddCodings(Coding{Fragment: "x/0005", Code: "FIN", Coder: "ann\x00evil"}); err == nil {
		t.Error("coder with NUL accepted")
	}
}

// referencesByText lists every coding, seen mark, fragment memo and sample
// unit with the text of the fragment it points at now.
func referencesByText(t *testing.T, s *Store) []string {
	t.Helper()
	text := func(id string) string {
		f, err := s.Fragment(id)
		if err != nil {
			t.Fatalf("reference to %s: %v", id, err)
		}
		return f.Text
	}
	var out []string
	cs, err := s.Codings(CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		out = append(out, fmt.Sprintf("coding %s %s memo=%q on %q", c.Coder, c.Code, c.Memo, text(c.Fragment)))
	}
	coders, _ := s.Coders()
	for _, c := range coders {
		seen, _ := s.Seen(c)
		for id := range seen {
			out = append(out, fmt.Sprintf("seen %s on %q", c, text(id)))
		}
	}
	ms, _ := s.Memos(MemoFragment, "")
	for _, m := range ms {
		if m.Orphan == 0 {
			out = append(out, fmt.Sprintf("memo %q on %q", m.Text, text(m.Target)))
		}
	}
	sms, _ := s.Samples()
	for _, sm := range sms {
		for _, f := range sm.Fragments {
			out = append(out, fmt.Sprintf("sample %s on %q", sm.Name, text(f)))
		}
	}
	sort.Strings(out)
	return out
}

func putDoc(t *testing.T, s *Store, version string, paras ...string) PutResult {
	t.Helper()
	d, text, frags := testDoc("x", version, paras...)
	res, err := s.PutDocument("t", d, text, frags)
	if err != nil {
		t.Fatal(err)
	}
	if errs := s.Check(); len(errs) > 0 {
		t.Fatalf("check after ingest %s: %v", version, errs)
	}
	return res
}

func idOf(t *testing.T, s *Store, text string) string {
	t.Helper()
	fs, err := s.Fragments("x", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Text == text {
			return f.ID
		}
	}
	t.Fatalf("no fragment %q", text)
	return ""
}

// The scenario and its variants: every reference stays on its text.
func TestReingestKeepsReferencesOnTheirText(t *testing.T) {
	const (
		plan  = "Plan"
		vrijw = "Eerste alinea over vrijwilligers en hun inzet in de wijk."
		fin   = "Tweede alinea over financien en de begroting voor de komende jaren."
		pers  = "Derde alinea over personeel en vrijwilligers in 2024."
	)
	for _, tc := range []struct {
		name  string
		paras []string
	}{
		{"inserted", []string{plan, "Nieuw.", vrijw, fin, pers}},
		{"reordered", []string{plan, pers, fin, vrijw}},
		{"deleted-other", []string{plan, fin, pers}},
		{"repeated-boilerplate", []string{plan, plan, vrijw, fin, pers}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newStore(t)
			withCodes(t, s, "FIN", "VRIJW", "PERS")
			putDoc(t, s, "v1", plan, vrijw, fin, pers)
			must(t, s.AddCodings(Coding{Fragment: idOf(t, s, fin), Code: "FIN", Coder: "ann", Memo: "begroting"}))
			must(t, s.AddCodings(Coding{Fragment: idOf(t, s, pers), Code: "PERS", Coder: "bob"}))
			markSeen(t, s, "ann", idOf(t, s, fin))
			if _, err := s.AddMemo(Memo{Kind: MemoFragment, Target: idOf(t, s, pers), Text: "let op", Author: "bob"}); err != nil {
				t.Fatal(err)
			}
			must(t, s.PutSample("t", Sample{Name: "pilot", Docs: []string{"x"}, Fragments: []string{idOf(t, s, fin), idOf(t, s, pers)}, Coders: []string{"ann", "bob"}}))
			before := referencesByText(t, s)
			res := putDoc(t, s, "v2-"+tc.name, tc.paras...)
			if got := referencesByText(t, s); !slices.Equal(got, before) {
				t.Fatalf("references moved:\nbefore %q\nafter  %q", before, got)
			}
			if res.Orphaned != 0 {
				t.Fatalf("orphaned %d", res.Orphaned)
			}
		})
	}
}

func TestReingestOrphansAndReattaches(t *testing.T) {
	s, _ := newStore(t)
	withCodes(t, s, "FIN")
	a, b := "Alinea over de begroting van 2024 en verder.", "Een andere alinea die blijft staan."
	putDoc(t, s, "v1", a, b)
	must(t, s.AddCodings(Coding{Fragment: idOf(t, s, a), Code: "FIN", Coder: "ann", Memo: "m1"}))
	if _, err := s.AddMemo(Memo{Kind: MemoFragment, Target: idOf(t, s, a), Text: "memo", Author: "ann"}); err != nil {
		t.Fatal(err)
	}
	markSeen(t, s, "ann", idOf(t, s, a))
	// The text is rewritten (a number changes too): no match, orphans.
	res := putDoc(t, s, "v2", b, "Iets heel anders over 2025.")
	if res.Orphaned != 2 || res.Remap.SeenDropped != 1 {
		t.Fatalf("orphaned %d, seen dropped %d; want 2, 1", res.Orphaned, res.Remap.SeenDropped)
	}
	os, err := s.Orphans()
	if err != nil || len(os) != 2 {
		t.Fatalf("orphans %v %v", os, err)
	}
	for _, o := range os {
		if o.Text != a || o.Doc != "x" || o.Fragment != "x/0001" {
			t.Errorf("orphan %+v: want the old text and fragment", o)
		}
	}
	if cs, _ := s.Codings(CodingFilter{}); len(cs) != 0 {
		t.Fatalf("codings left: %v", cs)
	}
	// The old ID now names other text: the orphaned memo is not listed there.
	if ms, _ := s.Memos(MemoFragment, "x/0001"); len(ms) != 0 {
		t.Fatalf("orphaned memo listed on the fragment that took its ID: %+v", ms)
	}
	// The old text comes back: both are re-attached by themselves.
	res = putDoc(t, s, "v3", "Nieuw begin.", a, b)
	if res.Remap.Reattached != 2 {
		t.Fatalf("reattached %d, want 2", res.Remap.Reattached)
	}
	if os, _ := s.Orphans(); len(os) != 0 {
		t.Fatalf("orphans left: %v", os)
	}
	cs, _ := s.Codings(CodingFilter{})
	if len(cs) != 1 || cs[0].Fragment != idOf(t, s, a) || cs[0].Memo != "m1" {
		t.Fatalf("codings %+v", cs)
	}
	ms, _ := s.Memos(MemoFragment, "")
	if len(ms) != 1 || ms[0].Target != idOf(t, s, a) || ms[0].Orphan != 0 {
		t.Fatalf("memos %+v", ms)
	}
}

func TestReingestSplitMergedEdited(t *testing.T) {
	p1 := "De vereniging werkt met vrijwilligers uit de buurt."
	p2 := "Zij krijgen elk jaar een training en begeleiding."
	typo := "Het bestuur vergadert vier keer per jar over het beleid."
	fixed := "Het bestuur vergadert vier keer per jaar over het beleid."
	goal1 := "Doel 1: meer leden werven in de regio Limburg."
	goal3 := "Doel 3: meer leden werven in de regio Limburg."

	s, _ := newStore(t)
	withCodes(t, s, "VRIJW", "BEST", "DOEL")
	putDoc(t, s, "v1", p1+" "+p2, typo, goal1)
	must(t, s.AddCodings(Coding{Fragment: "x/0001", Code: "VRIJW", Coder: "ann"}))
	must(t, s.AddCodings(Coding{Fragment: "x/0002", Code: "BEST", Coder: "ann"}))
	must(t, s.AddCodings(Coding{Fragment: "x/0003", Code: "DOEL", Coder: "ann"}))

	// Split paragraph, fixed typo, changed goal number.
	res := putDoc(t, s, "v2", p1, p2, fixed, goal3)
	if res.Remap.Split != 1 || res.Remap.Edited != 1 || res.Orphaned != 1 {
		t.Fatalf("remap %+v", res.Remap)
	}
	got := map[string][]string{}
	cs, _ := s.Codings(CodingFilter{})
	for _, c := range cs {
		f, _ := s.Fragment(c.Fragment)
		got[c.Code] = append(got[c.Code], f.Text)
	}
	if !slices.Equal(got["VRIJW"], []string{p1, p2}) || !slices.Equal(got["BEST"], []string{fixed}) || got["DOEL"] != nil {
		t.Fatalf("codings after split/edit: %v", got)
	}
	os, _ := s.Orphans()
	if len(os) != 1 || os[0].Code != "DOEL" || os[0].Text != goal1 {
		t.Fatalf("orphans %+v", os)
	}

	// Merged back: the two parts' codings become one coding.
	must(t, s.AddCodings(Coding{Fragment: "x/0002", Code: "BEST", Coder: "ann", Memo: "tweede"}))
	res = putDoc(t, s, "v3", p1+" "+p2, fixed, goal3)
	if res.Remap.Merged != 2 {
		t.Fatalf("remap %+v", res.Remap)
	}
	cs, _ = s.Codings(CodingFilter{})
	var on1 []string
	for _, c := range cs {
		if c.Fragment == "x/0001" {
			on1 = append(on1, c.Code+":"+c.Memo)
		}
	}
	sort.Strings(on1)
	if !slices.Equal(on1, []string{"BEST:tweede", "VRIJW:"}) {
		t.Fatalf("codings on the merged paragraph: %v", on1)
	}
}

func TestEditRuleNeedsUniqueBest(t *testing.T) {
	old := []matchFrag{{"x/0001", "a", "Wij organiseren cursussen voor jongeren in de wijk."}}
	nw := []matchFrag{
		{"x/0001", "b", "Wij organiseren cursussen voor jongeren in de wijl."},
		{"x/0002", "c", "Wij organiseren cursussen voor jongeren in de wijn."},
	}
	if m := matchFragments(old, nw); len(m.to) != 0 {
		t.Fatalf("ambiguous edit matched: %v", m.to)
	}
	if m := matchFragments(old, nw[:1]); m.kind["x/0001"] != MatchEdited {
		t.Fatalf("unique edit not matched: %v", m.kind)
	}
	far := []matchFrag{{"x/0001", "d", "Wij geven cursussen aan ouderen in het dorp."}}
	if m := matchFragments(old, far); len(m.to) != 0 {
		t.Fatalf("a rewrite matched as an edit: %v", m.to)
	}
}

func TestBoundedEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		k, d int
		ok   bool
	}{
		{"kitten", "sitting", 3, 3, true},
		{"kitten", "sitting", 2, 0, false},
		{"", "abc", 3, 3, true},
		{"abc", "abc", 1, 0, true},
		{"flaw", "lawn", 2, 2, true},
	} {
		d, ok := boundedEditDistance([]rune(tc.a), []rune(tc.b), tc.k)
		if ok != tc.ok || (ok && d != tc.d) {
			t.Errorf("%q %q k=%d: %d %v", tc.a, tc.b, tc.k, d, ok)
		}
	}
}

// Check catches a reference broken by hand in the database, and Repair
// moves it back to its text.
func TestCheckCatchesBrokenReferences(t *testing.T) {
	s, _ := newStore(t)
	withCodes(t, s, "FIN")
	putDoc(t, s, "v1", "Over de begroting.", "Over het personeel.")
	must(t, s.AddCodings(Coding{Fragment: "x/0001", Code: "FIN", Coder: "ann"}))
	markSeen(t, s, "ann", "x/0001")
	// Move the coding's key onto the other paragraph, as the old remap bug did.
	raw := func(fn func(tx *bolt.Tx) error) {
		t.Helper()
		if err := s.db.Update(fn); err != nil {
			t.Fatal(err)
		}
	}
	raw(func(tx *bolt.Tx) error {
		b := tx.Bucket(bCodings)
		k := codingKeyOf("x/0001", "ann", "FIN")
		v := append([]byte(nil), b.Get(k)...)
		b.Delete(k)
		return b.Put(codingKeyOf("x/0002", "ann", "FIN"), v)
	})
	errs := s.Check()
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "other text than it was made on") {
		t.Fatalf("check: %v", errs)
	}
	did, err := s.Repair("t")
	if err != nil || len(did) != 1 || !strings.Contains(did[0], "moved to x/0001") {
		t.Fatalf("repair: %v %v", did, err)
	}
	if errs := s.Check(); len(errs) != 0 {
		t.Fatalf("check after repair: %v", errs)
	}
	// A coding key with a code that is not in the codebook, a consensus
	// coding outside samples and a non-canonical key are all named.
	raw(func(tx *bolt.Tx) error {
		v, _ := encodeCodingVal(Coding{Time: time.Now(), Hash: ContentHash("Over het personeel.")})
		b := tx.Bucket(bCodings)
		b.Put(codingKeyOf("x/0002", "ann", "NOPE"), v)
		b.Put(codingKeyOf("x/0002", ConsensusCoder, "FIN"), v)
		return b.Put(codingKeyOf("x/2", "ann", "FIN"), v)
	})
	var msgs []string
	for _, e := range s.Check() {
		msgs = append(msgs, e.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"code NOPE missing", "consensus coding outside every sample", "canonical form is x/0002"} {
		if !strings.Contains(all, want) {
			t.Errorf("check does not say %q:\n%s", want, all)
		}
	}
	raw(func(tx *bolt.Tx) error {
		b := tx.Bucket(bCodings)
		b.Delete(codingKeyOf("x/0002", "ann", "NOPE"))
		b.Delete(codingKeyOf("x/0002", ConsensusCoder, "FIN"))
		return b.Delete(codingKeyOf("x/2", "ann", "FIN"))
	})
}

func TestOrphanAttachAndDrop(t *testing.T) {
	s, _ := newStore(t)
	withCodes(t, s, "FIN")
	putDoc(t, s, "v1", "Over de begroting van 2023.", "Blijft.")
	must(t, s.AddCodings(Coding{Fragment: "x/0001", Code: "FIN", Coder: "ann"}))
	if _, err := s.AddMemo(Memo{Kind: MemoFragment, Target: "x/0001", Text: "memo", Author: "ann"}); err != nil {
		t.Fatal(err)
	}
	putDoc(t, s, "v2", "Blijft.", "Over de begroting van 2024.")
	os, _ := s.Orphans()
	if len(os) != 2 {
		t.Fatalf("orphans: %+v", os)
	}
	var coding, memo Orphan
	for _, o := range os {
		if o.Kind == OrphanCoding {
			coding = o
		} else {
			memo = o
		}
	}
	must(t, s.AttachOrphan("lead", coding.ID, "x/0002"))
	cs, _ := s.Codings(CodingFilter{})
	if len(cs) != 1 || cs[0].Fragment != "x/0002" {
		t.Fatalf("codings after attach: %+v", cs)
	}
	if err := s.AttachOrphan("lead", 999, "x/0001"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("attach unknown orphan: %v", err)
	}
	if n, err := s.DropOrphans("lead", []uint64{memo.ID}); err != nil || n != 1 {
		t.Fatalf("drop: %d %v", n, err)
	}
	if ms, _ := s.Memos("", ""); len(ms) != 0 {
		t.Fatalf("memo kept after its orphan was dropped: %+v", ms)
	}
}

// A schema 1 database (values repeating their keys, seen marks as plain
// times, orphans keyed as codings) is migrated on open; where key and value
// disagree the key wins.
func TestMigrateSchema1(t *testing.T) {
	s, path := newStore(t)
	withCodes(t, s, "FIN")
	putDoc(t, s, "v1", "Eerste.", "Tweede.")
	s.db.Update(func(tx *bolt.Tx) error {
		tx.Bucket(bMeta).Put(keySchema, []byte("1"))
		// the old remap bug: key on 0002, value still says 0001
		tx.Bucket(bCodings).Put(codingKeyOf("x/0002", "ann", "FIN"), []byte(`{"fragment":"x/0001","code":"FIN","coder":"ann","time":"2024-01-02T03:04:05Z","memo":"m"}`))
		tx.Bucket(bSeen).Put(seenKey("ann", "x/0001"), []byte("2024-01-02T03:04:05Z"))
		tx.Bucket(bOrphans).Put(codingKeyOf("x/0009", "bob", "FIN"), []byte(`{"fragment":"x/0009","code":"FIN","coder":"bob"}`))
		// heads without hashes
		hb := tx.Bucket(bHeads)
		hb.Put(fragKey("x", 1), []byte("paragraph\x1e0\x1e"))
		hb.Put(fragKey("x", 2), []byte("paragraph\x1e0\x1e"))
		return nil
	})
	s.Close()
	s2, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	*s = *s2 // the cleanup checks and closes s
	if v, _ := s.SchemaVersion(); v != SchemaVersion {
		t.Fatalf("schema %d after open", v)
	}
	cs, _ := s.Codings(CodingFilter{})
	if len(cs) != 1 || cs[0].Fragment != "x/0002" || cs[0].Memo != "m" || cs[0].Hash != ContentHash("Tweede.") {
		t.Fatalf("codings %+v", cs)
	}
	seen, _ := s.Seen("ann")
	if !seen["x/0001"].Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Fatalf("seen %v", seen)
	}
	os, _ := s.Orphans()
	if len(os) != 1 || os[0].Coder != "bob" || os[0].Fragment != "x/0009" {
		t.Fatalf("orphans %+v", os)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestConsensusOnlyOnSampleUnits(t *testing.T) {
	s, _ := newStore(t)
	withCodes(t, s, "FIN")
	putDoc(t, s, "v1", "Over de begroting van 2023.", "Over het personeel.")
	if err := s.AddCodings(Coding{Fragment: "x/0001", Code: "FIN", Coder: ConsensusCoder}); !errors.Is(err, ErrNotInSample) {
		t.Fatalf("consensus outside a sample: %v", err)
	}
	must(t, s.PutSample("t", Sample{Name: "pilot", Docs: []string{"x"}, Fragments: []string{"x/0001"}, Coders: []string{"ann"}}))
	must(t, s.AddCodings(Coding{Fragment: "x/0001", Code: "FIN", Coder: ConsensusCoder}))
	// Its text goes: consensus coding and sample unit become orphans; it
	// cannot be attached to a fragment outside every sample.
	putDoc(t, s, "v2", "Over het personeel.", "Iets nieuws over 2024.")
	os, _ := s.Orphans()
	for _, o := range os {
		if o.Kind == OrphanCoding {
			if err := s.AttachOrphan("t", o.ID, "x/0002"); !errors.Is(err, ErrNotInSample) {
				t.Fatalf("attach consensus outside a sample: %v", err)
			}
		}
	}
}

// markSeen records that coder looked at fragment now, failing the test on
// an error.
func markSeen(t *testing.T, s *Store, coder, fragment string) {
	t.Helper()
	if _, err := s.MarkSeen(coder, SeenAt(time.Time{}, fragment), false); err != nil {
		t.Fatal(err)
	}
}
