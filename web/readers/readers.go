// Package readers serves the read-only analysis pages for readers (the
// steering group, report authors): theme dossiers, the matrix with the
// fragments behind each cell, co-occurrence, trends, search with
// keyword-in-context and reliability per sample. Every number comes from the
// same package code the CLI commands call (analysis, coding, project), so a
// page and its command agree; every table downloads as CSV or XLSX through
// the CLI's writers. Pages are html/template with embedded CSS, no script
// and no inline style, so a strict Content-Security-Policy holds.
package readers

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plancoder/plancoder/analysis"
	"github.com/plancoder/plancoder/arg"
	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
)

// Deps is what the pages need from the server that mounts them.
type Deps struct {
	// With runs fn with the project's store and index, opened as the server decides.
	With func(ctx context.Context, fn func(s *store.Store, x *index.Index) error) error
	// User is the logged-in user's name and role (admin, coder or reader).
	User func(r *http.Request) (name, role string)
	// MaxStale is how long a page computed before the project last changed
	// may still be shown (saying when it was computed); 0 shows every
	// change at once.
	MaxStale time.Duration
	// Slot, when not nil, is taken for every computation of a page or
	// dataset (a request's or one in the background) and released after:
	// the server bounds how many run at once. A kept page needs none.
	Slot func(ctx context.Context) (release func(), err error)
}

//go:embed templates/*.tmpl
var templateFS embed.FS

//go:embed static/readers.css
var css []byte

// CSP is the policy the pages are written for: nothing but the page's own
// stylesheet; no script, no inline style, no frames, forms only to itself.
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

type handler struct {
	d     Deps
	pages map[string]*template.Template
	built *shared[*page]
	data  *shared[*analysis.Dataset]
}

// Handler serves the pages at paths relative to its mount point ("/",
// "/theme/KEY", "/matrix", "/quotes", "/cooccur", "/trend", "/search",
// "/reliability", "/static/readers.css"). Only GET and HEAD.
func Handler(d Deps) http.Handler {
	h := &handler{d: d, pages: map[string]*template.Template{}, built: newShared[*page](d.MaxStale), data: newShared[*analysis.Dataset](d.MaxStale)}
	if d.Slot != nil {
		run := func(fn func()) {
			if release, err := d.Slot(context.Background()); err == nil {
				defer release()
				fn()
			}
		}
		h.built.run, h.data.run = run, run
	}
	// One recomputation in the background at a time, datasets and pages.
	h.data.background = h.built.background
	funcs := template.FuncMap{"join": strings.Join, "inc": func(i int) int { return i + 1 }, "list": func(s ...string) []string { return s }}
	base := template.Must(template.New("layout.tmpl").Funcs(funcs).ParseFS(templateFS, "templates/layout.tmpl"))
	names, err := fs.Glob(templateFS, "templates/*.tmpl")
	if err != nil {
		panic(err) // embedded at build time: cannot fail
	}
	for _, n := range names {
		name := strings.TrimSuffix(filepath.Base(n), ".tmpl")
		if name == "layout" {
			continue
		}
		h.pages[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, n))
	}
	return h
}

// slot takes a computation slot from the server, when it gives them.
func (h *handler) slot(ctx context.Context) (release func(), err error) {
	if h.d.Slot == nil {
		return func() {}, nil
	}
	return h.d.Slot(ctx)
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", CSP)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed: the analysis pages are read-only (GET, HEAD)", http.StatusMethodNotAllowed)
		return
	}
	path := r.URL.Path
	if path == "" {
		path = "/"
	}
	switch {
	case path == "/static/readers.css":
		hd.Set("Content-Type", "text/css; charset=utf-8")
		hd.Set("Cache-Control", "max-age=3600")
		w.Write(css)
		return
	case path == "/":
		h.serve(w, r, "index", "", h.index)
	case strings.HasPrefix(path, "/theme/"):
		key := strings.TrimPrefix(path, "/theme/")
		h.serve(w, r, "theme", key, h.theme)
	default:
		page := strings.TrimPrefix(path, "/")
		build, ok := map[string]builder{"matrix": h.matrix, "quotes": h.quotes, "cooccur": h.cooccur,
			"trend": h.trend, "search": h.search, "reliability": h.reliability}[page]
		if !ok {
			h.fail(w, r, http.StatusNotFound, fmt.Sprintf("no page %s here", quote(path)))
			return
		}
		h.serve(w, r, page, "", build)
	}
}

