package store

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bSessions holds the web interface's logins, so that a restart of
// `plancoder serve` does not log everyone out. Like bUsers it is made on
// first use and read as empty when missing (no migration).
var bSessions = []byte("sessions")

// WebSession is one logged-in browser of `plancoder serve`. Its key is the
// hash of the cookie's token: the store never holds a token that would
// log in, so a copy of the project file gives no usable cookie.
type WebSession struct {
	// Hash is the hex SHA-256 of the session cookie's token.
	Hash string `json:"hash"`
	User string `json:"user"`
	// CSRF is the token every form and state-changing request of the
	// session carries (useless without the cookie).
	CSRF     string    `json:"csrf"`
	Created  time.Time `json:"created"`
	LastSeen time.Time `json:"last_seen"`
	// Expires is the absolute end of the login, whatever its use.
	Expires time.Time `json:"expires"`
}

// maxCSRF bounds a session's CSRF token.
const maxCSRF = 200

// ValidateWebSession checks a session record: a SHA-256 hash in hex, a
// valid user name, a CSRF token of printable text, and times in order.
func ValidateWebSession(x WebSession) error {
	if b, err := hex.DecodeString(x.Hash); err != nil || len(b) != 32 {
		return fmt.Errorf("session %s: the key is not a hex SHA-256", Quote(x.Hash))
	}
	short := x.Hash[:8]
	if err := ValidateCoder(x.User); err != nil {
		return fmt.Errorf("session %s: user: %w", short, err)
	}
	switch {
	case x.CSRF == "" || len(x.CSRF) > maxCSRF:
		return fmt.Errorf("session %s: CSRF token of %d bytes (want 1 to %d)", short, len(x.CSRF), maxCSRF)
	case TextProblem(x.CSRF, false) != "":
		return fmt.Errorf("session %s: CSRF token %s", short, TextProblem(x.CSRF, false))
	case x.Created.IsZero() || x.LastSeen.Before(x.Created) || !x.Expires.After(x.Created):
		return fmt.Errorf("session %s: times out of order (created %s, last seen %s, expires %s)", short,
			x.Created.Format(time.RFC3339), x.LastSeen.Format(time.RFC3339), x.Expires.Format(time.RFC3339))
	}
	return nil
}

// PutWebSession stores a new or refreshed session of an existing user.
func (s *Store) PutWebSession(x WebSession) error {
	if err := ValidateWebSession(x); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		if u := tx.Bucket(bUsers); u == nil || u.Get([]byte(x.User)) == nil {
			return fmt.Errorf("session of %s: user %w", Quote(x.User), ErrNotFound)
		}
		b, err := tx.CreateBucketIfNotExists(bSessions)
		if err != nil {
			return err
		}
		return putJSON(b, []byte(x.Hash), x)
	})
}

// TouchWebSession records a request of a session at time at. A session
// that is gone (logged out, or ended by a new password meanwhile) stays
// gone: ErrNotFound.
func (s *Store) TouchWebSession(hash string, at time.Time) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSessions)
		x, err := sessionIn(b, hash)
		if err != nil {
			return err
		}
		if !at.After(x.LastSeen) {
			return nil
		}
		x.LastSeen = at
		if err := ValidateWebSession(x); err != nil {
			return err
		}
		return putJSON(b, []byte(hash), x)
	})
}

// WebSessionOf reads the session of a token's hash; ErrNotFound when none.
func (s *Store) WebSessionOf(hash string) (WebSession, error) {
	var x WebSession
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		x, err = sessionIn(tx.Bucket(bSessions), hash)
		return err
	})
	return x, err
}

// sessionIn reads the session of a token's hash from the sessions bucket b
// (which may be missing); ErrNotFound when none.
func sessionIn(b *bolt.Bucket, hash string) (WebSession, error) {
	var x WebSession
	found := false
	if b != nil {
		var err error
		if found, err = getJSON(b, []byte(hash), &x); err != nil {
			return x, fmt.Errorf("session: %w", err)
		}
	}
	if !found {
		return x, fmt.Errorf("session: %w", ErrNotFound)
	}
	return x, nil
}

// RemoveWebSessions deletes the sessions with the given hashes (a logout)
// and those ended by now: past Expires, or idle since LastSeen for longer
// than idle. It returns how many went.
func (s *Store) RemoveWebSessions(now time.Time, idle time.Duration, hashes ...string) (int, error) {
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSessions)
		if b == nil {
			return nil
		}
		gone := map[string]bool{}
		for _, h := range hashes {
			gone[h] = true
		}
		var err error
		n, err = deleteSessionsWhere(b, func(k []byte, x WebSession) bool {
			return gone[string(k)] || !now.Before(x.Expires) || now.Sub(x.LastSeen) > idle
		})
		return err
	})
	return n, err
}

// deleteUserSessions ends every session of user (removed, or given a new
// password), in the transaction that makes the change.
func deleteUserSessions(tx *bolt.Tx, user string) error {
	b := tx.Bucket(bSessions)
	if b == nil {
		return nil
	}
	_, err := deleteSessionsWhere(b, func(_ []byte, x WebSession) bool { return x.User == user })
	return err
}

// deleteSessionsWhere deletes the sessions of b that gone picks, and those
// that do not decode, and returns how many went.
func deleteSessionsWhere(b *bolt.Bucket, gone func(key []byte, x WebSession) bool) (int, error) {
	var del [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var x WebSession
		if json.Unmarshal(v, &x) != nil || gone(k, x) {
			del = append(del, k)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, k := range del {
		if err := b.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(del), nil
}

// checkSessions verifies every session record, key against value, and
// that its user exists.
func checkSessions(tx *bolt.Tx, add func(string, ...any)) {
	b := tx.Bucket(bSessions)
	if b == nil {
		return
	}
	users := tx.Bucket(bUsers)
	b.ForEach(func(k, v []byte) error {
		var x WebSession
		if err := json.Unmarshal(v, &x); err != nil {
			add("web session %.8s: %v", k, err)
			return nil
		}
		if x.Hash != string(k) {
			add("web session %.8s: record names %.8s", k, x.Hash)
		}
		if err := ValidateWebSession(x); err != nil {
			add("web %v", err)
		}
		if users == nil || users.Get([]byte(x.User)) == nil {
			add("web session %.8s: user %s missing", x.Hash, Quote(x.User))
		}
		return nil
	})
}

// LiveSessions counts each user's sessions still live at now: before
// their Expires and seen within idle (0: any time). A session's LastSeen
// lags its last request by up to a minute, so the count is as of then.
func (s *Store) LiveSessions(now time.Time, idle time.Duration) (map[string]int, error) {
	n := map[string]int{}
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSessions)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var x WebSession
			if json.Unmarshal(v, &x) != nil {
				return nil // a damaged record is check's to report
			}
			if now.Before(x.Expires) && (idle <= 0 || now.Sub(x.LastSeen) <= idle) {
				n[x.User]++
			}
			return nil
		})
	})
	return n, err
}
