package web

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser starts headless Chromium (offline, its own profile) or skips.
func browser(t *testing.T) context.Context {
	t.Helper()
	bin := ""
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		t.Skip("chromium not installed")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx
}

// shotDir is where screenshots go: $PLANCODER_SCREENSHOTS to look at
// them, else a temporary folder.
func shotDir(t *testing.T) string {
	if dir := os.Getenv("PLANCODER_SCREENSHOTS"); dir != "" {
		return dir
	}
	return t.TempDir()
}

// at waits until the coding page shows fragment id (a query, which
// survives the page's reload).
func at(id string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(`#coding[data-frag="` + id + `"]`)
}

// saved waits until the page shows code on: it does so only after the
// server answered, i.e. after the store committed.
func saved(code string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(`li.code.on[data-key="` + code + `"]`)
}

// off waits for a page of fragment id with code off.
func off(id, code string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(`#coding[data-frag="` + id + `"] li.code[data-key="` + code + `"]:not(.on)`)
}

func browserLogin(t *testing.T, ctx context.Context, base, name string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(`input[name=name]`, name),
		chromedp.SendKeys(`input[name=password]`, testPassword),
		chromedp.Click(`#login`),
		chromedp.WaitVisible(`span.who`),
	); err != nil {
		t.Fatalf("log in %s: %v", name, err)
	}
}

