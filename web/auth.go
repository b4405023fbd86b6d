package web

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters (RFC 9106's second recommendation, lighter on
// memory: 64 MiB, 2 passes, 2 lanes; about 0.1 s on one core). They are
// encoded in every hash, so raising them later keeps old hashes valid.
// Tests lower them.
var (
	argonTime    uint32 = 2
	argonMemory  uint32 = 64 * 1024 // KiB
	argonThreads uint8  = 2
)

const (
	saltLen = 16
	keyLen  = 32
)

// hashSlots bounds the password hashes computed at once: each takes
// argonMemory, and a burst of logins must not exhaust the machine.
var hashSlots = make(chan struct{}, 2)

// ErrBadPassword means a password did not match its hash.
var ErrBadPassword = errors.New("wrong name or password")

// HashPassword makes an argon2id hash of password with a random salt, in
// the PHC string form ($argon2id$v=19$m=...,t=...,p=...$salt$key).
func HashPassword(password string) (string, error) {
	if err := CheckPassword(password); err != nil {
		return "", err
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	hashSlots <- struct{}{}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, keyLen)
	<-hashSlots
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 10

// CheckPassword refuses passwords that are too short or too long (a
// megabyte password would be hashed all the same).
func CheckPassword(p string) error {
	switch n := len([]rune(p)); {
	case n < MinPasswordLen:
		return fmt.Errorf("password is %d characters: use at least %d", n, MinPasswordLen)
	case len(p) > 1024:
		return fmt.Errorf("password is longer than 1024 bytes")
	}
	return nil
}

// VerifyPassword checks password against an encoded hash in constant time.
func VerifyPassword(encoded, password string) error {
	var (
		v       int
		m, t    uint32
		p       uint8
		salt    []byte
		want    []byte
		err     error
		b64     = base64.RawStdEncoding
		fields  = strings.Split(encoded, "$")
		badHash = fmt.Errorf("password hash is not an argon2id hash")
	)
	if len(fields) != 6 || fields[1] != "argon2id" {
		return badHash
	}
	if _, err = fmt.Sscanf(fields[2], "v=%d", &v); err != nil || v != argon2.Version {
		return badHash
	}
	if _, err = fmt.Sscanf(fields[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || m > 1<<21 || t == 0 || t > 16 || p == 0 {
		return badHash
	}
	if salt, err = b64.DecodeString(fields[4]); err != nil {
		return badHash
	}
	if want, err = b64.DecodeString(fields[5]); err != nil || len(want) == 0 {
		return badHash
	}
	hashSlots <- struct{}{}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	<-hashSlots
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrBadPassword
	}
	return nil
}

// dummyHash is checked against when a login names no user, so that the
// answer takes as long as for a real user (no user enumeration by timing).
var (
	dummyOnce sync.Once
	dummy     string
)

func dummyHash() string {
	dummyOnce.Do(func() { dummy, _ = HashPassword("not a password of anyone") })
	return dummy
}

// randomToken returns 256 random bits as text (crypto/rand.Text never
// fails: the runtime stops the program rather than hand out weak bytes).
func randomToken() string { return rand.Text() + rand.Text() }

// session is a logged-in browser. Its key in the sessions map is the hash
// of the cookie's token, so a memory dump does not give usable cookies.
type session struct {
	user string
	csrf string
	// mu guards role and coding: a browser sends requests in parallel.
	mu       sync.Mutex
	role     string
	pwHash   string // the user's password hash at login: a change ends the session
	created  time.Time
	lastSeen time.Time
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

// sessions holds the logged-in browsers in memory: a restart logs
// everyone out, which is the safe failure.
type sessions struct {
	mu   sync.Mutex
	m    map[string]*session
	ttl  time.Duration // absolute
	idle time.Duration
	now  func() time.Time
}

func tokenKey(token string) string {
	h := sha256.Sum256([]byte(token))
	return string(h[:])
}

func (ss *sessions) create(user, role, pwHash string) (token string, s *session) {
	token = randomToken()
	now := ss.now()
	s = &session{user: user, role: role, pwHash: pwHash, csrf: randomToken(), created: now, lastSeen: now}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.prune(now)
	ss.m[tokenKey(token)] = s
	return token, s
}

// get returns the live session of a token, refreshing its idle time.
func (ss *sessions) get(token string) *session {
	if token == "" {
		return nil
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	k := tokenKey(token)
	s := ss.m[k]
	if s == nil {
		return nil
	}
	now := ss.now()
	if ss.expired(s, now) {
		delete(ss.m, k)
		return nil
	}
	s.lastSeen = now
	return s
}

func (ss *sessions) expired(s *session, now time.Time) bool {
	return now.Sub(s.created) > ss.ttl || now.Sub(s.lastSeen) > ss.idle
}

func (ss *sessions) remove(token string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.m, tokenKey(token))
}

// prune drops expired sessions; the caller holds mu.
func (ss *sessions) prune(now time.Time) {
	for k, s := range ss.m {
		if ss.expired(s, now) {
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
