package analysis

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/store/storetest"
	"github.com/xuri/excelize/v2"
)

// smallFrag is one fragment of the hand-made project and its codes.
type smallFrag struct {
	section []string
	text    string
	codes   []string
}

// smallProject builds a project small enough to count by hand:
//
//	d1 (o1, plan, 2021-2025, 2021): 1 Financiën {A,B}, 2 Strategische doelstellingen {A}
//	d2 (o2, progress-report, 2021-2025, 2022): 1 and 2 under Omgevingsanalyse {B}, {A,C}
//	d3 (o1, plan, no period, no year): 1 Bijlagen {C}
//	d4 (o3, plan, 2021-2025, 2021): 1 uncoded
func smallProject(t *testing.T) *store.Store {
	t.Helper()
	_, s := storetest.New(t)
	t.Cleanup(func() { s.Close() })
	if _, _, err := s.PutOrganisations("t", []store.Organisation{
		{ID: "o1", Name: "Org Een", Attrs: map[string]string{"region": "Limburg; Antwerpen"}},
		{ID: "o2", Attrs: map[string]string{"region": "Brussel"}},
		{ID: "o3", Name: "Org Drie"},
	}); err != nil {
		t.Fatal(err)
	}
	docs := []struct {
		doc   store.Document
		frags []smallFrag
	}{
		{store.Document{ID: "d1", Org: "o1", Type: store.TypePlan, Period: "2021-2025", Year: 2021}, []smallFrag{
			{[]string{"Plan", "Zakelijk plan", "Financiën"}, "De begroting stijgt met 0012 euro.", []string{"A", "B"}},
			{[]string{"Plan", "Strategische doelstellingen"}, "Vrijwilligers ontmoeten de buurt.", []string{"A"}},
		}},
		{store.Document{ID: "d2", Org: "o2", Type: store.TypeProgressReport, Period: "2021-2025", Year: 2022}, []smallFrag{
			{[]string{"Omgevingsanalyse"}, "De buurt verandert snel.", []string{"B"}},
			{[]string{"Omgevingsanalyse"}, "Vrijwilligers en jongeren, \"samen\".", []string{"A", "C"}},
		}},
		{store.Document{ID: "d3", Org: "o1", Type: store.TypePlan}, []smallFrag{
			{[]string{"Bijlagen"}, "Een lijst van partners.", []string{"C"}},
		}},
		{store.Document{ID: "d4", Org: "o3", Type: store.TypePlan, Period: "2021-2025", Year: 2021}, []smallFrag{
			{[]string{"Inleiding"}, "Niets gecodeerd hier.", nil},
		}},
	}
	if _, err := s.PutCodes("t", []store.Code{{Key: "A", Name: "alfa"}, {Key: "B", Name: "beta"}, {Key: "C", Name: "gamma"}}); err != nil {
		t.Fatal(err)
	}
	var codings []store.Coding
	for _, d := range docs {
		var sb strings.Builder
		var frags []store.Fragment
		for i, f := range d.frags {
			if i > 0 {
				sb.WriteString("\n\n")
			}
			start := sb.Len()
			sb.WriteString(f.text)
			id := store.FragmentID(d.doc.ID, i+1)
			frags = append(frags, store.Fragment{ID: id, Doc: d.doc.ID, Ordinal: i + 1, Kind: "paragraph",
				Section: f.section, Text: f.text, Start: start, End: sb.Len(), Hash: id})
			for _, c := range f.codes {
				codings = append(codings, store.Coding{Fragment: id, Code: c, Coder: "ann"})
			}
		}
		doc := d.doc
		doc.SHA256, doc.Source = doc.ID, doc.ID
		if _, err := s.PutDocument("t", doc, sb.String(), frags); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddCodings(codings...); err != nil {
		t.Fatal(err)
	}
	return s
}

func loadSmall(t *testing.T, f Filters) *Dataset {
	t.Helper()
	d, err := Load(smallProject(t), f, DefaultRules)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func fragIDs(fs []Frag) string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.ID)
	}
	return strings.Join(ids, " ")
}

