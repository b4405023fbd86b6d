package web

import (
	"context"
	"sync"
	"time"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
)

// Holding the project: requests share one open store (and index) while
// they come, so a save does not pay for opening the database and the
// index, and 30 users are not served one at a time. The project is closed
// after idle without a request, so that CLI commands (which wait up to
// their lock timeout) get it; and when a command waits for the lock (it
// leaves a file saying so, see project.Open) and the server has held the
// project for maxHold, new requests wait until those in flight are done,
// the server closes the project and waits pause before opening it again,
// so that a busy team does not starve the command.
var (
	idleClose = 150 * time.Millisecond
	maxHold   = 1500 * time.Millisecond
	pause     = 100 * time.Millisecond
	drainWait = 2 * time.Second
)

// draining says the project has been held maxHold: it is to close when
// the requests in flight are done.
func (h *holder) draining() bool {
	return h.st != nil && h.users > 0 && time.Since(h.since) >= maxHold && h.p.SomeoneWaiting()
}

// holder keeps the project open for the requests in flight.
type holder struct {
	p      *project.Project
	mu     sync.Mutex
	st     *store.Store
	x      *index.Index
	users  int
	since  time.Time // when st was opened
	paused bool      // closed to let others in: wait
	timer  *time.Timer
	gen    int // bumps on every open, so a stale idle timer does nothing
}

func newHolder(p *project.Project) *holder {
	return &holder{p: p}
}

// acquire gives the open store, and the index when withIndex, opening
// them when closed; release must follow.
func (h *holder) acquire(ctx context.Context, withIndex bool) (*store.Store, *index.Index, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	// Past maxHold, new requests wait for those in flight to finish and
	// for the pause, so the project is free for a moment. A request that
	// waits longer than drainWait (one that holds the project already and
	// asks again) goes on.
	for end := time.Now().Add(drainWait); h.paused || h.draining(); {
		if time.Now().After(end) {
			break
		}
		h.mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		h.mu.Lock()
	}
	if h.st == nil {
		st, err := h.p.Open()
		if err != nil {
			return nil, nil, err
		}
		h.st, h.since = st, time.Now()
		h.gen++
	}
	if withIndex && h.x == nil {
		x, err := h.p.OpenIndex(ctx, h.st, nil)
		if err != nil {
			if h.users == 0 {
				h.closeLocked()
			}
			return nil, nil, err
		}
		h.x = x
	}
	h.users++
	if h.timer != nil {
		h.timer.Stop()
	}
	return h.st, h.x, nil
}

// release ends one request's use: the last one out closes the project
// after idleClose, or at once (with a pause) after maxHold of use.
func (h *holder) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.users--
	if h.users > 0 || h.st == nil {
		return
	}
	if time.Since(h.since) >= maxHold && h.p.SomeoneWaiting() {
		h.closeLocked()
		h.paused = true
		time.AfterFunc(pause, func() {
			h.mu.Lock()
			h.paused = false
			h.mu.Unlock()
		})
		return
	}
	gen := h.gen
	h.timer = time.AfterFunc(idleClose, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.users == 0 && h.gen == gen {
			h.closeLocked()
		}
	})
}

func (h *holder) closeLocked() {
	if h.x != nil {
		h.x.Close()
		h.x = nil
	}
	if h.st != nil {
		h.st.Close()
		h.st = nil
	}
}

// close closes the project for good (after the last request).
func (h *holder) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.timer != nil {
		h.timer.Stop()
	}
	h.closeLocked()
}
