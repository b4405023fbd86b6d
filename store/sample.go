package store

import (
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Sample is a fixed set of fragments that several coders code
// independently, for reliability.
type Sample struct {
	Name      string   `json:"name"`
	Docs      []string `json:"docs"`
	Fragments []string `json:"fragments"`
	// Hashes holds the content hash of each unit in Fragments, set by the
	// store, so re-ingest can move units with their text.
	Hashes   []string  `json:"hashes,omitempty"`
	Coders   []string  `json:"coders"`
	Seed     uint64    `json:"seed"`
	Stratify string    `json:"stratify,omitempty"`
	Created  time.Time `json:"created"`
}

// PutSample stores a new sample; a name is used once.
func (s *Store) PutSample(actor string, sm Sample) error {
	if sm.Name == "" || len(sm.Fragments) == 0 {
		return fmt.Errorf("sample %q: needs a name and fragments", sm.Name)
	}
	if sm.Created.IsZero() {
		sm.Created = s.now()
	}
	if err := CheckText("sample name", sm.Name, false); err != nil {
		return err
	}
	for _, c := range sm.Coders {
		if err := ValidateCoder(c); err != nil {
			return fmt.Errorf("sample %s: %w", sm.Name, err)
		}
	}
	return s.update(func(tx *bolt.Tx) error {
		sm.Hashes = make([]string, len(sm.Fragments))
		seen := map[string]bool{}
		for i, f := range sm.Fragments {
			if seen[f] {
				return fmt.Errorf("sample %s: fragment %s listed twice", sm.Name, f)
			}
			seen[f] = true
			h, err := fragmentHash(tx, f)
			if err != nil {
				return fmt.Errorf("sample %s: %w", sm.Name, err)
			}
			sm.Hashes[i] = h
		}
		b := tx.Bucket(bSamples)
		if b.Get([]byte(sm.Name)) != nil {
			return fmt.Errorf("sample %s: %w", sm.Name, ErrExists)
		}
		if err := putJSON(b, []byte(sm.Name), sm); err != nil {
			return err
		}
		return s.appendEvent(tx, actor, "sample.create", sm.Name, nil, map[string]any{"docs": sm.Docs, "coders": sm.Coders, "fragments": len(sm.Fragments)})
	})
}

// Sample returns one sample or ErrNotFound.
func (s *Store) Sample(name string) (Sample, error) {
	var sm Sample
	err := s.view(func(tx *bolt.Tx) error {
		found, err := getJSON(tx.Bucket(bSamples), []byte(name), &sm)
		if err == nil && !found {
			err = fmt.Errorf("sample %s: %w", name, ErrNotFound)
		}
		return err
	})
	return sm, err
}

// Samples lists the samples.
func (s *Store) Samples() ([]Sample, error) {
	var out []Sample
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bSamples).ForEach(func(k, v []byte) error {
			var sm Sample
			if err := json.Unmarshal(v, &sm); err != nil {
				return err
			}
			out = append(out, sm)
			return nil
		})
	})
	return out, err
}
