package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Item 5 through the whole server: an admin's codebook form carries the
// session's CSRF token and saves; a coder's or reader's POST is 403, and
// so is an admin's without the token.
func TestAdminEditsThroughServer(t *testing.T) {
	f := newFixture(t)
	ada := f.loggedIn("ada")
	if code, body := ada.get("/admin/codebook/add"); code != http.StatusOK || !strings.Contains(body, `name="csrf"`) {
		t.Fatalf("add form: %d %s", code, body)
	}
	form := url.Values{"key": {"ERFGOED"}, "name": {"Erfgoed"}}
	if code, body := ada.post("/admin/codebook/add", url.Values{"key": {"X"}, "name": {"x"}, "csrf": {"forged"}}); code != http.StatusForbidden {
		t.Errorf("admin POST with a forged token: %d %s", code, body)
	}
	for _, who := range []string{"ann", "rita"} {
		c := f.loggedIn(who)
		if code, _ := c.post("/admin/codebook/add", url.Values{"key": {"X"}, "name": {"x"}}); code != http.StatusForbidden {
			t.Errorf("%s POST with their own token: %d, want 403", who, code)
		}
	}
	if code, body := ada.post("/admin/codebook/add", form); code != http.StatusSeeOther {
		t.Fatalf("add: %d %s", code, body)
	}
	if _, body := ada.get("/admin/codebook?done=added&key=ERFGOED"); !strings.Contains(body, "Added ERFGOED.") || !strings.Contains(body, `id="code-ERFGOED"`) {
		t.Errorf("codebook after the add: %s", body)
	}
}

// Item 5 through the whole server: the users page's changes reach the
// sessions: a removed user's and a user with a new password are logged
// out at their next request, a new role applies at once (the session
// stays), and a user added on the page logs in.
func TestAdminUsersThroughServer(t *testing.T) {
	f := newFixture(t)
	ada := f.loggedIn("ada")
	ann, bob, rita := f.loggedIn("ann"), f.loggedIn("bob"), f.loggedIn("rita")
	if code, body := ada.get("/admin/users"); code != http.StatusOK || !strings.Contains(body, `<tr id="user-ann"><td>ann</td><td>coder</td>`) {
		t.Fatalf("users page: %d %s", code, body)
	}
	for _, c := range []struct {
		path string
		form url.Values
	}{
		{"/admin/users/remove", url.Values{"name": {"ann"}}},
		{"/admin/users/passwd", url.Values{"name": {"bob"}, "password": {"a brand new password"}, "password2": {"a brand new password"}}},
		{"/admin/users/role", url.Values{"name": {"rita"}, "role": {"coder"}}},
		{"/admin/users/add", url.Values{"name": {"dora"}, "role": {"coder"}, "password": {testPassword}, "password2": {testPassword}}},
	} {
		if code, body := ada.post(c.path, c.form); code != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", c.path, code, body)
		}
	}
	for name, c := range map[string]*client{"ann": ann, "bob": bob} {
		if code, _ := c.get("/"); code != http.StatusSeeOther {
			t.Errorf("%s: %d after a removal or a new password, want the login page", name, code)
		}
	}
	if code, body := rita.get("/"); code != http.StatusOK {
		t.Errorf("rita, made a coder, is logged out: %d %s", code, body)
	}
	if code, body := rita.post("/code/start", url.Values{"kind": {"uncoded"}}); code == http.StatusForbidden {
		t.Errorf("rita, made a coder, may not code: %d %s", code, body)
	}
	if code := f.client().login("dora", testPassword); code != http.StatusSeeOther {
		t.Errorf("dora, added on the page, cannot log in: %d", code)
	}
	if code := f.client().login("bob", "a brand new password"); code != http.StatusSeeOther {
		t.Errorf("bob with the new password: %d", code)
	}
	// ada is the fixture's only admin: she cannot remove herself.
	if code, body := ada.post("/admin/users/remove", url.Values{"name": {"ada"}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, "you cannot remove yourself") {
		t.Errorf("self-removal: %d %s", code, body)
	}
}
