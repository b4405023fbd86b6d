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
