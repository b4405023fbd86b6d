package admin

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
)

// server is a small project (one document with markup in its text, the
// example-like codebook with markup in a definition, a sample) served to a
// user of the given role.
func server(t testing.TB, role string) (*httptest.Server, *store.Store) {
	t.Helper()
	dir := t.TempDir()
	p, err := project.Init(filepath.Join(dir, "p"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := p.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	file := filepath.Join(dir, "socius-plan-2021-2025.txt")
	os.WriteFile(file, []byte("Inleiding\n\nWe werken met vrijwilligers <script>alert(1)</script>.\n\nTweede alinea over financiën.\n"), 0o644)
	if sum, err := project.Ingest(context.Background(), s, project.IngestOptions{Actor: "t", Jobs: []ingest.Job{{Path: file}}}); err != nil || sum.Failed > 0 {
		t.Fatalf("ingest: %v %+v", err, sum.Reports)
	}
	if _, err := s.PutCodes("t", []store.Code{{Key: "VRIJW", Name: "Vrijwilligers", Description: `Inzet <b>"vrijwillig"</b>`}, {Key: "FIN", Name: "Financiën"}}); err != nil {
		t.Fatal(err)
	}
	frag := store.FragmentID("socius-plan-2021-2025", 2)
	if err := s.AddCodings(store.Coding{Fragment: frag, Code: "VRIJW", Coder: "ann"}); err != nil {
		t.Fatal(err)
	}
	if _, err := coding.CreateSample(s, "t", coding.SampleOptions{Name: "pilot", Docs: 1, Coders: []string{"ann", "bob"}, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MarkSeen("ann", store.SeenAt(time.Time{}, frag), false); err != nil {
		t.Fatal(err)
	}
	x, err := p.OpenIndex(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	h := Handler(Deps{
		With: func(ctx context.Context, fn func(*store.Store, *index.Index) error) error { return fn(s, x) },
		User: func(*http.Request) (string, string) { return "ada", role },
		CSRF: func(*http.Request) string { return testCSRF },
	})
	mux := http.NewServeMux()
	mux.Handle("/admin/", http.StripPrefix("/admin", h))
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts, s
}

// testCSRF is the session's CSRF token the test server expects.
const testCSRF = "the-session-token"

func get(t *testing.T, method, url string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if csp := res.Header.Get("Content-Security-Policy"); csp != CSP {
		t.Errorf("%s: CSP %q", url, csp)
	}
	return res.StatusCode, string(b)
}

func TestPages(t *testing.T) {
	ts, _ := server(t, "admin")
	for _, c := range []struct {
		path string
		want []string
	}{
		{"/admin/", []string{"1 documents, 3 fragments", "up to date", "socius-plan-2021-2025", `href="/admin/codebook"`}},
		{"/admin/codebook", []string{"VRIJW", `Inzet &lt;b&gt;&#34;vrijwillig&#34;&lt;/b&gt;`, "<td class=\"n\">1</td>"}},
		{"/admin/samples", []string{"pilot", "<td>ann</td><td class=\"n\">1</td><td class=\"n\">3</td><td class=\"n\">33%</td>", "<td>bob</td><td class=\"n\">0</td>"}},
		{"/admin/check", []string{"ok: store and index are consistent (3 fragments, 3 indexed)"}},
	} {
		code, body := get(t, "GET", ts.URL+c.path)
		if code != 200 {
			t.Errorf("%s: %d %s", c.path, code, body)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q:\n%s", c.path, w, body)
			}
		}
		if strings.Contains(body, "<b>") || strings.Contains(body, "<script>") {
			t.Errorf("%s: markup from the data is not escaped", c.path)
		}
	}
	if code, _ := get(t, "GET", ts.URL+"/admin/nosuch"); code != 404 {
		t.Errorf("unknown page: %d", code)
	}
	if code, _ := get(t, "POST", ts.URL+"/admin/"); code != 405 {
		t.Errorf("POST: %d", code)
	}
}

// TestAdminOnly: coders and readers get 403 on every admin page.
func TestAdminOnly(t *testing.T) {
	for _, role := range []string{"coder", "reader", ""} {
		ts, _ := server(t, role)
		for _, p := range []string{"/admin/", "/admin/codebook", "/admin/samples", "/admin/check", "/admin/static/admin.css"} {
			if code, _ := get(t, "GET", ts.URL+p); code != http.StatusForbidden {
				t.Errorf("%s %s: %d, want 403", fmt.Sprint(role), p, code)
			}
		}
	}
}

// TestCheckShowsProblems: a change the index has not seen yet (a document
// edited after the index was opened) is reported, on both pages.
func TestCheckShowsProblems(t *testing.T) {
	ts, s := server(t, "admin")
	period := "2022-2026"
	if _, err := s.EditDocument("t", "socius-plan-2021-2025", store.DocumentEdit{Period: &period}); err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, "GET", ts.URL+"/admin/check"); !strings.Contains(body, "1 document(s) waiting for the index") {
		t.Errorf("check page: %s", body)
	}
	if _, body := get(t, "GET", ts.URL+"/admin/"); !strings.Contains(body, "1 document(s) not yet indexed") {
		t.Errorf("status page: %s", body)
	}
}