func TestLoadFilters(t *testing.T) {
	s := smallProject(t)
	for _, tt := range []struct {
		name            string
		f               Filters
		want            string
		docs, orgs, frs int
	}{
		{"all", Filters{}, "d1/0001 d1/0002 d2/0001 d2/0002 d3/0001", 4, 3, 6},
		{"one of several attribute values, case ignored", Filters{Attrs: []string{"region=antwerpen"}}, "d1/0001 d1/0002 d3/0001", 2, 1, 3},
		{"attribute nobody has", Filters{Attrs: []string{"region=Gent"}}, "", 0, 0, 0},
		{"section words without diacritics", Filters{Section: "financien"}, "d1/0001", 4, 3, 6},
		{"section needs all words", Filters{Section: "zakelijk strategische"}, "", 4, 3, 6},
		{"type", Filters{Type: store.TypeProgressReport}, "d2/0001 d2/0002", 1, 1, 2},
		{"year", Filters{Year: 2021}, "d1/0001 d1/0002", 2, 2, 3},
		{"period", Filters{Period: "2021-2025"}, "d1/0001 d1/0002 d2/0001 d2/0002", 3, 3, 5},
		{"org", Filters{Org: "o2"}, "d2/0001 d2/0002", 1, 1, 2},
		{"codes in lower case", Filters{Codes: []string{"c"}}, "d2/0002 d3/0001", 4, 3, 6},
		{"part", Filters{Part: "zakelijk"}, "d1/0001", 4, 3, 6},
		{"coder without codings", Filters{Coder: "bob"}, "", 4, 3, 6},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Load(s, tt.f, DefaultRules)
			if err != nil {
				t.Fatal(err)
			}
			if got := fragIDs(d.Frags); got != tt.want {
				t.Errorf("fragments %q, want %q", got, tt.want)
			}
			if d.TotalDocs != tt.docs || d.TotalOrgs != tt.orgs || d.TotalFragments != tt.frs {
				t.Errorf("universe %d docs %d orgs %d fragments, want %d %d %d", d.TotalDocs, d.TotalOrgs, d.TotalFragments, tt.docs, tt.orgs, tt.frs)
			}
		})
	}
}

func TestCodeAndOrgName(t *testing.T) {
	d := loadSmall(t, Filters{})
	if c, err := d.Code("b"); err != nil || c.Name != "beta" {
		t.Errorf("Code(b) = %+v, %v", c, err)
	}
	if _, err := d.Code("Z"); err == nil || !strings.Contains(err.Error(), "Z") {
		t.Errorf("Code(Z) error %v, want one naming Z", err)
	}
	for id, want := range map[string]string{"o1": "Org Een", "o2": "o2", "nobody": "nobody"} {
		if got := d.OrgName(id); got != want {
			t.Errorf("OrgName(%s) = %q, want %q", id, got, want)
		}
	}
}

func TestCooccur(t *testing.T) {
	d := loadSmall(t, Filters{})
	for _, tt := range []struct {
		unit, want string
		counts     [][]int
		pairs      []CoPair
	}{
		{"", "fragment", [][]int{{3, 1, 1}, {1, 2, 0}, {1, 0, 2}},
			[]CoPair{{"A", "B", 1, 0.25}, {"A", "C", 1, 0.25}}},
		{"section", "section", [][]int{{3, 2, 1}, {2, 2, 1}, {1, 1, 2}},
			[]CoPair{{"A", "B", 2, 2.0 / 3}, {"B", "C", 1, 1.0 / 3}, {"A", "C", 1, 0.25}}},
		{"document", "document", [][]int{{2, 2, 1}, {2, 2, 1}, {1, 1, 2}},
			[]CoPair{{"A", "B", 2, 1}, {"A", "C", 1, 1.0 / 3}, {"B", "C", 1, 1.0 / 3}}},
	} {
		r, err := d.Cooccur(tt.unit)
		if err != nil {
			t.Fatal(err)
		}
		if r.Unit != tt.want || !reflect.DeepEqual(r.Counts, tt.counts) || !reflect.DeepEqual(r.Pairs, tt.pairs) {
			t.Errorf("Cooccur(%q) = unit %s counts %v pairs %v, want %s %v %v", tt.unit, r.Unit, r.Counts, r.Pairs, tt.want, tt.counts, tt.pairs)
		}
	}
	if _, err := d.Cooccur("page"); err == nil || !strings.Contains(err.Error(), "page") {
		t.Errorf("Cooccur(page) error %v, want one naming page", err)
	}
	empty, err := (&Dataset{}).Cooccur("fragment")
	if err != nil || len(empty.Pairs) != 0 || len(empty.Codes) != 0 {
		t.Errorf("empty dataset: %+v, %v", empty, err)
	}
}

