package interop

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/store"
)

func TestBundleMerge(t *testing.T) {
	laptop := buildFixture(t)
	shared, _ := importBytes(t, exportBytes(t, laptop)) // the same fragments
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	fa, _ := laptop.Fragments("alfa-plan", 0, 0)
	fb, _ := laptop.Fragments("beta-rapport", 0, 0)
	for _, c := range []store.Coding{
		{Fragment: fa[1].ID, Code: "NET", Coder: "cara", Time: at},
		{Fragment: fa[2].ID, Code: "FIN", Coder: "cara", Time: at, Memo: "let op"},
		{Fragment: fb[1].ID, Code: "DIGI", Coder: "cara", Time: at},
	} {
		if err := laptop.AddCodings(c); err != nil {
			t.Fatal(err)
		}
	}
	laptop.MarkSeen("cara", store.SeenAt(at, fa[1].ID, fa[2].ID, fb[1].ID), false)
	laptop.AddMemo(store.Memo{Author: "cara", Kind: store.MemoFragment, Target: fb[1].ID, Text: "senioren!", Time: at})
	laptop.AddMemo(store.Memo{Author: "cara", Kind: store.MemoCode, Target: "NET", Text: "netwerken overal", Time: at})

	b, err := ExportBundle(laptop, "cara")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := b.JSON()
	b2, err := ReadBundle("cara.json", data)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := MergeBundle(shared, b2, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 3 || rep.MemosAdded != 2 || rep.Seen != 3 || len(rep.Refused) != 0 {
		t.Errorf("first merge: %+v", rep)
	}
	if got, want := fmt.Sprint(codingRows(t, shared)), fmt.Sprint(codingRows(t, laptop)); got != want {
		t.Errorf("after merge:\n%s\nwant\n%s", got, want)
	}
	before := snapshot(t, shared)
	rep, err = MergeBundle(shared, b2, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 0 || rep.Present != 3 || rep.MemosAdded != 0 || rep.Seen != 0 {
		t.Errorf("second merge: %+v", rep)
	}
	if after := snapshot(t, shared); after != before {
		t.Errorf("merging twice changed the project:\n%s\n%s", before, after)
	}

	// The shared project re-ingested beta-rapport with other text: codings
	// on its changed fragment are refused, the rest merges.
	text := strings.Replace(fixtureTexts["beta-rapport"], "werkpunt", "aandachtspunt", 1)
	res, err := ingest.Bytes(context.Background(), "b.txt", []byte(text), ingest.Meta{ID: "beta-rapport"})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := shared.Document("beta-rapport")
	d.SHA256 = ingest.SHA256([]byte(text))
	if _, err := shared.PutDocument("t", d, res.Text, res.Fragments); err != nil {
		t.Fatal(err)
	}
	laptop.AddCodings(store.Coding{Fragment: fa[3].ID, Code: "VRIJW", Coder: "cara", Time: at})
	b3, _ := ExportBundle(laptop, "cara")
	rep, err = MergeBundle(shared, b3, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	refused := strings.Join(rep.Refused, "\n")
	if rep.Added != 1 || !strings.Contains(refused, fb[1].ID+" DIGI: fragment text differs") || !strings.Contains(refused, fb[1].ID+" memo: fragment text differs") {
		t.Errorf("merge after change: %+v", rep)
	}

	// --replace: cara removed a coding on the laptop.
	if _, err := laptop.RemoveCoding(fa[1].ID, "cara", "NET"); err != nil {
		t.Fatal(err)
	}
	b4, _ := ExportBundle(laptop, "cara")
	rep, _ = MergeBundle(shared, b4, MergeOptions{})
	if rep.Removed != 0 || rep.NotInBundle == 0 {
		t.Errorf("merge without --replace removed codings: %+v", rep)
	}
	rep, _ = MergeBundle(shared, b4, MergeOptions{Replace: true})
	if rep.Removed != 1 {
		t.Errorf("--replace: %+v", rep)
	}
	if cs, _ := shared.Codings(store.CodingFilter{Fragment: fa[1].ID}); len(cs) != 0 {
		for _, c := range cs {
			if c.Coder == "cara" {
				t.Errorf("coding not removed: %+v", c)
			}
		}
	}
}

// TestBundleMergeAfterMemoEdit: a memo edited or removed in the shared
// project after a merge is not added back when the bundle is merged again.
func TestBundleMergeAfterMemoEdit(t *testing.T) {
	laptop := buildFixture(t)
	shared, _ := importBytes(t, exportBytes(t, laptop))
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	laptop.AddMemo(store.Memo{Author: "cara", Kind: store.MemoCode, Target: "NET", Text: "netwerken overal", Time: at})
	laptop.AddMemo(store.Memo{Author: "cara", Kind: store.MemoProject, Text: "eerste indruk", Time: at})
	b, err := ExportBundle(laptop, "cara")
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := MergeBundle(shared, b, MergeOptions{}); err != nil || rep.MemosAdded != 2 {
		t.Fatalf("first merge: %+v, %v", rep, err)
	}
	ms, _ := shared.Memos("", "")
	for _, m := range ms {
		if m.Author != "cara" {
			continue
		}
		if m.Kind == store.MemoCode {
			if _, err := shared.EditMemo("lead", m.ID, "netwerken in 11 van 12 plannen"); err != nil {
				t.Fatal(err)
			}
		} else if _, err := shared.RemoveMemo("lead", m.ID); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := MergeBundle(shared, b, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.MemosAdded != 0 || rep.MemosPresent != 2 {
		t.Errorf("merge after edit and removal: %+v", rep)
	}
	var cara []string
	ms, _ = shared.Memos("", "")
	for _, m := range ms {
		if m.Author == "cara" {
			cara = append(cara, m.Text)
		}
	}
	if len(cara) != 1 || cara[0] != "netwerken in 11 van 12 plannen" {
		t.Errorf("cara's memos after merge: %q", cara)
	}
}

func snapshot(t *testing.T, s *store.Store) string {
	seen, _ := s.Seen("cara")
	return fmt.Sprint(codingRows(t, s), memoRows(t, s), len(seen))
}

func TestReadBundleErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"{\n\"format\": \"plancoder-coder-bundle\",\n\"version\": 1,\n\"coder\": x}", "line 4"},
		{`{"format": "other", "version": 1, "coder": "a"}`, "not a plancoder coder bundle"},
		{`{"format": "plancoder-coder-bundle", "version": 7, "coder": "a"}`, "version 7 is newer"},
		{`{"format": "plancoder-coder-bundle", "version": 1, "coder": ""}`, "coder is empty"},
		{`{"format": "plancoder-coder-bundle", "version": 1, "coder": "a", "codings": [{"fragment": "d/0001"}]}`, "codings[0]"},
		{`{"format": "plancoder-coder-bundle", "version": "1"}`, "field version"},
	} {
		_, err := ReadBundle("b.json", []byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "b.json") {
			t.Errorf("%s: err = %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestReadBundleRefusesBadEntries(t *testing.T) {
	const head = `{"format": "plancoder-coder-bundle", "version": 1, `
	coding := `"codings": [{"fragment": "d/0001", "hash": "h", "code": "FIN"}]`
	for _, tc := range []struct{ name, in, want string }{
		{"NUL in coder", head + `"coder": "ann\u0000evil", ` + coding + `}`, "field coder: coder name"},
		{"consensus", head + `"coder": "consensus", ` + coding + `}`, `field coder: "consensus"`},
		{"lower-case key", head + `"coder": "ann", "codes": [{"key": "fin", "name": "F"}], ` + coding + `}`, "codes[0]: code key \"fin\""},
		{"emoji key", head + `"coder": "ann", "codes": [{"key": "FIN", "name": "F"}, {"key": "😀", "name": "E"}], ` + coding + `}`, "codes[1]: code key"},
		{"newline in key", head + `"coder": "ann", "codes": [{"key": "A\nB", "name": "F"}], ` + coding + `}`, "codes[0]: code key"},
		{"reserved shortcut", head + `"coder": "ann", "codes": [{"key": "FIN", "name": "F", "shortcut": "q"}], ` + coding + `}`, `codes[0]: code FIN: shortcut "q" is reserved`},
		{"ESC in name", head + `"coder": "ann", "codes": [{"key": "FIN", "name": "F\u001b[2J"}], ` + coding + `}`, "codes[0]: code FIN: name"},
		{"code twice", head + `"coder": "ann", "codes": [{"key": "FIN", "name": "F"}, {"key": "FIN", "name": "G"}], ` + coding + `}`, "codes[1]: code FIN is defined twice"},
		{"bad coding code", head + `"coder": "ann", "codings": [{"fragment": "d/0001", "hash": "h", "code": "FIN"}, {"fragment": "d/0002", "hash": "h", "code": "fin"}]}`, "codings[1]: code"},
		{"coding fragment without document", head + `"coder": "ann", "codings": [{"fragment": "0001", "hash": "h", "code": "FIN"}]}`, "codings[0]: fragment"},
		{"ESC in coding memo", head + `"coder": "ann", "codings": [{"fragment": "d/0001", "hash": "h", "code": "FIN", "memo": "x\u001b]0;t\u0007"}]}`, "codings[0]: memo"},
		{"memo kind", head + `"coder": "ann", ` + coding + `, "memos": [{"kind": "evil", "text": "x"}]}`, "memos[0]: kind"},
		{"fragment memo without hash", head + `"coder": "ann", ` + coding + `, "memos": [{"kind": "fragment", "target": "d/0001", "text": "x"}]}`, "memos[0]: a fragment memo needs"},
		{"seen without hash", head + `"coder": "ann", ` + coding + `, "seen": [{"fragment": "d/0001"}]}`, "seen[0]: fragment and hash"},
		{"trailing data", head + `"coder": "ann", ` + coding + "}\n{\"format\": \"x\"}", "line 2: data after the bundle"},
		{"trailing garbage", head + `"coder": "ann", ` + coding + "} xyz", "data after the bundle"},
	} {
		_, err := ReadBundle("b.json", []byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "b.json") {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	// Trailing white space is fine.
	if _, err := ReadBundle("b.json", []byte(head+`"coder": "ann", `+coding+"}\n\n  \n")); err != nil {
		t.Errorf("trailing white space: %v", err)
	}
}

// A bad bundle handed straight to MergeBundle writes nothing.
func TestMergeBundleRefusesBeforeWriting(t *testing.T) {
	s := buildFixture(t)
	fa, _ := s.Fragments("alfa-plan", 0, 0)
	before := fmt.Sprint(codingRows(t, s), memoRows(t, s))
	codesBefore, _ := s.Codes()
	for _, b := range []*Bundle{
		{Coder: "ann\x00evil"},
		{Coder: store.ConsensusCoder},
		{Coder: "cara", Codes: []store.Code{{Key: "NEW", Name: "ok"}, {Key: "BAD", Name: "x", Shortcut: "q"}}},
	} {
		b.Format, b.Version = BundleFormat, 1
		b.Codings = []BundleCoding{{Fragment: fa[1].ID, Hash: fa[1].Hash, Code: "NEW"}}
		if _, err := MergeBundle(s, b, MergeOptions{}); err == nil {
			t.Errorf("coder %q, codes %v: merged", b.Coder, b.Codes)
		}
	}
	codesAfter, _ := s.Codes()
	if after := fmt.Sprint(codingRows(t, s), memoRows(t, s)); after != before || len(codesAfter) != len(codesBefore) {
		t.Errorf("a refused bundle changed the project:\n%s\n%s", before, after)
	}
	if _, err := ExportBundle(s, "ann\x00evil"); err == nil || !strings.Contains(err.Error(), "coder name") {
		t.Errorf("export with a NUL in the coder name: %v", err)
	}
}

// The project's own codes, exported in a bundle, pass the checks.
func TestBundleOwnCodesReimport(t *testing.T) {
	s := buildFixture(t)
	b, err := ExportBundle(s, "ann")
	if err != nil {
		t.Fatal(err)
	}
	codes, _ := s.Codes()
	b.Codes = codes
	data, _ := b.JSON()
	if _, err := ReadBundle("ann.json", data); err != nil {
		t.Fatalf("own bundle refused: %v", err)
	}
}

func TestMergeBundleDuplicates(t *testing.T) {
	s := buildFixture(t)
	fa, _ := s.Fragments("alfa-plan", 0, 0)
	b := &Bundle{Format: BundleFormat, Version: 1, Coder: "cara"}
	for i := range 1000 {
		f := fa[i%4]
		b.Codings = append(b.Codings, BundleCoding{Fragment: f.ID, Hash: f.Hash, Code: "NET", Time: time.Unix(int64(i), 0)})
	}
	rep, err := MergeBundle(s, b, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 4 || rep.Duplicates != 996 || rep.Present != 0 {
		t.Errorf("1000 codings of 4 distinct: %+v", rep)
	}
	n := 0
	for _, r := range codingRows(t, s) {
		if strings.Contains(fmt.Sprint(r), "cara") {
			n++
		}
	}
	if n != 4 {
		t.Errorf("%d codings of cara stored, want 4", n)
	}
}

// A re-ingest that inserted a paragraph renumbers the fragments after it:
// the bundle's coding follows its text when exactly one fragment has it.
func TestMergeBundleFollowsText(t *testing.T) {
	laptop := buildFixture(t)
	shared := buildFixture(t)
	fa, _ := laptop.Fragments("alfa-plan", 0, 0)
	target := fa[2] // "De subsidie ... loonkosten."
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	laptop.AddCodings(store.Coding{Fragment: target.ID, Code: "NET", Coder: "cara", Time: at})
	laptop.MarkSeen("cara", store.SeenAt(at, target.ID), false)
	laptop.AddMemo(store.Memo{Author: "cara", Kind: store.MemoFragment, Target: target.ID, Text: "subsidie!", Time: at})
	b, err := ExportBundle(laptop, "cara")
	if err != nil {
		t.Fatal(err)
	}

	reingest := func(s *store.Store, text string) {
		t.Helper()
		res, err := ingest.Bytes(context.Background(), "a.txt", []byte(text), ingest.Meta{ID: "alfa-plan"})
		if err != nil {
			t.Fatal(err)
		}
		d, _ := s.Document("alfa-plan")
		d.SHA256 = ingest.SHA256([]byte(text))
		if _, err := s.PutDocument("t", d, res.Text, res.Fragments); err != nil {
			t.Fatal(err)
		}
	}
	text := strings.Replace(fixtureTexts["alfa-plan"], "\n\n", "\n\nEen nieuwe inleidende alinea over de missie.\n\n", 1)
	reingest(shared, text)
	rep, err := MergeBundle(shared, b, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Refused) != 0 || rep.Added != 1 || rep.Moved != 3 || rep.MemosAdded != 1 || rep.Seen != 1 {
		t.Fatalf("merge after an inserted paragraph: %+v", rep)
	}
	moved := fragmentID(t, shared, "alfa-plan", target.Text)
	if moved == target.ID {
		t.Fatalf("fixture: fragment kept its number %s", moved)
	}
	cs, _ := shared.Codings(store.CodingFilter{Fragment: moved})
	if !hasCoding(cs, "cara", "NET") {
		t.Errorf("coding not on %s (the text's new number): %+v", moved, cs)
	}

	// The same text twice in the document: ambiguous, refused as before.
	text = strings.Replace(text, "\n\nPost |", "\n\n"+target.Text+"\n\nPost |", 1)
	other := buildFixture(t)
	reingest(other, text)
	rep, err = MergeBundle(other, b, MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 0 || len(rep.Refused) != 2 || !strings.Contains(rep.Refused[0], "2 fragments of alfa-plan have the bundle's text") {
		t.Errorf("ambiguous text: %+v", rep)
	}
}

func fragmentID(t *testing.T, s *store.Store, doc, text string) string {
	t.Helper()
	fs, _ := s.Fragments(doc, 0, 0)
	for _, f := range fs {
		if f.Text == text {
			return f.ID
		}
	}
	t.Fatalf("no fragment %q in %s", text, doc)
	return ""
}

func hasCoding(cs []store.Coding, coder, code string) bool {
	for _, c := range cs {
		if c.Coder == coder && c.Code == code {
			return true
		}
	}
	return false
}

// A coding stored under a coder name with a NUL ("ann\x00evil", written
// before the store refused such names) shares the key prefix of coder ann:
// ann's bundle must not carry it.
func TestExportBundleOnlyThatCoder(t *testing.T) {
	s := buildFixture(t)
	fa, _ := s.Fragments("alfa-plan", 0, 0)
	evil := store.Coding{Fragment: fa[0].ID, Code: "NET", Coder: "ann\x00evil", Time: time.Now()}
	if err := s.AddCodings(evil); err != nil {
		t.Skipf("the store refuses the name itself: %v", err)
	}
	b, err := ExportBundle(s, "ann")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range b.Codings {
		if c.Fragment == fa[0].ID && c.Code == "NET" {
			t.Errorf("ann's bundle carries another coder's coding: %+v", c)
		}
	}
}
