package report

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chromium finds a Chromium binary, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium not on PATH")
	return ""
}

// runChromium runs headless Chromium, offline, with its own profile.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s", bin, args, err, stderr.String())
	}
	return stdout.Bytes()
}

func TestBrowserRender(t *testing.T) {
	bin := chromium(t)
	st, d := buildProject(t, true)
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, []byte(build(t, st, d, Options{})), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + file

	dom := string(runChromium(t, bin, "--dump-dom", url))
	for _, id := range []string{"overzicht", "thema-VRIJW", "thema-FIN", "thema-DIGI"} {
		if !strings.Contains(dom, `id="`+id+`"`) {
			t.Errorf("rendered DOM lacks section %s", id)
		}
	}
	// 3 mini bars in the overview, 6 charts in each of the 3 sections.
	if n := strings.Count(dom, "<svg"); n != 21 {
		t.Errorf("rendered DOM has %d svg elements, want 21", n)
	}
	if n := strings.Count(dom, "<title id="); n != 21 {
		t.Errorf("rendered DOM has %d svg titles, want 21", n)
	}

	shot := filepath.Join(dir, "report.png")
	runChromium(t, bin, "--screenshot="+shot, "--window-size=1200,2000", "--hide-scrollbars", url)
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 2000 {
		t.Errorf("screenshot is %v, want 1200x2000", b)
	}
	// A blank page compresses to almost nothing.
	if len(data) < 20000 {
		t.Errorf("screenshot is %d bytes: blank?", len(data))
	}
	if os.Getenv("UPDATE_SCREENSHOT") == "1" {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", "report-screenshot.png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
