package search

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/project/projecttest"
	"github.com/plancoder/plancoder/store"
)

// twoDocs ingests a plan of three paragraphs and an annual report of two,
// codes the first and last fragment A (ann) and the fourth B (bob), and
// returns the fragment IDs in document order.
func twoDocs(t *testing.T) (*project.Project, *store.Store, []string) {
	t.Helper()
	dir, p, s := projecttest.New(t)
	projecttest.IngestText(t, s, dir, "a-beleidsplan-2021-2025.txt", "Vrijwilligers maken de buurt.\n\nDe begroting is krap.\n\nOntmoeting met vrijwilligers.\n")
	projecttest.IngestText(t, s, dir, "b-jaarverslag-2023.txt", "Het jaar van de vrijwilligers.\n\nWe sloten af met een feest.\n")
	docs, err := s.Documents()
	if err != nil || len(docs) != 2 {
		t.Fatalf("documents %v, %v", docs, err)
	}
	var ids []string
	for _, d := range docs {
		fs, err := s.Fragments(d.ID, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			ids = append(ids, f.ID)
		}
	}
	if len(ids) != 5 {
		t.Fatalf("fragments %v, want 5", ids)
	}
	if _, err := s.PutCodes("t", []store.Code{{Key: "A", Name: "alfa"}, {Key: "B", Name: "beta"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddCodings([]store.Coding{
		{Fragment: ids[0], Code: "A", Coder: "ann"},
		{Fragment: ids[4], Code: "A", Coder: "ann"},
		{Fragment: ids[3], Code: "B", Coder: "bob"},
	}...); err != nil {
		t.Fatal(err)
	}
	return p, s, ids
}

func TestBuildQueue(t *testing.T) {
	ctx := context.Background()
	p, s, ids := twoDocs(t)
	x, err := p.OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	doc := store.DocOf(ids[0])
	pick := func(is ...int) []string {
		var out []string
		for _, i := range is {
			out = append(out, ids[i])
		}
		return out
	}
	search := index.Request{Query: "vrijwilliger"}
	for _, tt := range []struct {
		name string
		q    QueueSpec
		want []string
	}{
		{"every fragment", QueueSpec{}, ids},
		{"one document", QueueSpec{Doc: doc}, pick(0, 1, 2)},
		{"a search, in document order", QueueSpec{Search: true, Query: search}, pick(0, 2, 3)},
		{"a theme", QueueSpec{Code: "A"}, pick(0, 4)},
		{"uncoded by anyone", QueueSpec{Uncoded: true}, pick(1, 2)},
		{"uncoded by ann", QueueSpec{Uncoded: true, Coder: "ann"}, pick(1, 2, 3)},
		{"a document, uncoded by bob", QueueSpec{Doc: store.DocOf(ids[3]), Uncoded: true, Coder: "bob"}, pick(4)},
		{"a search within a theme", QueueSpec{Search: true, Query: search, Code: "B"}, pick(3)},
		{"a theme nobody coded", QueueSpec{Code: "Z"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := BuildQueue(ctx, s, x, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("queue %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := BuildQueue(ctx, s, nil, QueueSpec{Search: true, Query: search}); err == nil || !strings.Contains(err.Error(), "index") {
		t.Errorf("search queue without an index: error %v", err)
	}
	if _, err := BuildQueue(ctx, s, x, QueueSpec{Doc: "nope"}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("queue of an unknown document: error %v", err)
	}
}

func TestSortByDocument(t *testing.T) {
	for _, tt := range []struct{ in, want []string }{
		{nil, nil},
		{[]string{"d/0001"}, []string{"d/0001"}},
		// ordinals past 9999 have five digits and sort after, not between
		{[]string{"d/10000", "d/0002", "c/10001", "d/0001", "c/0003"}, []string{"c/0003", "c/10001", "d/0001", "d/0002", "d/10000"}},
	} {
		got := append([]string(nil), tt.in...)
		sortByDocument(got)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("sortByDocument(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSearchGroupOf(t *testing.T) {
	ctx := context.Background()
	p, s, _ := twoDocs(t)
	if _, _, err := s.PutOrganisations("t", []store.Organisation{{ID: "a", Name: "Org A"}, {ID: "b"}, {ID: "c"}}); err != nil {
		t.Fatal(err)
	}
	x, err := p.OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for _, tt := range []struct {
		field string
		of    int
	}{
		{index.FieldOrg, 3}, // organisations of the project, with documents or not
		{index.FieldDoc, 2},
		{index.FieldType, 2},
		{index.FieldPeriod, 1}, // the annual report has a year, no period
	} {
		res, err := Search(ctx, s, x, Options{Request: index.Request{Query: "vrijwilliger", GroupBy: tt.field}})
		if err != nil {
			t.Fatal(err)
		}
		if res.GroupOf != tt.of || res.Total != 3 {
			t.Errorf("group by %s: %d hits in %v of %d, want 3 hits of %d", tt.field, res.Total, res.Groups, res.GroupOf, tt.of)
		}
		if tt.field == index.FieldOrg {
			var labels []string
			for _, g := range res.Groups {
				labels = append(labels, g.Label)
			}
			if strings.Join(labels, " ") != "Org A b" {
				t.Errorf("org groups labelled %q, want the name where there is one", labels)
			}
		}
	}
}

func TestRelPath(t *testing.T) {
	wd := filepath.FromSlash("/home/u/proj")
	for _, tt := range []struct{ p, want string }{
		{"/home/u/proj/corpus/a.pdf", "corpus/a.pdf"},
		{"/home/u/other/a.pdf", "/home/u/other/a.pdf"}, // ../other is not shorter to read
		{"/home/u/proj", "."},
		{"corpus/a.pdf", "corpus/a.pdf"},
	} {
		if got := project.RelPath(wd, filepath.FromSlash(tt.p)); got != filepath.FromSlash(tt.want) {
			t.Errorf("project.RelPath(%s) = %s, want %s", tt.p, got, tt.want)
		}
	}
}
