package readers

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/internal/demo"
	"github.com/plancoder/plancoder/store"
)

// BenchmarkPages times the pages a reader loads most, on a demo project of
// READERS_BENCH_ORGS organisations (default: the test fixture's two).
func BenchmarkPages(b *testing.B) {
	h := benchHandler(b)
	for _, path := range []string{"/theme/VRIJW", "/matrix?rows=org", "/matrix?rows=type&format=xlsx", "/cooccur", "/trend?code=VRIJW",
		"/search?q=vrijwilliger", "/reliability?sample=pilot"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
				if rec.Code != 200 {
					b.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
				}
				io.Copy(io.Discard, rec.Body)
			}
		})
	}
}

func benchHandler(b *testing.B) http.Handler {
	n, _ := strconv.Atoi(os.Getenv("READERS_BENCH_ORGS"))
	if n <= 0 {
		f := getFixture(b)
		return Handler(Deps{With: func(ctx context.Context, fn func(*store.Store, *index.Index) error) error { return fn(f.s, f.x) }})
	}
	ctx := context.Background()
	p, _, err := demo.Demo(ctx, filepath.Join(b.TempDir(), "demo"), demo.Options{Orgs: n, Seed: 1, Actor: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	s, err := p.Open()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	x, err := p.OpenIndex(ctx, s, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { x.Close() })
	return Handler(Deps{With: func(ctx context.Context, fn func(*store.Store, *index.Index) error) error { return fn(s, x) }})
}
