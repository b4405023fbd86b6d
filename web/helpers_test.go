package web

import (
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plancoder/plancoder/codebook"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/web/account"
)

func TestMain(m *testing.M) {
	// Hashing at full strength costs 64 MiB and ~0.1 s a login; the
	// tests check the logic, not the cost.
	account.Cost = account.Params{Time: 1, Memory: 64, Threads: 1}
	os.Exit(m.Run())
}

const testPassword = "correct horse battery"

// fixture is a served test project: one document of five fragments (the
// third holds markup and quotes), the example codebook, a sample coded by
// ann and bob, and the users ann, bob (coders), cee (coder outside the
// sample), rita (reader) and ada (admin).
type fixture struct {
	t     testing.TB
	p     *project.Project
	srv   *Server
	ts    *httptest.Server
	clock *clock
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

const evilText = `Wij schrijven <script>alert("x")</script> & 'enkele' "dubbele" aanhalingstekens.`

var fixtureParas = []string{
	"Inleiding van het plan over vrijwilligers.",
	"Wij werken met vrijwilligers in de buurt aan verbinding.",
	evilText,
	"Armoede bestrijden is een doel van de organisatie.",
	"Tot slot: de begroting en de vrijwilligers.",
}

const fixtureDoc = "socius-beleidsplan-2021-2025"

// fixtureSHA is the SHA-256 the fixture document's source has: that of
// fixturePDF.
var (
	fixturePDF = []byte("%PDF-1.4\n% a stand-in: the server serves bytes, it does not read them\n%%EOF\n")
	fixtureSHA = fmt.Sprintf("%x", sha256.Sum256(fixturePDF))
)

func newFixture(t testing.TB) *fixture {
	t.Helper()
	p, err := project.Init(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st, err := p.Open()
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	var frags []store.Fragment
	for i, para := range fixtureParas {
		if i > 0 {
			sb.WriteString("\n\n")
		}
		start := sb.Len()
		sb.WriteString(para)
		frags = append(frags, store.Fragment{ID: store.FragmentID(fixtureDoc, i+1), Doc: fixtureDoc, Ordinal: i + 1,
			Kind: store.KindParagraph, Page: 1, Section: []string{"1. Missie", "1.1 Doelen"}, Text: para, Start: start, End: sb.Len()})
	}
	doc := store.Document{ID: fixtureDoc, Org: "socius", Type: store.TypePlan, Title: "Beleidsplan 2021-2025",
		Source: "socius.pdf", Format: "pdf", SHA256: fixtureSHA}
	if _, err := st.PutDocument("test", doc, sb.String(), frags); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutCodes("test", codebook.Example().Codes); err != nil {
		t.Fatal(err)
	}
	if err := st.PutSample("test", store.Sample{Name: "s1", Docs: []string{fixtureDoc},
		Fragments: []string{frags[0].ID, frags[1].ID, frags[2].ID}, Coders: []string{"ann", "bob"}}); err != nil {
		t.Fatal(err)
	}
	for name, role := range map[string]string{"ann": store.RoleCoder, "bob": store.RoleCoder, "cee": store.RoleCoder,
		"rita": store.RoleReader, "ada": store.RoleAdmin} {
		if err := AddUser(st, "test", name, role, testPassword); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	ck := &clock{t: time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)}
	srv, err := New(Config{Project: p, Now: ck.now})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &fixture{t: t, p: p, srv: srv, ts: ts, clock: ck}
}

// client is one browser.
type client struct {
	f    *fixture
	hc   *http.Client
	csrf string
}

func (f *fixture) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{f: f, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get returns the status and body of a GET.
func (c *client) get(path string) (int, string) {
	c.f.t.Helper()
	res, err := c.hc.Get(c.f.ts.URL + path)
	if err != nil {
		c.f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := csrfRE.FindStringSubmatch(string(b)); m != nil {
		c.csrf = m[1]
	}
	return res.StatusCode, string(b)
}

// post sends a form (with the client's CSRF token unless the form has one).
func (c *client) post(path string, form url.Values) (int, string) {
	c.f.t.Helper()
	if _, ok := form["csrf"]; !ok && c.csrf != "" {
		form.Set("csrf", c.csrf)
	}
	res, err := c.hc.PostForm(c.f.ts.URL+path, form)
	if err != nil {
		c.f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := csrfRE.FindStringSubmatch(string(b)); m != nil {
		c.csrf = m[1]
	}
	return res.StatusCode, string(b)
}

func (c *client) login(name, password string) int {
	c.f.t.Helper()
	c.get("/login")
	code, _ := c.post("/login", url.Values{"name": {name}, "password": {password}})
	if code == http.StatusSeeOther {
		c.get("/") // picks up the session's CSRF token
	}
	return code
}

func (f *fixture) loggedIn(name string) *client {
	f.t.Helper()
	c := f.client()
	if code := c.login(name, testPassword); code != http.StatusSeeOther {
		f.t.Fatalf("login %s: status %d", name, code)
	}
	return c
}

// start begins a coding queue and fails the test unless it starts.
func (c *client) start(form url.Values) {
	c.f.t.Helper()
	if code, body := c.post("/code/start", form); code != http.StatusSeeOther {
		c.f.t.Fatalf("start %v: status %d: %s", form, code, body)
	}
}

var fragRE = regexp.MustCompile(`data-frag="([^"]+)"`)

// current is the fragment the coding page shows.
func (c *client) current() (string, string) {
	c.f.t.Helper()
	code, body := c.get("/code")
	if code != http.StatusOK {
		c.f.t.Fatalf("GET /code: %d: %s", code, body)
	}
	m := fragRE.FindStringSubmatch(body)
	if m == nil {
		c.f.t.Fatalf("no fragment on the coding page: %s", body)
	}
	return m[1], body
}

// do posts a coding action for the current fragment.
func (c *client) do(kv ...string) (int, string) {
	c.f.t.Helper()
	frag, _ := c.current()
	form := url.Values{"frag": {frag}}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Set(kv[i], kv[i+1])
	}
	return c.post("/code/do", form)
}

// codes lists coder's codes on a fragment, read from the store.
func (f *fixture) codes(frag, coder string) []string {
	f.t.Helper()
	st, err := f.p.Open()
	if err != nil {
		f.t.Fatal(err)
	}
	defer st.Close()
	cs, err := st.Codings(store.CodingFilter{Fragment: frag})
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		if c.Coder == coder {
			out = append(out, c.Code)
		}
	}
	return out
}

func fragID(n int) string { return fmt.Sprintf("%s/%04d", fixtureDoc, n) }
