package readers

import (
	"context"
	"sync"
	"time"
)

// pageCache keeps built analysis pages, so that readers asking for the same
// page share one computation: an analysis page reads every coding of the
// project (half a second on 9,000 pages), and a steering group loads the
// same few pages. A page is served again while the store's revision is the
// one it was built at; after a change, for at most maxStale (the page then
// says when it was computed), so that coders saving every few seconds do
// not make every reader's page a new computation. Readers asking while a
// page is being built wait for that build.
type pageCache struct {
	maxStale time.Duration
	now      func() time.Time

	mu      sync.Mutex
	entries map[string]*cachedPage
}

type cachedPage struct {
	done chan struct{} // closed when pg and err are set
	pg   *page
	err  error
	rev  uint64
	at   time.Time
}

// maxCachedPages bounds the cache: beyond it, pages not fresh are dropped.
const maxCachedPages = 500

func newPageCache(maxStale time.Duration) *pageCache {
	return &pageCache{maxStale: maxStale, now: time.Now, entries: map[string]*cachedPage{}}
}

// get returns the page for key at revision rev, building it with build
// when no usable one is kept or being built.
func (c *pageCache) get(ctx context.Context, key string, rev uint64, build func() (*page, error)) (pg *page, at time.Time, err error) {
	c.mu.Lock()
	e, ok := c.entries[key]
	usable := false
	switch {
	case !ok:
	case !isDone(e):
		usable = true // being built: its result is as new as any
	default: // built: pg and err are set and no longer written
		usable = e.err == nil && (e.rev == rev || c.now().Sub(e.at) < c.maxStale)
	}
	if !usable {
		e = &cachedPage{done: make(chan struct{}), rev: rev, at: c.now()}
		if len(c.entries) >= maxCachedPages {
			c.prune()
		}
		c.entries[key] = e
		c.mu.Unlock()
		e.pg, e.err = build()
		close(e.done)
		if e.err != nil {
			c.mu.Lock()
			if c.entries[key] == e {
				delete(c.entries, key)
			}
			c.mu.Unlock()
		}
		return e.pg, e.at, e.err
	}
	c.mu.Unlock()
	select {
	case <-e.done:
	case <-ctx.Done():
		return nil, time.Time{}, ctx.Err()
	}
	if e.err != nil {
		return nil, time.Time{}, e.err
	}
	return e.pg, e.at, nil
}

func isDone(e *cachedPage) bool {
	select {
	case <-e.done:
		return true
	default:
		return false
	}
}

// prune drops the pages past maxStale, or all when none is; c.mu is held.
func (c *pageCache) prune() {
	for k, e := range c.entries {
		if isDone(e) && c.now().Sub(e.at) >= c.maxStale {
			delete(c.entries, k)
		}
	}
	if len(c.entries) >= maxCachedPages {
		for k, e := range c.entries {
			if isDone(e) {
				delete(c.entries, k)
			}
		}
	}
}
