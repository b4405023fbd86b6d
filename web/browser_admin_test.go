package web

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/plancoder/plancoder/store"
)

// adminPostPaths are every POST the admin pages take.
var adminPostPaths = []string{"/admin/codebook/add", "/admin/codebook/edit", "/admin/codebook/rename",
	"/admin/codebook/merge", "/admin/codebook/remove", "/admin/reconcile", "/admin/users/add", "/admin/users/passwd",
	"/admin/users/role", "/admin/users/remove", "/admin/samples/new"}

// postAll posts a valid-looking form to every admin POST from the page in
// ctx, with the page's own CSRF token when withToken, and returns the
// statuses.
func postAll(t *testing.T, ctx context.Context, withToken bool) []any {
	t.Helper()
	js := `Promise.all(` + "[\"" + strings.Join(adminPostPaths, `","`) + "\"]" + `.map(p => {
		const body = new URLSearchParams({key: "VERBIND", name: "cee", target: "SAMEN", sample: "s1", frag: "` + fragID(1) + `", take: "bob",
			role: "admin", password: "` + testPassword + `", password2: "` + testPassword + `", count: "1", coder: "ann", extra: "bob"});
		const tok = document.querySelector("input[name=csrf]");
		if (` + map[bool]string{true: "true", false: "false"}[withToken] + ` && tok) body.set("csrf", tok.value);
		return fetch(p, {method: "POST", body}).then(r => r.status, e => p + ": " + e);
	}))`
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](js, chromedp.EvalAsValue, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// Item 5 in the browser: an admin renames a code through its preview page
// and reconciles a disagreement; a coder and a reader get 403 on every
// admin POST, and the admin's POST without the CSRF token is refused.
func TestBrowserAdmin(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t)
	// One disagreement in sample s1: ann coded VERBIND, bob ARMOEDE.
	st, err := f.p.Open()
	if err != nil {
		t.Fatal(err)
	}
	for coder, code := range map[string]string{"ann": "VERBIND", "bob": "ARMOEDE"} {
		if err := st.AddCodings(store.Coding{Fragment: fragID(1), Code: code, Coder: coder}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.MarkSeen(coder, store.SeenAt(time.Time{}, fragID(1)), false); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	base := f.ts.URL

	// From the start page: the admin pages' own policy lets no script
	// connect anywhere.
	browserLogin(t, ctx, base, "ada") // starts the browser the other profiles share
	if got := postAll(t, ctx, false); slices.ContainsFunc(got, func(s any) bool { return s != float64(403) }) {
		t.Errorf("the admin's POSTs without the CSRF token: %v, want 403 each", got)
	}
	for _, who := range []string{"ann", "rita"} {
		c, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
		browserLogin(t, c, base, who)
		if got := postAll(t, c, true); slices.ContainsFunc(got, func(s any) bool { return s != float64(403) }) {
			t.Errorf("%s's admin POSTs with their own token: %v, want 403 each", who, got)
		}
		cancel()
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/admin/codebook"), chromedp.WaitVisible(`#code-VERBIND`)); err != nil {
		t.Fatal(err)
	}
	// Rename VERBIND to SAMEN: the preview first, then the button.
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Click(`#code-VERBIND a[href*="/rename"]`), chromedp.WaitVisible(`#f-target`),
		chromedp.SendKeys(`#f-target`, "samen"), chromedp.Click(`#show`), chromedp.WaitVisible(`#preview`),
	}
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("rename preview: %v", err)
	}
	preview, err := chromedp.Run(ctx, chromedp.Text(`#preview`))
	if err != nil || !strings.Contains(preview, "1 coding of 1 fragment by 1 coder moves to SAMEN") {
		t.Errorf("rename preview %q (%v)", preview, err)
	}
	if got := f.codes(fragID(1), "ann"); !slices.Equal(got, []string{"VERBIND"}) {
		t.Fatalf("the preview changed the codings: %v", got)
	}
	screenshot(t, ctx, "admin-rename.png")
	if err := chromedp.Do(ctx, chromedp.Click(`#confirm`), chromedp.WaitVisible(`p.msg`), chromedp.WaitVisible(`#code-SAMEN`)); err != nil {
		t.Fatalf("rename: %v", err)
	}
	if got := f.codes(fragID(1), "ann"); !slices.Equal(got, []string{"SAMEN"}) {
		t.Errorf("after the rename ann's codes are %v", got)
	}
	// The codebook page as the admin sees it after the rename.
	screenshot(t, ctx, "admin-codebook.png")

	// A problem is shown beside its field, and nothing is saved.
	steps = []chromedp.Action[chromedp.Void]{
		chromedp.Click(`a.button[href$="/codebook/add"]`), chromedp.WaitVisible(`#f-key`),
		chromedp.SendKeys(`#f-key`, "ERFGOED"), chromedp.SendKeys(`#f-name`, "Erfgoed"), chromedp.SendKeys(`#f-shortcut`, "1"),
		chromedp.Click(`#save`), chromedp.WaitVisible(`.err[data-field="shortcut"]`),
	}
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("add with a taken shortcut: %v", err)
	}
	msg, err := chromedp.Run(ctx, chromedp.Text(`.err[data-field="shortcut"]`))
	if err != nil || !strings.Contains(msg, "used twice (also by SAMEN)") {
		t.Errorf("the shortcut's error: %q (%v)", msg, err)
	}
	screenshot(t, ctx, "admin-form-error.png")

	// Reconcile the disagreement: take bob's codes.
	steps = []chromedp.Action[chromedp.Void]{
		chromedp.Click(`nav a[href$="/reconcile"]`), chromedp.WaitVisible(`a[href$="?sample=s1"]`),
		chromedp.Click(`a[href$="?sample=s1"]`), chromedp.WaitVisible(`a[href*="frag="]`),
		chromedp.Click(`a[href*="frag="]`), chromedp.WaitVisible(`#frag`),
		nil, // the screen, as a screenshot
		chromedp.Click(`button.take[data-coder="bob"]`), chromedp.WaitVisible(`p.msg`),
	}
	for i, step := range steps {
		if step == nil {
			screenshot(t, ctx, "admin-reconcile.png")
			continue
		}
		sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		err := chromedp.Do(sctx, step)
		cancel()
		if err != nil {
			html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerHTML`))
			t.Fatalf("reconcile: step %d: %v\n%s", i, err, html)
		}
	}
	if got := f.codes(fragID(1), store.ConsensusCoder); !slices.Equal(got, []string{"ARMOEDE"}) {
		t.Errorf("consensus after taking bob's codes: %v", got)
	}
	if got := f.codes(fragID(1), "bob"); !slices.Equal(got, []string{"ARMOEDE"}) {
		t.Errorf("bob's own codes changed: %v", got)
	}
}

// Item 5 in the browser: an admin adds a user and draws a sample for them
// through the forms (a problem first shown beside its field), and the new
// user logs in and finds the sample.
func TestBrowserAdminUsersAndSamples(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t)
	base := f.ts.URL
	browserLogin(t, ctx, base, "ada")
	run := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerHTML`))
			t.Fatalf("%s: %v\n%s", what, err, html)
		}
	}
	run("users page", chromedp.Navigate(base+"/admin/"), chromedp.Click(`nav a[href$="/users"]`), chromedp.WaitVisible(`#add-user`))
	// The passwords differ: said beside the field, nothing added.
	run("add with differing passwords",
		chromedp.SendKeys(`#f-name`, "dora"), chromedp.SetValue(`#f-role`, "coder"),
		chromedp.SendKeys(`#f-password`, testPassword), chromedp.SendKeys(`#f-password2`, testPassword+"!"),
		chromedp.Click(`#add`), chromedp.WaitVisible(`.err[data-field="password"]`))
	st, err := f.p.Open()
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.User("dora")
	st.Close()
	if err == nil {
		t.Fatal("dora was added with differing passwords")
	}
	run("add dora",
		chromedp.SendKeys(`#f-password`, testPassword), chromedp.SendKeys(`#f-password2`, testPassword),
		chromedp.Click(`#add`), chromedp.WaitVisible(`#user-dora`), chromedp.WaitVisible(`p.msg`))
	screenshot(t, ctx, "admin-users.png")

	// A sample for dora and ann, of the one document, chosen.
	run("sample form", chromedp.Click(`nav a[href$="/samples"]`), chromedp.WaitVisible(`#new-sample`),
		chromedp.Click(`#new-sample`), chromedp.WaitVisible(`#sample-form`),
		chromedp.SendKeys(`#f-name`, "proef"), chromedp.Click(`input[name=coder][value=dora]`),
		chromedp.Click(`#draw`), chromedp.WaitVisible(`.err[data-field="coders"]`))
	screenshot(t, ctx, "admin-sample-form.png")
	var page string
	run("draw the sample", chromedp.Click(`input[name=coder][value=ann]`), chromedp.SendKeys(`#f-count`, "1"),
		chromedp.Click(`#draw`), chromedp.WaitVisible(`details.doc`))
	screenshot(t, ctx, "admin-sample.png")
	page, err = chromedp.Run(ctx, chromedp.Text(`main`))
	if err != nil || !strings.Contains(page, "1 documents, 5 units") || !strings.Contains(page, "dora") {
		t.Errorf("the sample's page: %q (%v)", page, err)
	}

	// dora logs in (a browser of her own) and codes the sample.
	c, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	browserLogin(t, c, base, "dora")
	home, err := chromedp.Run(c, chromedp.Text(`body`))
	if err != nil || !strings.Contains(home, "proef") {
		t.Errorf("dora's start page does not offer sample proef: %q (%v)", home, err)
	}
}

// screenshot saves the viewport as name in shotDir.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(shotDir(t), name), shot, 0o644); err != nil {
		t.Fatal(err)
	}
}
