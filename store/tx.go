package store

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// view runs fn in a read transaction. Every read of the store goes through
// here, so damage handling lives in one place: a fault in a mapped page or
// a bbolt panic on a garbage page becomes ErrDamaged naming the file.
func (s *Store) view(fn func(*bolt.Tx) error) error {
	return guard(s.db.Path(), func() error { return s.db.View(fn) })
}

// update runs fn in a write transaction; see view. bbolt rolls the
// transaction back when fn panics. A store opened read-only gives
// ErrReadOnly.
func (s *Store) update(fn func(*bolt.Tx) error) error {
	err := guard(s.db.Path(), func() error { return s.db.Update(fn) })
	if errors.Is(err, bolterrors.ErrDatabaseReadOnly) {
		return fmt.Errorf("%w: %s cannot be written", ErrReadOnly, s.db.Path())
	}
	return err
}
