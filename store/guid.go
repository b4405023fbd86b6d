package store

import (
	"crypto/rand"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// GUIDs returns the stable exchange identifiers of entities ("code:FIN",
// "doc:ID", "user:NAME", ...), creating a random v4 UUID for a key the first
// time, in one transaction: the same code keeps its GUID across exports
// (REFI-QDA).
func (s *Store) GUIDs(keys []string) (map[string]string, error) {
	out := make(map[string]string, len(keys))
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bGUIDs)
		for _, k := range keys {
			if v := b.Get([]byte(k)); v != nil {
				out[k] = string(v)
				continue
			}
			g := NewGUID()
			if err := b.Put([]byte(k), []byte(g)); err != nil {
				return err
			}
			out[k] = g
		}
		return nil
	})
	return out, err
}

// SetGUIDs records GUIDs given by another tool (key to GUID), in one
// transaction, so exports keep them.
func (s *Store) SetGUIDs(guids map[string]string) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bGUIDs)
		for k, g := range guids {
			if err := b.Put([]byte(k), []byte(g)); err != nil {
				return err
			}
		}
		return nil
	})
}

// NewGUID makes a random version 4 UUID, lower case, no braces.
func NewGUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func moveGUID(tx *bolt.Tx, from, to string) error {
	b := tx.Bucket(bGUIDs)
	v := b.Get([]byte(from))
	if v == nil {
		return nil
	}
	v = append([]byte(nil), v...)
	if err := b.Delete([]byte(from)); err != nil {
		return err
	}
	return b.Put([]byte(to), v)
}
