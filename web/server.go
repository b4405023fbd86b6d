// Package web is `plancoder serve`: the project in the browser for a team.
// Coders code with the coding screen's keys, readers see the analyses.
// Pages are rendered on the server (html/template); the only script is
// the embedded keyboard handler; nothing is fetched from elsewhere.
//
// The server holds the project's database only per request (it opens and
// closes the store around each short transaction, as the coding screen
// does per action), so CLI commands keep working while it runs.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/web/readers"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Config says how to serve a project.
type Config struct {
	Project *project.Project
	// Secure marks cookies Secure: set under TLS and behind a TLS proxy.
	Secure bool
	// BehindProxy takes the client's address from the last
	// X-Forwarded-For entry (the one the proxy added) for rate limiting.
	BehindProxy bool
	// SessionTTL bounds a login (default 12 h); SessionIdle ends it after
	// that long without a request (default 2 h).
	SessionTTL, SessionIdle time.Duration
	// Now is the clock (tests move it).
	Now func() time.Time
	// Log receives one line per failed request or login (default: none).
	Log io.Writer
	// StaleAnalyses is how long an analysis page computed before the
	// project last changed may still be shown, saying when it was computed
	// (default 20 s; negative: never), so that readers share one computation
	// while coders save.
	StaleAnalyses time.Duration
	// Readers makes the readers' analysis pages, served under /a/ to every
	// role with paths relative to the mount point (/theme/KEY, /matrix,
	// ...); nil means web/readers. Tests give their own.
	Readers func(ReadersDeps) http.Handler
}

// Server is the web interface's handler with its sessions.
type Server struct {
	cfg      Config
	sessions *sessions
	limits   *limiter
	tmpl     *template.Template
	mux      *http.ServeMux
	hold     *holder // the project, open while requests come (shared.go)
	log      *log.Logger
}

