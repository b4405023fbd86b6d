package readers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
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
	c := newPageCache(5 * time.Second)
	c.now = func() time.Time { return now }
	var builds atomic.Int32
	build := func() (*page, error) { builds.Add(1); return &page{Title: "t"}, nil }
	ctx := context.Background()
	get := func(rev uint64) {
		t.Helper()
		if pg, _, err := c.get(ctx, "k", rev, build); err != nil || pg.Title != "t" {
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
	slow := func() (*page, error) { builds.Add(1); <-release; return &page{Title: "slow"}, nil }
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if pg, _, err := c.get(ctx, "slow", 7, slow); err != nil || pg.Title != "slow" {
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

	// A failed build is not kept.
	fail := errors.New("boom")
	if _, _, err := c.get(ctx, "bad", 1, func() (*page, error) { return nil, fail }); !errors.Is(err, fail) {
		t.Fatalf("got %v", err)
	}
	if pg, _, err := c.get(ctx, "bad", 1, build); err != nil || pg.Title != "t" {
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
