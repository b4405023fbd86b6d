package web

import (
	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/web/account"
)

// AddUser makes a login for name with role and password: account.AddUser
// (kept here for the benchmark's setup).
func AddUser(st *store.Store, actor, name, role, password string) error {
	return account.AddUser(st, actor, name, role, password)
}

// SetPassword gives an existing user a new password; their sessions end
// at their next request: account.SetPassword.
func SetPassword(st *store.Store, actor, name, password string) error {
	return account.SetPassword(st, actor, name, password)
}
