// Package account is the logins of the web interface: password hashes
// (argon2id) and the changes to users that `plancoder users` and the admin
// pages both make (add, new password, new role, remove), so that the CLI
// and the browser check and log a change the same way. It is its own
// package because both web (login) and web/admin (the users page) use it,
// and web imports web/admin.
//
// Hashing is slow on purpose (about 0.1 s, 64 MiB): callers hash with
// HashPassword or NewUser before they open a store transaction, so that
// no write waits for a hash.
package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/plancoder/plancoder/store"
	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters of new hashes.
type Params struct {
	Time    uint32 // passes
	Memory  uint32 // KiB
	Threads uint8  // lanes
}

// Cost is used for every new hash: RFC 9106's second recommendation,
// lighter on memory (64 MiB, 2 passes, 2 lanes; about 0.1 s on one core).
// The parameters are encoded in every hash, so raising them later keeps
// old hashes valid. Tests lower them (set before any hashing starts).
var Cost = Params{Time: 2, Memory: 64 * 1024, Threads: 2}

const (
	saltLen = 16
	keyLen  = 32
)

// hashSlots bounds the password hashes computed at once: each takes
// Cost.Memory, and a burst of logins must not exhaust the machine.
var hashSlots = make(chan struct{}, 2)

// ErrBadPassword means a password did not match its hash.
var ErrBadPassword = errors.New("wrong name or password")

// MinPasswordLen is the shortest password accepted, in characters.
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
	c := Cost
	hashSlots <- struct{}{}
	key := argon2.IDKey([]byte(password), salt, c.Time, c.Memory, c.Threads, keyLen)
	<-hashSlots
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, c.Memory, c.Time, c.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
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

// NewUser checks a new user's name and role (the store's rules) and
// password, and hashes the password: the record Add stores. It touches no
// store, so the slow hash runs before the project is held.
func NewUser(name, role, password string) (store.User, error) {
	u := store.User{Name: name, Role: role, PasswordHash: "-"}
	if err := store.ValidateUser(u); err != nil {
		return u, err
	}
	h, err := HashPassword(password)
	if err != nil {
		return u, fmt.Errorf("user %s: %w", name, err)
	}
	u.PasswordHash = h
	return u, nil
}

// Add stores a user made by NewUser (store.ErrExists when the name is
// taken), logged with actor.
func Add(st *store.Store, actor string, u store.User) error {
	return st.PutUser(actor, u, false)
}

// SetPasswordHash gives an existing user a new password hash (from
// HashPassword); their sessions end at their next request.
func SetPasswordHash(st *store.Store, actor, name, hash string) error {
	return st.SetUserPassword(actor, name, hash)
}

// SetRole gives an existing user a new role. It applies to their open
// sessions at their next request; taking the admin role from the last
// admin is refused (store.ErrLastAdmin).
func SetRole(st *store.Store, actor, name, role string) error {
	return st.SetUserRole(actor, name, role)
}

// Remove ends a user's login and sessions (their codings stay); removing
// the last admin is refused (store.ErrLastAdmin).
func Remove(st *store.Store, actor, name string) error {
	return st.RemoveUser(actor, name)
}

// AddUser is NewUser then Add, for callers that hold no transaction
// meanwhile anyway (the benchmark's setup).
func AddUser(st *store.Store, actor, name, role, password string) error {
	u, err := NewUser(name, role, password)
	if err != nil {
		return err
	}
	return Add(st, actor, u)
}

// SetPassword is HashPassword then SetPasswordHash.
func SetPassword(st *store.Store, actor, name, password string) error {
	h, err := HashPassword(password)
	if err != nil {
		return fmt.Errorf("user %s: %w", name, err)
	}
	return SetPasswordHash(st, actor, name, h)
}
