package bench

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
)

// SearchFigures is the outcome of `plancoder bench search`.
type SearchFigures struct {
	Documents          int                `json:"documents"`
	Pages              int                `json:"pages"`
	Fragments          int                `json:"fragments"`
	TextMiB            float64            `json:"text_mib"`
	IndexMiB           float64            `json:"index_mib"`
	IndexRatio         float64            `json:"index_to_text_ratio"`
	IndexSeconds       float64            `json:"index_seconds"`
	FragmentsPerSec    float64            `json:"fragments_per_second"`
	Queries            int                `json:"queries"`
	P50, P90, P99, Max time.Duration      `json:"-"`
	P50ms              float64            `json:"p50_ms"`
	P90ms              float64            `json:"p90_ms"`
	P99ms              float64            `json:"p99_ms"`
	MaxMs              float64            `json:"max_ms"`
	ByKind             map[string]float64 `json:"p50_ms_by_kind"`
}

// Search ingests corpusDir into a new project in projDir, times
// building the index from the store, then times a mixed set of queries
// drawn from the corpus itself.
func Search(ctx context.Context, projDir, corpusDir string, queries int, seed uint64, workers int, progress func(stage string, done, total int)) (SearchFigures, error) {
	var b SearchFigures
	p, s, jobs, err := benchProject(projDir, corpusDir)
	if err != nil {
		return b, err
	}
	defer s.Close()
	sum, err := project.Ingest(ctx, s, project.IngestOptions{Jobs: jobs, Workers: workers, Actor: "bench",
		Progress: func(done, total int, _ string) {
			if progress != nil {
				progress("ingest", done, total)
			}
		}})
	if err != nil {
		return b, err
	}
	b.Documents, b.Pages, b.Fragments = sum.Added, sum.Pages, sum.Fragments

	start := time.Now()
	x, err := p.OpenIndex(ctx, s, func(done, total int) {
		if progress != nil {
			progress("index", done, total)
		}
	})
	if err != nil {
		return b, err
	}
	defer x.Close()
	b.IndexSeconds = time.Since(start).Seconds()
	if b.IndexSeconds > 0 {
		b.FragmentsPerSec = float64(b.Fragments) / b.IndexSeconds
	}

	texts, textBytes, err := sampleTexts(s, seed)
	if err != nil {
		return b, err
	}
	b.TextMiB = float64(textBytes) / (1 << 20)
	b.IndexMiB = float64(dirSize(p.IndexDir())) / (1 << 20)
	if b.TextMiB > 0 {
		b.IndexRatio = b.IndexMiB / b.TextMiB
	}

	reqs, kinds := benchQueries(texts, s, queries, seed)
	// One pass to warm caches, then the measured pass.
	for _, r := range reqs {
		if _, err := x.Search(r); err != nil {
			return b, fmt.Errorf("query %q: %w", r.Query, err)
		}
	}
	lat := make([]time.Duration, len(reqs))
	byKind := map[string][]time.Duration{}
	for i, r := range reqs {
		t0 := time.Now()
		if _, err := x.Search(r); err != nil {
			return b, err
		}
		lat[i] = time.Since(t0)
		byKind[kinds[i]] = append(byKind[kinds[i]], lat[i])
		if progress != nil {
			progress("search", i+1, len(reqs))
		}
	}
	b.Queries = len(reqs)
	b.P50, b.P90, b.P99, b.Max = pct(lat, 50), pct(lat, 90), pct(lat, 99), pct(lat, 100)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.P50ms, b.P90ms, b.P99ms, b.MaxMs = ms(b.P50), ms(b.P90), ms(b.P99), ms(b.Max)
	b.ByKind = map[string]float64{}
	for k, ds := range byKind {
		b.ByKind[k] = ms(pct(ds, 50))
	}
	return b, nil
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (p*len(s) + 99) / 100
	return s[min(max(i-1, 0), len(s)-1)]
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// sampleTexts returns up to 2,000 fragment texts (a seeded sample) and the
// total size of all fragment text.
func sampleTexts(s *store.Store, seed uint64) ([]string, int64, error) {
	docs, err := s.Documents()
	if err != nil {
		return nil, 0, err
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	var out []string
	var total int64
	for _, d := range docs {
		frags, err := s.Fragments(d.ID, 1, 0)
		if err != nil {
			return nil, 0, err
		}
		for _, f := range frags {
			total += int64(len(f.Text))
			if rng.IntN(40) == 0 && len(out) < 2000 {
				out = append(out, f.Text)
			}
		}
	}
	return out, total, nil
}

// benchQueries draws a mixed set of queries from sampled fragment texts:
// single terms, two-term musts, phrases, prefixes, each half the time with a
// filter (organisation, type, period or year).
func benchQueries(texts []string, s *store.Store, n int, seed uint64) ([]index.Request, []string) {
	rng := rand.New(rand.NewPCG(seed, 11))
	docs, _ := s.Documents()
	words := func(t string) []string {
		var out []string
		for _, w := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len([]rune(w)) >= 6 {
				out = append(out, strings.ToLower(w))
			}
		}
		return out
	}
	var reqs []index.Request
	var kinds []string
	// Texts without two long words give no query: after many draws in a
	// row that gave none, stop rather than loop for ever.
	for misses := 0; len(reqs) < n && len(texts) > 0 && misses < 1000; {
		t := texts[rng.IntN(len(texts))]
		ws := words(t)
		if len(ws) < 2 {
			misses++
			continue
		}
		i := rng.IntN(len(ws) - 1)
		var r index.Request
		kind := []string{"term", "must", "phrase", "prefix"}[len(reqs)%4]
		switch kind {
		case "term":
			r.Query = ws[i]
		case "must":
			r.Query = "+" + ws[i] + " +" + ws[i+1]
		case "phrase":
			// Two consecutive words of the text.
			all := strings.Fields(t)
			j := rng.IntN(max(len(all)-1, 1))
			r.Query = `"` + strings.Trim(all[j], ".,;:()“”‘’\"") + " " + strings.Trim(all[min(j+1, len(all)-1)], ".,;:()“”‘’\"") + `"`
		case "prefix":
			r.Query = string([]rune(ws[i])[:5]) + "*"
		}
		if rng.IntN(2) == 0 && len(docs) > 0 {
			d := docs[rng.IntN(len(docs))]
			switch rng.IntN(4) {
			case 0:
				r.Org = d.Org
			case 1:
				r.Type = d.Type
			case 2:
				r.Period = d.Period
			default:
				r.Year = d.Year
			}
			kind += "+filter"
		}
		r.Limit = 20
		if index.ParseQuery(r.Query) != nil {
			misses++
			continue
		}
		misses = 0
		reqs = append(reqs, r)
		kinds = append(kinds, kind)
	}
	return reqs, kinds
}
