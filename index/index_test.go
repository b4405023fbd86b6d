package index

import (
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

func testIndex(t *testing.T) *Index {
	t.Helper()
	x, err := Open(filepath.Join(t.TempDir(), "index"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	frags := []Fragment{
		{ID: "a/0001", Doc: "a", Org: "socius", Type: "plan", Period: "2021-2025", Year: 2021, Kind: "paragraph",
			Section: "Zakelijk deel > Vrijwilligersbeleid", Attrs: []string{"region=Brussel"},
			Text: "We ondersteunen vrijwilligers en hun coördinatoren met vorming."},
		{ID: "a/0002", Doc: "a", Org: "socius", Type: "plan", Period: "2021-2025", Year: 2021, Kind: "paragraph",
			Section: "Zakelijk deel > Financiën", Text: "De financiën van de organisatie blijven gezond; het vrijwilligerswerk groeit."},
		{ID: "b/0001", Doc: "b", Org: "vormingplus-kempen", Type: "progress-report", Period: "2021-2025", Year: 2022, Kind: "list-item",
			Section: "SD 2 – Digitalisering", Attrs: []string{"region=Antwerpen"},
			Text: "Een vrijwilliger helpt deelnemers met digitale vaardigheden in de openbare ruimte."},
		{ID: "c/0001", Doc: "c", Org: "socius", Type: "plan", Year: 2016, Lang: "en", Kind: "paragraph",
			Text: "Volunteers are supported by trained coordinators."},
	}
	if err := x.Apply(frags, nil); err != nil {
		t.Fatal(err)
	}
	return x
}

func ids(t *testing.T, x *Index, r Request) string {
	t.Helper()
	res, err := x.Search(r)
	if err != nil {
		t.Fatalf("%+v: %v", r, err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func TestSearchDutch(t *testing.T) {
	x := testIndex(t)
	tests := []struct {
		name string
		req  Request
		want string
	}{
		{"plural finds singular and compounds", Request{Query: "vrijwilliger"}, "a/0001 a/0002 b/0001"},
		{"singular finds plural and compounds", Request{Query: "vrijwilligers"}, "a/0001 a/0002 b/0001"},
		{"exact finds the word, not compounds", Request{Query: "=vrijwilligers"}, "a/0001 b/0001"},
		{"a phrase is exact", Request{Query: `"vrijwilliger"`}, "a/0001 b/0001"},
		{"compound is another word", Request{Query: "vrijwilligerswerk"}, "a/0002"},
		{"head finds the compound", Request{Query: "werk"}, "a/0002"},
		{"exact head does not", Request{Query: "=werk"}, ""},
		{"diacritics optional", Request{Query: "financien"}, "a/0002"},
		{"diacritics given", Request{Query: "coördinatoren"}, "a/0001"},
		{"phrase", Request{Query: `"openbare ruimte"`}, "b/0001"},
		{"phrase order matters", Request{Query: `"ruimte openbare"`}, ""},
		{"prefix", Request{Query: "digita*"}, "b/0001"},
		{"prefix as written, past the lemma", Request{Query: "coordinatore*"}, "a/0001"},
		{"wildcard as written", Request{Query: "vrijwilliger?"}, "a/0001"},
		{"prefix with capitals and diacritics", Request{Query: "Coördinat*"}, "a/0001"},
		{"fuzzy on a full word", Request{Query: "vrijwiliger~1"}, "a/0001 b/0001"},
		{"fuzzy", Request{Query: "digitaal~1"}, "b/0001"},
		{"must and not", Request{Query: "+vrijwilliger -digitale"}, "a/0001 a/0002"},
		{"stop words alone match nothing", Request{Query: "de"}, ""},
		{"org filter", Request{Query: "=vrijwilliger", Org: "socius"}, "a/0001"},
		{"type filter", Request{Query: "vrijwilliger", Type: "progress-report"}, "b/0001"},
		{"year filter", Request{Year: 2022}, "b/0001"},
		{"section filter", Request{Section: "financien"}, "a/0002"},
		{"attr filter", Request{Query: "vrijwilliger", Attrs: []string{"region=Brussel"}}, "a/0001"},
		{"field in query", Request{Query: "+org:vormingplus-kempen"}, "b/0001"},
		{"id restriction", Request{IDs: []string{"a/0002", "b/0001"}, Query: "=vrijwilliger"}, "b/0001"},
		{"empty id restriction", Request{IDs: []string{}}, ""},
		{"exclusion", Request{ExcludeIDs: []string{"a/0001"}, Query: "=vrijwilliger"}, "b/0001"},
		{"english passage stemmed in english", Request{Query: "volunteer"}, "c/0001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(t, x, tt.req); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSpansAndGroups(t *testing.T) {
	x := testIndex(t)
	res, err := x.Search(Request{Query: "vrijwilliger", GroupBy: FieldOrg})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if len(h.Spans) == 0 {
			t.Errorf("%s: no spans", h.ID)
		}
	}
	if len(res.Groups) != 2 {
		t.Errorf("groups %+v", res.Groups)
	}
	// A word matched by two of its terms (its lemma and as written) is
	// one span.
	res, err = x.Search(Request{Query: "vrijwilliger*"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		for i := 1; i < len(h.Spans); i++ {
			if h.Spans[i] == h.Spans[i-1] {
				t.Errorf("%s: span %v twice", h.ID, h.Spans[i])
			}
		}
	}
}

func TestMalformedQuery(t *testing.T) {
	x := testIndex(t)
	for _, q := range []string{`"open phrase`, `org:`, `vrijwilliger)`} {
		_, err := x.Search(Request{Query: q})
		if !errors.Is(err, ErrQuery) {
			t.Errorf("%q: got %v, want ErrQuery", q, err)
		}
	}
}

func TestStemDutch(t *testing.T) {
	for in, want := range map[string]string{
		"vrijwilligers": StemDutch("vrijwilliger"), "beleidsplannen": StemDutch("beleidsplan"),
		"kinderen": "kind", "gemeenten": StemDutch("gemeente"),
	} {
		if got := StemDutch(in); got != want {
			t.Errorf("StemDutch(%q) = %q, want %q", in, got, want)
		}
	}
	if got := strings.Join(Terms("De Financiën van de vrijwilligers en het vrijwilligerswerk"), " "); got != "financien vrijwilliger vrijwilligerswerk" {
		t.Errorf("Terms = %q", got)
	}
}

func TestBusyIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	x, err := Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.Apply([]Fragment{{ID: "a/0001", Text: "x"}}, nil); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = Open(dir, 200*time.Millisecond)
	if !errors.Is(err, ErrBusy) || time.Since(start) > 3*time.Second {
		t.Fatalf("got %v after %v", err, time.Since(start))
	}
}

// TestNoCompositeAllField: no field is searched through Bleve's _all, so
// the index does not build it (it cost 3-5% of the CPU of indexing).
func TestNoCompositeAllField(t *testing.T) {
	x := testIndex(t)
	fields, err := x.bi.Fields()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		if f == "_all" {
			t.Fatalf("fields %v: _all is indexed", fields)
		}
	}
	if got := ids(t, x, Request{Query: "vrijwilliger"}); got != "a/0001 a/0002 b/0001" {
		t.Errorf("vrijwilliger: %s", got)
	}
}
