package readers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
)

func TestPageCache(t *testing.T) {
	now := time.Date(2026, 12, 6, 13, 0, 0, 0, time.UTC)
	c := newShared[*page](5 * time.Second)
	c.now = func() time.Time { return now }
	var builds atomic.Int32
	build := func() (*page, uint64, time.Time, error) { builds.Add(1); return &page{Title: "t"}, 1 << 62, now, nil }
	ctx := context.Background()
	get := func(rev uint64) {
		t.Helper()
		if pg, _, _, err := c.get(ctx, "k", rev, build, nil); err != nil || pg.Title != "t" {
			t.Fatalf("get: %v %v", pg, err)
		}
	}
	for _, step := range []struct {
		name    string
		advance time.Duration
		rev     uint64
		builds  int32
	}{
		{"first", 0, 1, 1},
		{"same revision, much later", time.Hour, 1, 1},
		{"a change, long after the build", time.Second, 2, 2},
		{"another change, within maxStale of the build", 4 * time.Second, 3, 2},
		{"a change, past maxStale", 2 * time.Second, 3, 3},
		{"the same revision again", time.Minute, 3, 3},
	} {
		now = now.Add(step.advance)
		get(step.rev)
		if got := builds.Load(); got != step.builds {
			t.Errorf("%s: %d builds, want %d", step.name, got, step.builds)
		}
	}

	// Readers asking while a page is built wait for that build.
	builds.Store(0)
	release := make(chan struct{})
	slow := func() (*page, uint64, time.Time, error) {
		builds.Add(1)
		<-release
		return &page{Title: "slow"}, 1 << 62, now, nil
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if pg, _, _, err := c.get(ctx, "slow", 7, slow, nil); err != nil || pg.Title != "slow" {
				t.Errorf("waiting reader got %v %v", pg, err)
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := builds.Load(); n != 1 {
		t.Errorf("8 readers at once: %d builds, want 1", n)
	}

	// A page older than the revision, within maxStale, is served at once
	// and recomputed once in the background; put makes the new one current.
	builds.Store(0)
	now = now.Add(time.Hour)
	get(10) // computed now, at revision 10
	refreshed := make(chan struct{}, 8)
	refresh := func() { refreshed <- struct{}{} }
	for i := 0; i < 3; i++ {
		if pg, _, rev, err := c.get(ctx, "k", 11, build, refresh); err != nil || pg == nil || rev != 10 {
			t.Fatalf("stale get: %v rev %d %v", pg, rev, err)
		}
	}
	<-refreshed
	select {
	case <-refreshed:
		t.Error("two background refreshes for one page")
	case <-time.After(50 * time.Millisecond):
	}
	c.put("k", 11, now, &page{Title: "new"}, nil)
	if pg, _, rev, _ := c.get(ctx, "k", 11, build, refresh); pg.Title != "new" || rev != 11 {
		t.Errorf("after the refresh: %q at %d", pg.Title, rev)
	}
	if n := builds.Load(); n != 1 {
		t.Errorf("%d computations in the foreground, want 1", n)
	}

	// A failed build is not kept.
	fail := errors.New("boom")
	if _, _, _, err := c.get(ctx, "bad", 1, func() (*page, uint64, time.Time, error) { return nil, 0, now, fail }, nil); !errors.Is(err, fail) {
		t.Fatalf("got %v", err)
	}
	if pg, _, _, err := c.get(ctx, "bad", 1, build, nil); err != nil || pg.Title != "t" {
		t.Errorf("after a failed build: %v %v, want a new build", pg, err)
	}
}

// TestStalePageSaysWhen: after a change, a page kept from before says when
// its figures were computed; with MaxStale 0 it is computed again.
func TestStalePageSaysWhen(t *testing.T) {
	f := getFixture(t)
	with := func(ctx context.Context, fn func(*store.Store, *index.Index) error) error { return fn(f.s, f.x) }
	get := func(h http.Handler) string {
		t.Helper()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/theme/VRIJW", nil))
		if rec.Code != 200 {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
		b, _ := io.ReadAll(rec.Body)
		return string(b)
	}
	stale, fresh := Handler(Deps{With: with, MaxStale: time.Hour}), Handler(Deps{With: with})
	for _, h := range []http.Handler{stale, fresh} {
		if body := get(h); strings.Contains(body, "Figures as of") {
			t.Fatal("a page computed now says it is from before")
		}
	}
	// A change the store logs (a user, which no figure depends on).
	name := fmt.Sprintf("cachetest%d", time.Now().UnixNano()%1000000)
	if err := f.s.PutUser("test", store.User{Name: name, Role: "reader", PasswordHash: "x"}, false); err != nil {
		t.Fatal(err)
	}
	if body := get(stale); !strings.Contains(body, "Figures as of") {
		t.Error("a page kept past a change does not say so")
	}
	if body := get(fresh); strings.Contains(body, "Figures as of") {
		t.Error("with MaxStale 0 the page was not computed again")
	}
}

// TestRenderWritesBodyAsIs: a rendered body is written between the layout's
// halves, byte for byte what the layout around it would give, with its
// length; the user's name in the layout is still escaped.
func TestRenderWritesBodyAsIs(t *testing.T) {
	h := Handler(Deps{}).(*handler)
	body := template.HTML(`<h1>Thema &amp; plan</h1><p>` + strings.Repeat("tekst ", 5000) + `</p>`)
	pg := &page{Name: "theme", Title: "FIN", Base: "/a", User: `<ann>`, Body: body}
	var want bytes.Buffer
	if err := h.pages["theme"].ExecuteTemplate(&want, "layout", pg); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.render(rec, http.StatusOK, pg)
	if got := rec.Body.String(); got != want.String() {
		t.Fatalf("rendered page differs from the layout around the body:\n%.300s", got)
	}
	if cl := rec.Header().Get("Content-Length"); cl != strconv.Itoa(want.Len()) {
		t.Errorf("Content-Length %s, want %d", cl, want.Len())
	}
	if strings.Contains(rec.Body.String(), "<ann>") || strings.Contains(rec.Body.String(), "\x00") {
		t.Error("user name not escaped, or the body mark left in the page")
	}
	if pg.Body != body {
		t.Error("render changed the shared page")
	}
}

// discardWriter is a ResponseWriter that keeps nothing.
type discardWriter struct{ h http.Header }

func (d discardWriter) Header() http.Header         { return d.h }
func (d discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d discardWriter) WriteHeader(int)             {}

// WriteString is there as net/http's writer has it (io.WriteString would
// copy the string otherwise).
func (d discardWriter) WriteString(s string) (int, error) { return len(s), nil }

// TestRenderDoesNotCopyBody: serving a kept page copies its body no more
// (twice per request before, which under 20 readers on 9,000 pages kept
// the garbage collector running and held up the coders' saves).
func TestRenderDoesNotCopyBody(t *testing.T) {
	h := Handler(Deps{}).(*handler)
	body := template.HTML(strings.Repeat("<p>tekst</p>", 20000)) // 240 kB
	pg := &page{Name: "theme", Title: "FIN", Base: "/a", Body: body}
	w := discardWriter{h: http.Header{}}
	h.render(w, http.StatusOK, pg) // templates warmed
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	for i := 0; i < 10; i++ {
		h.render(w, http.StatusOK, pg)
	}
	runtime.ReadMemStats(&b)
	if per := (b.TotalAlloc - a.TotalAlloc) / 10; per > uint64(len(body))/4 {
		t.Errorf("render allocates %d bytes for a %d-byte body", per, len(body))
	}
}
