package readers

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/plancoder/plancoder/analysis"
	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/internal/demo"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/search"
	"github.com/plancoder/plancoder/store"
	"github.com/xuri/excelize/v2"
)

// evilText is a fragment that must show as text, never as markup.
const evilText = `Het plan zegt <script>alert("x")</script> en 'citaat' & "meer" over vrijwilligers.`

// fixture is a demo project (two organisations, three coders, a sample)
// plus one organisation whose name, title and only fragment hold markup.
type fixture struct {
	p  *project.Project
	s  *store.Store
	x  *index.Index
	ts *httptest.Server
}

var (
	fixOnce sync.Once
	fix     *fixture
	fixErr  error
	fixDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if fix != nil {
		fix.ts.Close()
		fix.x.Close()
		fix.s.Close()
	}
	if fixDir != "" {
		os.RemoveAll(fixDir)
	}
	os.Exit(code)
}

func build() (*fixture, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "readers-test-")
	if err != nil {
		return nil, err
	}
	fixDir = dir
	p, sum, err := demo.Demo(ctx, filepath.Join(dir, "demo"), demo.Options{Orgs: 2, Seed: 3, Workers: 2, Actor: "test"})
	if err != nil {
		return nil, fmt.Errorf("demo (%+v): %w", sum, err)
	}
	s, err := p.Open()
	if err != nil {
		return nil, err
	}
	if _, _, err := s.PutOrganisations("test", []store.Organisation{{ID: "evil-org", Name: `Org <i>"x"</i> & co`}}); err != nil {
		return nil, err
	}
	file := filepath.Join(dir, "evil.txt")
	if err := os.WriteFile(file, []byte("Inleiding\n\n"+evilText+"\n"), 0o644); err != nil {
		return nil, err
	}
	res, err := project.Ingest(ctx, s, project.IngestOptions{Actor: "test", Jobs: []ingest.Job{{Path: file,
		Meta: ingest.Meta{ID: "evil-plan", Org: "evil-org", Type: store.TypePlan, Period: "2021-2025", Year: 2021, Title: `Plan <b>"vet"</b>`}}}})
	if err != nil || res.Failed > 0 {
		return nil, fmt.Errorf("ingest evil.txt: %v %+v", err, res.Reports)
	}
	frags, err := s.Fragments("evil-plan", 1, 0)
	if err != nil {
		return nil, err
	}
	for _, f := range frags {
		if strings.Contains(f.Text, "<script>") {
			if err := s.AddCodings(store.Coding{Fragment: f.ID, Code: "VRIJW", Coder: "ann"}); err != nil {
				return nil, err
			}
		}
	}
	if _, err := s.AddMemo(store.Memo{Author: "lead", Kind: store.MemoCode, Target: "VRIJW", Text: `Bevinding <script>alert(1)</script>`}); err != nil {
		return nil, err
	}
	x, err := p.OpenIndex(ctx, s, nil)
	if err != nil {
		return nil, err
	}
	h := Handler(Deps{
		With: func(ctx context.Context, fn func(*store.Store, *index.Index) error) error { return fn(s, x) },
		User: func(*http.Request) (string, string) { return "rita", "reader" },
	})
	return &fixture{p: p, s: s, x: x, ts: httptest.NewServer(h)}, nil
}

func getFixture(t testing.TB) *fixture {
	t.Helper()
	fixOnce.Do(func() { fix, fixErr = build() })
	if fixErr != nil {
		t.Fatal(fixErr)
	}
	return fix
}

