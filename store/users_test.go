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
