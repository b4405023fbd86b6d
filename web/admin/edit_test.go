package admin

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
)

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// post sends form (with the test CSRF token unless it has a csrf field)
// and returns the status, body and redirect target.
func post(t *testing.T, u string, form url.Values) (int, string, string) {
	t.Helper()
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", testCSRF)
	}
	res, err := noRedirect.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get("Location")
}

func codeOf(t *testing.T, s *store.Store, key string) (store.Code, bool) {
	t.Helper()
	codes, err := s.Codes()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		if c.Key == key {
			return c, true
		}
	}
	return store.Code{}, false
}

func lastActor(t *testing.T, s *store.Store) string {
	t.Helper()
	var ev store.Event
	if err := s.Events(0, func(e store.Event) error { ev = e; return nil }); err != nil {
		t.Fatal(err)
	}
	return ev.Actor + " " + ev.Action
}

// Item 5: add and edit a code through the form; problems are shown by
// field and nothing is written; every write is logged with the admin.
func TestCodeForm(t *testing.T) {
	ts, s := server(t, "admin")
	base := ts.URL + "/admin"
	if code, body := get(t, "GET", base+"/codebook/add"); code != 200 || !strings.Contains(body, `name="csrf" value="`+testCSRF+`"`) {
		t.Fatalf("add form: %d %s", code, body)
	}
	for _, c := range []struct {
		name      string
		path      string
		form      url.Values
		wantField string // the field named beside the error
		wantMsg   string
	}{
		{"empty name", "/codebook/add", url.Values{"key": {"ERFGOED"}, "name": {""}}, "name", "is empty"},
		{"reserved shortcut", "/codebook/add", url.Values{"key": {"ERFGOED"}, "name": {"Erfgoed"}, "shortcut": {"?"}}, "shortcut", "reserved"},
		{"bad key", "/codebook/add", url.Values{"key": {"9X"}, "name": {"Erfgoed"}}, "key", "not a valid key"},
		{"key taken", "/codebook/add", url.Values{"key": {"fin"}, "name": {"Geld"}}, "key", "already in the codebook"},
		{"bad colour", "/codebook/edit", url.Values{"key": {"FIN"}, "colour": {"rood"}, "orig-colour": {""}}, "colour", "not a colour"},
		{"control character", "/codebook/edit", url.Values{"key": {"FIN"}, "name": {"a\x1b[2Jb"}, "orig-name": {"Financiën"}}, "name", "control character"},
		{"field twice", "/codebook/add", url.Values{"key": {"ERFGOED"}, "name": {"a", "b"}}, "", "given 2 times"},
	} {
		before, _ := s.Codes()
		code, body, _ := post(t, base+c.path, c.form)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422: %s", c.name, code, body)
			continue
		}
		if !strings.Contains(body, c.wantMsg) {
			t.Errorf("%s: the page lacks %q: %s", c.name, c.wantMsg, body)
		}
		if c.wantField != "" && !strings.Contains(body, `data-field="`+c.wantField+`"`) {
			t.Errorf("%s: no error beside field %s: %s", c.name, c.wantField, body)
		}
		if after, _ := s.Codes(); !slices.Equal(before, after) {
			t.Errorf("%s: a refused form wrote %+v", c.name, after)
		}
	}

	code, _, loc := post(t, base+"/codebook/add", url.Values{"key": {"erfgoed"}, "name": {"Erfgoed"}, "group": {"samenleving"},
		"description": {"Zorg voor erfgoed.\r\nOok roerend."}, "shortcut": {"e"}})
	if code != http.StatusSeeOther || loc != "/admin/codebook?done=added&key=ERFGOED" {
		t.Fatalf("add: %d to %q", code, loc)
	}
	c, ok := codeOf(t, s, "ERFGOED")
	if !ok || c.Name != "Erfgoed" || c.Shortcut != "e" || c.Description != "Zorg voor erfgoed.\nOok roerend." {
		t.Fatalf("added %+v", c)
	}
	if got := lastActor(t, s); got != "ada code.add" {
		t.Errorf("event %q, want ada code.add", got)
	}
	if _, body := get(t, "GET", base+loc[len("/admin"):]); !strings.Contains(body, "Added ERFGOED.") {
		t.Errorf("no message after the add: %s", body)
	}
	// The edit form holds the values; a save sets only the fields changed
	// since it was shown, so a CLI change meanwhile to another stays.
	_, body := get(t, "GET", base+"/codebook/edit?key=erfgoed")
	if !strings.Contains(body, `name="orig-shortcut" value="e"`) || !strings.Contains(body, ">Zorg voor erfgoed.\nOok roerend.</textarea>") {
		t.Fatalf("edit form: %s", body)
	}
	if _, err := s.PutCodes("cli", []store.Code{{Key: "ERFGOED", Name: "Erfgoed", Group: "samenleving", Description: "Zorg voor erfgoed.\nOok roerend.", Shortcut: "e", Colour: "#123456"}}); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"key": {"ERFGOED"}}
	for _, f := range []string{"name", "group", "description", "include", "exclude", "example", "colour", "shortcut"} {
		v := map[string]string{"name": "Erfgoed", "group": "samenleving", "description": "Zorg voor erfgoed.\r\nOok roerend.", "shortcut": "e"}[f]
		form.Set(f, v)
		form.Set("orig-"+f, v)
	}
	form.Set("include", "Musea en monumenten.")
	if code, body, loc := post(t, base+"/codebook/edit", form); code != http.StatusSeeOther || !strings.Contains(loc, "done=updated") {
		t.Fatalf("edit: %d %q %s", code, loc, body)
	}
	if c, _ := codeOf(t, s, "ERFGOED"); c.Include != "Musea en monumenten." || c.Colour != "#123456" || c.Shortcut != "e" {
		t.Errorf("after the edit: %+v", c)
	}
	if got := lastActor(t, s); got != "ada code.update" {
		t.Errorf("event %q", got)
	}
	if code, _, _ := post(t, base+"/codebook/edit", url.Values{"key": {"NOPE"}, "name": {"x"}}); code != http.StatusNotFound {
		t.Errorf("edit a missing code: %d", code)
	}
}

