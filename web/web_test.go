package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
)

func TestLoginLogout(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	if code, _ := c.get("/"); code != http.StatusSeeOther {
		t.Fatalf("GET / without login: %d, want a redirect to /login", code)
	}
	if code := c.login("ann", "wrong password!"); code != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", code)
	}
	if code := c.login("nobody", testPassword); code != http.StatusUnauthorized {
		t.Fatalf("unknown user: %d", code)
	}
	if code := c.login("ann", testPassword); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	code, body := c.get("/")
	if code != http.StatusOK || !strings.Contains(body, "ann (coder)") {
		t.Fatalf("home after login: %d %s", code, body)
	}
	if code, _ := c.post("/logout", url.Values{"csrf": {"forged"}}); code != http.StatusForbidden {
		t.Fatalf("logout with a wrong token: %d", code)
	}
	if code, _ := c.post("/logout", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("logout: %d", code)
	}
	if code, _ := c.get("/"); code != http.StatusSeeOther {
		t.Fatalf("GET / after logout: %d", code)
	}
}

func TestCookieFlags(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	c.get("/login")
	res, err := c.hc.PostForm(f.ts.URL+"/login", url.Values{"name": {"ann"}, "password": {testPassword}, "csrf": {c.csrf}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var found bool
	for _, ck := range res.Cookies() {
		if ck.Name == sessionCookie && ck.Value != "" {
			found = true
			if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.MaxAge <= 0 {
				t.Errorf("session cookie %+v: want HttpOnly, SameSite=Strict, an expiry", ck)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie")
	}
	// Under TLS the cookie is Secure.
	f.srv.cfg.Secure = true
	if ck := f.srv.cookie(sessionCookie, "x", "/", 1); !ck.Secure {
		t.Error("cookie not Secure under TLS")
	}
}

func TestSessionExpiry(t *testing.T) {
	f := newFixture(t)
	c := f.loggedIn("ann")
	f.clock.add(90 * time.Minute)
	if code, _ := c.get("/"); code != http.StatusOK {
		t.Fatalf("after 90 min of use: %d", code)
	}
	f.clock.add(2*time.Hour + time.Minute)
	if code, _ := c.get("/"); code != http.StatusSeeOther {
		t.Fatalf("after 2 h idle: %d, want the login page", code)
	}
	// Absolute expiry: in use all the time, still over after 12 h.
	c = f.loggedIn("ann")
	for i := 0; i < 13; i++ {
		f.clock.add(time.Hour)
		c.get("/")
	}
	if code, _ := c.get("/"); code != http.StatusSeeOther {
		t.Fatalf("after 13 h: %d, want the login page", code)
	}
}

func TestSessionEndsWithUserOrPassword(t *testing.T) {
	f := newFixture(t)
	ann := f.loggedIn("ann")
	bob := f.loggedIn("bob")
	st, err := f.p.Open()
	if err != nil {
		t.Fatal(err)
	}
	if err := SetPassword(st, "ada", "ann", "a brand new password"); err != nil {
		t.Fatal(err)
	}
	if err := st.RemoveUser("ada", "bob"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for name, c := range map[string]*client{"ann": ann, "bob": bob} {
		if code, _ := c.get("/"); code != http.StatusSeeOther {
			t.Errorf("%s: %d after a password change or removal, want the login page", name, code)
		}
	}
}

func TestCSRFRefused(t *testing.T) {
	f := newFixture(t)
	c := f.loggedIn("ann")
	c.start(url.Values{"kind": {"doc"}, "doc": {fixtureDoc}, "fromstart": {"1"}})
	frag, _ := c.current()
	for _, tok := range []string{"", "forged", c.csrf + "x"} {
		form := url.Values{"op": {"toggle"}, "code": {"VERBIND"}, "frag": {frag}, "csrf": {tok}}
		if code, _ := c.post("/code/do", form); code != http.StatusForbidden {
			t.Errorf("token %q: %d, want 403", tok, code)
		}
		if code, _ := c.post("/code/start", url.Values{"kind": {"uncoded"}, "csrf": {tok}}); code != http.StatusForbidden {
			t.Errorf("start with token %q: %d, want 403", tok, code)
		}
	}
	if got := f.codes(frag, "ann"); len(got) != 0 {
		t.Fatalf("a refused request wrote %v", got)
	}
	// A login posted without the login page's cookie (from another site).
	other := f.client()
	if code, _ := other.post("/login", url.Values{"name": {"ann"}, "password": {testPassword}, "csrf": {"x"}}); code != http.StatusForbidden {
		t.Fatalf("login without the form's cookie: %d", code)
	}
}

func TestLoginRateLimit(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	for i := 1; i <= freeFailures; i++ {
		if code := c.login("ann", "wrong password!"); code != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i, code)
		}
	}
	// Slowed down now: even the right password waits.
	if code := c.login("ann", testPassword); code != http.StatusTooManyRequests {
		t.Fatalf("after %d failures: %d, want 429", freeFailures, code)
	}
	f.clock.add(1100 * time.Millisecond)
	if code := c.login("ann", "wrong password!"); code != http.StatusUnauthorized {
		t.Fatalf("after the wait: %d", code)
	}
	// The wait doubles.
	f.clock.add(1100 * time.Millisecond)
	if code := c.login("ann", testPassword); code != http.StatusTooManyRequests {
		t.Fatalf("1.1 s after the 4th failure: %d, want 429 (2 s)", code)
	}
	f.clock.add(time.Second)
	if code := c.login("ann", testPassword); code != http.StatusSeeOther {
		t.Fatalf("after the wait with the right password: %d", code)
	}
	// Per address: many names from one address.
	d := f.client()
	for i := 0; i < freeAddrFailures; i++ {
		d.login("guess"+string(rune('a'+i)), "wrong password!")
	}
	if code := d.login("bob", testPassword); code != http.StatusTooManyRequests {
		t.Fatalf("after %d failures from one address: %d, want 429", freeAddrFailures, code)
	}
}

func TestReaderForbiddenOnCoding(t *testing.T) {
	f := newFixture(t)
	r := f.loggedIn("rita")
	for _, tc := range []struct {
		method, path string
		form         url.Values
	}{
		{"GET", "/code", nil},
		{"POST", "/code/start", url.Values{"kind": {"doc"}, "doc": {fixtureDoc}}},
		{"POST", "/code/start", url.Values{"kind": {"sample"}, "sample": {"s1"}}},
		{"POST", "/code/do", url.Values{"op": {"toggle"}, "code": {"VERBIND"}, "frag": {fragID(1)}}},
		{"POST", "/code/do", url.Values{"op": {"undo"}, "frag": {fragID(1)}}},
		{"POST", "/code/do", url.Values{"op": {"memo"}, "text": {"x"}, "frag": {fragID(1)}}},
	} {
		var code int
		if tc.method == "GET" {
			code, _ = r.get(tc.path)
		} else {
			code, _ = r.post(tc.path, tc.form)
		}
		if code != http.StatusForbidden {
			t.Errorf("reader %s %s: %d, want 403", tc.method, tc.path, code)
		}
	}
	if _, body := r.get("/"); strings.Contains(body, "/code/start") {
		t.Error("the reader's home page offers coding")
	}
}

func TestFragmentShownAsText(t *testing.T) {
	f := newFixture(t)
	c := f.loggedIn("ann")
	c.start(url.Values{"kind": {"doc"}, "doc": {fixtureDoc}, "fromstart": {"1"}})
	c.post("/code/do", url.Values{"op": {"jump"}, "to": {"3"}, "frag": {fragID(1)}})
	frag, body := c.current()
	if frag != fragID(3) {
		t.Fatalf("at %s, want %s", frag, fragID(3))
	}
	if strings.Contains(body, `<script>alert`) {
		t.Fatal("the fragment's markup reached the page as markup")
	}
	want := `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;enkele&#39; &#34;dubbele&#34;`
	if !strings.Contains(body, want) {
		t.Fatalf("the fragment is not shown as text; page:\n%s", body)
	}
}

func TestStaticHasNoListing(t *testing.T) {
	f := newFixture(t)
	for path, want := range map[string]int{"/static/": 404, "/static/app.css": 200, "/static/../templates/code.html": 404} {
		res, err := http.Get(f.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want && !(want == 404 && res.StatusCode >= 300 && res.StatusCode < 400) {
			t.Errorf("GET %s: %d, want %d", path, res.StatusCode, want)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/login", "/static/app.js", "/"} {
		res, err := http.Get(f.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		h := res.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		for k, v := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"} {
			if h.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", path, k, h.Get(k), v)
			}
		}
	}
}

// decode reads a /code/do answer.
func decode(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("answer %q: %v", body, err)
	}
	return m
}

func TestCodingFlow(t *testing.T) {
	f := newFixture(t)
	c := f.loggedIn("ann")
	c.start(url.Values{"kind": {"doc"}, "doc": {fixtureDoc}})
	frag, body := c.current()
	if frag != fragID(1) || !strings.Contains(body, "1. Missie &gt; 1.1 Doelen") || !strings.Contains(body, "Beleidsplan 2021-2025") {
		t.Fatalf("first page: %s %s", frag, body)
	}
	code, body := c.do("op", "toggle", "code", "verbind")
	if m := decode(t, body); code != 200 || m["on"] != true || m["msg"] != "saved +VERBIND" {
		t.Fatalf("toggle: %d %v", code, m)
	}
	// Durable before the answer: the store has it.
	if got := f.codes(fragID(1), "ann"); !slices.Equal(got, []string{"VERBIND"}) {
		t.Fatalf("store after toggle: %v", got)
	}
	if _, page := c.current(); !strings.Contains(page, `class="code on" data-key="VERBIND"`) {
		t.Fatal("the page does not show VERBIND on")
	}
	c.do("op", "move", "delta", "1")
	c.do("op", "toggle", "code", "KRITISCH")
	c.do("op", "memo", "text", "twijfel: <b>kritisch</b>?")
	_, page := c.current()
	if !strings.Contains(page, "twijfel: &lt;b&gt;kritisch&lt;/b&gt;?") {
		t.Fatal("memo not shown (as text)")
	}
	c.do("op", "undo")
	if got := f.codes(fragID(2), "ann"); len(got) != 0 {
		t.Fatalf("after undo: %v", got)
	}
	if _, page := c.current(); !strings.Contains(page, "undid &#43;KRITISCH on "+fragID(2)+" (saved)") {
		t.Fatalf("the page after undo does not say what was undone: %s", page)
	}
	c.do("op", "find", "text", "ARMOEDE bestrijden")
	if frag, _ := c.current(); frag != fragID(4) {
		t.Fatalf("find went to %s", frag)
	}
	if _, body := c.do("op", "find", "text", "niets hiervan"); !strings.Contains(body, "not found") {
		t.Fatalf("find of nothing: %s", body)
	}
	if _, body := c.do("op", "jump", "to", "9"); !strings.Contains(body, "the queue has 5") {
		t.Fatalf("jump past the end: %s", body)
	}
	// A stale page (another tab moved on) codes nothing.
	code, body = c.post("/code/do", url.Values{"op": {"toggle"}, "code": {"VERBIND"}, "frag": {fragID(1)}})
	if code != http.StatusConflict || !strings.Contains(body, "out of date") {
		t.Fatalf("stale page: %d %s", code, body)
	}
	if got := f.codes(fragID(1), "ann"); !slices.Equal(got, []string{"VERBIND"}) {
		t.Fatalf("a stale page changed %v", got)
	}
	// Resume: a new queue opens at the first fragment not yet seen.
	c2 := f.loggedIn("ann")
	c2.start(url.Values{"kind": {"doc"}, "doc": {fixtureDoc}})
	if frag, _ := c2.current(); frag != fragID(3) {
		t.Fatalf("resumed at %s, want %s (first not seen)", frag, fragID(3))
	}
	// Uncoded: everything but the coded fragment.
	c2.start(url.Values{"kind": {"uncoded"}, "fromstart": {"1"}})
	if frag, _ := c2.current(); frag != fragID(2) {
		t.Fatalf("uncoded queue starts at %s", frag)
	}
	// A search queue.
	c2.start(url.Values{"kind": {"search"}, "q": {"begroting"}, "fromstart": {"1"}})
	if frag, page := c2.current(); frag != fragID(5) || !strings.Contains(page, "</span> of 1\n") {
		t.Fatalf("search queue at %s: %s", frag, page)
	}
	// Search filters narrow the queue as --org/--type/--period do.
	if code, _ := c2.post("/code/start", url.Values{"kind": {"search"}, "q": {"vrijwilligers"}, "org": {"nosuch"}}); code != http.StatusNotFound {
		t.Fatalf("a search in another organisation: %d, want 404 (empty queue)", code)
	}
	c2.start(url.Values{"kind": {"search"}, "q": {"vrijwilligers"}, "org": {"socius"}, "type": {"plan"}, "fromstart": {"1"}})
	if _, page := c2.current(); !strings.Contains(page, "</span> of 3\n") {
		t.Fatal("filtered search queue: want 3 fragments")
	}
	// Reviewing a theme: the fragments coded VERBIND.
	c2.start(url.Values{"kind": {"code"}, "code": {"verbind"}, "fromstart": {"1"}})
	if frag, page := c2.current(); frag != fragID(1) || !strings.Contains(page, "</span> of 1\n") {
		t.Fatalf("review queue at %s", frag)
	}
	for _, bad := range []url.Values{
		{"kind": {"code"}, "code": {"NOSUCH"}},
		{"kind": {"doc"}, "doc": {"nosuch"}},
		{"kind": {"search"}, "q": {"(("}},
		{"kind": {"bogus"}},
	} {
		if code, _ := c2.post("/code/start", bad); code < 400 {
			t.Errorf("start %v: %d", bad, code)
		}
	}
}

func TestSampleIsBlind(t *testing.T) {
	f := newFixture(t)
	ann, bob := f.loggedIn("ann"), f.loggedIn("bob")
	ann.start(url.Values{"kind": {"sample"}, "sample": {"s1"}, "fromstart": {"1"}})
	bob.start(url.Values{"kind": {"sample"}, "sample": {"s1"}, "fromstart": {"1"}})
	ann.do("op", "toggle", "code", "VERBIND")
	ann.do("op", "memo", "text", "ann denkt VERBIND")
	_, page := bob.current()
	if strings.Contains(page, `class="code on"`) || strings.Contains(page, "ann denkt") {
		t.Fatal("bob sees ann's coding or memo in the sample")
	}
	bob.do("op", "toggle", "code", "KRITISCH")
	if _, page := ann.current(); strings.Contains(page, `class="code on" data-key="KRITISCH"`) {
		t.Fatal("ann sees bob's coding")
	}
	if got := f.codes(fragID(1), "bob"); !slices.Equal(got, []string{"KRITISCH"}) {
		t.Fatalf("bob's codes: %v", got)
	}
	cee := f.loggedIn("cee")
	if code, _ := cee.post("/code/start", url.Values{"kind": {"sample"}, "sample": {"s1"}}); code != http.StatusForbidden {
		t.Fatalf("a coder outside the sample: %d, want 403", code)
	}
}

// Item 6: a CLI write while the server runs is not lost and the server
// sees it; web and CLI writes interleaved all arrive.
func TestCLIWriteWhileServing(t *testing.T) {
	f := newFixture(t)
	c := f.loggedIn("ann")
	c.start(url.Values{"kind": {"doc"}, "doc": {fixtureDoc}, "fromstart": {"1"}})
	c.do("op", "toggle", "code", "VERBIND")

	var wg sync.WaitGroup
	errs := make(chan error, 100)
	wg.Add(1)
	go func() { // the CLI: `plancoder code add` in a loop
		defer wg.Done()
		for i := 0; i < 20; i++ {
			st, err := f.p.Open()
			if err != nil {
				errs <- err
				return
			}
			err = st.AddCodings(store.Coding{Fragment: fragID(1 + i%5), Coder: "cli", Code: "LABO"})
			st.Close()
			if err != nil {
				errs <- err
			}
		}
	}()
	b := f.loggedIn("bob")
	b.start(url.Values{"kind": {"doc"}, "doc": {fixtureDoc}, "fromstart": {"1"}})
	for i := 0; i < 10; i++ {
		b.do("op", "toggle", "code", "ARMOEDE")
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("CLI write while serving: %v", err)
	}
	for i := 1; i <= 5; i++ {
		if got := f.codes(fragID(i), "cli"); !slices.Equal(got, []string{"LABO"}) {
			t.Errorf("%s: cli codes %v", fragID(i), got)
		}
	}
	if got := f.codes(fragID(1), "bob"); len(got) != 0 {
		t.Errorf("bob toggled ARMOEDE 10 times: %v", got)
	}
	// The server sees a CLI write made now: the coder's own, by CLI.
	st, err := f.p.Open()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddCodings(store.Coding{Fragment: fragID(1), Coder: "ann", Code: "KRITISCH"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, page := c.current(); !strings.Contains(page, `class="code on" data-key="KRITISCH"`) {
		t.Fatal("the server does not show a coding the CLI wrote")
	}
}

func TestExposedWarning(t *testing.T) {
	for _, tc := range []struct {
		addr       string
		tls, proxy bool
		warn       bool
	}{
		{"127.0.0.1:8080", false, false, false},
		{"localhost:8080", false, false, false},
		{"[::1]:8080", false, false, false},
		{"0.0.0.0:8080", false, false, true},
		{":8080", false, false, true},
		{"192.168.1.5:8080", false, false, true},
		{"192.168.1.5:8443", true, false, false},
		{"0.0.0.0:8080", false, true, false},
	} {
		if got := ExposedWarning(tc.addr, tc.tls, tc.proxy) != ""; got != tc.warn {
			t.Errorf("%s tls=%v proxy=%v: warning %v, want %v", tc.addr, tc.tls, tc.proxy, got, tc.warn)
		}
	}
}

// Shutdown lets a running save finish: the answer arrives and the store
// has the coding after Serve returned.
func TestGracefulShutdown(t *testing.T) {
	f := newFixture(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- f.srv.Serve(ctx, ln, "", "", 10*time.Second) }()
	f.ts.URL = "http://" + ln.Addr().String()
	c := f.loggedIn("ann")
	c.start(url.Values{"kind": {"doc"}, "doc": {fixtureDoc}, "fromstart": {"1"}})
	frag, _ := c.current()
	// Hold the store so that the save waits inside its request while the
	// server is told to stop.
	st, err := f.p.Open()
	if err != nil {
		t.Fatal(err)
	}
	answered := make(chan int, 1)
	go func() {
		code, _ := c.post("/code/do", url.Values{"op": {"toggle"}, "code": {"VERBIND"}, "frag": {frag}})
		answered <- code
	}()
	time.Sleep(300 * time.Millisecond)
	cancel()
	time.Sleep(100 * time.Millisecond)
	st.Close()
	if code := <-answered; code != http.StatusOK {
		t.Fatalf("the save during shutdown: %d", code)
	}
	if err := <-served; err != nil {
		t.Fatal(err)
	}
	if got := f.codes(frag, "ann"); !slices.Equal(got, []string{"VERBIND"}) {
		t.Fatalf("after shutdown: %v", got)
	}
}

// The readers' pages are mounted under /a/ behind the login, for every
// role, with the user and role of the request.
func TestReadersMount(t *testing.T) {
	f := newFixture(t)
	srv, err := New(Config{Project: f.p, Now: f.clock.now, Readers: func(d ReadersDeps) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			name, role := d.User(r)
			err := d.With(r.Context(), func(st *store.Store, x *index.Index) error {
				_, err := st.Documents()
				return err
			})
			fmt.Fprintf(w, "path=%s user=%s role=%s err=%v", r.URL.Path, name, role, err)
		})
	}})
	if err != nil {
		t.Fatal(err)
	}
	f.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(f.ts.Close)
	f.srv = srv
	if code, _ := f.client().get("/a/theme/VERBIND"); code != http.StatusSeeOther {
		t.Fatalf("/a/ without login: %d", code)
	}
	for _, who := range []string{"rita", "ann", "ada"} {
		c := f.loggedIn(who)
		code, body := c.get("/a/theme/VERBIND")
		if code != http.StatusOK || !strings.HasPrefix(body, "path=/theme/VERBIND user="+who+" role=") || !strings.HasSuffix(body, "err=<nil>") {
			t.Errorf("%s: %d %s", who, code, body)
		}
	}
	// By default the pages of web/readers, behind the login.
	g := newFixture(t)
	if code, _ := g.client().get("/a/"); code != http.StatusSeeOther {
		t.Errorf("/a/ without login: %d", code)
	}
	rita := g.loggedIn("rita")
	code, body := rita.get("/a/theme/VERBIND")
	if code != http.StatusOK || !strings.Contains(body, "VERBIND") {
		t.Errorf("the readers' theme page: %d %s", code, body)
	}
	if code, _ := rita.get("/a/"); code != http.StatusOK {
		t.Errorf("the readers' index /a/: %d", code)
	}
	if !strings.Contains(body, `href="/a/static/readers.css"`) {
		t.Error("the readers' stylesheet is not linked under the mount point")
	}
	if code, _ := rita.get("/a/static/readers.css"); code != http.StatusOK {
		t.Errorf("the readers' stylesheet: %d", code)
	}
}

// Item 3: where the original PDF is kept in the project, the coding page
// links to it at the fragment's page and the server serves it inline.
func TestOriginalPDFLink(t *testing.T) {
	f := newFixture(t)
	c := f.loggedIn("ann")
	c.start(url.Values{"kind": {"doc"}, "doc": {fixtureDoc}, "fromstart": {"1"}})
	if _, page := c.current(); strings.Contains(page, "/original/") {
		t.Fatal("a PDF link without a kept original")
	}
	if code, _ := c.get("/original/" + fixtureDoc); code != http.StatusNotFound {
		t.Fatalf("original not kept: %d", code)
	}
	path := f.p.OriginalPath(fixtureSHA, "socius.pdf")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, fixturePDF, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, page := c.current(); !strings.Contains(page, `href="/original/`+fixtureDoc+`#page=1"`) {
		t.Fatalf("no link to the PDF at page 1: %s", page)
	}
	for _, who := range []string{"ann", "rita"} {
		res, err := f.loggedIn(who).hc.Get(f.ts.URL + "/original/" + fixtureDoc)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || string(b) != string(fixturePDF) ||
			!strings.HasPrefix(res.Header.Get("Content-Disposition"), "inline") || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: GET original: %d %v", who, res.StatusCode, res.Header)
		}
	}
	if code, _ := f.client().get("/original/" + fixtureDoc); code != http.StatusSeeOther {
		t.Errorf("original without login: %d", code)
	}
	if code, _ := c.get("/original/nosuch"); code != http.StatusNotFound {
		t.Errorf("original of an unknown document: %d", code)
	}
	for _, bad := range []string{"", "../etc", strings.Repeat("g", 64)} {
		if p := f.p.OriginalPath(bad, "x.pdf"); p != "" {
			t.Errorf("OriginalPath(%q) = %s", bad, p)
		}
	}
}

// Item 5: the admin pages are mounted under /admin/ for the admin role;
// coders and readers get 403, a visitor the login.
func TestAdminMount(t *testing.T) {
	f := newFixture(t)
	if code, _ := f.client().get("/admin/"); code != http.StatusSeeOther {
		t.Errorf("/admin/ without login: %d", code)
	}
	for who, want := range map[string]int{"ada": http.StatusOK, "ann": http.StatusForbidden, "rita": http.StatusForbidden} {
		c := f.loggedIn(who)
		for _, p := range []string{"/admin/", "/admin/codebook", "/admin/samples", "/admin/check"} {
			code, body := c.get(p)
			if code != want {
				t.Errorf("%s %s: %d, want %d", who, p, code, want)
			}
			if want == http.StatusOK && !strings.Contains(body, `href="/admin/static/admin.css"`) {
				t.Errorf("%s: the admin stylesheet is not linked under the mount point", p)
			}
		}
	}
	if _, body := f.loggedIn("ada").get("/"); !strings.Contains(body, `href="/admin/"`) {
		t.Error("no link to the admin pages for an admin")
	}
}

// TestAnalysisPagesBounded: at most analysisSlots analysis pages are
// computed at once (the others wait for the slot the server gives the
// pages), so readers do not starve saves.
func TestAnalysisPagesBounded(t *testing.T) {
	f := newFixture(t)
	var mu sync.Mutex
	running, most := 0, 0
	srv, err := New(Config{Project: f.p, Now: f.clock.now, Readers: func(d ReadersDeps) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			release, err := d.Slot(r.Context())
			if err != nil {
				return
			}
			defer release()
			mu.Lock()
			running++
			most = max(most, running)
			mu.Unlock()
			time.Sleep(50 * time.Millisecond)
			mu.Lock()
			running--
			mu.Unlock()
		})
	}})
	if err != nil {
		t.Fatal(err)
	}
	f.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(f.ts.Close)
	c := f.loggedIn("rita")
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := c.hc.Get(f.ts.URL + "/a/theme/VERBIND")
			if err == nil {
				res.Body.Close()
			}
		}()
	}
	wg.Wait()
	if most == 0 || most > analysisSlots() {
		t.Errorf("%d analysis pages at once, want 1..%d", most, analysisSlots())
	}
}

// TestServeGC: while serving, the garbage collector's target is
// serveGCPercent (unless GOGC is set), and it is restored afterwards.
func TestServeGC(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set: the server leaves it alone")
	}
	gcPercent := func() int { p := debug.SetGCPercent(100); debug.SetGCPercent(p); return p }
	before := gcPercent()
	f := newFixture(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- f.srv.Serve(ctx, ln, "", "", time.Second) }()
	f.ts.URL = "http://" + ln.Addr().String()
	if code, _ := f.client().get("/login"); code != http.StatusOK {
		t.Fatalf("login page: %d", code)
	}
	during := gcPercent()
	cancel()
	<-served
	if during != serveGCPercent || gcPercent() != before {
		t.Errorf("GC percent %d while serving (want %d), %d after (want %d)", during, serveGCPercent, gcPercent(), before)
	}
}
