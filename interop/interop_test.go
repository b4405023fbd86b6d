package interop

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/store/storetest"
)

func newStore(t *testing.T) *store.Store {
	t.Helper()
	_, s := storetest.New(t)
	t.Cleanup(func() { s.Close() })
	return s
}

// fixtureTexts are documents with what breaks positions: accents, an emoji
// (above U+FFFF), a table, a heading, a long paragraph split in two.
var fixtureTexts = map[string]string{
	"alfa-plan":    "Beleidsplan 2021-2025\n\nWe werken met 120 vrijwilligers 😀 in de regio Hasselt; café en crèche blijven open.\n\nDe subsidie van de Vlaamse overheid dekt de loonkosten.\n\nPost | 2021 | 2022\nSubsidie | 100 | 110\nEigen inkomsten | 20 | 25",
	"beta-rapport": "Voortgang\n\nDe digitale vaardigheden van senioren blijven een werkpunt 👩‍💻 voor elke afdeling.\n\n" + strings.Repeat("Zin met woorden over samenwerking en netwerk. ", 60),
}

// buildFixture makes a project with codes in groups, two coders, memos on
// every kind of target, a coding memo and organisation attributes.
func buildFixture(t *testing.T) *store.Store {
	t.Helper()
	s := newStore(t)
	if _, _, err := s.PutOrganisations("t", []store.Organisation{
		{ID: "alfa", Name: "Alfa vzw", Attrs: map[string]string{"regio": "Limburg", "grootte": "groot"}},
		{ID: "beta", Name: "Béta", Attrs: map[string]string{"regio": "Antwerpen"}},
	}); err != nil {
		t.Fatal(err)
	}
	meta := map[string]store.Document{
		"alfa-plan":    {Org: "alfa", Type: store.TypePlan, Period: "2021-2025", Year: 2021, Title: "Plan van Alfa", Attrs: map[string]string{"versie": "definitief"}},
		"beta-rapport": {Org: "beta", Type: store.TypeProgressReport, Period: "2021-2025", Year: 2023, Title: "Rapport Béta"},
	}
	for id, text := range fixtureTexts {
		res, err := ingest.Bytes(context.Background(), id+".txt", []byte(text), ingest.Meta{ID: id})
		if err != nil {
			t.Fatal(err)
		}
		d := meta[id]
		d.ID, d.SHA256, d.Source, d.Format = id, ingest.SHA256([]byte(text)), id+".txt", "txt"
		if _, err := s.PutDocument("t", d, res.Text, res.Fragments); err != nil {
			t.Fatal(err)
		}
	}
	codes := []store.Code{
		{Key: "VRIJW", Name: "Vrijwilligers", Group: "Werking", Description: "Inzet van vrijwilligers.", Include: "aantallen, werving", Exclude: "personeel", Colour: "#1f77b4", Shortcut: "v"},
		{Key: "FIN", Name: "Financiën", Group: "Zakelijk", Description: "Middelen en subsidies.", Example: "De subsidie dekt de loonkosten.", Colour: "#ff7f0e"},
		{Key: "DIGI", Name: "Digitalisering", Group: "Werking"},
		{Key: "NET", Name: "Netwerk"},
	}
	if _, err := s.PutCodes("t", codes); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	frag := func(doc, sub string) string {
		fs, _ := s.Fragments(doc, 0, 0)
		for _, f := range fs {
			if strings.Contains(f.Text, sub) {
				return f.ID
			}
		}
		t.Fatalf("no fragment with %q in %s", sub, doc)
		return ""
	}
	cs := []store.Coding{
		{Fragment: frag("alfa-plan", "vrijwilligers 😀"), Code: "VRIJW", Coder: "ann", Time: at},
		{Fragment: frag("alfa-plan", "vrijwilligers 😀"), Code: "VRIJW", Coder: "bob", Time: at},
		{Fragment: frag("alfa-plan", "loonkosten"), Code: "FIN", Coder: "ann", Time: at, Memo: "kern van het zakelijk deel"},
		{Fragment: frag("alfa-plan", "Eigen inkomsten"), Code: "FIN", Coder: "bob", Time: at},
		{Fragment: frag("beta-rapport", "werkpunt"), Code: "DIGI", Coder: "ann", Time: at},
	}
	// A code on the last part of the long paragraph.
	fs, _ := s.Fragments("beta-rapport", 0, 0)
	cs = append(cs, store.Coding{Fragment: fs[len(fs)-1].ID, Code: "NET", Coder: "bob", Time: at})
	for _, c := range cs {
		if err := s.AddCodings(c); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []store.Memo{
		{Author: "ann", Kind: store.MemoProject, Text: "Eerste lezing afgerond."},
		{Author: "ann", Kind: store.MemoCode, Target: "FIN", Text: "Bijna alle plannen melden indexering."},
		{Author: "bob", Kind: store.MemoDocument, Target: "beta-rapport", Text: "Laat ingediend."},
		{Author: "bob", Kind: store.MemoFragment, Target: frag("alfa-plan", "Hasselt"), Text: "Regio 🙂 klopt niet"},
	} {
		m.Time = at
		if _, err := s.AddMemo(m); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func exportBytes(t *testing.T, s *store.Store) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := ExportProject(context.Background(), s, "fixture", &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// xmllint validates data against a schema in testdata/schema. The check
// needs xmllint (Debian: libxml2-utils, installed by .ci/run); without it
// the test says so and skips.
func xmllint(t *testing.T, data []byte, xsd string) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed (apt-get install libxml2-utils): schema validation skipped")
	}
	f := filepath.Join(t.TempDir(), "doc.xml")
	os.WriteFile(f, data, 0o644)
	out, err := exec.Command(bin, "--noout", "--nonet", "--schema", filepath.Join("testdata", "schema", xsd), f).CombinedOutput()
	if err != nil {
		t.Fatalf("%s validation failed: %v\n%s", xsd, err, out)
	}
}

func readEntry(t *testing.T, data []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			defer rc.Close()
			var b bytes.Buffer
			b.ReadFrom(rc)
			return b.Bytes()
		}
	}
	t.Fatalf("no entry %s", name)
	return nil
}