// Item 5: rename and merge show the preview (the CLI's counts) on a page
// whose button makes the change; remove refuses a used code.
func TestRenameMergeRemovePages(t *testing.T) {
	ts, s := server(t, "admin")
	base := ts.URL + "/admin"
	if code, body := get(t, "GET", base+"/codebook/rename?key=vrijw"); code != 200 || !strings.Contains(body, `name="to"`) || strings.Contains(body, `id="confirm"`) {
		t.Fatalf("rename form: %d %s", code, body)
	}
	code, body := get(t, "GET", base+"/codebook/rename?key=vrijw&to=pers")
	for _, want := range []string{"1 coding of 1 fragment by 1 coder moves to PERS", "0 memos on VRIJW move to PERS", `id="confirm"`,
		`name="key" value="VRIJW"`, `name="target" value="PERS"`} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("rename preview lacks %q: %d %s", want, code, body)
		}
	}
	if _, ok := codeOf(t, s, "PERS"); ok {
		t.Fatal("the preview renamed")
	}
	if code, body := get(t, "GET", base+"/codebook/rename?key=VRIJW&to=FIN"); code != 422 || !strings.Contains(body, "use merge") || strings.Contains(body, `id="confirm"`) {
		t.Errorf("rename onto a used key: %d %s", code, body)
	}
	if code, _, loc := post(t, base+"/codebook/rename", url.Values{"key": {"VRIJW"}, "target": {"PERS"}}); code != 303 || !strings.Contains(loc, "done=renamed") {
		t.Fatalf("rename: %d %q", code, loc)
	}
	cs, _ := s.Codings(store.CodingFilter{})
	if len(cs) != 1 || cs[0].Code != "PERS" {
		t.Errorf("codings after the rename: %+v", cs)
	}
	if got := lastActor(t, s); !strings.HasPrefix(got, "ada ") {
		t.Errorf("rename logged as %q", got)
	}

	code, body = get(t, "GET", base+"/codebook/merge?key=PERS&into=FIN")
	if code != 200 || !strings.Contains(body, "1 coding of 1 fragment by 1 coder moves to FIN") || !strings.Contains(body, "PERS is removed from the codebook") {
		t.Errorf("merge preview: %d %s", code, body)
	}
	if code, body := get(t, "GET", base+"/codebook/remove?key=PERS"); code != 422 || !strings.Contains(body, "1 codings use it") || strings.Contains(body, `id="confirm"`) {
		t.Errorf("remove a used code: %d %s", code, body)
	}
	if code, _, _ := post(t, base+"/codebook/remove", url.Values{"key": {"PERS"}}); code != 422 {
		t.Errorf("a forged remove of a used code: %d", code)
	}
	if code, _, loc := post(t, base+"/codebook/merge", url.Values{"key": {"PERS"}, "target": {"FIN"}}); code != 303 || !strings.Contains(loc, "done=merged") {
		t.Fatalf("merge: %d %q", code, loc)
	}
	if _, ok := codeOf(t, s, "PERS"); ok {
		t.Error("PERS is still there after the merge")
	}
	if _, err := s.PutCodes("t", []store.Code{{Key: "LEEG", Name: "Leeg"}}); err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, "GET", base+"/codebook/remove?key=LEEG"); code != 200 || !strings.Contains(body, "no codings or memos use it") {
		t.Errorf("remove preview: %d %s", code, body)
	}
	if code, _, _ := post(t, base+"/codebook/remove", url.Values{"key": {"LEEG"}}); code != 303 {
		t.Errorf("remove: %d", code)
	}
	if _, ok := codeOf(t, s, "LEEG"); ok {
		t.Error("LEEG is still there after the remove")
	}
}

