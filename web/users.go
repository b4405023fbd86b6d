package web

import (
	"fmt"

	"github.com/plancoder/plancoder/store"
)

// AddUser makes a login for name with role and password (hashed here; the
// store keeps only the hash and validates the record).
func AddUser(st *store.Store, actor, name, role, password string) error {
	if err := store.ValidateUser(store.User{Name: name, Role: role, PasswordHash: "-"}); err != nil {
		return err
	}
	h, err := HashPassword(password)
	if err != nil {
		return fmt.Errorf("user %s: %w", name, err)
	}
	return st.PutUser(actor, store.User{Name: name, Role: role, PasswordHash: h}, false)
}

// SetPassword gives an existing user a new password; their sessions end
// at their next request.
func SetPassword(st *store.Store, actor, name, password string) error {
	u, err := st.User(name)
	if err != nil {
		return err
	}
	if u.PasswordHash, err = HashPassword(password); err != nil {
		return fmt.Errorf("user %s: %w", name, err)
	}
	return st.PutUser(actor, u, true)
}
