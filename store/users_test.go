package store

import (
	"errors"
	"strings"
	"testing"
)

func TestUsers(t *testing.T) {
	s, _ := newStore(t)
	if us, err := s.Users(); err != nil || len(us) != 0 {
		t.Fatalf("a new project has users %v, %v", us, err)
	}
	if _, err := s.User("ann"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing user: %v", err)
	}
	if err := s.PutUser("admin", User{Name: "ann", Role: RoleCoder, PasswordHash: "h1"}, false); err != nil {
		t.Fatal(err)
	}
	if err := s.PutUser("admin", User{Name: "ann", Role: RoleCoder, PasswordHash: "h1"}, false); !errors.Is(err, ErrExists) {
		t.Fatalf("second add: %v", err)
	}
	if err := s.PutUser("admin", User{Name: "bob", Role: RoleReader, PasswordHash: "h"}, true); !errors.Is(err, ErrNotFound) {
		t.Fatalf("replace of a missing user: %v", err)
	}
	if err := s.PutUser("admin", User{Name: "ann", Role: RoleAdmin, PasswordHash: "h2"}, true); err != nil {
		t.Fatal(err)
	}
	u, err := s.User("ann")
	if err != nil || u.Role != RoleAdmin || u.PasswordHash != "h2" || u.Created.IsZero() {
		t.Fatalf("ann = %+v, %v", u, err)
	}
	// ann is the only admin: she stays until another user is one.
	if err := s.RemoveUser("admin", "ann"); !errors.Is(err, ErrLastAdmin) {
		t.Fatalf("remove of the last admin: %v", err)
	}
	if err := s.PutUser("admin", User{Name: "bob", Role: RoleAdmin, PasswordHash: "h"}, false); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveUser("admin", "ann"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveUser("admin", "ann"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second remove: %v", err)
	}
	if errs := s.Check(); len(errs) > 0 {
		t.Fatalf("check: %v", errs)
	}
}

func TestUserValidation(t *testing.T) {
	s, _ := newStore(t)
	for _, tc := range []struct {
		u    User
		want string
	}{
		{User{Name: "", Role: RoleCoder, PasswordHash: "h"}, "empty"},
		{User{Name: "a\x00b", Role: RoleCoder, PasswordHash: "h"}, "control character"},
		{User{Name: " ann", Role: RoleCoder, PasswordHash: "h"}, "space"},
		{User{Name: ConsensusCoder, Role: RoleCoder, PasswordHash: "h"}, "reconciled"},
		{User{Name: "ann", Role: "boss", PasswordHash: "h"}, "not one of admin, coder, reader"},
		{User{Name: "ann", Role: RoleCoder}, "no password"},
	} {
		err := s.PutUser("admin", tc.u, false)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.u, err, tc.want)
		}
	}
	if us, _ := s.Users(); len(us) != 0 {
		t.Fatalf("refused users were stored: %v", us)
	}
}

// The role and the password change apart, in one transaction each; the
// last admin keeps the role, by any path.
func TestUserRoleAndPassword(t *testing.T) {
	s, _ := newStore(t)
	for _, u := range []User{{Name: "ada", Role: RoleAdmin, PasswordHash: "h0"}, {Name: "ann", Role: RoleCoder, PasswordHash: "h1"}} {
		if err := s.PutUser("t", u, false); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name string
		err  error
		want error
	}{
		{"demote the last admin", s.SetUserRole("t", "ada", RoleCoder), ErrLastAdmin},
		{"demote the last admin by PutUser", s.PutUser("t", User{Name: "ada", Role: RoleReader, PasswordHash: "h0"}, true), ErrLastAdmin},
		{"role of nobody", s.SetUserRole("t", "nobody", RoleCoder), ErrNotFound},
		{"password of nobody", s.SetUserPassword("t", "nobody", "h"), ErrNotFound},
		{"promote ann", s.SetUserRole("t", "ann", RoleAdmin), nil},
		{"new password for ann", s.SetUserPassword("t", "ann", "h2"), nil},
		{"demote ada now", s.SetUserRole("t", "ada", RoleReader), nil},
		{"remove the last admin", s.RemoveUser("t", "ann"), ErrLastAdmin},
	} {
		if !errors.Is(tc.err, tc.want) || (tc.want == nil && tc.err != nil) {
			t.Errorf("%s: %v, want %v", tc.name, tc.err, tc.want)
		}
	}
	if err := s.SetUserRole("t", "ann", "boss"); err == nil || !strings.Contains(err.Error(), "not one of admin, coder, reader") {
		t.Errorf("a bad role: %v", err)
	}
	ann, err := s.User("ann")
	if err != nil || ann.Role != RoleAdmin || ann.PasswordHash != "h2" {
		t.Fatalf("ann = %+v, %v", ann, err)
	}
	ada, _ := s.User("ada")
	if ada.Role != RoleReader || ada.PasswordHash != "h0" {
		t.Fatalf("ada = %+v", ada)
	}
}
