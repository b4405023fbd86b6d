package store

import (
	"errors"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

var t0 = time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)

func hashOf(c byte) string { return strings.Repeat(string([]byte{'a' + c%6}), 64) }

func webSession(user string, c byte) WebSession {
	return WebSession{Hash: hashOf(c), User: user, CSRF: "csrf-token", Created: t0, LastSeen: t0, Expires: t0.Add(12 * time.Hour)}
}

func TestValidateWebSession(t *testing.T) {
	ok := webSession("ann", 0)
	for _, c := range []struct {
		name string
		edit func(*WebSession)
		want string
	}{
		{"valid", func(*WebSession) {}, ""},
		{"raw token as key", func(x *WebSession) { x.Hash = "a-raw-token" }, "not a hex SHA-256"},
		{"short hash", func(x *WebSession) { x.Hash = "abcd" }, "not a hex SHA-256"},
		{"no user", func(x *WebSession) { x.User = "" }, "coder name is empty"},
		{"no csrf", func(x *WebSession) { x.CSRF = "" }, "CSRF token of 0 bytes"},
		{"csrf with control", func(x *WebSession) { x.CSRF = "a\x00b" }, "CSRF token"},
		{"expires before created", func(x *WebSession) { x.Expires = t0.Add(-time.Second) }, "times out of order"},
		{"no created", func(x *WebSession) { x.Created = time.Time{} }, "times out of order"},
	} {
		x := ok
		c.edit(&x)
		err := ValidateWebSession(x)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// Sessions are stored by hash, refused for a missing user, and end with a
// logout, their expiry, the user's removal or a new password.
func TestWebSessions(t *testing.T) {
	s, _ := newStore(t)
	if _, err := s.WebSessionOf(hashOf(0)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("no sessions yet: %v", err)
	}
	if err := s.PutWebSession(webSession("ann", 0)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a session of a missing user: %v", err)
	}
	for _, n := range []string{"ann", "bob"} {
		if err := s.PutUser("admin", User{Name: n, Role: RoleCoder, PasswordHash: "h1"}, false); err != nil {
			t.Fatal(err)
		}
	}
	for i, n := range []string{"ann", "ann", "bob", "bob", "bob"} {
		if err := s.PutWebSession(webSession(n, byte(i))); err != nil {
			t.Fatal(err)
		}
	}
	if x, err := s.WebSessionOf(hashOf(0)); err != nil || x.User != "ann" || x.CSRF != "csrf-token" || !x.Expires.Equal(t0.Add(12*time.Hour)) {
		t.Fatalf("read back: %+v %v", x, err)
	}
	if errs := s.Check(); len(errs) > 0 {
		t.Fatalf("check: %v", errs)
	}
	// A logout; an idle one (bob's 3) and an expired one (bob's 4).
	idle := webSession("bob", 3)
	idle.LastSeen = t0.Add(-3 * time.Hour)
	idle.Created = t0.Add(-4 * time.Hour)
	late := webSession("bob", 4)
	late.Created, late.LastSeen, late.Expires = t0.Add(-13*time.Hour), t0, t0
	for _, x := range []WebSession{idle, late} {
		if err := s.PutWebSession(x); err != nil {
			t.Fatal(err)
		}
	}
	// Live: ann 0 and 1, bob 2; bob's 3 is idle, his 4 expired.
	if n, err := s.LiveSessions(t0, 2*time.Hour); err != nil || n["ann"] != 2 || n["bob"] != 1 || len(n) != 2 {
		t.Fatalf("live sessions: %v %v", n, err)
	}
	if n, _ := s.LiveSessions(t0, 0); n["bob"] != 2 {
		t.Fatalf("live sessions, any idle time: %v", n)
	}
	if n, err := s.RemoveWebSessions(t0, 2*time.Hour, hashOf(1)); err != nil || n != 3 {
		t.Fatalf("logout and prune: %d %v", n, err)
	}
	for c, want := range map[byte]bool{0: true, 1: false, 2: true, 3: false, 4: false} {
		if _, err := s.WebSessionOf(hashOf(c)); (err == nil) != want {
			t.Errorf("session %d: %v, want kept %v", c, err, want)
		}
	}
	// A request refreshes last-seen, but never brings back a session
	// that ended in the meantime.
	if err := s.TouchWebSession(hashOf(0), t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if x, _ := s.WebSessionOf(hashOf(0)); !x.LastSeen.Equal(t0.Add(time.Hour)) {
		t.Errorf("last seen %v after a touch", x.LastSeen)
	}
	if err := s.TouchWebSession(hashOf(1), t0.Add(time.Hour)); !errors.Is(err, ErrNotFound) {
		t.Errorf("a touch of a logged-out session: %v", err)
	}
	if _, err := s.WebSessionOf(hashOf(1)); !errors.Is(err, ErrNotFound) {
		t.Errorf("a touch brought a logged-out session back: %v", err)
	}
	// A role change keeps the session; a new password or a removal ends it.
	if err := s.PutUser("admin", User{Name: "ann", Role: RoleAdmin, PasswordHash: "h1"}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WebSessionOf(hashOf(0)); err != nil {
		t.Errorf("a role change ended the session: %v", err)
	}
	if err := s.PutUser("admin", User{Name: "ann", Role: RoleAdmin, PasswordHash: "h2"}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WebSessionOf(hashOf(0)); !errors.Is(err, ErrNotFound) {
		t.Errorf("a new password kept the session: %v", err)
	}
	if err := s.RemoveUser("admin", "bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WebSessionOf(hashOf(2)); !errors.Is(err, ErrNotFound) {
		t.Errorf("a removed user's session stays: %v", err)
	}
	if errs := s.Check(); len(errs) > 0 {
		t.Fatalf("check: %v", errs)
	}
}

// Check reports a damaged session record and one of a missing user.
func TestCheckWebSessions(t *testing.T) {
	s, _ := newStore(t)
	if err := s.PutUser("admin", User{Name: "ann", Role: RoleCoder, PasswordHash: "h1"}, false); err != nil {
		t.Fatal(err)
	}
	if err := s.PutWebSession(webSession("ann", 0)); err != nil {
		t.Fatal(err)
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSessions)
		if err := b.Put([]byte(hashOf(1)), []byte("{not json")); err != nil {
			return err
		}
		x := webSession("ghost", 2)
		x.CSRF = ""
		return putJSON(b, []byte(x.Hash), x)
	})
	if err != nil {
		t.Fatal(err)
	}
	got := ""
	for _, e := range s.Check() {
		got += e.Error() + "\n"
	}
	for _, want := range []string{"web session bbbbbbbb: invalid character", "CSRF token of 0 bytes", `user "ghost" missing`} {
		if !strings.Contains(got, want) {
			t.Errorf("check lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, hashOf(0)[:8]) {
		t.Errorf("check reports the good session:\n%s", got)
	}
	// The damage found, it goes (newStore checks the store at the end).
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bSessions) }); err != nil {
		t.Fatal(err)
	}
}
