package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
)

// BenchOptions configure Bench.
type BenchOptions struct {
	Coders   int           // simulated coders, each toggling a code every Interval
	Readers  int           // simulated readers loading theme and matrix pages
	Duration time.Duration // how long the load runs
	Interval time.Duration // a coder's pause between two key presses
	Codes    []string      // codes the coders toggle (at least one)
	// RSS, when set, reads the process's resident memory in MiB, all of
	// it and its own (not mapped files); it is sampled while the load runs.
	RSS func() (total, anon int64)
}

// Latency summarises the times of one kind of request.
type Latency struct {
	N      int     `json:"n"`
	P50MS  float64 `json:"p50_ms"`
	P99MS  float64 `json:"p99_ms"`
	MaxMS  float64 `json:"max_ms"`
	Errors int     `json:"errors"`
}

// BenchResult is what Bench measured and checked.
type BenchResult struct {
	Save   Latency `json:"save"`  // a toggle, answered once the store has it
	Theme  Latency `json:"theme"` // a reader's theme page
	Matrix Latency `json:"matrix"`
	// Lost and Extra compare the store after the run with what the coders
	// were told they saved: codings missing, and codings nobody kept.
	Lost  int `json:"lost"`
	Extra int `json:"extra"`
	// Expected is the number of codings the coders left on.
	Expected int `json:"expected"`
	// FirstLoadMS is the time one reader took to load each page once
	// before the clock (computing them on a cold server).
	FirstLoadMS float64 `json:"first_load_ms"`
	// RSSMiB is the most resident memory seen while the load ran (server
	// and simulated browsers; -1 when not measured), AnonMiB the most of it
	// that was the process's own rather than mapped project files;
	// GCCycles the garbage collections in that time.
	RSSMiB   int64  `json:"rss_under_load_mib"`
	AnonMiB  int64  `json:"rss_anon_under_load_mib"`
	GCCycles uint32 `json:"gc_cycles"`
}

var (
	benchCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	benchFrag = regexp.MustCompile(`data-frag="([^"]+)"`)
)

// benchClient is one simulated browser.
type benchClient struct {
	base string
	hc   *http.Client
	csrf string
}

func (c *benchClient) get(path string) (int, string, error) {
	res, err := c.hc.Get(c.base + path)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := benchCSRF.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return res.StatusCode, string(b), nil
}

// load gets a page as a browser shows it and drops the body: the
// clients run in the server's process, and keeping every page (megabytes
// on 9,000 pages, 100 a second) made the garbage collector run for the
// bench rather than for the server.
func (c *benchClient) load(path string) (int, error) {
	res, err := c.hc.Get(c.base + path)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	return res.StatusCode, err
}

func (c *benchClient) post(path string, form url.Values) (int, string, error) {
	form.Set("csrf", c.csrf)
	res, err := c.hc.PostForm(c.base+path, form)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := benchCSRF.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return res.StatusCode, string(b), nil
}

func (c *benchClient) login(name, password string) error {
	if _, _, err := c.get("/login"); err != nil {
		return err
	}
	code, body, err := c.post("/login", url.Values{"name": {name}, "password": {password}})
	if err != nil {
		return err
	}
	if code != http.StatusSeeOther {
		return fmt.Errorf("login %s: status %d: %.200s", name, code, body)
	}
	_, _, err = c.get("/")
	return err
}