// page is what a page template shows; Tables are also its downloads.
type page struct {
	Name   string // template
	Title  string
	Base   string // the mount point, for links
	User   string
	Query  url.Values
	Tables []*tableView
	// Downloads are every table of the page, also those shown otherwise
	// (quotes, hits).
	Downloads []downloadLink
	Data      any
	// download are the shown tables as analysis tables, in order; offered
	// those downloadable only.
	download, offered []analysis.Table
	// AsOf is when the figures were computed, when the project has changed
	// since (see pageCache); "" when they are current.
	AsOf string
	// Body is the page's content, rendered (html/template escaped it).
	Body template.HTML
	rev  uint64    // the store revision the page's figures are of
	at   time.Time // when they were computed
}

// downloadLink is one table's downloads.
type downloadLink struct{ Name, CSV, XLSX string }

// env is one request's context for a page builder.
type env struct {
	ctx context.Context
	h   *handler
	rev uint64 // the store's revision
	// data, dataRev and dataAt: the page's figures come from a dataset of
	// that revision, computed then (see load).
	data    bool
	dataRev uint64
	dataAt  time.Time
	// minDataRev, when not 0, asks load for a dataset at least that new
	// (a page recomputed in the background).
	minDataRev uint64
	s          *store.Store
	x          *index.Index
	cat        *catalog
	p          *params
	arg        string // the path argument (theme key)
	base       string
}

type builder func(e *env, pg *page) error

