package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/web/account"
)

// dummyHash is checked against when a login names no user, so that the
// answer takes as long as for a real user (no user enumeration by timing).
var (
	dummyOnce sync.Once
	dummy     string
)

func dummyHash() string {
	dummyOnce.Do(func() { dummy, _ = account.HashPassword("not a password of anyone") })
	return dummy
}

// randomToken returns 256 random bits as text (crypto/rand.Text never
// fails: the runtime stops the program rather than hand out weak bytes).
func randomToken() string { return rand.Text() + rand.Text() }

// session is a logged-in browser. The store keeps its record (under the
// hash of the cookie's token, never the token: store.WebSession), so a
// restart keeps everyone logged in; this is the live part beside it (the
// role as of this request, the coding queue), made again from the record
// after a restart.
type session struct {
	user string
	csrf string
	hash string // hex SHA-256 of the token: the record's key
	// mu guards role, lastSeen and coding: a browser sends requests in
	// parallel.
	mu       sync.Mutex
	role     string
	lastSeen time.Time // exact; the record's LastSeen lags by up to touchEvery
	coding   *codingState
}

// viewer is who a page is shown to.
type viewer struct{ Name, Role string }

func (s *session) viewer() *viewer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &viewer{Name: s.user, Role: s.role}
}

func (s *session) getRole() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.role
}

// touchEvery is how stale a record's LastSeen may get before a request
// writes it again: a save per request would cost the coders' saves a
// second write.
const touchEvery = time.Minute

// sessions are the logins: records in the store, the live sessions of
// this process in m (by hash).
type sessions struct {
	mu   sync.Mutex
	m    map[string]*session
	ttl  time.Duration // absolute
	idle time.Duration
	now  func() time.Time
}

// tokenKey is the key of a token: its SHA-256 in hex.
func tokenKey(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// create logs user in: a new token whose hash, with the CSRF token and
// the times, the store keeps; ended sessions are pruned on the way.
func (ss *sessions) create(st *store.Store, user, role string) (token string, s *session, err error) {
	token = randomToken()
	now := ss.now()
	rec := store.WebSession{Hash: tokenKey(token), User: user, CSRF: randomToken(), Created: now, LastSeen: now, Expires: now.Add(ss.ttl)}
	if _, err := st.RemoveWebSessions(now, ss.idle); err != nil {
		return "", nil, fmt.Errorf("log in %s: %w", user, err)
	}
	if err := st.PutWebSession(rec); err != nil {
		return "", nil, fmt.Errorf("log in %s: %w", user, err)
	}
	s = &session{user: user, role: role, csrf: rec.CSRF, hash: rec.Hash, lastSeen: now}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.prune(now)
	ss.m[rec.Hash] = s
	return token, s, nil
}

// get returns the live session of a token, refreshing its idle time, or
// nil when the store has none (logged out, expired, the user removed or
// given a new password, by this server or a CLI command).
func (ss *sessions) get(st *store.Store, token string) (*session, error) {
	if token == "" || len(token) > 200 {
		return nil, nil
	}
	k := tokenKey(token)
	rec, err := st.WebSessionOf(k)
	if errors.Is(err, store.ErrNotFound) {
		ss.forget(k)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	now := ss.now()
	ss.mu.Lock()
	s := ss.m[k]
	if s == nil {
		// Made again after a restart (or by another server process).
		s = &session{user: rec.User, csrf: rec.CSRF, hash: k, lastSeen: rec.LastSeen}
		ss.m[k] = s
	}
	ss.mu.Unlock()
	s.mu.Lock()
	last := s.lastSeen
	if rec.LastSeen.After(last) {
		last = rec.LastSeen
	}
	expired := ss.expired(rec, last, now)
	if !expired {
		s.lastSeen = now
	}
	s.mu.Unlock()
	if expired {
		ss.forget(k)
		_, err := st.RemoveWebSessions(now, ss.idle, k)
		return nil, err
	}
	if now.Sub(rec.LastSeen) >= touchEvery {
		// Only an update: a logout or a new password that came between
		// the read and now is not undone.
		err := st.TouchWebSession(k, now)
		if errors.Is(err, store.ErrNotFound) {
			ss.forget(k)
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (ss *sessions) expired(rec store.WebSession, lastSeen, now time.Time) bool {
	return !now.Before(rec.Expires) || now.Sub(rec.Created) > ss.ttl || now.Sub(lastSeen) > ss.idle
}

// remove logs a token out, in the store and here.
func (ss *sessions) remove(st *store.Store, token string) error {
	k := tokenKey(token)
	ss.forget(k)
	_, err := st.RemoveWebSessions(ss.now(), ss.idle, k)
	return err
}

func (ss *sessions) forget(k string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.m, k)
}

// prune drops live sessions idle too long (their records go at the next
// login, or when they are next asked for); the caller holds mu.
func (ss *sessions) prune(now time.Time) {
	for k, s := range ss.m {
		s.mu.Lock()
		idle := now.Sub(s.lastSeen) > ss.idle
		s.mu.Unlock()
		if idle {
			delete(ss.m, k)
		}
	}
}

// limiter slows down password guessing: after freeFailures failed logins
// for a name (freeAddrFailures from an address: an office shares one), the
// next try must wait, twice as long
// after every further failure (1 s, 2 s, 4 s ... at most maxBackoff). A
// try during the wait is refused without checking the password.
type limiter struct {
	mu  sync.Mutex
	m   map[string]*failures
	now func() time.Time
}

type failures struct {
	n    int
	last time.Time
}

const (
	freeFailures     = 3
	freeAddrFailures = 10
	maxBackoff       = 5 * time.Minute
	// forgetAfter drops a record of failures that old.
	forgetAfter = time.Hour
	// maxTracked bounds the limiter's memory under a flood of names.
	maxTracked = 100000
)

// backoff is the wait after n failures for key ("u:NAME" or "a:ADDR").
func backoff(key string, n int) time.Duration {
	free := freeFailures
	if strings.HasPrefix(key, "a:") {
		free = freeAddrFailures
	}
	if n < free {
		return 0
	}
	d := time.Second << min(n-free, 20)
	return min(d, maxBackoff)
}

// wait says how long a login for these keys must still wait (0: try now).
func (l *limiter) wait(keys ...string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var longest time.Duration
	for _, k := range keys {
		f := l.m[k]
		if f == nil {
			continue
		}
		if until := f.last.Add(backoff(k, f.n)); until.After(now) {
			longest = max(longest, until.Sub(now))
		}
	}
	return longest
}

func (l *limiter) fail(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.m) >= maxTracked {
		for k, f := range l.m {
			if now.Sub(f.last) > forgetAfter {
				delete(l.m, k)
			}
		}
		if len(l.m) >= maxTracked {
			clear(l.m) // still a flood: start over rather than grow
		}
	}
	for _, k := range keys {
		f := l.m[k]
		if f == nil || now.Sub(f.last) > forgetAfter {
			f = &failures{}
			l.m[k] = f
		}
		f.n++
		f.last = now
	}
}

func (l *limiter) succeed(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		delete(l.m, k)
	}
}