// every POST the admin pages take, each with a valid form.
var adminPosts = []struct {
	path string
	form url.Values
}{
	{"/codebook/add", url.Values{"key": {"NIEUW"}, "name": {"Nieuw"}}},
	{"/codebook/edit", url.Values{"key": {"FIN"}, "name": {"Geld"}, "orig-name": {"Financiën"}}},
	{"/codebook/rename", url.Values{"key": {"FIN"}, "target": {"GELD"}}},
	{"/codebook/merge", url.Values{"key": {"FIN"}, "target": {"VRIJW"}}},
	{"/codebook/remove", url.Values{"key": {"FIN"}}},
	{"/reconcile", url.Values{"sample": {"pilot"}, "frag": {"socius-plan-2021-2025/0002"}, "take": {"ann"}}},
}

// A coder, a reader and a visitor get 403 on every admin POST, with the
// right token; nobody gets a POST through without it. Nothing is written.
func TestAdminPostsRefused(t *testing.T) {
	for _, role := range []string{"coder", "reader", "", "admin"} {
		ts, s := server(t, role)
		disagree(t, s)
		before, _ := s.Codes()
		for _, p := range adminPosts {
			tokens := []string{testCSRF}
			if role == "admin" {
				tokens = []string{"", "forged", testCSRF + "x"}
			}
			for _, tok := range tokens {
				form := url.Values{"csrf": {tok}}
				for k, v := range p.form {
					form[k] = v
				}
				if code, body, _ := post(t, ts.URL+"/admin"+p.path, form); code != http.StatusForbidden {
					t.Errorf("%q POST %s with token %q: %d, want 403: %s", role, p.path, tok, code, body)
				}
			}
		}
		if after, _ := s.Codes(); !slices.Equal(before, after) {
			t.Errorf("%q: a refused POST changed the codebook", role)
		}
		if cs, _ := s.Codings(store.CodingFilter{Coder: store.ConsensusCoder}); len(cs) != 0 {
			t.Errorf("%q: a refused POST reconciled: %+v", role, cs)
		}
	}
}