func TestTrend(t *testing.T) {
	d := loadSmall(t, Filters{})
	for _, tt := range []struct {
		code, by, org string
		want          []TrendRow
	}{
		{"a", "period", "", []TrendRow{
			{Bucket: "(none)", Docs: 1, Orgs: 1},
			{Bucket: "2021-2025", Count: Count{3, 2, 2}, Docs: 3, Orgs: 3, OrgShare: 2.0 / 3},
		}},
		{"C", "year", "", []TrendRow{
			{Bucket: "(none)", Count: Count{1, 1, 1}, Docs: 1, Orgs: 1, OrgShare: 1},
			{Bucket: "2021", Docs: 2, Orgs: 2},
			{Bucket: "2022", Count: Count{1, 1, 1}, Docs: 1, Orgs: 1, OrgShare: 1},
		}},
		{"A", "year", "o1", []TrendRow{
			{Bucket: "(none)", Org: "o1", Docs: 1, Orgs: 1},
			{Bucket: "2021", Org: "o1", Count: Count{2, 1, 1}, Docs: 1, Orgs: 1, OrgShare: 1},
		}},
		{"A", "year", "nobody", nil},
	} {
		got, err := d.Trend(tt.code, tt.by, tt.org)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Trend(%s, %s, %q) = %+v, want %+v", tt.code, tt.by, tt.org, got, tt.want)
		}
	}
	for _, tt := range []struct{ code, by, word string }{{"Z", "year", "Z"}, {"A", "month", "month"}} {
		if _, err := d.Trend(tt.code, tt.by, ""); err == nil || !strings.Contains(err.Error(), tt.word) {
			t.Errorf("Trend(%s, %s) error %v, want one naming %s", tt.code, tt.by, err, tt.word)
		}
	}
}

func TestMatrixRows(t *testing.T) {
	d := loadSmall(t, Filters{})
	for _, tt := range []struct {
		by, measure string
		rows        []string
		cells       [][]float64
	}{
		// o1 has two regions: its fragments count in both rows; o3 has
		// none and no codings, and still has its row.
		{"attr:region", Organisations, []string{"(none)", "Antwerpen", "Brussel", "Limburg"}, [][]float64{{0, 0, 0}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}}},
		{"attr:size", Fragments, []string{"(none)"}, [][]float64{{3, 2, 2}}},
		{"period", Documents, []string{"(none)", "2021-2025"}, [][]float64{{0, 0, 1}, {2, 2, 1}}},
		{"year", Fragments, []string{"(none)", "2021", "2022"}, [][]float64{{0, 0, 1}, {2, 1, 0}, {1, 1, 1}}},
		{"doc", Fragments, []string{"d1", "d2", "d3", "d4"}, [][]float64{{2, 1, 0}, {1, 1, 1}, {0, 0, 1}, {0, 0, 0}}},
		{"part", Fragments, []string{"context", "inhoudelijk", "overig", "zakelijk"}, [][]float64{{1, 1, 1}, {1, 0, 0}, {0, 0, 1}, {1, 1, 0}}},
	} {
		m, err := d.Matrix(tt.by, tt.measure, nil)
		if err != nil {
			t.Fatalf("Matrix(%s): %v", tt.by, err)
		}
		if !reflect.DeepEqual(m.Rows, tt.rows) || !reflect.DeepEqual(m.Cells, tt.cells) {
			t.Errorf("Matrix(%s, %s) = %v %v, want %v %v", tt.by, tt.measure, m.Rows, m.Cells, tt.rows, tt.cells)
		}
	}
	for _, tt := range []struct {
		by, measure string
		cols        []string
		word        string
	}{
		{"region", Fragments, nil, "region"},
		{"org", "mean", nil, "mean"},
		{"org", Fragments, []string{"A", "Z"}, "Z"},
	} {
		if _, err := d.Matrix(tt.by, tt.measure, tt.cols); err == nil || !strings.Contains(err.Error(), tt.word) {
			t.Errorf("Matrix(%s, %s, %v) error %v, want one naming %s", tt.by, tt.measure, tt.cols, err, tt.word)
		}
	}
}

