package store

import (
	"errors"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// lastTxID is the ID of the last committed write transaction.
func lastTxID(t *testing.T, s *Store) int {
	t.Helper()
	var id int
	if err := s.view(func(tx *bolt.Tx) error { id = tx.ID(); return nil }); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestPutDocuments(t *testing.T) {
	type doc struct {
		id, sha      string
		breakOffsets bool
	}
	tests := []struct {
		name    string
		before  []doc // stored first, one by one
		batch   []doc
		wantErr map[string]error // by document ID; nil error: any error
		wantTx  int              // write transactions the batch may take at most
	}{
		{name: "all good in one transaction",
			batch:  []doc{{id: "a", sha: "1"}, {id: "b", sha: "2"}, {id: "c", sha: "3"}},
			wantTx: 1},
		{name: "invalid document fails before the transaction",
			batch:   []doc{{id: "a", sha: "1"}, {id: "b", sha: "2", breakOffsets: true}, {id: "c", sha: "3"}},
			wantErr: map[string]error{"b": nil}, wantTx: 1},
		{name: "conflict inside the transaction: the others are retried alone",
			before:  []doc{{id: "x", sha: "2"}},
			batch:   []doc{{id: "a", sha: "1"}, {id: "b", sha: "2"}, {id: "c", sha: "3"}},
			wantErr: map[string]error{"b": ErrExists}, wantTx: 1 + 3},
		{name: "two documents in one batch with the same bytes: the first wins",
			batch:   []doc{{id: "a", sha: "1"}, {id: "b", sha: "1"}},
			wantErr: map[string]error{"b": ErrExists}, wantTx: 1 + 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newStore(t)
			for _, bd := range tc.before {
				d, text, frags := testDoc(bd.id, bd.sha, "Eerder "+bd.id+".")
				if _, err := s.PutDocument("t", d, text, frags); err != nil {
					t.Fatal(err)
				}
			}
			var batch []BatchDoc
			for _, bd := range tc.batch {
				d, text, frags := testDoc(bd.id, bd.sha, "Alinea een van "+bd.id+".", "Alinea twee.")
				if bd.breakOffsets {
					frags[1].End++
				}
				batch = append(batch, BatchDoc{Doc: d, Text: text, Frags: frags})
			}
			tx0 := lastTxID(t, s)
			res := s.PutDocuments("t", batch)
			if n := lastTxID(t, s) - tx0; n > tc.wantTx {
				t.Errorf("%d write transactions, want at most %d", n, tc.wantTx)
			}
			if len(res) != len(batch) {
				t.Fatalf("%d results for %d documents", len(res), len(batch))
			}
			pending := map[string]Pending{}
			list, err := s.PendingIndex()
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range list {
				pending[p.Doc] = p
			}
			for i, r := range res {
				id := tc.batch[i].id
				want, bad := tc.wantErr[id]
				_, stored := s.Document(id)
				switch {
				case bad && r.Err == nil:
					t.Errorf("%s: stored, want an error", id)
				case bad && want != nil && !errors.Is(r.Err, want):
					t.Errorf("%s: error %v, want %v", id, r.Err, want)
				case bad && stored == nil:
					t.Errorf("%s: failed (%v) but a document was written", id, r.Err)
				case !bad && r.Err != nil:
					t.Errorf("%s: %v", id, r.Err)
				case !bad && stored != nil:
					t.Errorf("%s: reported stored but reading it: %v", id, stored)
				case !bad:
					if r.Doc.Fragments != 2 || r.Doc.IngestedAt.IsZero() || len(r.Frags) != 2 || r.Frags[0].Hash != ContentHash(r.Frags[0].Text) {
						t.Errorf("%s: result does not hold the document as stored: %+v", id, r.Doc)
					}
					if p, ok := pending[id]; !ok || p != r.Pending {
						t.Errorf("%s: index note %+v, stored %+v (%v)", id, r.Pending, p, ok)
					}
				}
			}
		})
	}
}
