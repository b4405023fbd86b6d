package readers

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/chromedp"
)

// chromium finds Chromium, or skips the test (CI installs it: .ci/run).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium not installed")
	return ""
}

// TestBrowser loads the theme dossier and the matrix in headless Chromium
// under the pages' CSP: the stylesheet applies, the charts render, nothing
// is refused, a matrix cell opens its fragments with the cell's count.
// READERS_SCREENSHOTS=DIR keeps the screenshots to look at.
func TestBrowser(t *testing.T) {
	bin := chromium(t)
	f := getFixture(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox,
		chromedp.UserDataDir(t.TempDir()), chromedp.Flag("disable-gpu", true), chromedp.WindowSize(1280, 900))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	if _, err := chromedp.Call(bctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var refused []string
	cctx, ccancel := context.WithCancel(bctx)
	done := make(chan struct{})
	messages := chromedp.Console(cctx)
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			// The browser asks the server root for /favicon.ico: not a page's.
			if (m.Type == chromedp.ConsoleError || m.IsException()) && !strings.HasSuffix(m.URL, "/favicon.ico") {
				mu.Lock()
				refused = append(refused, m.String()+" "+m.URL)
				mu.Unlock()
			}
		}
	}()
	shots := os.Getenv("READERS_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	shoot := func(name string) {
		t.Helper()
		buf, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		img, err := png.Decode(bytes.NewReader(buf))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() < 1000 || b.Dy() < 600 || len(buf) < 20000 {
			t.Errorf("%s: %v, %d bytes: blank?", name, b, len(buf))
		}
		if err := os.WriteFile(filepath.Join(shots, name), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}

	if err := chromedp.Do(bctx, chromedp.Navigate(f.ts.URL+"/theme/VRIJW"), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	if bg := eval(`getComputedStyle(document.querySelector("header.top")).backgroundColor`); bg != "rgb(247, 250, 252)" {
		t.Errorf("header background %q: the stylesheet did not apply under the CSP", bg)
	}
	if n := eval(`String(document.querySelectorAll("main svg").length)`); n == "0" {
		t.Error("no chart on the theme page")
	}
	shoot("theme.png")
	charts, err := chromedp.Run(bctx, chromedp.Screenshot(chromedp.CSS(".charts")))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(shots, "theme-charts.png"), charts, 0o644); err != nil {
		t.Fatal(err)
	}
	// Printed, the page is its content: no navigation, forms or download
	// links, and the charts stay.
	if _, err := chromedp.Call(bctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	for _, sel := range []string{"header.top", "form.filters", "p.downloads"} {
		if d := eval(`getComputedStyle(document.querySelector("` + sel + `")).display`); d != "none" {
			t.Errorf("printed, %s is displayed (%s)", sel, d)
		}
	}
	if d := eval(`getComputedStyle(document.querySelector("main svg")).display`); d == "none" {
		t.Error("printed, the charts are hidden")
	}
	pdf, err := chromedp.Run(bctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("print to PDF: %v (%d bytes)", err, len(pdf))
	}
	if err := os.WriteFile(filepath.Join(shots, "theme.pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(bctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}

	if err := chromedp.Do(bctx, chromedp.Navigate(f.ts.URL+"/matrix?rows=type"), chromedp.WaitVisible(chromedp.CSS("table.matrix"))); err != nil {
		t.Fatal(err)
	}
	shoot("matrix.png")
	cellText, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("table.matrix td.num a")))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS("table.matrix td.num a")), chromedp.WaitVisible(chromedp.CSS("blockquote"))); err != nil {
		t.Fatal(err)
	}
	lead, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("p.lead")))
	if err != nil {
		t.Fatal(err)
	}
	shoot("quotes.png")
	if n := regexp.MustCompile(`^\d+`).FindString(strings.TrimSpace(lead)); n != strings.TrimSpace(cellText) {
		t.Errorf("the cell shows %q, its page says %q", cellText, lead)
	}
	for name, path := range map[string]string{"index.png": "/", "cooccur.png": "/cooccur", "trend.png": "/trend?code=VRIJW",
		"search.png": "/search?q=vrijwilliger", "reliability.png": "/reliability?sample=pilot"} {
		if err := chromedp.Do(bctx, chromedp.Navigate(f.ts.URL+path), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
			t.Fatal(err)
		}
		shoot(name)
	}
	ccancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	for _, r := range refused {
		t.Errorf("browser console: %s", r)
	}
}
