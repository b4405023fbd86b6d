package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Roles of the web interface's users.
const (
	RoleAdmin  = "admin"  // everything, including users and the codebook
	RoleCoder  = "coder"  // codes fragments; sees analyses
	RoleReader = "reader" // sees analyses and the report, never codes
)

// Roles lists the roles a user may have.
var Roles = []string{RoleAdmin, RoleCoder, RoleReader}

// bUsers holds the web users. It is made on first use and read as empty
// when missing, so older projects need no migration and older plancoders
// (which check only the buckets they know) still open the file.
var bUsers = []byte("users")

// User is a person who logs in to `plancoder serve`. Name is the coder name
// their codings carry, so CLI, bundles and the web agree on who coded.
type User struct {
	Name string `json:"name"`
	Role string `json:"role"`
	// PasswordHash is the encoded password hash (the web package makes and
	// checks it; the store keeps it as text).
	PasswordHash string    `json:"password_hash"`
	Created      time.Time `json:"created"`
	Changed      time.Time `json:"changed"`
}

// ValidateUser checks a user record: the name is a valid coder name (it is
// one) and not the consensus coder, the role one of Roles, and a hash set.
func ValidateUser(u User) error {
	if err := ValidateCoder(u.Name); err != nil {
		return fmt.Errorf("user: %w", err)
	}
	if u.Name == ConsensusCoder {
		return fmt.Errorf("user %s: %q is the reconciled master's coder name, not a person", u.Name, ConsensusCoder)
	}
	if !ValidRole(u.Role) {
		return fmt.Errorf("user %s: role %s is not one of %s", u.Name, Quote(u.Role), strings.Join(Roles, ", "))
	}
	if u.PasswordHash == "" {
		return fmt.Errorf("user %s: no password", u.Name)
	}
	return CheckText("password hash", u.PasswordHash, false)
}

// ValidRole reports whether r is one of Roles.
func ValidRole(r string) bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// ErrLastAdmin is a change that would leave the project's users without
// an admin (removing the last one, or taking their role): no one could
// then manage users or the codebook in the browser.
var ErrLastAdmin = errors.New("the last admin: give another user the admin role first")

// PutUser adds a user, or replaces one when replace is true (a new
// password or role). Adding an existing name gives ErrExists; replacing a
// missing one ErrNotFound; taking the last admin's role ErrLastAdmin. The
// event log records the change without the hash.
func (s *Store) PutUser(actor string, u User, replace bool) error {
	if err := ValidateUser(u); err != nil {
		return err
	}
	if !replace {
		return s.update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists(bUsers)
			if err != nil {
				return err
			}
			if b.Get([]byte(u.Name)) != nil {
				return fmt.Errorf("user %s: %w", u.Name, ErrExists)
			}
			u.Created = s.now()
			u.Changed = u.Created
			if err := putJSON(b, []byte(u.Name), u); err != nil {
				return err
			}
			return s.appendEvent(tx, actor, "user.add", u.Name, nil, map[string]string{"role": u.Role})
		})
	}
	return s.changeUser(actor, u.Name, func(o *User) { o.Role, o.PasswordHash = u.Role, u.PasswordHash })
}

// SetUserRole gives an existing user a new role (ErrNotFound when there is
// none of that name, ErrLastAdmin when it would leave no admin). Their
// sessions stay: the web server reads the role at every request.
func (s *Store) SetUserRole(actor, name, role string) error {
	if !ValidRole(role) {
		return fmt.Errorf("user %s: role %s is not one of %s", name, Quote(role), strings.Join(Roles, ", "))
	}
	return s.changeUser(actor, name, func(u *User) { u.Role = role })
}

// SetUserPassword gives an existing user a new password hash; their
// sessions end.
func (s *Store) SetUserPassword(actor, name, hash string) error {
	if hash == "" {
		return fmt.Errorf("user %s: no password", name)
	}
	return s.changeUser(actor, name, func(u *User) { u.PasswordHash = hash })
}

// changeUser reads user name, applies change and writes the result in one
// transaction, so that a role and a password changed at once by two
// admins both stay. A new password ends the user's sessions.
func (s *Store) changeUser(actor, name string, change func(*User)) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bUsers)
		o, err := userIn(b, name)
		if err != nil {
			return err
		}
		u := o
		change(&u)
		if err := ValidateUser(u); err != nil {
			return err
		}
		if o.Role == RoleAdmin && u.Role != RoleAdmin {
			if err := otherAdmin(b, name); err != nil {
				return fmt.Errorf("user %s: role %s: %w", name, u.Role, err)
			}
		}
		if o.PasswordHash != u.PasswordHash {
			// A new password ends the user's logins.
			if err := deleteUserSessions(tx, u.Name); err != nil {
				return err
			}
		}
		u.Changed = s.now()
		if err := putJSON(b, []byte(u.Name), u); err != nil {
			return err
		}
		return s.appendEvent(tx, actor, "user.change", u.Name, map[string]string{"role": o.Role}, map[string]string{"role": u.Role})
	})
}

// otherAdmin returns ErrLastAdmin unless a user other than name has the
// admin role.
func otherAdmin(b *bolt.Bucket, name string) error {
	found := false
	err := b.ForEach(func(k, v []byte) error {
		if found || string(k) == name {
			return nil
		}
		var u User
		if err := json.Unmarshal(v, &u); err != nil {
			return fmt.Errorf("user %s: %w", Quote(string(k)), err)
		}
		found = u.Role == RoleAdmin
		return nil
	})
	if err == nil && !found {
		err = ErrLastAdmin
	}
	return err
}

// User reads one user; ErrNotFound when there is none of that name.
func (s *Store) User(name string) (User, error) {
	var u User
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		u, err = userIn(tx.Bucket(bUsers), name)
		return err
	})
	return u, err
}

// userIn reads user name from the users bucket b (which may be missing).
func userIn(b *bolt.Bucket, name string) (User, error) {
	var u User
	var v []byte
	if b != nil {
		v = b.Get([]byte(name))
	}
	if v == nil {
		return u, fmt.Errorf("user %s: %w", Quote(name), ErrNotFound)
	}
	if err := json.Unmarshal(v, &u); err != nil {
		return u, fmt.Errorf("user %s: %w", Quote(name), err)
	}
	return u, nil
}

// Users lists the users by name (none in a project without any).
func (s *Store) Users() ([]User, error) {
	var out []User
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bUsers)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var u User
			if err := json.Unmarshal(v, &u); err != nil {
				return fmt.Errorf("user %s: %w", Quote(string(k)), err)
			}
			out = append(out, u)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// RemoveUser deletes a user's login and ends their web sessions (ErrLastAdmin
// for the last admin). Their codings stay: they are the coder's work, not
// the account's.
func (s *Store) RemoveUser(actor, name string) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bUsers)
		o, err := userIn(b, name)
		if err != nil {
			return err
		}
		if o.Role == RoleAdmin {
			if err := otherAdmin(b, name); err != nil {
				return fmt.Errorf("user %s: %w", name, err)
			}
		}
		if err := b.Delete([]byte(name)); err != nil {
			return err
		}
		if err := deleteUserSessions(tx, name); err != nil {
			return err
		}
		return s.appendEvent(tx, actor, "user.remove", name, nil, nil)
	})
}
