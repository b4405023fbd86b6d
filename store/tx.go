package store

import bolt "go.etcd.io/bbolt"

// view runs fn in a read transaction. Every read of the store goes through
// here, so damage handling (a fault in a mapped page, a bbolt panic) lives in
// one place.
func (s *Store) view(fn func(*bolt.Tx) error) error { return s.db.View(fn) }

// update runs fn in a write transaction; see view.
func (s *Store) update(fn func(*bolt.Tx) error) error { return s.db.Update(fn) }
