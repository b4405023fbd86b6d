// Package storetest holds helpers for tests of packages above store that
// need a database in a state the public API cannot produce.
package storetest

import (
	"path/filepath"
	"strconv"

	"github.com/plancoder/plancoder/store"
	bolt "go.etcd.io/bbolt"
)

// ForceSchema rewrites the schema version recorded in the database at path,
// to test how newer or older files are handled.
func ForceSchema(path string, version int) error {
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), []byte(strconv.Itoa(version)))
	})
}

// BulkCodings writes codings in one transaction through the store's own
// codec and validation, to build large test projects quickly.
func BulkCodings(path string, codings []store.Coding) error {
	s, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	return s.AddCodings(codings...)
}

// TB is the part of testing.TB the helpers need.
type TB interface {
	Helper()
	TempDir() string
	Fatal(args ...any)
}

// New creates and opens an empty project database in a temporary folder;
// the caller closes it.
func New(t TB) (string, *store.Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plancoder.db")
	if err := store.Create(path); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return path, s
}