func (f *fixture) dataset(t testing.TB, fl analysis.Filters) *analysis.Dataset {
	t.Helper()
	d, err := analysis.Load(f.s, fl, analysis.DefaultRules)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// get fetches path and returns status and body.
func (f *fixture) get(t *testing.T, path string) (int, string) {
	t.Helper()
	res, err := http.Get(f.ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

func (f *fixture) csv(t *testing.T, path string) [][]string {
	t.Helper()
	code, body := f.get(t, path)
	if code != 200 {
		t.Fatalf("%s: %d %s", path, code, body)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func tableRows(t analysis.Table) [][]string { return append([][]string{t.Header}, t.Rows...) }

func TestPagesServe(t *testing.T) {
	f := getFixture(t)
	for _, path := range []string{"/", "/theme/VRIJW", "/theme/vrijw", "/matrix", "/matrix?rows=type&measure=share", "/matrix?rows=part&cols=VRIJW,FIN",
		"/matrix?rows=period", "/cooccur", "/cooccur?unit=document", "/trend", "/trend?code=VRIJW&by=period", "/search", "/search?q=vrijwilliger&type=plan",
		"/reliability", "/reliability?sample=pilot", "/quotes?rows=org&value=evil-org&code=VRIJW", "/static/readers.css",
		"/theme/VRIJW?org=evil-org&type=plan&period=2021-2025&year=2021&part=overig"} {
		code, body := f.get(t, path)
		if code != 200 {
			t.Errorf("%s: status %d: %s", path, code, body)
			continue
		}
		if strings.Contains(body, "<script") || strings.Contains(body, " style=") || strings.Contains(body, "<style") {
			t.Errorf("%s: script or inline style in the page", path)
		}
	}
}

func TestThemeEqualsAnalysis(t *testing.T) {
	f := getFixture(t)
	d := f.dataset(t, analysis.Filters{})
	r, err := d.Theme("VRIJW", themeQuotes)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.csv(t, "/theme/VRIJW?format=csv"), tableRows(analysis.ThemeTable(r)); !reflect.DeepEqual(got, want) {
		t.Errorf("theme CSV\n%q\nwant\n%q", got, want)
	}
	if got, want := f.csv(t, "/theme/VRIJW?format=csv&table=cooccurring"), tableRows(analysis.CooccurringTable(r)); !reflect.DeepEqual(got, want) {
		t.Errorf("cooccurring CSV %q, want %q", got, want)
	}
	_, body := f.get(t, "/theme/VRIJW")
	want := fmt.Sprintf("<strong>%d</strong> fragments in <strong>%d of %d</strong> documents, <strong>%d of %d</strong> organisations",
		r.Count.Fragments, r.Count.Documents, r.OfDocs, r.Count.Organisations, r.OfOrgs)
	if !strings.Contains(body, want) {
		t.Errorf("theme page lacks %q", want)
	}
	for _, q := range r.Quotes {
		if !strings.Contains(body, "("+q.ID+")") {
			t.Errorf("theme page lacks quote %s", q.ID)
		}
	}
	if !strings.Contains(body, "<svg") {
		t.Error("theme page has no chart")
	}
	// Filters narrow the theme as --type does.
	dp := f.dataset(t, analysis.Filters{Type: store.TypePlan, Org: "evil-org"})
	rp, err := dp.Theme("VRIJW", themeQuotes)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.csv(t, "/theme/VRIJW?format=csv&type=plan&org=evil-org"), tableRows(analysis.ThemeTable(rp)); !reflect.DeepEqual(got, want) {
		t.Errorf("filtered theme CSV %q, want %q", got, want)
	}
	if rp.Count.Fragments != 1 {
		t.Errorf("evil-org has %d VRIJW fragments, want 1", rp.Count.Fragments)
	}
}

var reCellLink = regexp.MustCompile(`<a href="(/quotes\?[^"]+)">([0-9.]+)</a>`)

func TestMatrixCellsLinkTheirFragments(t *testing.T) {
	f := getFixture(t)
	d := f.dataset(t, analysis.Filters{})
	for _, rows := range []string{"org", "type", "part"} {
		m, err := d.Matrix(rows, analysis.Fragments, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := f.csv(t, "/matrix?format=csv&rows="+rows), tableRows(analysis.MatrixTable(m, rows)); !reflect.DeepEqual(got, want) {
			t.Errorf("matrix by %s CSV differs from MatrixTable:\n%q\n%q", rows, got, want)
		}
	}
	_, body := f.get(t, "/matrix?rows=type")
	links := reCellLink.FindAllStringSubmatch(body, -1)
	if len(links) == 0 {
		t.Fatal("no cell links in the matrix")
	}
	re := regexp.MustCompile(`<strong>(\d+)</strong> fragments? with`)
	for i, l := range links {
		if i > 12 {
			break
		}
		href := strings.ReplaceAll(l[1], "&amp;", "&")
		_, q := f.get(t, href)
		n := re.FindStringSubmatch(q)
		if n == nil || n[1] != l[2] {
			t.Errorf("cell %s shows %s, its quotes page says %v", href, l[2], n)
		}
		rows := f.csv(t, href+"&format=csv")
		if fmt.Sprint(len(rows)-1) != l[2] {
			t.Errorf("cell %s shows %s, its CSV has %d rows", href, l[2], len(rows)-1)
		}
	}
}

func TestCooccurTrendEqualAnalysis(t *testing.T) {
	f := getFixture(t)
	d := f.dataset(t, analysis.Filters{})
	co, err := d.Cooccur("section")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.csv(t, "/cooccur?unit=section&format=csv&table=cooccur"), tableRows(analysis.CooccurTable(co)); !reflect.DeepEqual(got, want) {
		t.Errorf("cooccur CSV %q, want %q", got, want)
	}
	for _, by := range []string{"year", "period"} {
		rows, err := d.Trend("VRIJW", by, "")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := f.csv(t, "/trend?code=VRIJW&format=csv&by="+by), tableRows(analysis.TrendTable(rows, by)); !reflect.DeepEqual(got, want) {
			t.Errorf("trend by %s CSV %q, want %q", by, got, want)
		}
	}
	// The organisation is a view with every document's denominators, as
	// in the trend command.
	rows, err := d.Trend("VRIJW", "year", "evil-org")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.csv(t, "/trend?code=VRIJW&org=evil-org&format=csv"), tableRows(analysis.TrendTable(rows, "year")); !reflect.DeepEqual(got, want) {
		t.Errorf("trend of one org CSV %q, want %q", got, want)
	}
}

func TestSearchEqualsProject(t *testing.T) {
	f := getFixture(t)
	res, err := search.Search(context.Background(), f.s, f.x, search.Options{
		Request: index.Request{Query: "vrijwilliger", Type: store.TypePlan, Limit: searchPage}, Codes: []string{"VRIJW"}, Context: 60})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total == 0 {
		t.Fatal("no hits to compare")
	}
	if got, want := f.csv(t, "/search?q=vrijwilliger&type=plan&code=VRIJW&format=csv"), tableRows(search.Table(res)); !reflect.DeepEqual(got, want) {
		t.Errorf("search CSV %q, want %q", got, want)
	}
	_, body := f.get(t, "/search?q=vrijwilliger&type=plan&code=VRIJW")
	if !strings.Contains(body, fmt.Sprintf("<strong>%d</strong> fragments", res.Total)) || !strings.Contains(body, "<mark>") {
		t.Errorf("search page lacks the total %d or the marked match", res.Total)
	}
}

func TestReliabilityEqualsAgree(t *testing.T) {
	f := getFixture(t)
	rep, err := coding.AgreeSample(f.s, "pilot", coding.AgreeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	header, rows := rep.Table()
	if got := f.csv(t, "/reliability?sample=pilot&format=csv"); !reflect.DeepEqual(got, append([][]string{header}, rows...)) {
		t.Errorf("reliability CSV %q, want %q", got, append([][]string{header}, rows...))
	}
	_, body := f.get(t, "/reliability?sample=pilot")
	for _, ca := range rep.Codes {
		if !strings.Contains(body, ">"+ca.Code+"</a>") {
			t.Errorf("reliability page lacks %s", ca.Code)
		}
	}
	if rep.Verdict == coding.TooLittleData && !strings.Contains(body, "too little data") {
		t.Error("reliability page does not say too little data")
	}
	// Aggregates only: no coder's own codings of the blind sample, no
	// fragment of it.
	sm, err := f.s.Sample("pilot")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range sm.Fragments[:min(20, len(sm.Fragments))] {
		if strings.Contains(body, id) {
			t.Errorf("reliability page names the sample fragment %s", id)
		}
	}
}

func TestEscapesText(t *testing.T) {
	f := getFixture(t)
	for _, path := range []string{"/quotes?rows=org&value=evil-org&code=VRIJW", "/search?q=alert", "/theme/VRIJW", "/theme/VRIJW?org=evil-org",
		"/matrix?rows=org", "/search?q=" + url.QueryEscape(`"<script>"`)} {
		code, body := f.get(t, path)
		if code != 200 {
			t.Errorf("%s: %d %s", path, code, body)
			continue
		}
		if strings.Contains(body, "<script") || strings.Contains(body, "<i>") || strings.Contains(body, "<b>") {
			t.Errorf("%s: markup from the project's text reached the page", path)
		}
	}
	_, body := f.get(t, "/quotes?rows=org&value=evil-org&code=VRIJW")
	if !strings.Contains(body, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; en &#39;citaat&#39; &amp; &#34;meer&#34;`) {
		t.Errorf("the fragment is not shown as text:\n%s", body)
	}
	if !strings.Contains(body, `Org &lt;i&gt;&#34;x&#34;&lt;/i&gt; &amp; co`) {
		t.Error("the organisation's name is not shown as text")
	}
	_, body = f.get(t, "/theme/VRIJW?org=evil-org")
	if !strings.Contains(body, "Bevinding &lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the findings memo is not shown as text")
	}
}

func TestStrictParameters(t *testing.T) {
	f := getFixture(t)
	for _, tt := range []struct{ path, want string }{
		{"/theme/NOSUCH", "not in the codebook"},
		{"/theme/<script>", "not a code key"},
		{"/theme/VRIJW?org=nobody", "not in the project"},
		{"/theme/VRIJW?type=pamflet", "type"},
		{"/theme/VRIJW?period=2099-2100", "no document has it"},
		{"/theme/VRIJW?period=soon", "YYYY-YYYY"},
		{"/theme/VRIJW?year=20x1", "year"},
		{"/theme/VRIJW?part=hoofdstuk", "part"},
		{"/theme/VRIJW?colour=red", "colour"},
		{"/theme/VRIJW?type=plan&type=plan", "once"},
		{"/theme/VRIJW?format=pdf", "csv or xlsx"},
		{"/theme/VRIJW?format=csv&table=nope", "this page has"},
		{"/matrix?rows=colour", "rows"},
		{"/matrix?rows=attr:nosuch", "no organisation has"},
		{"/matrix?cols=VRIJW,NOPE", "NOPE"},
		{"/matrix?measure=weight", "measure"},
		{"/quotes?rows=org&code=VRIJW", "quotes needs"},
		{"/quotes?rows=org&value=nobody&code=VRIJW", "not a row"},
		{"/cooccur?unit=page", "unit"},
		{"/trend?code=VRIJW&by=decade", "by"},
		{"/trend?code=NOPE", "not in the codebook"},
		{"/search?q=%2B%28", "search"},
		{"/search?offset=-1&q=a", "offset"},
		{"/reliability?sample=nosuch", "not in the project"},
		{"/?x=1", "takes no parameters"},
		{"/search?q=%ff", "UTF-8"},
		{"/search?q=a%00b", "control"},
		{"/search?q=a;b", "malformed"},
	} {
		code, body := f.get(t, tt.path)
		if code != http.StatusBadRequest || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d, want 400 saying %q:\n%s", tt.path, code, tt.want, body)
		}
	}
	if code, _ := f.get(t, "/nosuch"); code != http.StatusNotFound {
		t.Errorf("/nosuch: %d, want 404", code)
	}
}

func TestMethods(t *testing.T) {
	f := getFixture(t)
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
		req, _ := http.NewRequest(m, f.ts.URL+"/matrix", strings.NewReader("x=1"))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: %d, Allow %q; want 405", m, res.StatusCode, res.Header.Get("Allow"))
		}
	}
	res, err := http.Head(f.ts.URL + "/theme/VRIJW")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Security-Policy") != CSP {
		t.Errorf("HEAD: %d, CSP %q", res.StatusCode, res.Header.Get("Content-Security-Policy"))
	}
}

func TestXLSXDownloads(t *testing.T) {
	f := getFixture(t)
	for _, path := range []string{"/theme/VRIJW?format=xlsx", "/matrix?rows=type&format=xlsx", "/reliability?sample=pilot&format=xlsx&table=codes"} {
		res, err := http.Get(f.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(x.GetSheetList()) == 0 {
			t.Errorf("%s: no sheets", path)
		}
		x.Close()
	}
	res, err := http.Get(f.ts.URL + "/theme/VRIJW?format=xlsx")
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.GetSheetList(); !reflect.DeepEqual(got, []string{"theme", "organisations", "cooccurring", "terms", "quotes"}) {
		t.Errorf("theme workbook sheets %v", got)
	}
}

// TestMountedUnderPrefix: links and the stylesheet carry the mount point
// when the server mounts the handler under /a/.
func TestMountedUnderPrefix(t *testing.T) {
	f := getFixture(t)
	h := Handler(Deps{With: func(ctx context.Context, fn func(*store.Store, *index.Index) error) error { return fn(f.s, f.x) }})
	mux := http.NewServeMux()
	mux.Handle("/a/", http.StripPrefix("/a", h))
	ts := httptest.NewServer(mux)
	defer ts.Close()
	res, err := http.Get(ts.URL + "/a/matrix?rows=type")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	body := string(b)
	for _, want := range []string{`href="/a/static/readers.css"`, `href="/a/quotes?`, `href="/a/matrix?format=csv`} {
		if !strings.Contains(body, want) {
			t.Errorf("mounted page lacks %s", want)
		}
	}
	if res, err := http.Get(ts.URL + "/a/static/readers.css"); err != nil || res.StatusCode != 200 {
		t.Errorf("stylesheet under /a/: %v %v", res, err)
	}
}
