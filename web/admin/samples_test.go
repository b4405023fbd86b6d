package admin

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// Item 5: the sample form offers the users who may code and the
// documents, and draws through coding.CreateSample; a problem is shown by
// field and nothing is written.
func TestSampleForm(t *testing.T) {
	ts, s := server(t, "admin")
	withUsers(t, s)
	base := ts.URL + "/admin"
	code, body := get(t, "GET", base+"/samples/new")
	if code != 200 {
		t.Fatalf("form: %d %s", code, body)
	}
	for _, w := range []string{`name="coder" value="ann"`, `name="coder" value="boss"`, `name="doc" value="socius-plan-2021-2025"`, `<option value="type">`, `name="seed" value="1"`, `name="csrf" value="` + testCSRF + `"`} {
		if !strings.Contains(body, w) {
			t.Errorf("form lacks %q", w)
		}
	}
	if strings.Contains(body, `value="rita"`) {
		t.Error("a reader is offered as a coder")
	}
	if _, body := get(t, "GET", base+"/samples"); !strings.Contains(body, `href="/admin/samples/new"`) || !strings.Contains(body, `href="/admin/samples/show?name=pilot"`) {
		t.Errorf("samples page links neither the form nor the sample: %s", body)
	}
	doc := "socius-plan-2021-2025"
	for _, c := range []struct {
		name       string
		form       url.Values
		field, msg string
	}{
		{"empty name", url.Values{"count": {"1"}, "coder": {"ann", "ada"}}, "name", "is empty"},
		{"name taken", url.Values{"name": {"pilot"}, "count": {"1"}, "coder": {"ann", "ada"}}, "name", "is taken"},
		{"control character", url.Values{"name": {"a\x01b"}, "count": {"1"}, "coder": {"ann", "ada"}}, "name", "control character"},
		{"no documents", url.Values{"name": {"s2"}, "coder": {"ann", "ada"}}, "docs", "give a number of documents to draw, or choose documents"},
		{"both", url.Values{"name": {"s2"}, "count": {"1"}, "doc": {doc}, "coder": {"ann", "ada"}}, "docs", "not both"},
		{"not a number", url.Values{"name": {"s2"}, "count": {"een"}, "coder": {"ann", "ada"}}, "docs", "is not a whole number above 0"},
		{"too many", url.Values{"name": {"s2"}, "count": {"5"}, "coder": {"ann", "ada"}}, "docs", "5 documents asked, the project has 1"},
		{"unknown document", url.Values{"name": {"s2"}, "doc": {"nope"}, "coder": {"ann", "ada"}}, "docs", "document nope: not found"},
		{"bad stratify", url.Values{"name": {"s2"}, "count": {"1"}, "stratify": {"size"}, "coder": {"ann", "ada"}}, "stratify", `stratify &#34;size&#34;: use type, period or attr:KEY`},
		{"stratify chosen", url.Values{"name": {"s2"}, "doc": {doc}, "stratify": {"type"}, "coder": {"ann", "ada"}}, "stratify", "not to documents chosen"},
		{"bad seed", url.Values{"name": {"s2"}, "count": {"1"}, "seed": {"x"}, "coder": {"ann", "ada"}}, "seed", "is not a whole number"},
		{"one coder", url.Values{"name": {"s2"}, "count": {"1"}, "coder": {"ann"}, "extra": {" ann , "}}, "coders", "name at least two coders"},
		{"bad coder", url.Values{"name": {"s2"}, "count": {"1"}, "coder": {"ann"}, "extra": {"b\tb"}}, "coders", "control character"},
	} {
		before := lastActor(t, s)
		code, body, _ := post(t, base+"/samples/new", c.form)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422\n%s", c.name, code, body)
			continue
		}
		if !strings.Contains(body, `data-field="`+c.field+`">`) || !strings.Contains(body, c.msg) {
			t.Errorf("%s: the page does not name %s with %q:\n%s", c.name, c.field, c.msg, body)
		}
		if after := lastActor(t, s); after != before {
			t.Errorf("%s: a refused form wrote %s", c.name, after)
		}
	}
	// Drawn by number, the coders ticked and typed (each once).
	code, body, loc := post(t, base+"/samples/new", url.Values{"name": {"twee"}, "count": {"1"}, "stratify": {"type"}, "seed": {"7"}, "coder": {"ann", "ada"}, "extra": {"bob, ann,carl"}})
	if code != http.StatusSeeOther || loc != "/admin/samples/show?name=twee" {
		t.Fatalf("draw: %d %q %s", code, loc, body)
	}
	sm, err := s.Sample("twee")
	if err != nil || !slices.Equal(sm.Coders, []string{"ann", "ada", "bob", "carl"}) || sm.Seed != 7 || sm.Stratify != "type" || len(sm.Fragments) != 3 {
		t.Fatalf("sample twee = %+v, %v", sm, err)
	}
	if got := lastActor(t, s); got != "ada sample.create" {
		t.Errorf("last event %q", got)
	}
	// Chosen documents.
	if code, body, _ := post(t, base+"/samples/new", url.Values{"name": {"drie"}, "doc": {doc}, "coder": {"ann", "boss"}}); code != http.StatusSeeOther {
		t.Fatalf("draw chosen: %d %s", code, body)
	}
	if sm, err := s.Sample("drie"); err != nil || !slices.Equal(sm.Docs, []string{doc}) {
		t.Fatalf("sample drie = %+v, %v", sm, err)
	}
}

// Item 5: a sample's page shows its documents with their units and each
// coder's progress, as `plancoder sample show` does.
func TestSamplePage(t *testing.T) {
	ts, _ := server(t, "admin")
	code, body := get(t, "GET", ts.URL+"/admin/samples/show?name=pilot")
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	for _, w := range []string{"1 documents, 3 units", "seed 1", "every fragment of the sample, headings included",
		`<td>ann</td><td class="n">1</td><td class="n">3</td><td class="n">33%</td>`, `<td>bob</td><td class="n">0</td>`,
		`id="doc-socius-plan-2021-2025"`, "3 fragments", "socius-plan-2021-2025/0002", "&lt;script&gt;", "plancoder code --sample pilot"} {
		if !strings.Contains(body, w) {
			t.Errorf("sample page lacks %q:\n%s", w, body)
		}
	}
	if strings.Contains(body, "<script>") {
		t.Error("a fragment's markup is not escaped")
	}
	if code, _ := get(t, "GET", ts.URL+"/admin/samples/show?name=nope"); code != 404 {
		t.Errorf("a missing sample: %d", code)
	}
}