func TestTables(t *testing.T) {
	d := loadSmall(t, Filters{Org: "o2"})
	ft := d.FragmentsTable()
	want := [][]string{
		{"d2/0001", "o2", "o2", "d2", store.TypeProgressReport, "2021-2025", "2022", "context", "", "Omgevingsanalyse", "paragraph", "B", "De buurt verandert snel."},
		{"d2/0002", "o2", "o2", "d2", store.TypeProgressReport, "2021-2025", "2022", "context", "", "Omgevingsanalyse", "paragraph", "A;C", "Vrijwilligers en jongeren, \"samen\"."},
	}
	if len(ft.Header) != len(want[0]) || !reflect.DeepEqual(ft.Rows, want) {
		t.Errorf("fragments table %q, want %q", ft.Rows, want)
	}
	ct := d.CodingsTable()
	if len(ct.Rows) != 3 || ct.Rows[2][1] != "C" || ct.Rows[2][0] != "d2/0002" {
		t.Errorf("codings table %q, want one row per fragment and code", ct.Rows)
	}
	m, err := d.Matrix("org", Fragments, []string{"a", "c"})
	if err != nil {
		t.Fatal(err)
	}
	mt := MatrixTable(m, "organisation")
	wantM := [][]string{{"o2", "1", "1", "1"}, {"total", "1", "1", "1"}}
	if !reflect.DeepEqual(mt.Header, []string{"organisation", "A", "C", "total"}) || !reflect.DeepEqual(mt.Rows, wantM) {
		t.Errorf("matrix table %q %q, want %q", mt.Header, mt.Rows, wantM)
	}
	if e := (&Dataset{}).FragmentsTable(); len(e.Rows) != 0 {
		t.Errorf("empty dataset gives rows %q", e.Rows)
	}
}

func TestWriteCSVAndJSONL(t *testing.T) {
	tb := Table{Name: "x", Header: []string{"id", "text"}, Rows: [][]string{{"0012", "a, \"b\"\nc"}, {"2"}}}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, tb, false); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(&buf)
	r.FieldsPerRecord = -1
	got, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]string{{"id", "text"}, {"0012", "a, \"b\"\nc"}, {"2"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("CSV read back %q, want %q", got, want)
	}
	buf.Reset()
	if err := WriteJSONL(&buf, tb); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	dec := json.NewDecoder(&buf)
	for dec.More() {
		var m map[string]string
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, m)
	}
	// A short row leaves its missing columns out rather than failing.
	if want := []map[string]string{{"id": "0012", "text": "a, \"b\"\nc"}, {"id": "2"}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("JSONL read back %v, want %v", rows, want)
	}
}

func TestWriteXLSX(t *testing.T) {
	tables := []Table{
		{Name: "fragments", Header: []string{"id", "n", "share"}, Rows: [][]string{{"0012", "7", "0.5"}, {"d1/0001", "0", ""}}},
		{Name: "empty"},
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, tables...); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"fragments", "empty"}) {
		t.Errorf("sheets %v", got)
	}
	for _, tt := range []struct {
		cell, value string
		typ         excelize.CellType
	}{
		{"A1", "id", excelize.CellTypeInlineString},
		{"A2", "0012", excelize.CellTypeInlineString}, // an ID with a leading zero stays text
		{"B2", "7", excelize.CellTypeUnset},           // numbers are numbers
		{"C2", "0.5", excelize.CellTypeUnset},
		{"A3", "d1/0001", excelize.CellTypeInlineString},
		{"B3", "0", excelize.CellTypeUnset},
	} {
		v, err := f.GetCellValue("fragments", tt.cell)
		if err != nil {
			t.Fatal(err)
		}
		typ, err := f.GetCellType("fragments", tt.cell)
		if err != nil {
			t.Fatal(err)
		}
		if v != tt.value || typ != tt.typ {
			t.Errorf("%s = %q (type %v), want %q (type %v)", tt.cell, v, typ, tt.value, tt.typ)
		}
	}
	// A sheet name Excel refuses is an error, not a panic.
	if err := WriteXLSX(&bytes.Buffer{}, Table{Name: "a"}, Table{Name: "b/c"}); err == nil {
		t.Error("sheet name with / accepted")
	}
}

