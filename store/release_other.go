//go:build !linux

package store

import bolt "go.etcd.io/bbolt"

// releaseMap does nothing here: see release_linux.go.
func releaseMap(tx *bolt.Tx) {}
