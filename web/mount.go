package web

import (
	"context"
	"net/http"
	"runtime"
	"time"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/web/admin"
)

// ReadersDeps is what the readers' analysis pages (package web/readers)
// get from the server: the store and index for one request's work, and
// who is asking. It has readers.Deps's fields, so one converts to the other.
type ReadersDeps struct {
	With     func(ctx context.Context, fn func(s *store.Store, x *index.Index) error) error
	User     func(r *http.Request) (name, role string)
	MaxStale time.Duration
	Slot     func(ctx context.Context) (release func(), err error)
}

// readersHandler mounts the analysis pages under /a/, behind the login
// (every role may see them).
func (s *Server) readersHandler() http.HandlerFunc {
	// Analysis pages compute over every coding: at most analysisSlots
	// computations run at once (a page a reader waits for, or one the pages
	// recompute in the background), so that a busy steering group does not
	// starve the coders' saves of CPU. A page already computed is served
	// without a slot.
	slots := make(chan struct{}, analysisSlots())
	slot := func(ctx context.Context) (func(), error) {
		select {
		case slots <- struct{}{}:
			return func() { <-slots }, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	var h http.Handler
	if s.cfg.Readers != nil {
		h = http.StripPrefix("/a", s.cfg.Readers(ReadersDeps{With: s.withIndex, User: User, MaxStale: s.staleAnalyses(), Slot: slot}))
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if h == nil {
			s.fail(w, r, http.StatusNotFound, "the analysis pages are not built into this plancoder")
			return
		}
		h.ServeHTTP(w, r)
	}
}

// staleAnalyses is Config.StaleAnalyses with its default.
func (s *Server) staleAnalyses() time.Duration {
	switch d := s.cfg.StaleAnalyses; {
	case d < 0:
		return 0
	case d == 0:
		return defaultStaleAnalyses
	default:
		return d
	}
}

// defaultStaleAnalyses: a reader sees a coder's change within 20 seconds,
// usually within about 10 (readers/cache.go refreshEvery, plus the time to
// recompute the page in the background).
const defaultStaleAnalyses = 20 * time.Second

// analysisSlots is how many analysis pages are computed at once: all cores
// but one, at least one.
func analysisSlots() int { return max(1, runtime.NumCPU()-1) }

// adminHandler mounts the admin pages (package web/admin: ingest status,
// codebook editing, users, samples, reconciliation, check) under /admin/, for the
// admin role; auth has checked the CSRF token of a POST already, and the
// pages check it again.
func (s *Server) adminHandler() http.Handler {
	return http.StripPrefix("/admin", admin.Handler(admin.Deps{With: s.withIndex, User: User, CSRF: csrfOf,
		SessionIdle: s.cfg.SessionIdle, Now: s.cfg.Now}))
}

// csrfOf is the CSRF token of r's session ("" when none).
func csrfOf(r *http.Request) string {
	if s := userOf(r); s != nil {
		return s.csrf
	}
	return ""
}
