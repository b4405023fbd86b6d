package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// restart stops f's server and serves the project with a new one (a new
// process's memory: no live sessions), keeping the clock.
func (f *fixture) restart() {
	f.t.Helper()
	f.ts.Close()
	f.srv.hold.close()
	srv, err := New(Config{Project: f.p, Now: f.clock.now})
	if err != nil {
		f.t.Fatal(err)
	}
	f.srv, f.ts = srv, httptest.NewServer(srv.Handler())
	f.t.Cleanup(f.ts.Close)
}

func sessionToken(t *testing.T, c *client) string {
	t.Helper()
	u, _ := url.Parse(c.f.ts.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			return ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// Item 3: a restart of the server keeps everyone logged in, with the same
// CSRF token; the store holds the token's hash, never the token.
func TestSessionSurvivesRestart(t *testing.T) {
	f := newFixture(t)
	ann := f.loggedIn("ann")
	ada := f.loggedIn("ada")
	tok := sessionToken(t, ann)
	csrf := ann.csrf
	f.restart()
	// The cookie jar holds cookies by host, so the new port gets them too.
	code, body := ann.get("/")
	if code != http.StatusOK || !strings.Contains(body, "ann (coder)") {
		t.Fatalf("after a restart: %d, want still logged in", code)
	}
	if ann.csrf != csrf {
		t.Errorf("the CSRF token changed over the restart")
	}
	ann.start(url.Values{"kind": {"doc"}, "doc": {fixtureDoc}, "fromstart": {"1"}})
	if code, body := ann.do("op", "toggle", "code", "VERBIND"); code != http.StatusOK {
		t.Fatalf("save after the restart: %d %s", code, body)
	}
	if code, _ := ada.get("/admin/codebook"); code != http.StatusOK {
		t.Errorf("admin after the restart: %d", code)
	}
	f.srv.hold.close()
	db, err := os.ReadFile(f.p.DBPath())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(db, []byte(tok)) {
		t.Error("the store holds a raw session token")
	}
	if !bytes.Contains(db, []byte(tokenKey(tok))) {
		t.Error("the store does not hold the session's hash")
	}
	// Logout ends it for good: the old cookie, replayed after another
	// restart, is not a login.
	if code, _ := ann.post("/logout", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("logout: %d", code)
	}
	f.restart()
	req, _ := http.NewRequest("GET", f.ts.URL+"/", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tok})
	res, err := f.client().hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("a logged-out cookie replayed: %d, want the login page", res.StatusCode)
	}
}

// Item 3: idle and absolute expiry hold across a restart too, and a
// request refreshes the stored idle time at most once a minute.
func TestSessionExpiryAcrossRestart(t *testing.T) {
	f := newFixture(t)
	c := f.loggedIn("bob")
	f.clock.add(90 * time.Minute)
	if code, _ := c.get("/"); code != http.StatusOK {
		t.Fatalf("after 90 min: %d", code)
	}
	f.restart()
	f.clock.add(90 * time.Minute)
	if code, _ := c.get("/"); code != http.StatusOK {
		t.Fatalf("90 min after the last request, over a restart: %d (the stored idle time was not refreshed)", code)
	}
	f.restart()
	f.clock.add(2*time.Hour + time.Minute)
	if code, _ := c.get("/"); code != http.StatusSeeOther {
		t.Fatalf("after 2 h idle over a restart: %d, want the login page", code)
	}
}