// New makes a server for cfg.Project.
func New(cfg Config) (*Server, error) {
	if cfg.Project == nil {
		return nil, errors.New("serve: no project")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.SessionIdle <= 0 {
		cfg.SessionIdle = 2 * time.Hour
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Readers == nil {
		cfg.Readers = func(d ReadersDeps) http.Handler { return readers.Handler(readers.Deps(d)) }
	}
	t, err := template.New("").Funcs(funcs).ParseFS(assets, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("serve: templates: %w", err)
	}
	s := &Server{
		cfg:      cfg,
		sessions: &sessions{m: map[string]*session{}, ttl: cfg.SessionTTL, idle: cfg.SessionIdle, now: cfg.Now},
		limits:   &limiter{m: map[string]*failures{}, now: cfg.Now},
		tmpl:     t,
		log:      log.New(cfg.Log, "plancoder serve: ", log.LstdFlags),
		hold:     newHolder(cfg.Project),
	}
	s.routes()
	return s, nil
}

var funcs = template.FuncMap{
	"join": strings.Join,
	"add":  func(a, b int) int { return a + b },
}

func (s *Server) routes() {
	m := http.NewServeMux()
	static, _ := fs.Sub(assets, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(static))
	m.HandleFunc("GET /static/{file}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
	m.HandleFunc("GET /login", s.loginPage)
	m.HandleFunc("POST /login", s.login)
	m.Handle("POST /logout", s.auth(anyRole, s.logout))
	m.Handle("GET /{$}", s.auth(anyRole, s.home))
	m.Handle("POST /code/start", s.auth(codingRoles, s.codeStart))
	m.Handle("GET /code", s.auth(codingRoles, s.codePage))
	m.Handle("POST /code/do", s.auth(codingRoles, s.codeDo))
	m.Handle("GET /original/{doc}", s.auth(anyRole, s.original))
	m.Handle("/a/", s.auth(anyRole, s.readersHandler()))
	m.Handle("/admin/", s.auth(adminRoles, s.adminHandler().ServeHTTP))
	s.mux = m
}

// Handler is the whole site behind its security headers.
func (s *Server) Handler() http.Handler { return securityHeaders(s.mux) }

// securityHeaders forbid inline script and style, framing, MIME sniffing
// and leaking URLs (which name fragments and searches) to other sites.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// with gives one request's work the store, shared with the requests in
// flight and closed soon after the last (see holder).
func (s *Server) with(fn func(*store.Store) error) error {
	st, _, err := s.hold.acquire(context.Background(), false)
	if err != nil {
		return err
	}
	defer s.hold.release()
	return fn(st)
}

// withIndex is with for work that also needs the search index.
func (s *Server) withIndex(ctx context.Context, fn func(*store.Store, *index.Index) error) error {
	st, x, err := s.hold.acquire(ctx, true)
	if err != nil {
		return err
	}
	defer s.hold.release()
	return fn(st, x)
}

// clientAddr is the address logins are counted by.
func (s *Server) clientAddr(r *http.Request) string {
	if s.cfg.BehindProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if a := strings.TrimSpace(parts[len(parts)-1]); a != "" {
				return a
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// render writes a page; a template error after the header is only logged.
func (s *Server) render(w http.ResponseWriter, status int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := s.tmpl.ExecuteTemplate(w, name, data); err != nil {
		s.log.Printf("render %s: %v", name, err)
	}
}

// fail shows an error page (or JSON for the coding calls).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if status >= 500 {
		s.log.Printf("%s %s: %s", r.Method, r.URL.Path, msg)
	}
	if wantsJSON(r) {
		writeJSON(w, status, map[string]any{"ok": false, "error": msg})
		return
	}
	s.render(w, status, "error.html", page{Title: http.StatusText(status), Error: msg, User: viewerOf(r)})
}

// storeError turns a store error into a status: a busy project is 503
// (try again), a missing record 404, anything else 500.
func (s *Server) storeError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, project.ErrBusy):
		s.fail(w, r, http.StatusServiceUnavailable, "the project is busy with another plancoder command; try again in a moment")
	case errors.Is(err, store.ErrNotFound):
		s.fail(w, r, http.StatusNotFound, err.Error())
	default:
		s.fail(w, r, http.StatusInternalServerError, err.Error())
	}
}

// page is what every template gets.
type page struct {
	Title string
	User  *viewer
	CSRF  string
	Error string
	Msg   string
	Data  any
}

// ExposedWarning says why serving on addr is unsafe, or "" when it is
// fine: another interface than loopback without TLS or a proxy in front
// sends passwords and cookies in clear text.
func ExposedWarning(addr string, tls, behindProxy bool) string {
	if tls || behindProxy {
		return ""
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return ""
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return ""
	}
	return fmt.Sprintf("%s is reachable from other machines and passwords and session cookies travel unencrypted: give --tls-cert and --tls-key, or run behind a TLS proxy with --behind-proxy", addr)
}

// serveGCPercent is the garbage collector's target while serving: an
// analysis recomputed in the background allocates hundreds of megabytes,
// and the collections after it held up the coders' saves. Measured with
// bench serve on 9,000 pages (2 cores, 60 s): save p99 198 ms at the
// default, 112 ms at 300, peak RSS 702 and 709 MiB.
const serveGCPercent = 300

// Serve serves on ln until ctx is cancelled, then shuts down gracefully:
// it stops accepting, lets running requests (and so every write they
// started) finish for up to grace, and returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener, certFile, keyFile string, grace time.Duration) error {
	if os.Getenv("GOGC") == "" { // a GOGC set by the user is left alone
		defer debug.SetGCPercent(debug.SetGCPercent(serveGCPercent))
	}
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          s.log,
	}
	done := make(chan error, 1)
	go func() {
		if certFile != "" {
			done <- hs.ServeTLS(ln, certFile, keyFile)
		} else {
			done <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-done:
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := hs.Shutdown(sctx)
	s.hold.close() // after the last request: the project is the CLI's again
	if err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	}
	return nil
}
