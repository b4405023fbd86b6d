// Package storetest holds helpers for tests of packages above store that
// need a database in a state the public API cannot produce.
package storetest

import (
	"encoding/json"
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

// BulkCodings writes codings in one transaction, to build large test
// projects quickly (the public API saves each coding durably on its own).
// Keys and values follow the store's layout: fragment 0 coder 0 code.
func BulkCodings(path string, codings []store.Coding) error {
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("codings"))
		for _, c := range codings {
			v, err := json.Marshal(c)
			if err != nil {
				return err
			}
			if err := b.Put([]byte(c.Fragment+"\x00"+c.Coder+"\x00"+c.Code), v); err != nil {
				return err
			}
		}
		return nil
	})
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
