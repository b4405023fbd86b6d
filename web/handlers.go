package web

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/web/account"
)

const (
	sessionCookie = "plancoder_session"
	loginCookie   = "plancoder_login"
	// maxForm bounds a request body: memos are the longest field.
	maxForm = 64 << 10
)

var (
	anyRole     = []string{store.RoleAdmin, store.RoleCoder, store.RoleReader}
	codingRoles = []string{store.RoleAdmin, store.RoleCoder}
	adminRoles  = []string{store.RoleAdmin}
)

type ctxKey struct{}

// userOf is the session of an authenticated request (nil on the login page).
func userOf(r *http.Request) *session {
	s, _ := r.Context().Value(ctxKey{}).(*session)
	return s
}

// User names the logged-in user of r and their role ("" when none): what
// the readers' pages use to decide what they may show.
func User(r *http.Request) (name, role string) {
	if s := userOf(r); s != nil {
		return s.user, s.getRole()
	}
	return "", ""
}

// viewerOf is the viewer of r for a page (nil when not logged in).
func viewerOf(r *http.Request) *viewer {
	if s := userOf(r); s != nil {
		return s.viewer()
	}
	return nil
}

func wantsJSON(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/code/do") || strings.Contains(r.Header.Get("Accept"), "application/json")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// auth lets a request through only with a live session of a user who
// still exists with the same password and one of roles, and, for every
// request that may change something, the session's CSRF token.
func (s *Server) auth(roles []string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var sess *session
		if c, err := r.Cookie(sessionCookie); err == nil {
			// The store has the last word: a logout, an expiry, a removed
			// user or a new password ends the session (whichever process
			// made the change), a new role applies at once.
			err := s.with(func(st *store.Store) error {
				var err error
				if sess, err = s.sessions.get(st, c.Value); err != nil || sess == nil {
					return err
				}
				u, err := st.User(sess.user)
				if errors.Is(err, store.ErrNotFound) {
					sess = nil
					return s.sessions.remove(st, c.Value)
				}
				if err != nil {
					return err
				}
				sess.mu.Lock()
				sess.role = u.Role
				sess.mu.Unlock()
				return nil
			})
			if err != nil {
				s.storeError(w, r, err)
				return
			}
		}
		if sess == nil {
			if r.Method == http.MethodGet && !wantsJSON(r) {
				http.Redirect(w, r, "/login", http.StatusSeeOther)
				return
			}
			s.fail(w, r, http.StatusUnauthorized, "not logged in (or the session expired): log in again")
			return
		}
		if role := sess.getRole(); !slices.Contains(roles, role) {
			s.fail(w, r, http.StatusForbidden, fmt.Sprintf("a %s may not do this", role))
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
			tok := r.Header.Get("X-CSRF-Token")
			if tok == "" {
				tok = r.PostFormValue("csrf")
			}
			if subtle.ConstantTimeCompare([]byte(tok), []byte(sess.csrf)) != 1 {
				s.fail(w, r, http.StatusForbidden, "the form is stale or did not come from this site (no valid CSRF token): reload the page")
				return
			}
		}
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, sess)))
	})
}

func (s *Server) cookie(name, value, path string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: path, MaxAge: maxAge, HttpOnly: true,
		Secure: s.cfg.Secure, SameSite: http.SameSiteStrictMode}
}

// loginPage shows the form with a token that is also set as a cookie: a
// login posted from another site has no cookie to match (login CSRF).
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.showLogin(w, http.StatusOK, "")
}

func (s *Server) showLogin(w http.ResponseWriter, status int, msg string) {
	tok := randomToken()
	http.SetCookie(w, s.cookie(loginCookie, tok, "/login", 3600))
	s.render(w, status, "login.html", page{Title: "Log in", CSRF: tok, Error: msg})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	c, err := r.Cookie(loginCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) != 1 {
		s.showLogin(w, http.StatusForbidden, "the login form is stale or did not come from this site: try again")
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	password := r.PostFormValue("password")
	// A name longer than any user's is cut for the limiter's key, so a
	// flood of long names cannot fill memory.
	keys := []string{"u:" + truncate(name, 80), "a:" + s.clientAddr(r)}
	if wait := s.limits.wait(keys...); wait > 0 {
		secs := int(math.Ceil(wait.Seconds()))
		w.Header().Set("Retry-After", fmt.Sprint(secs))
		s.log.Printf("login %q from %s: refused, %d s after repeated failures", name, keys[1], secs)
		s.showLogin(w, http.StatusTooManyRequests, fmt.Sprintf("too many failed logins: wait %d seconds and try again", secs))
		return
	}
	var u store.User
	err = s.with(func(st *store.Store) error {
		var err error
		u, err = st.User(name)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		_ = account.VerifyPassword(dummyHash(), password) // same time as a real check
		err = account.ErrBadPassword
	case err != nil:
		s.storeError(w, r, err)
		return
	default:
		err = account.VerifyPassword(u.PasswordHash, password)
	}
	if err != nil {
		s.limits.fail(keys...)
		s.log.Printf("login %q from %s: %v", name, keys[1], err)
		s.showLogin(w, http.StatusUnauthorized, account.ErrBadPassword.Error())
		return
	}
	s.limits.succeed(keys[0])
	var tok string
	if err := s.with(func(st *store.Store) error {
		var err error
		tok, _, err = s.sessions.create(st, u.Name, u.Role)
		return err
	}); err != nil {
		s.storeError(w, r, err)
		return
	}
	http.SetCookie(w, s.cookie(loginCookie, "", "/login", -1))
	http.SetCookie(w, s.cookie(sessionCookie, tok, "/", int(s.cfg.SessionTTL/time.Second)))
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.with(func(st *store.Store) error { return s.sessions.remove(st, c.Value) }); err != nil {
			s.storeError(w, r, err)
			return
		}
	}
	http.SetCookie(w, s.cookie(sessionCookie, "", "/", -1))
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// homeData is the start page: the queues a coder can start.
type homeData struct {
	Docs     []store.Document
	Samples  []store.Sample // those the user codes
	CodeList []store.Code
	Coding   string // the running queue, if any
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	sess := userOf(r)
	var d homeData
	if sess.getRole() != store.RoleReader {
		err := s.with(func(st *store.Store) error {
			var err error
			if d.Docs, err = st.Documents(); err != nil {
				return err
			}
			sms, err := st.Samples()
			if err != nil {
				return err
			}
			for _, sm := range sms {
				if slices.Contains(sm.Coders, sess.user) {
					d.Samples = append(d.Samples, sm)
				}
			}
			d.CodeList, err = st.Codes()
			return err
		})
		if err != nil {
			s.storeError(w, r, err)
			return
		}
		if cs := sess.codingState(); cs != nil {
			d.Coding = cs.what
		}
	}
	s.render(w, http.StatusOK, "home.html", page{Title: "plancoder", User: sess.viewer(), CSRF: sess.csrf, Data: d})
}