// disagree makes bob see the second fragment and code it FIN where ann
// coded VRIJW: one disagreement in sample pilot.
func disagree(t *testing.T, s *store.Store) string {
	t.Helper()
	frag := store.FragmentID("socius-plan-2021-2025", 2)
	if err := s.AddCodings(store.Coding{Fragment: frag, Code: "FIN", Coder: "bob"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MarkSeen("bob", store.SeenAt(time.Time{}, frag), false); err != nil {
		t.Fatal(err)
	}
	return frag
}

func consensus(t *testing.T, s *store.Store, frag string) []string {
	t.Helper()
	cs, err := s.Codings(store.CodingFilter{Fragment: frag})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		if c.Coder == store.ConsensusCoder {
			out = append(out, c.Code)
		}
	}
	slices.Sort(out)
	return out
}

// Item 5: the reconcile screen lists a sample's disagreements, shows each
// coder's codes, and stores the picked codes as the consensus coder, as
// `plancoder reconcile` does; the coders' own codings stay.
func TestReconcile(t *testing.T) {
	ts, s := server(t, "admin")
	frag := disagree(t, s)
	base := ts.URL + "/admin"
	if code, body := get(t, "GET", base+"/reconcile"); code != 200 || !strings.Contains(body, `<td class="n">1</td>`) {
		t.Errorf("samples: %d %s", code, body)
	}
	code, body := get(t, "GET", base+"/reconcile?sample=pilot")
	if code != 200 || !strings.Contains(body, "ann: VRIJW<br>bob: FIN") || !strings.Contains(body, "not yet") {
		t.Errorf("disagreements: %d %s", code, body)
	}
	code, body = get(t, "GET", base+"/reconcile?sample=pilot&frag="+url.QueryEscape(frag))
	for _, want := range []string{`data-frag="` + frag + `"`, "socius · socius-plan-2021-2025 · Inleiding", "vrijwilligers &lt;script&gt;",
		`name="take" value="bob"`, `value="FIN"> <span class="key">FIN</span> Financiën <span class="by">(bob)</span>`} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("screen lacks %q: %d %s", want, code, body)
		}
	}
	if code, _ := get(t, "GET", base+"/reconcile?sample=pilot&frag="+url.QueryEscape(store.FragmentID("socius-plan-2021-2025", 1))); code != 404 {
		t.Errorf("a fragment that is no disagreement: %d", code)
	}
	code, _, loc := post(t, base+"/reconcile", url.Values{"sample": {"pilot"}, "frag": {frag}, "take": {"bob"}})
	if code != 303 || loc != "/admin/reconcile?done=1&sample=pilot" {
		t.Fatalf("take bob: %d %q", code, loc)
	}
	if got := consensus(t, s, frag); !slices.Equal(got, []string{"FIN"}) {
		t.Errorf("consensus after taking bob's: %v", got)
	}
	if code, _, _ := post(t, base+"/reconcile", url.Values{"sample": {"pilot"}, "frag": {frag}, "code": {"vrijw", "FIN"}}); code != 303 {
		t.Fatalf("pick codes: %d", code)
	}
	if got := consensus(t, s, frag); !slices.Equal(got, []string{"FIN", "VRIJW"}) {
		t.Errorf("consensus after picking: %v", got)
	}
	for name, form := range map[string]url.Values{
		"unknown code":  {"sample": {"pilot"}, "frag": {frag}, "code": {"NOPE"}},
		"unknown coder": {"sample": {"pilot"}, "frag": {frag}, "take": {"cee"}},
	} {
		if code, _, _ := post(t, base+"/reconcile", form); code != 422 {
			t.Errorf("%s: %d, want 422", name, code)
		}
	}
	if got := consensus(t, s, frag); !slices.Equal(got, []string{"FIN", "VRIJW"}) {
		t.Errorf("a refused form changed the consensus: %v", got)
	}
	ann, _ := s.Codings(store.CodingFilter{Coder: "ann"})
	bob, _ := s.Codings(store.CodingFilter{Coder: "bob"})
	if len(ann) != 1 || len(bob) != 1 || ann[0].Code != "VRIJW" || bob[0].Code != "FIN" {
		t.Errorf("the coders' own codings changed: %+v %+v", ann, bob)
	}
	if _, body := get(t, "GET", base+"/reconcile?sample=pilot"); !strings.Contains(body, "<td>FIN, VRIJW</td>") {
		t.Errorf("the list does not show the consensus: %s", body)
	}
}

// A project busy with a CLI command is 503 (try again), not a server error.
func TestBusyIs503(t *testing.T) {
	h := Handler(Deps{
		With: func(context.Context, func(*store.Store, *index.Index) error) error {
			return fmt.Errorf("open: %w", project.ErrBusy)
		},
		User: func(*http.Request) (string, string) { return "ada", "admin" },
		CSRF: func(*http.Request) string { return testCSRF },
	})
	ts := httptest.NewServer(h)
	defer ts.Close()
	if code, _ := get(t, "GET", ts.URL+"/codebook"); code != http.StatusServiceUnavailable {
		t.Errorf("GET while busy: %d", code)
	}
	if code, _, _ := post(t, ts.URL+"/codebook/add", url.Values{"key": {"X"}, "name": {"x"}}); code != http.StatusServiceUnavailable {
		t.Errorf("POST while busy: %d", code)
	}
}
