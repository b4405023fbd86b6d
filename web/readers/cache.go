package readers

import (
	"context"
	"sync"
	"time"
)

// shared keeps computed values (built pages, loaded datasets) so that
// readers asking for the same thing share one computation: an analysis
// reads every coding of the project (half a second on 9,000 pages), and a
// steering group loads the same few pages.
//
// A value is current while the store's revision is the one it was computed
// at. After a change it is still served for maxStale from when it was
// computed (a page then says when), and the first reader to get it so
// starts one recomputation in the background, so that readers do not wait
// while coders save every few seconds. Past maxStale a reader waits for a
// new computation. Readers asking while a value is computed wait for it.
type shared[V any] struct {
	maxStale time.Duration
	now      func() time.Time
	// background runs one recomputation at a time, beside the requests'
	// own analysis slots: refreshing must not take the coders' core.
	background *sync.Mutex
	// run runs a background recomputation (the server gives it a slot).
	run func(fn func())

	mu      sync.Mutex
	entries map[string]*entry[V]
}

type entry[V any] struct {
	done       chan struct{} // closed when v and err are set
	v          V
	err        error
	rev        uint64
	at         time.Time
	refreshing bool      // a background recomputation is under way (mu)
	refreshed  time.Time // when the last one started (mu)
}

// refreshEvery is the least time between two background recomputations of
// one value: under constant coding, recomputing as fast as possible kept a
// core busy and slowed the coders' saves. Measured with bench serve on
// 9,000 pages (10 coders, 20 readers, 60 s), before kept pages were
// written without copies: save p99 400 ms recomputing at once, 126 ms
// every 5 s, 65 ms every 10 s (9.7 ms without readers); after: 9-11 ms
// every 5 s, 6.7-8.5 ms every 10 s.
const refreshEvery = 10 * time.Second

// maxShared bounds a cache: beyond it, values past maxStale are dropped.
const maxShared = 500

func newShared[V any](maxStale time.Duration) *shared[V] {
	return &shared[V]{maxStale: maxStale, now: time.Now, background: &sync.Mutex{}, run: func(fn func()) { fn() }, entries: map[string]*entry[V]{}}
}

// get returns the value for key at revision rev, computing it with compute
// when no usable one is kept or being computed; compute says the revision
// and time its value stands for (older ones when it was made from a kept
// value). refresh, when a value older than rev is served, is started once
// in the background; it computes the value anew (with a store of its own:
// the request's is gone by then) and hands it to put.
func (c *shared[V]) get(ctx context.Context, key string, rev uint64, compute func() (V, uint64, time.Time, error), refresh func()) (v V, at time.Time, vrev uint64, err error) {
	c.mu.Lock()
	e, ok := c.entries[key]
	usable := false
	switch {
	case !ok:
	case !isDone(e.done):
		usable = true // being computed: its result is as new as any
	case e.err != nil:
	case e.rev == rev:
		usable = true
	case c.now().Sub(e.at) < c.maxStale:
		usable = true
		if !e.refreshing && refresh != nil && c.now().Sub(e.refreshed) >= refreshEvery {
			e.refreshing, e.refreshed = true, c.now()
			go func() {
				c.background.Lock()
				defer c.background.Unlock()
				c.run(refresh)
			}()
		}
	}
	if !usable {
		e = &entry[V]{done: make(chan struct{}), rev: rev, at: c.now()}
		if len(c.entries) >= maxShared {
			c.prune()
		}
		c.entries[key] = e
		c.mu.Unlock()
		var crev uint64
		var cat time.Time
		e.v, crev, cat, e.err = compute()
		if e.err == nil && crev < e.rev { // made from a kept value: as old as it
			e.rev, e.at = crev, cat
		}
		close(e.done)
		if e.err != nil {
			c.drop(key, e)
		}
		return e.v, e.at, e.rev, e.err
	}
	c.mu.Unlock()
	select {
	case <-e.done:
	case <-ctx.Done():
		return v, time.Time{}, 0, ctx.Err()
	}
	if e.err != nil {
		return v, time.Time{}, 0, e.err
	}
	return e.v, e.at, e.rev, nil
}

// put stores a value computed in the background at revision rev (when it is
// newer than what is kept); err drops nothing but ends the refresh.
func (c *shared[V]) put(key string, rev uint64, at time.Time, v V, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old, ok := c.entries[key]
	if ok {
		old.refreshing = false
	}
	// Kept as it is: a computation under way, or a value as new.
	if err != nil || ok && (!isDone(old.done) || old.err == nil && old.rev >= rev) {
		return
	}
	e := &entry[V]{done: make(chan struct{}), v: v, rev: rev, at: at}
	if ok {
		e.refreshed = old.refreshed
	}
	close(e.done)
	c.entries[key] = e
}

// peek returns the value kept for key without computing or waiting.
func (c *shared[V]) peek(key string) (v V, rev uint64, at time.Time, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, found := c.entries[key]
	if !found || !isDone(e.done) || e.err != nil {
		return v, 0, time.Time{}, false
	}
	return e.v, e.rev, e.at, true
}

func (c *shared[V]) drop(key string, e *entry[V]) {
	c.mu.Lock()
	if c.entries[key] == e {
		delete(c.entries, key)
	}
	c.mu.Unlock()
}

func isDone(done chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// prune drops the values past maxStale, or all computed ones when none is;
// c.mu is held.
func (c *shared[V]) prune() {
	for k, e := range c.entries {
		if isDone(e.done) && c.now().Sub(e.at) >= c.maxStale {
			delete(c.entries, k)
		}
	}
	if len(c.entries) >= maxShared {
		for k, e := range c.entries {
			if isDone(e.done) {
				delete(c.entries, k)
			}
		}
	}
}
