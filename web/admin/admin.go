// Package admin serves the pages an administrator of a shared project
// works with: ingest status, the codebook (view and edit: add, edit,
// rename, merge, remove, each change previewed first), the users (add,
// new password, role, remove), the samples with each coder's progress
// (and drawing a new one), the reconciliation of a sample's
// disagreements and the result of check. They call the same package code
// as the CLI (codebook, coding, account, store, project.Check), so a page and its command
// agree and log the same events, with the admin as actor. Only the admin
// role sees them; every POST needs the session's CSRF token.
package admin

import (
	"bytes"
	"context"
	"crypto/subtle"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

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
	// CSRF is the session's CSRF token, put in every form and required
	// on every POST; nil refuses every POST.
	CSRF func(r *http.Request) string
	// SessionIdle is how long a login lasts unused, for the users page's
	// count of live sessions (0: until it expires); Now is the clock
	// (nil: time.Now).
	SessionIdle time.Duration
	Now         func() time.Time
}

// CSP allows the page's own stylesheet and nothing else.
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

//go:embed templates/*.tmpl templates/admin.css
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
		"plural": plural,
		"agree": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
		"has": slices.Contains[[]string],
		"roleSel": func(roles []string, role string) map[string]any {
			return map[string]any{"Roles": roles, "Role": role}
		},
	}).ParseFS(files, "templates/*.tmpl"))
	css = must(files.ReadFile("templates/admin.css"))
)

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err) // embedded at build time
	}
	return b
}

// maxForm bounds a POST body (a code's definition is the longest field).
const maxForm = 64 << 10

// step is one page's work with the store: it fills p (p.Name is the
// template), or returns where to redirect to (relative to the mount
// point). A problem of the request is put in p.Error with p.Status; a
// returned error is the server's (500, or 404 for a missing record).
type step func(ctx context.Context, r *http.Request, s *store.Store, x *index.Index, p *page) (redirect string, err error)

// read adapts a read-only page builder.
func read(build func(context.Context, *store.Store, *index.Index, *page) error) step {
	return func(ctx context.Context, _ *http.Request, s *store.Store, x *index.Index, p *page) (string, error) {
		return "", build(ctx, s, x, p)
	}
}

// Handler serves "/", "/codebook" (with /add, /edit, /rename, /merge and
// /remove), "/samples" (with /new and /show), "/users" (with /user, /add,
// /passwd, /role and /remove), "/reconcile", "/check" and "/static/admin.css"
// relative to its mount point, only for the admin role (403 otherwise,
// whatever the method). GET shows; POST changes, with the CSRF token.
func Handler(d Deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		name, role := d.User(r)
		if role != "admin" {
			http.Error(w, "403 forbidden: the admin pages are for the admin role", http.StatusForbidden)
			return
		}
		p := page{User: name, Base: base(r), Status: http.StatusOK, idle: d.SessionIdle, now: d.Now}
		if p.now == nil {
			p.now = time.Now
		}
		if d.CSRF != nil {
			p.CSRF = d.CSRF(r)
		}
		var run step
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			switch r.URL.Path {
			case "/static/admin.css":
				h.Set("Content-Type", "text/css; charset=utf-8")
				w.Write(css)
				return
			case "/", "":
				p.Name, p.Title, run = "status", "Ingest status", read(status)
			case "/codebook":
				p.Name, p.Title, run = "codebook", "Codebook", read(codebookPage)
				p.Msg = doneMsg(r.URL.Query())
			case "/codebook/add", "/codebook/edit":
				run = showCodeForm
			case "/codebook/rename":
				run = previewRename
			case "/codebook/merge":
				run = previewMerge
			case "/codebook/remove":
				run = previewRemove
			case "/samples":
				p.Name, p.Title, run = "samples", "Samples", read(samples)
			case "/samples/new":
				run = sampleFormPage
			case "/samples/show":
				run = showSample
			case "/users":
				run = usersPage
			case "/users/user":
				run = userPage
			case "/reconcile":
				run = showReconcile
			case "/check":
				p.Name, p.Title, run = "check", "Check", read(check)
			}
		case http.MethodPost:
			switch r.URL.Path {
			case "/codebook/add", "/codebook/edit":
				run = saveCode
			case "/codebook/rename":
				run = doRename
			case "/codebook/merge":
				run = doMerge
			case "/codebook/remove":
				run = doRemove
			case "/reconcile":
				run = saveReconcile
			case "/samples/new":
				run = createSample
			case "/users/add":
				run = addUser
			case "/users/passwd":
				run = setPassword
			case "/users/role":
				run = setRole
			case "/users/remove":
				run = removeUser
			}
			if run == nil {
				break
			}
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
			if err := r.ParseForm(); err != nil {
				http.Error(w, "400 the form could not be read: "+err.Error(), http.StatusBadRequest)
				return
			}
			tok := r.PostForm.Get("csrf")
			if p.CSRF == "" || subtle.ConstantTimeCompare([]byte(tok), []byte(p.CSRF)) != 1 {
				http.Error(w, "403 forbidden: the form is stale or did not come from this site (no valid CSRF token): reload the page", http.StatusForbidden)
				return
			}
			// A password is hashed here, before the project is held.
			hashStep(r, &p)
		}
		if run == nil {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Error(w, "404 no such admin page", http.StatusNotFound)
				return
			}
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "405 method not allowed: this page only shows", http.StatusMethodNotAllowed)
			return
		}
		var redirect string
		err := d.With(r.Context(), func(s *store.Store, x *index.Index) error {
			var err error
			redirect, err = run(r.Context(), r, s, x, &p)
			return err
		})
		switch {
		case errors.Is(err, project.ErrBusy):
			http.Error(w, "503 the project is busy with another plancoder command; try again in a moment", http.StatusServiceUnavailable)
			return
		case errors.Is(err, store.ErrNotFound):
			http.Error(w, "404 "+err.Error(), http.StatusNotFound)
			return
		case err != nil:
			http.Error(w, "500 "+err.Error(), http.StatusInternalServerError)
			return
		case redirect != "":
			http.Redirect(w, r, p.Base+redirect, http.StatusSeeOther)
			return
		}
		var buf bytes.Buffer
		if err := pages.ExecuteTemplate(&buf, p.Name, p); err != nil {
			http.Error(w, "500 "+err.Error(), http.StatusInternalServerError)
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(p.Status)
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
	CSRF                    string
	Status                  int    // of the response: 200, or 4xx with Error
	Error                   string // what was wrong with the request, shown on the page
	Msg                     string // what the last change did

	Form      *codeForm // add or edit a code
	Preview   *preview  // rename, merge or remove: what changes
	Reconcile *reconcileData
	Users     *usersData
	Sample    *sampleData

	Docs      []store.Document
	Fragments int
	Pending   int
	Orphans   int
	Codes     []codeRow
	Samples   []sampleRow
	Check     *project.CheckReport

	userForm *userForm // a users form as hashStep read it
	idle     time.Duration
	now      func() time.Time
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

func codebookPage(_ context.Context, s *store.Store, _ *index.Index, p *page) error {
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

// plural gives "1 coding" or "2 codings", as the CLI's previews word it.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