func TestExportValidates(t *testing.T) {
	s := buildFixture(t)
	data := exportBytes(t, s)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Name != "project.qde" && f.Name != StructureEntry && !(strings.HasPrefix(f.Name, "sources/") && strings.HasSuffix(f.Name, ".txt") && !strings.Contains(f.Name[8:], "/")) {
			t.Errorf("unexpected entry %s", f.Name)
		}
	}
	if len(names) != 4 || names[0] != "project.qde" || names[3] != StructureEntry {
		t.Errorf("entries = %v, want project.qde, two sources and %s", names, StructureEntry)
	}
	qde := readEntry(t, data, "project.qde")
	codes, _ := s.Codes()
	g, _ := s.GUIDs(CodebookKeys(codes))
	qdc, err := WriteCodebook(codes, g)
	if err != nil {
		t.Fatal(err)
	}
	xmllint(t, qde, "Project-mrt2019.xsd")
	xmllint(t, qdc, "Codebook.xsd")
}

// TestExportPositions checks every selection against the standard's rule:
// code points, 0-based, end exclusive, over the .txt exactly as written.
func TestExportPositions(t *testing.T) {
	s := buildFixture(t)
	data := exportBytes(t, s)
	a, err := OpenArchive("x.qdpx", data)
	if err != nil {
		t.Fatal(err)
	}
	var x xProject
	q, _ := a.ReadQDE()
	if err := decodeXML(q, &x); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, src := range x.Sources.Text {
		raw, _, err := a.Source(src.PlainTextPath)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.HasPrefix(raw, []byte("\uFEFF")) || bytes.Contains(raw, []byte("\r")) {
			t.Errorf("%s: BOM or CR in the text file", src.Name)
		}
		runes := []rune(string(raw))
		frags, _ := s.Fragments(src.Name, 0, 0)
		for _, sel := range src.Selections {
			var st, en int
			fmt.Sscan(sel.Start, &st)
			fmt.Sscan(sel.End, &en)
			got := string(runes[st:en])
			found := false
			for _, f := range frags {
				if f.Text == got {
					found = true
				}
			}
			if !found {
				t.Errorf("%s [%d,%d) = %q: not a fragment", src.Name, st, en, got)
			}
			checked++
		}
	}
	if checked < 5 {
		t.Fatalf("checked %d selections, want ≥ 5", checked)
	}
}

type codingRow struct{ doc, text, coder, code, memo string }
type memoRow struct{ author, kind, target, text string }

func codingRows(t *testing.T, s *store.Store) []codingRow {
	cs, err := s.Codings(store.CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []codingRow
	for _, c := range cs {
		f, err := s.Fragment(c.Fragment)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, codingRow{f.Doc, f.Text, c.Coder, c.Code, c.Memo})
	}
	sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i]) < fmt.Sprint(out[j]) })
	return out
}

