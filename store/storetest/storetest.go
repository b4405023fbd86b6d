// Package storetest holds helpers for tests of packages above store that
// need a database in a state the public API cannot produce.
package storetest

import (
	"strconv"

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