// Bench serves project p on a loopback address and puts it under load:
// simulated coders each toggle a code every Interval on the fragments of
// a document (moving on after each), simulated readers load theme and
// matrix pages. It adds its own users (bench-coder-N, bench-reader-N) and
// codings to p, so run it on a project made for it. Afterwards it compares
// every coder's codings in the store with what the server acknowledged.
func Bench(ctx context.Context, p *project.Project, o BenchOptions) (BenchResult, error) {
	var res BenchResult
	if o.Coders < 1 || len(o.Codes) == 0 || o.Duration <= 0 || o.Interval <= 0 {
		return res, errors.New("bench serve: needs coders, codes, a duration and an interval")
	}
	st, err := p.Open()
	if err != nil {
		return res, err
	}
	docs, err := st.Documents()
	if err != nil || len(docs) == 0 {
		st.Close()
		return res, fmt.Errorf("bench serve: no documents to code (%v)", err)
	}
	pw := make([]byte, 12)
	rand.Read(pw)
	password := hex.EncodeToString(pw)
	name := func(role string, i int) string { return fmt.Sprintf("bench-%s-%d", role, i+1) }
	for i := 0; i < o.Coders; i++ {
		if err := benchUser(st, name("coder", i), store.RoleCoder, password); err != nil {
			st.Close()
			return res, err
		}
	}
	for i := 0; i < o.Readers; i++ {
		if err := benchUser(st, name("reader", i), store.RoleReader, password); err != nil {
			st.Close()
			return res, err
		}
	}
	st.Close()

	srv, err := New(Config{Project: p})
	if err != nil {
		return res, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	sctx, stop := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(sctx, ln, "", "", 10*time.Second) }()
	base := "http://" + ln.Addr().String()
	newClient := func() *benchClient {
		jar, _ := cookiejar.New(nil)
		return &benchClient{base: base, hc: &http.Client{Jar: jar, Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	}

	// Log everyone in first: a login costs a memory-hard hash.
	coders := make([]*benchClient, o.Coders)
	readers := make([]*benchClient, o.Readers)
	for i := range coders {
		coders[i] = newClient()
		if err := coders[i].login(name("coder", i), password); err != nil {
			stop()
			return res, err
		}
		doc := docs[i%len(docs)].ID
		if code, body, err := coders[i].post("/code/start", url.Values{"kind": {"doc"}, "doc": {doc}, "fromstart": {"1"}}); err != nil || code != http.StatusSeeOther {
			stop()
			return res, fmt.Errorf("start coding %s: %d %v %.200s", doc, code, err, body)
		}
	}
	for i := range readers {
		readers[i] = newClient()
		if err := readers[i].login(name("reader", i), password); err != nil {
			stop()
			return res, err
		}
	}

	// Each page once before the clock, as a server that has run a while
	// has computed them: the first load of a page computes it while the
	// others wait (reported as FirstLoadMS), later ones share it.
	warm := time.Now()
	for _, path := range append([]string{"/a/matrix"}, func() (ps []string) {
		for _, c := range o.Codes {
			ps = append(ps, "/a/theme/"+c)
		}
		return ps
	}()...) {
		if len(readers) == 0 {
			break
		}
		if code, body, err := readers[0].get(path); err != nil || code != http.StatusOK {
			stop()
			return res, fmt.Errorf("bench serve: first load of %s: %d %v %.200s", path, code, err, body)
		}
	}
	res.FirstLoadMS = float64(time.Since(warm).Microseconds()) / 1000

	type key struct{ coder, frag, code string }
	var (
		mu                  sync.Mutex
		saves, themes, mats []time.Duration
		saveErr, themeErr   int
		matErr              int
		expected            = map[key]bool{}
		wg                  sync.WaitGroup
	)
	deadline := time.Now().Add(o.Duration)
	var ms0 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	res.RSSMiB, res.AnonMiB = -1, -1
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for o.RSS != nil && time.Now().Before(deadline) && ctx.Err() == nil {
			total, anon := o.RSS()
			res.RSSMiB, res.AnonMiB = max(res.RSSMiB, total), max(res.AnonMiB, anon)
			time.Sleep(250 * time.Millisecond)
		}
	}()
	for i, c := range coders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			coder := name("coder", i)
			for n := 0; time.Now().Before(deadline) && ctx.Err() == nil; n++ {
				code, body, err := c.get("/code")
				m := benchFrag.FindStringSubmatch(body)
				if err != nil || code != http.StatusOK || m == nil {
					mu.Lock()
					saveErr++
					mu.Unlock()
					time.Sleep(o.Interval)
					continue
				}
				frag, cd := m[1], o.Codes[(i+n)%len(o.Codes)]
				start := time.Now()
				sc, _, err := c.post("/code/do", url.Values{"op": {"toggle"}, "code": {cd}, "frag": {frag}})
				took := time.Since(start)
				mu.Lock()
				if err != nil || sc != http.StatusOK {
					saveErr++
				} else {
					saves = append(saves, took)
					k := key{coder, frag, cd}
					expected[k] = !expected[k]
				}
				mu.Unlock()
				if n%3 == 2 { // move on now and then
					c.post("/code/do", url.Values{"op": {"move"}, "delta": {"1"}, "frag": {frag}})
				}
				time.Sleep(o.Interval)
			}
		}()
	}
	for i, c := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; time.Now().Before(deadline) && ctx.Err() == nil; n++ {
				path, theme := "/a/theme/"+o.Codes[(i+n)%len(o.Codes)], true
				if n%2 == 1 {
					path, theme = "/a/matrix", false
				}
				start := time.Now()
				code, err := c.load(path)
				took := time.Since(start)
				mu.Lock()
				switch {
				case err != nil || code != http.StatusOK:
					if theme {
						themeErr++
					} else {
						matErr++
					}
				case theme:
					themes = append(themes, took)
				default:
					mats = append(mats, took)
				}
				mu.Unlock()
				time.Sleep(o.Interval)
			}
		}()
	}
	wg.Wait()
	<-sampled
	var ms1 runtime.MemStats
	runtime.ReadMemStats(&ms1)
	res.GCCycles = ms1.NumGC - ms0.NumGC
	stop()
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, context.Canceled) {
		return res, err
	}
	res.Save, res.Theme, res.Matrix = latency(saves, saveErr), latency(themes, themeErr), latency(mats, matErr)

	// What the store holds against what the coders were told.
	st, err = p.Open()
	if err != nil {
		return res, err
	}
	defer st.Close()
	for i := 0; i < o.Coders; i++ {
		coder := name("coder", i)
		cs, err := st.Codings(store.CodingFilter{Coder: coder})
		if err != nil {
			return res, err
		}
		have := map[key]bool{}
		for _, c := range cs {
			k := key{coder, c.Fragment, c.Code}
			if have[k] || !expected[k] {
				res.Extra++
			}
			have[k] = true
		}
		for k, on := range expected {
			if k.coder == coder && on {
				res.Expected++
				if !have[k] {
					res.Lost++
				}
			}
		}
	}
	return res, nil
}

func latency(ds []time.Duration, errs int) Latency {
	l := Latency{N: len(ds), Errors: errs}
	if len(ds) == 0 {
		return l
	}
	slices.Sort(ds)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	l.P50MS, l.P99MS, l.MaxMS = ms(ds[len(ds)/2]), ms(ds[min(len(ds)-1, len(ds)*99/100)]), ms(ds[len(ds)-1])
	return l
}

// benchUser makes a simulated user, or, in a project kept from an earlier
// run, gives it the new password and removes its codings, so that every
// run starts from none and what the store holds afterwards is this run's.
func benchUser(st *store.Store, name, role, password string) error {
	if _, err := st.User(name); errors.Is(err, store.ErrNotFound) {
		return AddUser(st, "bench", name, role, password)
	} else if err != nil {
		return err
	}
	if err := SetPassword(st, "bench", name, password); err != nil {
		return err
	}
	cs, err := st.Codings(store.CodingFilter{Coder: name})
	if err != nil {
		return err
	}
	for _, c := range cs {
		if _, err := st.RemoveCoding(c.Fragment, c.Coder, c.Code); err != nil {
			return fmt.Errorf("bench serve: clear %s's codings of an earlier run: %w", name, err)
		}
	}
	return nil
}