func TestLoadRules(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tt := range []struct {
		name, path string
		want       Rules
		err        string
	}{
		{"missing file gives defaults", filepath.Join(dir, "none.yaml"), DefaultRules, ""},
		{"rules", write("ok.yaml", "- part: geld\n  words: [begroting, budget]\n"), Rules{{Part: "geld", Words: []string{"begroting", "budget"}}}, ""},
		{"bad yaml", write("bad.yaml", "- part: [\n"), nil, "bad.yaml"},
		{"rule without words", write("nowords.yaml", "- part: geld\n  words: [x]\n- part: leeg\n"), nil, "rule 2"},
		{"a folder", dir, nil, "is a directory"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LoadRules(tt.path)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one with %q", err, tt.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("LoadRules = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
	r := Rules{{Part: "geld", Words: []string{"begroting"}}}
	if got := r.PartOf([]string{"Plan", "Begroting 2024"}); got != "geld" {
		t.Errorf("loaded rule: PartOf = %s", got)
	}
}

func TestSpread(t *testing.T) {
	for _, n := range []int{0, 1, maxTermFragments, maxTermFragments + 1, 3 * maxTermFragments} {
		fs := make([]Frag, n)
		for i := range fs {
			fs[i].Page = i
		}
		got := spread(fs)
		want := min(n, maxTermFragments)
		if len(got) != want {
			t.Errorf("spread(%d) kept %d, want %d", n, len(got), want)
			continue
		}
		if n > maxTermFragments {
			step := n / maxTermFragments
			if n%maxTermFragments == 0 && (got[1].Page != step || got[want-1].Page != n-step) {
				t.Errorf("spread(%d) not even: second %d, last %d", n, got[1].Page, got[want-1].Page)
			}
		}
	}
}

func TestKWICSort(t *testing.T) {
	fs := []Frag{
		{ID: "a/0001", Org: "o1", Doc: "a", Text: "zeer sterke buurt werking. Een zwakke buurt zorg."},
		{ID: "b/0001", Org: "o2", Doc: "b", Text: "Een Sterke buurt aanpak."},
	}
	names := map[string]string{"o1": "Org Een"}
	for _, tt := range []struct {
		sort string
		want []string
	}{
		{"", []string{"zeer sterke|werking. Ee", "Een zwakke|zorg.", "Een Sterke|aanpak."}},
		// by the left context read from the keyword outwards: "sterke een" < "sterke zeer" < "zwakke een"
		{"left", []string{"Een Sterke|aanpak.", "zeer sterke|werking. Ee", "Een zwakke|zorg."}},
		{"right", []string{"Een Sterke|aanpak.", "zeer sterke|werking. Ee", "Een zwakke|zorg."}},
	} {
		var got []string
		for _, l := range KWIC(fs, names, nil, "buurt", 12, tt.sort) {
			got = append(got, l.Left+"|"+l.Right)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("KWIC sort %q = %q, want %q", tt.sort, got, tt.want)
		}
	}
	if l := KWIC(fs, names, nil, "buurt", -5, ""); len(l) != 3 || l[0].Left != "" || l[0].OrgName != "Org Een" {
		t.Errorf("negative width: %+v", l)
	}
	if l := KWIC(fs, names, nil, "", 5, ""); l != nil {
		t.Errorf("empty term found %+v", l)
	}
}
