package interop

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/store"
)

// structureFixture is buildFixture with what REFI-QDA cannot carry: a
// document with pages, section paths, kinds and a language, a sample and
// seen marks.
func structureFixture(t *testing.T) *store.Store {
	t.Helper()
	s := buildFixture(t)
	text := "1. Zakelijk plan\n\nDe begroting stijgt.\n\nVrijwilligers helpen mee\n\nThe board meets twice a year."
	d := store.Document{ID: "gamma-plan", Org: "alfa", Type: store.TypePlan, Period: "2021-2025", Year: 2021, Title: "Gamma",
		Source: "gamma.pdf", Format: "pdf", SHA256: "abc123", Size: 9999, Pages: 7, IngestedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	var frags []store.Fragment
	add := func(sub, kind string, page int, lang string, section ...string) {
		i := strings.Index(text, sub)
		frags = append(frags, store.Fragment{ID: store.FragmentID(d.ID, len(frags)+1), Doc: d.ID, Ordinal: len(frags) + 1,
			Page: page, Section: section, Kind: kind, Lang: lang, Text: sub, Start: i, End: i + len(sub)})
	}
	add("1. Zakelijk plan", store.KindHeading, 2, "")
	add("De begroting stijgt.", store.KindParagraph, 2, "", "1. Zakelijk plan")
	add("Vrijwilligers helpen mee", store.KindListItem, 3, "", "1. Zakelijk plan")
	add("The board meets twice a year.", store.KindParagraph, 7, "en", "1. Zakelijk plan")
	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	for _, c := range []store.Coding{
		{Fragment: "gamma-plan/0002", Code: "FIN", Coder: "ann", Time: time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)},
		{Fragment: "gamma-plan/0002", Code: "FIN", Coder: "bob", Time: time.Date(2026, 3, 4, 11, 0, 0, 0, time.UTC)},
		{Fragment: "gamma-plan/0003", Code: "VRIJW", Coder: "ann", Time: time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)},
	} {
		if err := s.AddCodings(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutSample("t", store.Sample{Name: "pilot", Docs: []string{"gamma-plan"}, Coders: []string{"ann", "bob"}, Seed: 7,
		Fragments: []string{"gamma-plan/0002", "gamma-plan/0003", "gamma-plan/0004"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MarkSeen("bob", store.SeenAt(time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC), "gamma-plan/0002", "gamma-plan/0003", "gamma-plan/0004"), false); err != nil {
		t.Fatal(err)
	}
	return s
}

type fragView struct {
	ID, Kind, Lang, Hash string
	Page, Start, End     int
	Section              []string
}

func fragViews(t *testing.T, s *store.Store) map[string][]fragView {
	t.Helper()
	docs, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]fragView{}
	for _, d := range docs {
		fs, err := s.Fragments(d.ID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			out[d.ID] = append(out[d.ID], fragView{f.ID, f.Kind, f.Lang, f.Hash, f.Page, f.Start, f.End, f.Section})
		}
	}
	return out
}

// TestStructureRoundTrip: plancoder -> .qdpx -> plancoder keeps documents
// (IDs, metadata, pages, source hashes), fragments (boundaries, kinds,
// pages, sections, languages), samples and seen marks (issue 15, item 6).
func TestStructureRoundTrip(t *testing.T) {
	a := structureFixture(t)
	b, rep := importBytes(t, exportBytes(t, a))
	if errs := b.Check(); len(errs) != 0 {
		t.Fatalf("check after import: %v", errs)
	}
	if rep.Restored != 3 || rep.Samples != 1 || rep.SeenMarks != 3 {
		t.Errorf("report: %d restored, %d samples, %d seen marks; %v", rep.Restored, rep.Samples, rep.SeenMarks, rep.Unmapped)
	}
	da, _ := a.Documents()
	db, _ := b.Documents()
	if !reflect.DeepEqual(da, db) {
		t.Errorf("documents differ:\nexported %+v\nimported %+v", da, db)
	}
	if fa, fb := fragViews(t, a), fragViews(t, b); !reflect.DeepEqual(fa, fb) {
		t.Errorf("fragments differ:\nexported %+v\nimported %+v", fa, fb)
	}
	sa, _ := a.Samples()
	sb, _ := b.Samples()
	for i := range sa {
		sa[i].Created = sa[i].Created.UTC()
	}
	for i := range sb {
		sb[i].Created = sb[i].Created.UTC()
	}
	if !reflect.DeepEqual(sa, sb) {
		t.Errorf("samples differ:\nexported %+v\nimported %+v", sa, sb)
	}
	for _, c := range []string{"ann", "bob"} {
		xa, _ := a.Seen(c)
		xb, _ := b.Seen(c)
		if len(xa) != len(xb) {
			t.Errorf("seen marks of %s: %d exported, %d imported", c, len(xa), len(xb))
		}
		for f, at := range xa {
			if !xb[f].Equal(at) {
				t.Errorf("seen %s %s: %v, imported %v", c, f, at, xb[f])
			}
		}
	}
	ca, cb := codingRows(t, a), codingRows(t, b)
	if !reflect.DeepEqual(ca, cb) {
		t.Errorf("codings differ:\nexported %v\nimported %v", ca, cb)
	}
	// A second round trip changes nothing either.
	c, _ := importBytes(t, exportBytes(t, b))
	if fb, fc := fragViews(t, b), fragViews(t, c); !reflect.DeepEqual(fb, fc) {
		t.Errorf("second round trip changed fragments")
	}
}

// TestStructureFallback: a text edited in another tool, or a damaged side
// file, imports as a foreign text does, with a note; the rest is restored.
func TestStructureFallback(t *testing.T) {
	a := structureFixture(t)
	data := exportBytes(t, a)
	g, _ := a.GUIDs([]string{"doc:gamma-plan"})
	edited := rewriteEntry(t, data, "sources/"+g["doc:gamma-plan"]+".txt", func(b []byte) []byte {
		return bytes.Replace(b, []byte("stijgt"), []byte("daalt!"), 1)
	})
	b, rep := importBytes(t, edited)
	if errs := b.Check(); len(errs) != 0 {
		t.Fatalf("check after import: %v", errs)
	}
	if rep.Restored != 2 || !strings.Contains(strings.Join(rep.Unmapped, "\n"), `source "gamma-plan": plancoder structure not used: its text differs`) ||
		!strings.Contains(strings.Join(rep.Unmapped, "\n"), `sample "pilot" not restored`) {
		t.Errorf("report: %d restored; %v", rep.Restored, rep.Unmapped)
	}
	if d, err := b.Document("gamma-plan"); err != nil || d.Format != "refi-qda" || d.Fragments != 4 {
		t.Errorf("edited document %+v, %v: want it segmented line by line", d, err)
	}
	damaged := rewriteEntry(t, data, StructureEntry, func([]byte) []byte { return []byte("{") })
	_, rep = importBytes(t, damaged)
	if rep.Restored != 0 || !strings.Contains(strings.Join(rep.Unmapped, "\n"), StructureEntry+": unexpected end of JSON input") {
		t.Errorf("damaged side file: %d restored; %v", rep.Restored, rep.Unmapped)
	}
	// Offsets that do not fit the text are refused, not stored.
	bad := rewriteEntry(t, data, StructureEntry, func(b []byte) []byte {
		var sf structureFile
		if err := json.Unmarshal(b, &sf); err != nil {
			t.Fatal(err)
		}
		sf.Documents[0].Fragments[0].End = 1 << 30
		out, _ := json.Marshal(sf)
		return out
	})
	_, rep = importBytes(t, bad)
	if rep.Restored != 2 || !strings.Contains(strings.Join(rep.Unmapped, "\n"), "do not fit the text") {
		t.Errorf("bad offsets: %d restored; %v", rep.Restored, rep.Unmapped)
	}
	// A hostile side file cannot bring in what the store's other doors
	// refuse: unknown kinds, control characters in section paths or titles.
	for name, change := range map[string]func(*structureFile){
		"unknown kind":    func(sf *structureFile) { sf.Documents[0].Fragments[0].Kind = "evil" },
		"section with RS": func(sf *structureFile) { sf.Documents[2].Sections = [][]string{{"a\x1eb"}} },
		"title with ESC":  func(sf *structureFile) { sf.Documents[1].Document.Title = "x\x1b[2J" },
	} {
		hostile := rewriteEntry(t, data, StructureEntry, func(b []byte) []byte {
			var sf structureFile
			if err := json.Unmarshal(b, &sf); err != nil {
				t.Fatal(err)
			}
			change(&sf)
			out, _ := json.Marshal(sf)
			return out
		})
		s, rep := importBytes(t, hostile)
		if rep.Restored != 2 || !strings.Contains(strings.Join(rep.Unmapped, "\n"), "plancoder structure not used") {
			t.Errorf("%s: %d restored; %v", name, rep.Restored, rep.Unmapped)
		}
		if errs := s.Check(); len(errs) != 0 {
			t.Errorf("%s: check: %v", name, errs)
		}
	}
}

func rewriteEntry(t *testing.T, data []byte, name string, change func([]byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, f := range zr.File {
		if f.Name != name {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		found = true
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		w, _ := zw.Create(name)
		w.Write(change(b.Bytes()))
	}
	if !found {
		t.Fatalf("no entry %s", name)
	}
	zw.Close()
	return buf.Bytes()
}