func (h *handler) serve(w http.ResponseWriter, r *http.Request, name, pathArg string, build builder) {
	p, err := parseParams(name, r.URL.RawQuery)
	if err != nil {
		h.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	pg := &page{Name: name, Base: basePath(r), Query: r.URL.Query()}
	if h.d.User != nil {
		if n, role := h.d.User(r); n != "" {
			pg.User = n + " (" + role + ")"
		}
	}
	// The page's own URL, for building in the background after this
	// request has ended.
	self := *r.URL
	base, query := pg.Base, pg.Query
	err = h.d.With(r.Context(), func(s *store.Store, x *index.Index) error {
		rules := analysis.DefaultRules
		if x != nil {
			// parts.yaml lives in the project folder, beside the index.
			var err error
			if rules, err = analysis.LoadRules(filepath.Join(filepath.Dir(x.Dir()), "parts.yaml")); err != nil {
				return err
			}
		}
		rev, err := s.Revision()
		if err != nil {
			return err
		}
		// compute builds the page: under a context of its own, as readers
		// waiting for it must not lose it when the first one leaves.
		compute := func(s *store.Store, x *index.Index, rev, minDataRev uint64) (*page, error) {
			cat, err := loadCatalog(s, rules)
			if err != nil {
				return nil, err
			}
			if err := cat.check(p); err != nil {
				return nil, err
			}
			b := &page{Name: name, Base: base, Query: query, rev: rev, at: h.built.now()}
			e := &env{ctx: context.Background(), h: h, rev: rev, minDataRev: minDataRev, s: s, x: x, cat: cat, p: p, arg: pathArg, base: base}
			if err := build(e, b); err != nil {
				return nil, err
			}
			if e.data && e.dataRev < rev { // figures from a kept dataset
				b.rev, b.at = e.dataRev, e.dataAt
			}
			for _, t := range b.Tables {
				t.CSV, t.XLSX = downloadURL(base, &self, t.Name, "csv"), downloadURL(base, &self, t.Name, "xlsx")
			}
			for _, t := range b.offered {
				b.Downloads = append(b.Downloads, downloadLink{t.Name, downloadURL(base, &self, t.Name, "csv"), downloadURL(base, &self, t.Name, "xlsx")})
			}
			// The page's content is rendered once for every reader who
			// gets it: rendering a theme's tables cost as much as
			// computing them.
			var body bytes.Buffer
			if err := h.pages[b.Name].ExecuteTemplate(&body, "content", b); err != nil {
				return nil, fmt.Errorf("render %s: %w", b.Name, err)
			}
			b.Body = template.HTML(body.String())
			return b, nil
		}
		key := strings.Join([]string{name, pathArg, base, r.URL.RawQuery, fmt.Sprint(rules)}, "\x00")
		refresh := func() {
			var b *page
			var rev2 uint64
			at := h.built.now()
			err := h.d.With(context.Background(), func(s *store.Store, x *index.Index) (err error) {
				if rev2, err = s.Revision(); err != nil {
					return err
				}
				_, old, _, _ := h.built.peek(key)
				b, err = compute(s, x, rev2, old+1)
				return err
			})
			if err == nil {
				rev2, at = b.rev, b.at
			}
			h.built.put(key, rev2, at, b, err)
		}
		built, _, _, err := h.built.get(r.Context(), key, rev, func() (*page, uint64, time.Time, error) {
			release, err := h.slot(r.Context())
			if err != nil {
				return nil, 0, time.Time{}, err
			}
			defer release()
			b, err := compute(s, x, rev, 0)
			if err != nil {
				return nil, 0, time.Time{}, err
			}
			return b, b.rev, b.at, nil
		}, refresh)
		if err != nil {
			return err
		}
		user := pg.User
		*pg = *built // a copy: the built page is shared and read only
		pg.User = user
		if built.rev != rev {
			pg.AsOf = built.at.Format("15:04:05")
		}
		return nil
	})
	if err != nil {
		h.fail(w, r, statusOf(err), err.Error())
		return
	}
	if p.Format != "" {
		h.download(w, r, pg, p)
		return
	}
	h.render(w, http.StatusOK, pg)
}

// statusOf maps an error to a status: what the reader asked wrongly is 400.
func statusOf(err error) int {
	var br *badRequest
	var ae *arg.Error
	switch {
	case errors.As(err, &br), errors.As(err, &ae), errors.Is(err, store.ErrNotFound):
		return http.StatusBadRequest
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

func (h *handler) render(w http.ResponseWriter, status int, pg *page) {
	var buf bytes.Buffer
	// A page rendered before (Body, shared by every reader and up to
	// megabytes on 9,000 pages) is written as it is between the layout's
	// two halves: passing it through the template copied it twice per
	// request, which made the garbage collector run every second under
	// 20 readers and held up the coders' saves.
	body := pg.Body
	if body != "" {
		c := *pg
		c.Body = bodyMark
		pg = &c
	}
	if err := h.pages[pg.Name].ExecuteTemplate(&buf, "layout", pg); err != nil {
		http.Error(w, "render "+pg.Name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	head, tail, ok := bytes.Cut(buf.Bytes(), []byte(bodyMark))
	if body == "" || !ok {
		w.WriteHeader(status)
		w.Write(buf.Bytes())
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(head)+len(body)+len(tail)))
	w.WriteHeader(status)
	w.Write(head)
	io.WriteString(w, string(body))
	w.Write(tail)
}

// bodyMark stands for a rendered Body in the layout; it cannot occur in
// escaped page text (html/template escapes NUL).
const bodyMark template.HTML = "\x00body\x00"

// errorData is the error page's content.
type errorData struct {
	Status  int
	Message string
}

func (h *handler) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	h.render(w, status, &page{Name: "error", Title: http.StatusText(status), Base: basePath(r), Data: errorData{status, msg}})
}

// download writes the page's table (table=NAME, else its first) as CSV,
// or as XLSX (the named table, else every table of the page as a sheet),
// with the writers of `plancoder export`.
func (h *handler) download(w http.ResponseWriter, r *http.Request, pg *page, p *params) {
	all := append(slices.Clone(pg.download), pg.offered...)
	tables := all
	if p.Table != "" {
		tables = nil
		for _, t := range all {
			if t.Name == p.Table {
				tables = []analysis.Table{t}
			}
		}
		if tables == nil {
			var names []string
			for _, t := range all {
				names = append(names, t.Name)
			}
			h.fail(w, r, http.StatusBadRequest, fmt.Sprintf("table %s: this page has %s", quote(p.Table), strings.Join(names, ", ")))
			return
		}
	}
	if len(tables) == 0 {
		h.fail(w, r, http.StatusBadRequest, "this page has no table to download")
		return
	}
	var buf bytes.Buffer
	var err error
	name := pg.Name
	if p.Table != "" {
		name += "-" + p.Table
	}
	switch p.Format {
	case "csv":
		err = analysis.WriteCSV(&buf, tables[0], false)
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		name += ".csv"
	case "xlsx":
		err = analysis.WriteXLSX(&buf, tables...)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		name += ".xlsx"
	}
	if err != nil {
		w.Header().Del("Content-Type")
		h.fail(w, r, http.StatusInternalServerError, fmt.Sprintf("write %s: %v", name, err))
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(buf.Bytes())
}

// basePath is the mount point: the part of the request's path a
// StripPrefix in front of the handler took away.
func basePath(r *http.Request) string {
	u, err := url.ParseRequestURI(r.RequestURI)
	if err != nil {
		return ""
	}
	full, rest := u.EscapedPath(), r.URL.EscapedPath()
	if rest == "" || !strings.HasSuffix(full, rest) {
		return ""
	}
	return strings.TrimSuffix(full, rest)
}

// downloadURL is the page's own URL (u, under the mount point base)
// asking for a table in format.
func downloadURL(base string, u *url.URL, table, format string) string {
	q := u.Query()
	q.Set("table", table)
	q.Set("format", format)
	return base + u.EscapedPath() + "?" + q.Encode()
}

// link is a page URL with its query, for templates.
func link(base, path string, q url.Values) string {
	if len(q) == 0 {
		return base + path
	}
	return base + path + "?" + q.Encode()
}