func memoRows(t *testing.T, s *store.Store) []memoRow {
	ms, err := s.Memos("", "")
	if err != nil {
		t.Fatal(err)
	}
	var out []memoRow
	for _, m := range ms {
		target := m.Target
		if m.Kind == store.MemoFragment {
			f, _ := s.Fragment(m.Target)
			target = f.Text
		}
		out = append(out, memoRow{m.Author, m.Kind, target, m.Text})
	}
	sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i]) < fmt.Sprint(out[j]) })
	return out
}

func importBytes(t *testing.T, data []byte) (*store.Store, *ImportReport) {
	t.Helper()
	a, err := OpenArchive("in.qdpx", data)
	if err != nil {
		t.Fatal(err)
	}
	s := newStore(t)
	rep, err := Import(context.Background(), s, a, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return s, rep
}

// TestRoundTrip exports a project, imports it into a fresh one and compares
// every coding, memo, code, organisation, document and code GUID.
func TestRoundTrip(t *testing.T) {
	a := buildFixture(t)
	b, rep := importBytes(t, exportBytes(t, a))
	if rep.Spanning != 0 || rep.Widened != 0 || rep.Exact != rep.Selections {
		t.Errorf("selections: %+v, want all exact", rep)
	}
	if ca, cb := codingRows(t, a), codingRows(t, b); fmt.Sprint(ca) != fmt.Sprint(cb) {
		t.Errorf("codings differ:\nexported %v\nimported %v", ca, cb)
	}
	if ma, mb := memoRows(t, a), memoRows(t, b); fmt.Sprint(ma) != fmt.Sprint(mb) {
		t.Errorf("memos differ:\nexported %v\nimported %v", ma, mb)
	}
	codesA, _ := a.Codes()
	codesB, _ := b.Codes()
	for i := range codesA {
		codesA[i].Order = 0
	}
	for i := range codesB {
		codesB[i].Order = 0
	}
	sortCodes(codesA)
	sortCodes(codesB)
	if fmt.Sprint(codesA) != fmt.Sprint(codesB) {
		t.Errorf("codes differ:\n%v\n%v", codesA, codesB)
	}
	ga, _ := a.GUIDs(CodebookKeys(codesA))
	gb, _ := b.GUIDs(CodebookKeys(codesB))
	if fmt.Sprint(ga) != fmt.Sprint(gb) {
		t.Errorf("GUIDs not kept:\n%v\n%v", ga, gb)
	}
	oa, _ := a.Organisations()
	ob, _ := b.Organisations()
	if fmt.Sprint(oa) != fmt.Sprint(ob) {
		t.Errorf("organisations differ:\n%v\n%v", oa, ob)
	}
	for id := range fixtureTexts {
		da, _ := a.Document(id)
		db, err := b.Document(id)
		if err != nil {
			t.Fatal(err)
		}
		if da.Org != db.Org || da.Type != db.Type || da.Period != db.Period || da.Year != db.Year || da.Title != db.Title || fmt.Sprint(da.Attrs) != fmt.Sprint(db.Attrs) {
			t.Errorf("document %s: %+v\nbecame %+v", id, da, db)
		}
		ta, _ := a.Text(id)
		tb, _ := b.Text(id)
		if ta != tb {
			t.Errorf("document %s: text changed", id)
		}
	}
	// A second export of the imported project keeps every GUID and position.
	if e1, e2 := readEntry(t, exportBytes(t, a), "project.qde"), readEntry(t, exportBytes(t, b), "project.qde"); stripVolatile(e1) != stripVolatile(e2) {
		t.Errorf("re-export differs:\n%s", diffLines(stripVolatile(e1), stripVolatile(e2)))
	}
}

func sortCodes(cs []store.Code) { sort.Slice(cs, func(i, j int) bool { return cs[i].Key < cs[j].Key }) }

// stripVolatile drops what may differ between two exports of the same
// content: export time, the memo and user and case order, derived GUIDs.
func stripVolatile(b []byte) string {
	var keep []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, "<Project ") {
			continue
		}
		keep = append(keep, strings.TrimSpace(l))
	}
	sort.Strings(keep)
	return strings.Join(keep, "\n")
}