// Log in, code three fragments by keyboard, undo one, reload: two are
// saved. Two coders at once on one sample do not see each other.
func TestBrowserCoding(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t)
	base := f.ts.URL
	browserLogin(t, ctx, base, "ann")
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Click(`#q-doc input[name=fromstart]`),
		chromedp.Click(`#q-doc button`),
		(at(fragID(1))),
		chromedp.KeyEvent("1"), (saved("VERBIND")), // VERBIND
		chromedp.KeyEvent("j"), (at(fragID(2))),
		chromedp.KeyEvent("2"), (saved("KRITISCH")), // KRITISCH
		chromedp.KeyEvent("j"), (at(fragID(3))),
		chromedp.KeyEvent("a"), (saved("ARMOEDE")), // ARMOEDE
		chromedp.KeyEvent("u"), off(fragID(3), "ARMOEDE"),
		chromedp.Reload(), off(fragID(3), "ARMOEDE"),
	}
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("coding by keyboard: %v", err)
	}
	for i, want := range [][]string{{"VERBIND"}, {"KRITISCH"}, nil} {
		if got := f.codes(fragID(i+1), "ann"); !slices.Equal(got, want) {
			t.Errorf("%s: ann's codes %v, want %v", fragID(i+1), got, want)
		}
	}
	on, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("li.code.on").length`))
	if err != nil || on != 0 {
		t.Errorf("after undo and reload the page shows %d codes on (%v)", on, err)
	}
	// The fragment with markup is text in the DOM, not markup.
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("text").textContent`))
	if err != nil || text != evilText {
		t.Errorf("fragment text in the DOM %q (%v)", text, err)
	}
	scripts, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("script").length`))
	if scripts != 1 {
		t.Errorf("%d script elements: the fragment's <script> became one", scripts)
	}
	// Jump, find and memo through the command bar.
	for i, step := range []chromedp.Action[chromedp.Void]{
		chromedp.KeyEvent("g"), chromedp.WaitVisible(`#bar-input`), chromedp.SendKeys(`#bar-input`, "5\r"), at(fragID(5)),
		chromedp.KeyEvent("/"), chromedp.WaitVisible(`#bar-input`), chromedp.SendKeys(`#bar-input`, "armoede\r"), at(fragID(4)),
		chromedp.KeyEvent("m"), chromedp.WaitVisible(`#bar-input`), chromedp.SendKeys(`#bar-input`, "nalezen <b>later</b>\r"),
		chromedp.WaitVisible(`ul.memos li`),
	} {
		sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		err := chromedp.Do(sctx, step)
		cancel()
		if err != nil {
			html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerHTML`))
			t.Fatalf("jump, find, memo: step %d: %v\n%s", i, err, html)
		}
	}
	memo, err := chromedp.Run(ctx, chromedp.Text(`ul.memos li`))
	if err != nil || memo != "ann: nalezen <b>later</b>" {
		t.Errorf("memo on the page: %q (%v)", memo, err)
	}

	// Two coders at once on the sample, each in their own browser profile.
	bob, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	browserLogin(t, bob, base, "bob")
	start := func(c context.Context) error {
		return chromedp.Do(c, chromedp.Navigate(base+"/"), chromedp.WaitVisible(`#q-sample`),
			chromedp.Click(`#q-sample input[name=fromstart]`), chromedp.Click(`#q-sample button`), (at(fragID(1))))
	}
	if err := start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := start(bob); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bob, chromedp.KeyEvent("a"), (saved("ARMOEDE"))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Reload(), (at(fragID(1)))); err != nil {
		t.Fatal(err)
	}
	annOn, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("li.code.on")).map(e => e.dataset.key)`))
	if err != nil || !slices.Equal(annOn, []string{"VERBIND"}) {
		t.Errorf("ann sees %v on the sample's first fragment, want only her own VERBIND (%v)", annOn, err)
	}
	if err := chromedp.Do(bob, chromedp.Reload(), (at(fragID(1)))); err != nil {
		t.Fatal(err)
	}
	bobOn, err := chromedp.Run(bob, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("li.code.on")).map(e => e.dataset.key)`))
	if err != nil || !slices.Equal(bobOn, []string{"ARMOEDE"}) {
		t.Errorf("bob sees %v, want only his own ARMOEDE (%v)", bobOn, err)
	}
	// The coding page as a coder sees it (ann in the sample, VERBIND on).
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(shot)); err != nil {
		// FullScreenshot gives JPEG below quality 100; either is fine.
		shot, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(shotDir(t), "coding.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}

}

// In the browser: a reader gets 403 on the coding page, a request without
// the CSRF token is refused, and wrong passwords are slowed down.
func TestBrowserRefusals(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t)
	base := f.ts.URL
	browserLogin(t, ctx, base, "rita")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/code"), chromedp.WaitVisible(`p.error`)); err != nil {
		t.Fatal(err)
	}
	msg, err := chromedp.Run(ctx, chromedp.Text(`p.error`))
	if err != nil || !strings.Contains(msg, "a reader may not do this") {
		t.Errorf("reader on /code: %q (%v)", msg, err)
	}
	status, err := chromedp.Run(ctx, chromedp.Evaluate[int](`fetch("/code/do", {method: "POST", body: new URLSearchParams({op: "toggle", code: "VERBIND", frag: "`+fragID(1)+`"})}).then(r => r.status)`,
		chromedp.EvalAsValue, chromedp.EvalAwaitPromise))
	if err != nil || status != 403 {
		t.Errorf("reader's fetch to /code/do: %d (%v)", status, err)
	}

	// The readers' theme page, mounted under /a/, as a reader sees it.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/a/theme/VERBIND"), chromedp.WaitVisible(`h1`)); err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(shotDir(t), "theme.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	ann, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	browserLogin(t, ann, base, "ann")
	if err := chromedp.Do(ann, chromedp.Click(`#q-doc button`), at(fragID(1))); err != nil {
		t.Fatal(err)
	}
	status, err = chromedp.Run(ann, chromedp.Evaluate[int](`fetch("/code/do", {method: "POST", body: new URLSearchParams({op: "toggle", code: "VERBIND", frag: "`+fragID(1)+`"})}).then(r => r.status)`,
		chromedp.EvalAsValue, chromedp.EvalAwaitPromise))
	if err != nil || status != 403 {
		t.Errorf("a POST without the CSRF token: %d (%v)", status, err)
	}
	if got := f.codes(fragID(1), "ann"); len(got) != 0 {
		t.Errorf("the refused request saved %v", got)
	}

	guess, cancel2 := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancel2()
	var last string
	for i := 0; i < 5; i++ {
		if err := chromedp.Do(guess, chromedp.Navigate(base+"/login"),
			chromedp.SendKeys(`input[name=name]`, "bob"), chromedp.SendKeys(`input[name=password]`, "wrong password!"),
			chromedp.Click(`#login`), chromedp.WaitVisible(`p.error`)); err != nil {
			t.Fatal(err)
		}
		if last, err = chromedp.Run(guess, chromedp.Text(`p.error`)); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.Contains(last, "too many failed logins: wait") {
		t.Errorf("the fifth wrong password: %q, want to be slowed down", last)
	}
}
