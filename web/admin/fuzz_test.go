package admin

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/store"
)

// FuzzCodebookForms: any form posted to the codebook's, the reconcile
// screen's, the users' and the samples' POSTs is either done (303) or refused with a message (4xx),
// never a server error, and whatever it wrote passes the store's check.
func FuzzCodebookForms(f *testing.F) {
	for _, s := range []string{
		"/codebook/add?key=ERFGOED&name=Erfgoed&shortcut=e",
		"/codebook/add?key=erfgoed&name=%00&description=a%0D%0Ab",
		"/codebook/add?key=X&name=x&name=y",
		"/codebook/edit?key=FIN&colour=%23fff&orig-colour=",
		"/codebook/edit?key=FIN&shortcut=%3F&orig-shortcut=",
		"/codebook/rename?key=FIN&target=GELD",
		"/codebook/rename?key=FIN&target=vrijw",
		"/codebook/merge?key=FIN&target=FIN",
		"/codebook/remove?key=VRIJW",
		"/reconcile?sample=pilot&frag=socius-plan-2021-2025/0002&code=FIN&code=nope",
		"/reconcile?sample=nope&frag=x&take=ann",
		"/users/add?name=bea&role=coder&password=een+lang+wachtwoord&password2=een+lang+wachtwoord",
		"/users/add?name=bea&name=eve&role=admin&password=x&password2=x",
		"/users/passwd?name=bea&password=nog+een+wachtwoord&password2=nog+een+wachtwoord",
		"/users/role?name=bea&role=reader",
		"/users/remove?name=ada",
		"/samples/new?name=s2&count=1&coder=ann&extra=bob",
		"/samples/new?name=s3&doc=nope&coder=a&extra=b,,c&seed=-3",
	} {
		f.Add(s)
	}
	ts, s := server(f, "admin")
	f.Fuzz(func(t *testing.T, raw string) {
		path, query, _ := strings.Cut(raw, "?")
		form, err := url.ParseQuery(query)
		if err != nil || !strings.HasPrefix(path, "/") {
			return
		}
		if _, err := url.Parse(ts.URL + "/admin" + path); err != nil {
			return // no browser sends it
		}
		delete(form, "csrf")
		code, body, _ := post(t, ts.URL+"/admin"+path, form)
		if code >= 500 {
			t.Fatalf("%q: %d %s", raw, code, body)
		}
		if code == http.StatusOK {
			t.Fatalf("%q: 200 from a POST: a change is a redirect, a refusal a 4xx", raw)
		}
		if errs := s.Check(); len(errs) > 0 {
			t.Fatalf("%q: check after it: %v", raw, errs)
		}
		codes, err := s.Codes()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range codes {
			if err := store.ValidateCode(c); err != nil {
				t.Fatalf("%q stored an invalid code: %v", raw, err)
			}
		}
	})
}
