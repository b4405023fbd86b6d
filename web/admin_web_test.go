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
