package admin

import (
	"maps"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/web/account"
)

func TestMain(m *testing.M) {
	// Full-strength hashes cost 64 MiB and ~0.1 s each; the tests check
	// the logic, not the cost.
	account.Cost = account.Params{Time: 1, Memory: 64, Threads: 1}
	os.Exit(m.Run())
}

const pw = "een lang wachtwoord"

// withUsers gives the test project the users boss (the only admin in the
// store), ada (the viewer of the test server, whose role the server
// says is admin), ann (coder, with two sessions) and rita (reader).
func withUsers(t *testing.T, s *store.Store) {
	t.Helper()
	for _, u := range [][2]string{{"boss", "admin"}, {"ada", "coder"}, {"ann", "coder"}, {"rita", "reader"}} {
		if err := account.AddUser(s, "t", u[0], u[1], pw); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	for i := range 2 {
		x := store.WebSession{Hash: strings.Repeat(string(rune('a'+i)), 64), User: "ann", CSRF: "c", Created: now, LastSeen: now, Expires: now.Add(time.Hour)}
		if err := s.PutWebSession(x); err != nil {
			t.Fatal(err)
		}
	}
}

func sessionsOf(t *testing.T, s *store.Store, user string) int {
	t.Helper()
	n, err := s.LiveSessions(time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return n[user]
}

// Item 5: the users page lists the users with their live sessions, and
// each user's page has the role, password and remove forms (none of
// them to change oneself but the password).
func TestUsersPage(t *testing.T) {
	ts, s := server(t, "admin")
	withUsers(t, s)
	code, body := get(t, "GET", ts.URL+"/admin/users")
	if code != 200 {
		t.Fatalf("users: %d %s", code, body)
	}
	for _, w := range []string{`<td>ada <span class="muted">(you)</span></td><td>coder</td>`, `<tr id="user-ann"><td>ann</td><td>coder</td>`,
		`<td class="n">2</td>`, `<td>rita</td><td>reader</td>`, `action="/admin/users/add"`, `name="csrf" value="` + testCSRF + `"`,
		`<option value="coder" selected>`, `href="/admin/users"`} {
		if !strings.Contains(body, w) {
			t.Errorf("users page lacks %q:\n%s", w, body)
		}
	}
	if strings.Contains(body, "argon2id") {
		t.Error("the users page shows a password hash")
	}
	_, body = get(t, "GET", ts.URL+"/admin/users/user?name=ann")
	for _, w := range []string{"2 live sessions", `action="/admin/users/role"`, `action="/admin/users/passwd"`, `action="/admin/users/remove"`, `<option value="coder" selected>`} {
		if !strings.Contains(body, w) {
			t.Errorf("ann's page lacks %q:\n%s", w, body)
		}
	}
	_, body = get(t, "GET", ts.URL+"/admin/users/user?name=ada")
	if strings.Contains(body, `/users/remove"`) || strings.Contains(body, `/users/role"`) || !strings.Contains(body, `/users/passwd"`) {
		t.Errorf("one's own page offers a removal or a role change, or no password:\n%s", body)
	}
	if code, _ := get(t, "GET", ts.URL+"/admin/users/user?name=nobody"); code != 404 {
		t.Errorf("a missing user's page: %d", code)
	}
	// A done address says only what happened to a user as it is now.
	for q, want := range map[string]string{
		"done=added&name=ann":      "Added ann (coder)",
		"done=removed&name=ann":    "",
		"done=removed&name=gone":   "Removed gone",
		"done=role&name=rita":      "rita is now reader",
		"done=added&name=nobody":   "",
		"done=hacked&name=ann":     "",
		"done=removed&name=%20bad": "",
	} {
		_, body := get(t, "GET", ts.URL+"/admin/users?"+q)
		has := strings.Contains(body, `class="msg"`)
		if (want == "") == has || (want != "" && !strings.Contains(body, want)) {
			t.Errorf("%s: message %v, want %q", q, has, want)
		}
	}
}

// Item 5: add, new password, role and remove through the forms, with the
// store's rules; a problem is shown by field and nothing is written.
func TestUserForms(t *testing.T) {
	ts, s := server(t, "admin")
	withUsers(t, s)
	base := ts.URL + "/admin"
	add := func(name, role, p1, p2 string) url.Values {
		return url.Values{"name": {name}, "role": {role}, "password": {p1}, "password2": {p2}}
	}
	for _, c := range []struct {
		name, path string
		form       url.Values
		field, msg string // "" field: a success
		redirect   string
		check      func() string // what the change did, "" when right
	}{
		{"empty name", "/users/add", add("", "coder", pw, pw), "name", "is empty", "", nil},
		{"consensus", "/users/add", add("consensus", "coder", pw, pw), "name", "reconciled master", "", nil},
		{"control character", "/users/add", add("b\tb", "coder", pw, pw), "name", "control character", "", nil},
		{"name taken", "/users/add", add("ann", "reader", pw, pw), "name", "is taken", "", nil},
		{"bad role", "/users/add", add("bea", "boss", pw, pw), "role", "choose admin, coder or reader", "", nil},
		{"passwords differ", "/users/add", add("bea", "coder", pw, pw+"!"), "password", "the two passwords differ", "", nil},
		{"short password", "/users/add", add("bea", "coder", "kort", "kort"), "password", "password is 4 characters: use at least 10", "", nil},
		{"no password", "/users/add", url.Values{"name": {"bea"}, "role": {"coder"}}, "password", "is empty", "", nil},
		{"password once", "/users/add", url.Values{"name": {"bea"}, "role": {"coder"}, "password": {pw}}, "password", "type it twice", "", nil},
		{"add", "/users/add", add("bea", "coder", pw, pw), "", "", "/admin/users?done=added&name=bea", func() string {
			u, err := s.User("bea")
			if err != nil || u.Role != "coder" || account.VerifyPassword(u.PasswordHash, pw) != nil {
				return "bea not stored with role and password"
			}
			return ""
		}},
		{"new password differs", "/users/passwd", url.Values{"name": {"ann"}, "password": {"nog een wachtwoord"}, "password2": {"nog een"}}, "password", "differ", "", nil},
		{"new password", "/users/passwd", url.Values{"name": {"ann"}, "password": {"nog een wachtwoord"}, "password2": {"nog een wachtwoord"}}, "", "", "/admin/users?done=password&name=ann", func() string {
			u, _ := s.User("ann")
			if account.VerifyPassword(u.PasswordHash, "nog een wachtwoord") != nil {
				return "ann's password unchanged"
			}
			if n := sessionsOf(t, s, "ann"); n != 0 {
				return "ann's sessions stay after a new password"
			}
			return ""
		}},
		{"own role", "/users/role", url.Values{"name": {"ada"}, "role": {"reader"}}, "role", "you cannot change your own role", "", nil},
		{"last admin's role", "/users/role", url.Values{"name": {"boss"}, "role": {"coder"}}, "role", "boss is the last admin: give another user the admin role first", "", nil},
		{"remove the last admin", "/users/remove", url.Values{"name": {"boss"}}, "name", "boss is the last admin", "", nil},
		{"remove oneself", "/users/remove", url.Values{"name": {"ada"}}, "name", "you cannot remove yourself", "", nil},
		{"role", "/users/role", url.Values{"name": {"rita"}, "role": {"admin"}}, "", "", "/admin/users?done=role&name=rita", func() string {
			if u, _ := s.User("rita"); u.Role != "admin" {
				return "rita's role unchanged"
			}
			return ""
		}},
		{"demote boss now", "/users/role", url.Values{"name": {"boss"}, "role": {"reader"}}, "", "", "/admin/users?done=role&name=boss", nil},
		{"remove", "/users/remove", url.Values{"name": {"boss"}}, "", "", "/admin/users?done=removed&name=boss", func() string {
			if _, err := s.User("boss"); err == nil {
				return "boss still a user"
			}
			return ""
		}},
	} {
		before := lastActor(t, s)
		code, body, loc := post(t, base+c.path, c.form)
		if c.field == "" {
			if code != http.StatusSeeOther || loc != c.redirect {
				t.Errorf("%s: %d %q, want a redirect to %s\n%s", c.name, code, loc, c.redirect, body)
				continue
			}
			if c.check != nil {
				if msg := c.check(); msg != "" {
					t.Errorf("%s: %s", c.name, msg)
				}
			}
			if got := lastActor(t, s); !strings.HasPrefix(got, "ada user.") {
				t.Errorf("%s: last event %q, want one by ada", c.name, got)
			}
			continue
		}
		if code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422\n%s", c.name, code, body)
		}
		want := `data-field="` + c.field + `">` + c.field + `: `
		if !strings.Contains(body, want) || !strings.Contains(body, c.msg) || !strings.Contains(body, c.field+": ") {
			t.Errorf("%s: the page does not name %s with %q:\n%s", c.name, c.field, c.msg, body)
		}
		if strings.Contains(body, pw) {
			t.Errorf("%s: the page shows the password typed", c.name)
		}
		if after := lastActor(t, s); after != before {
			t.Errorf("%s: a refused form wrote %s", c.name, after)
		}
	}
	if code, _, _ := post(t, base+"/users/remove", url.Values{"name": {"nobody"}}); code != 404 {
		t.Errorf("remove nobody: %d", code)
	}
}

// Item 5: every users and samples page and form is the admin's: 403 for
// others whatever the method, and a POST without the session's CSRF
// token is refused before anything is read.
func TestUsersAndSamplesAdminOnly(t *testing.T) {
	gets := []string{"/admin/users", "/admin/users/user?name=ann", "/admin/samples/new", "/admin/samples/show?name=pilot"}
	posts := map[string]url.Values{
		"/admin/users/add":    {"name": {"eve"}, "role": {"admin"}, "password": {pw}, "password2": {pw}},
		"/admin/users/passwd": {"name": {"ann"}, "password": {pw + "2"}, "password2": {pw + "2"}},
		"/admin/users/role":   {"name": {"ann"}, "role": {"admin"}},
		"/admin/users/remove": {"name": {"ann"}},
		"/admin/samples/new":  {"name": {"s2"}, "count": {"1"}, "coder": {"ann"}, "extra": {"bob"}},
	}
	for _, role := range []string{"coder", "reader", ""} {
		ts, s := server(t, role)
		withUsers(t, s)
		for _, p := range gets {
			if code, _ := get(t, "GET", ts.URL+p); code != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", role, p, code)
			}
		}
		before := lastActor(t, s)
		for p, form := range posts {
			if code, _, _ := post(t, ts.URL+p, maps.Clone(form)); code != http.StatusForbidden {
				t.Errorf("%s POST %s: %d, want 403", role, p, code)
			}
		}
		if after := lastActor(t, s); after != before {
			t.Errorf("%s: a refused POST wrote %s", role, after)
		}
	}
	ts, s := server(t, "admin")
	withUsers(t, s)
	before := lastActor(t, s)
	for p, form := range posts {
		for _, tok := range []string{"", "forged"} {
			f := maps.Clone(form)
			f.Set("csrf", tok)
			if code, body, _ := post(t, ts.URL+p, f); code != http.StatusForbidden || !strings.Contains(body, "CSRF") {
				t.Errorf("admin POST %s with token %q: %d %s", p, tok, code, body)
			}
		}
	}
	if after := lastActor(t, s); after != before {
		t.Errorf("a POST without the token wrote %s", after)
	}
}
