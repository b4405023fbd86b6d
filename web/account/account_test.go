package account

import (
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	// The tests check the logic, not the cost.
	Cost = Params{Time: 1, Memory: 64, Threads: 1}
	m.Run()
}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("een lang wachtwoord")
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := HashPassword("een lang wachtwoord")
	if h == h2 || !strings.HasPrefix(h, "$argon2id$v=19$") {
		t.Fatalf("hashes %q, %q: want argon2id with a random salt", h, h2)
	}
	if err := VerifyPassword(h, "een lang wachtwoord"); err != nil {
		t.Fatal(err)
	}
	if err := VerifyPassword(h, "een lang wachtwoorD"); err != ErrBadPassword {
		t.Fatalf("wrong password: %v", err)
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=64,t=1,p=1$!!$a2V5"} {
		if err := VerifyPassword(bad, "x"); err == nil || err == ErrBadPassword {
			t.Errorf("hash %q: %v, want a refused hash", bad, err)
		}
	}
	if _, err := HashPassword("kort"); err == nil {
		t.Error("a 4-character password was taken")
	}
}

// NewUser checks the name and role by the store's rules and the password
// by CheckPassword before it hashes: nothing is hashed for a bad record.
func TestNewUser(t *testing.T) {
	for _, c := range []struct{ name, role, pw, want string }{
		{"", "coder", "een lang wachtwoord", "coder name is empty"},
		{"consensus", "coder", "een lang wachtwoord", "reconciled master"},
		{"ann", "boss", "een lang wachtwoord", "not one of admin, coder, reader"},
		{"ann", "coder", "kort", "password is 4 characters"},
		{"ann", "coder", "een lang wachtwoord", ""},
	} {
		u, err := NewUser(c.name, c.role, c.pw)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%+v: %v", c, err)
		case c.want == "" && VerifyPassword(u.PasswordHash, c.pw) != nil:
			t.Errorf("%+v: the hash %q does not verify", c, u.PasswordHash)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%+v: %v, want %q", c, err, c.want)
		}
	}
}
