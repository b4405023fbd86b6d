// Package admin serves the read-only pages an administrator of a shared
// project checks: ingest status, the codebook with its definitions, the
// samples with each coder's progress, and the result of check. They call
// the same package code as the CLI (store, coding, project.Check), so a
// page and its command agree. Only the admin role sees them; changes are
// made with the CLI (or the coding pages), which the server runs beside.
package admin

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
)

// Deps is what the pages need from the server that mounts them.
type Deps struct {
	// With runs fn with the project's store and index, opened as the
	// server decides.
	With func(ctx context.Context, fn func(s *store.Store, x *index.Index) error) error
	// User is the logged-in user's name and role (admin, coder or reader).
	User func(r *http.Request) (name, role string)
}

// CSP allows the page's own stylesheet and nothing else.
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

//go:embed templates/admin.tmpl templates/admin.css
var files embed.FS

var (
	pages = template.Must(template.New("admin.tmpl").Funcs(template.FuncMap{
		"join": strings.Join,
		"pct": func(a, b int) string {
			if b == 0 {
				return "–"
			}
			return fmt.Sprintf("%.0f%%", 100*float64(a)/float64(b))
		},
	}).ParseFS(files, "templates/admin.tmpl"))
	css = must(files.ReadFile("templates/admin.css"))
)

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err) // embedded at build time
	}
	return b
}

// Handler serves "/", "/codebook", "/samples", "/check" and
// "/static/admin.css" relative to its mount point; GET and HEAD only, and
// only for the admin role (403 otherwise).
func Handler(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "405 method not allowed: the admin pages are read-only", http.StatusMethodNotAllowed)
			return
		}
		name, role := d.User(r)
		if role != "admin" {
			http.Error(w, "403 forbidden: the admin pages are for the admin role", http.StatusForbidden)
			return
		}
		p := page{User: name, Base: base(r)}
		var build func(context.Context, *store.Store, *index.Index, *page) error
		switch r.URL.Path {
		case "/static/admin.css":
			h.Set("Content-Type", "text/css; charset=utf-8")
			w.Write(css)
			return
		case "/", "":
			p.Name, p.Title, build = "status", "Ingest status", status
		case "/codebook":
			p.Name, p.Title, build = "codebook", "Codebook", codebook
		case "/samples":
			p.Name, p.Title, build = "samples", "Samples", samples
		case "/check":
			p.Name, p.Title, build = "check", "Check", check
		default:
			http.Error(w, "404 no such admin page", http.StatusNotFound)
			return
		}
		err := d.With(r.Context(), func(s *store.Store, x *index.Index) error { return build(r.Context(), s, x, &p) })
		if err != nil {
			http.Error(w, "500 "+err.Error(), http.StatusInternalServerError)
			return
		}
		var buf bytes.Buffer
		if err := pages.ExecuteTemplate(&buf, p.Name, p); err != nil {
			http.Error(w, "500 "+err.Error(), http.StatusInternalServerError)
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.Write(buf.Bytes())
	})
}

// base is the mount point the server stripped, for links.
func base(r *http.Request) string {
	if full := r.RequestURI; full != "" {
		path := strings.SplitN(full, "?", 2)[0]
		if strings.HasSuffix(path, r.URL.Path) {
			return strings.TrimSuffix(path, r.URL.Path)
		}
	}
	return ""
}

// page is what a template shows.
type page struct {
	Name, Title, User, Base string

	Docs      []store.Document
	Fragments int
	Pending   int
	Orphans   int
	Codes     []codeRow
	Samples   []sampleRow
	Check     *project.CheckReport
}

type codeRow struct {
	store.Code
	Codings int
}

type sampleRow struct {
	store.Sample
	Progress []coding.SampleCoder
}

func status(_ context.Context, s *store.Store, _ *index.Index, p *page) error {
	docs, err := s.Documents()
	if err != nil {
		return err
	}
	p.Docs = docs
	for _, d := range docs {
		p.Fragments += d.Fragments
	}
	pending, err := s.PendingIndex()
	if err != nil {
		return err
	}
	p.Pending = len(pending)
	orphans, err := s.Orphans()
	if err != nil {
		return err
	}
	p.Orphans = len(orphans)
	return nil
}

func codebook(_ context.Context, s *store.Store, _ *index.Index, p *page) error {
	codes, err := s.Codes()
	if err != nil {
		return err
	}
	codings, err := s.Codings(store.CodingFilter{})
	if err != nil {
		return err
	}
	n := map[string]int{}
	for _, c := range codings {
		n[c.Code]++
	}
	for _, c := range codes {
		p.Codes = append(p.Codes, codeRow{Code: c, Codings: n[c.Key]})
	}
	return nil
}

func samples(_ context.Context, s *store.Store, _ *index.Index, p *page) error {
	list, err := s.Samples()
	if err != nil {
		return err
	}
	for _, sm := range list {
		prog, err := coding.SampleProgress(s, sm)
		if err != nil {
			return err
		}
		p.Samples = append(p.Samples, sampleRow{Sample: sm, Progress: prog})
	}
	return nil
}

func check(_ context.Context, s *store.Store, x *index.Index, p *page) error {
	r, err := project.Check(s, x)
	if err != nil {
		return err
	}
	p.Check = &r
	return nil
}