func diffLines(a, b string) string {
	am, bm := map[string]int{}, map[string]int{}
	for _, l := range strings.Split(a, "\n") {
		am[l]++
	}
	for _, l := range strings.Split(b, "\n") {
		bm[l]++
	}
	var out []string
	for l, n := range am {
		if bm[l] != n {
			out = append(out, "- "+l)
		}
	}
	for l, n := range bm {
		if am[l] != n {
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// selectionGUIDs maps each exported selection's text to its GUID and the
// GUIDs of its codings.
func selectionGUIDs(t *testing.T, data []byte) map[string]string {
	t.Helper()
	a, err := OpenArchive("x.qdpx", data)
	if err != nil {
		t.Fatal(err)
	}
	var x xProject
	q, _ := a.ReadQDE()
	if err := decodeXML(q, &x); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, src := range x.Sources.Text {
		for _, sel := range src.Selections {
			g := sel.GUID
			for _, c := range sel.Codings {
				g += " " + c.GUID
			}
			out[src.Name+": "+sel.Name] = g
		}
	}
	return out
}

// Exchange GUIDs follow the text: a re-ingest that inserts a paragraph
// renumbers the fragments after it, and their selections and codings keep
// their GUIDs. The re-ingested project is built afresh with the codings on
// their text (what the store's re-ingest leaves), so that this checks the
// GUIDs alone.
func TestExportGUIDsFollowText(t *testing.T) {
	s := buildFixture(t)
	before := selectionGUIDs(t, exportBytes(t, s))
	old, err := s.Codings(store.CodingFilter{Doc: "alfa-plan"})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := s.Document("alfa-plan")

	// Re-ingest in place: the store moves every coding with its text.
	text := strings.Replace(fixtureTexts["alfa-plan"], "\n\n", "\n\nEen nieuwe inleidende alinea over de missie.\n\n", 1)
	res, err := ingest.Bytes(context.Background(), "a.txt", []byte(text), ingest.Meta{ID: "alfa-plan"})
	if err != nil {
		t.Fatal(err)
	}
	d.SHA256 = ingest.SHA256([]byte(text))
	if _, err := s.PutDocument("t", d, res.Text, res.Fragments); err != nil {
		t.Fatal(err)
	}
	moved, _ := s.Codings(store.CodingFilter{Doc: "alfa-plan"})
	if len(moved) != len(old) {
		t.Fatalf("%d codings after the re-ingest, %d before", len(moved), len(old))
	}
	for _, c := range moved {
		f, _ := s.Fragment(c.Fragment)
		if f.Hash != c.Hash {
			t.Fatalf("coding %+v is not on its text", c)
		}
	}
	after := selectionGUIDs(t, exportBytes(t, s))
	n := 0
	for k, g := range before {
		if !strings.HasPrefix(k, "alfa-plan: ") {
			continue
		}
		n++
		if after[k] != g {
			t.Errorf("%s: GUIDs %q before the re-ingest, %q after", k, g, after[k])
		}
	}
	if n < 3 {
		t.Fatalf("fixture: %d coded selections in alfa-plan, want ≥ 3: %v", n, before)
	}
}

// A reconciled master (coder consensus) only means something on a sample;
// an import keeps it as the sample "reconciled", so check stays clean.
func TestImportKeepsConsensusOnASample(t *testing.T) {
	a := buildFixture(t)
	frags, _ := a.Fragments("alfa-plan", 2, 1)
	if err := a.PutSample("t", store.Sample{Name: "pilot", Docs: []string{"alfa-plan"}, Fragments: []string{frags[0].ID}, Coders: []string{"ann"}}); err != nil {
		t.Fatal(err)
	}
	codes, _ := a.Codes()
	if err := a.SetCodes(frags[0].ID, store.ConsensusCoder, []string{codes[0].Key}); err != nil {
		t.Fatal(err)
	}
	// Without plancoder's side file (another tool's archive) the consensus
	// fragments become the sample "reconciled"; with it the sample itself
	// comes back.
	for _, own := range []bool{false, true} {
		data := exportBytes(t, a)
		if !own {
			data = withoutEntry(t, data, StructureEntry)
		}
		b, rep := importBytes(t, data)
		if errs := b.Check(); len(errs) != 0 {
			t.Fatalf("check after import: %v", errs)
		}
		want, other := ReconciledSample, "pilot"
		if own {
			want, other = other, want
		}
		sm, err := b.Sample(want)
		if err != nil || len(sm.Fragments) != 1 {
			t.Fatalf("own=%v: sample %+v, %v; report %v", own, sm, err, rep.Unmapped)
		}
		if _, err := b.Sample(other); err == nil {
			t.Errorf("own=%v: sample %s made too", own, other)
		}
		if ca, cb := codingRows(t, a), codingRows(t, b); fmt.Sprint(ca) != fmt.Sprint(cb) {
			t.Errorf("codings differ:\nexported %v\nimported %v", ca, cb)
		}
	}
}

// withoutEntry rewrites a zip without one entry.
func withoutEntry(t *testing.T, data []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if f.Name == name {
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
