// Package index is plancoder's full-text index (Bleve v2): the mapping and
// Dutch analysis, indexing of fragments in batches, search with filters and
// match locations for keyword in context. It is derived data: the store is
// the truth and the index can always be rebuilt from it. Only this package
// imports Bleve.
package index

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// Sentinel errors.
var (
	// ErrBusy means another process has the index open.
	ErrBusy = errors.New("index is in use by another process")
	// ErrDamaged means the index cannot be read and must be rebuilt.
	ErrDamaged = errors.New("index is damaged")
	// ErrNotOurs means the path holds something plancoder did not write
	// (a user's file or folder): it is never opened, moved or deleted.
	ErrNotOurs = errors.New("not a plancoder index")
	// ErrReadOnly means the index folder cannot be written.
	ErrReadOnly = errors.New("index is read-only")
)

// Fragment is what the index holds of one fragment.
type Fragment struct {
	ID      string
	Text    string
	Lang    string // "nl" (default), "en" or "fr"
	Doc     string
	Org     string
	Type    string
	Period  string
	Year    int
	Section string
	Kind    string
	Page    int
	Attrs   []string // key=value
}

// Index is an open Bleve index.
type Index struct {
	bi       bleve.Index
	dir      string
	readOnly bool
}

// Options tune OpenWith.
type Options struct {
	// Timeout bounds the wait for another process's lock.
	Timeout time.Duration
	// ReadOnly opens an existing index without writing to it (a new index
	// is not created).
	ReadOnly bool
}

// Open opens the index in dir, creating it when dir is empty or missing. A
// second process gets ErrBusy after timeout, not a hang; an index that
// cannot be read gives ErrDamaged; a path plancoder did not write gives
// ErrNotOurs; a folder that cannot be written gives ErrReadOnly.
func Open(dir string, timeout time.Duration) (*Index, error) {
	return OpenWith(dir, Options{Timeout: timeout})
}

// OpenWith is Open with options.
func OpenWith(dir string, o Options) (x *Index, err error) {
	cfg := map[string]interface{}{"bolt_timeout": o.Timeout.String()}
	fi, statErr := os.Stat(dir)
	switch {
	case statErr == nil && !fi.IsDir():
		return nil, fmt.Errorf("%s: %w: it is a file; plancoder leaves it alone, move or rename it and run 'plancoder reindex'", dir, ErrNotOurs)
	case statErr != nil && !errors.Is(statErr, fs.ErrNotExist):
		return nil, fmt.Errorf("open index %s: %w", dir, statErr)
	}
	if isEmpty(dir) {
		if o.ReadOnly {
			return nil, fmt.Errorf("open index %s: %w and there is no index yet", dir, ErrReadOnly)
		}
		// Remove only removes an empty folder (init makes one).
		if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("create index %s: %w", dir, err)
		}
		bi, err := bleve.NewUsing(dir, NewMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, cfg)
		if err != nil {
			if errors.Is(err, fs.ErrPermission) {
				return nil, fmt.Errorf("create index %s: %w: %v", dir, ErrReadOnly, err)
			}
			return nil, fmt.Errorf("create index %s: %w", dir, err)
		}
		if err := bi.SetInternal(keyAnalyzer, []byte(strconv.Itoa(AnalyzerVersion))); err != nil {
			bi.Close()
			return nil, fmt.Errorf("create index %s: %w", dir, err)
		}
		if err := os.WriteFile(filepath.Join(dir, MarkerName), []byte(markerText), 0o644); err != nil {
			bi.Close()
			return nil, fmt.Errorf("create index %s: %w", dir, err)
		}
		return &Index{bi: bi, dir: dir}, nil
	}
	if !Owned(dir) {
		return nil, fmt.Errorf("%s: %w (no %s in it); plancoder leaves it alone, move or rename it and run 'plancoder reindex'", dir, ErrNotOurs, MarkerName)
	}
	if !o.ReadOnly && !writableDir(dir) {
		return nil, fmt.Errorf("open index %s: %w", dir, ErrReadOnly)
	}
	if err := verifySegments(dir); err != nil {
		return nil, err
	}
	if o.ReadOnly {
		cfg["read_only"] = true
	}
	var bi bleve.Index
	err = guard(dir, func() error {
		var err error
		bi, err = bleve.OpenUsing(dir, cfg)
		return err
	})
	if err != nil {
		switch {
		case errors.Is(err, ErrDamaged):
			return nil, err
		case strings.Contains(err.Error(), "timeout"):
			return nil, ErrBusy
		case errors.Is(err, fs.ErrPermission):
			return nil, fmt.Errorf("open index %s: %w: %v", dir, ErrReadOnly, err)
		}
		return nil, damaged(dir, err.Error())
	}
	return &Index{bi: bi, dir: dir, readOnly: o.ReadOnly}, nil
}

func isEmpty(dir string) bool {
	ents, err := os.ReadDir(dir)
	return errors.Is(err, fs.ErrNotExist) || (err == nil && len(ents) == 0)
}

// Close flushes and closes the index.
func (x *Index) Close() error { return x.guard(func() error { return x.bi.Close() }) }

// Count is the number of fragments in the index.
func (x *Index) Count() (n uint64, err error) {
	err = x.guard(func() error {
		n, err = x.bi.DocCount()
		return err
	})
	return n, err
}

// ReadOnly reports whether the index was opened without write access.
func (x *Index) ReadOnly() bool { return x.readOnly }

// Dir is the index folder.
func (x *Index) Dir() string { return x.dir }

func (f Fragment) doc() map[string]interface{} {
	field := FieldText
	switch f.Lang {
	case "en":
		field = FieldTextEN
	case "fr":
		field = FieldTextFR
	}
	lang := f.Lang
	if lang == "" {
		lang = "nl"
	}
	d := map[string]interface{}{
		field: f.Text, FieldDoc: f.Doc, FieldOrg: f.Org, FieldType: f.Type, FieldKind: f.Kind,
		FieldSection: f.Section, FieldLang: lang,
	}
	if f.Period != "" {
		d[FieldPeriod] = f.Period
	}
	if f.Year != 0 {
		d[FieldYear] = strconv.Itoa(f.Year)
	}
	if len(f.Attrs) > 0 {
		d[FieldAttrs] = f.Attrs
	}
	d[FieldHash] = f.Hash()
	return d
}

// Hash is a content hash of everything indexed of the fragment (text and
// metadata), stored with it so a check can tell a stale entry from a
// current one, not only a missing one. 64 bits of SHA-256: a stale entry
// passes only by a 2^-64 coincidence, and the index stays smaller.
func (f Fragment) Hash() string {
	h := sha256.New()
	for _, v := range []string{f.ID, f.Text, f.Lang, f.Doc, f.Org, f.Type, f.Period, strconv.Itoa(f.Year),
		f.Section, f.Kind, strconv.Itoa(f.Page), strings.Join(f.Attrs, "\x1f")} {
		h.Write([]byte(v))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// Apply indexes fragments and deletes IDs in one batch; it returns once the
// batch is durable (Bleve's safe batches).
func (x *Index) Apply(put []Fragment, del []string) error {
	b := x.bi.NewBatch()
	for _, id := range del {
		b.Delete(id)
	}
	for _, f := range put {
		if err := b.Index(f.ID, f.doc()); err != nil {
			return fmt.Errorf("index %s: %w", f.ID, err)
		}
	}
	return x.guard(func() error { return x.bi.Batch(b) })
}

var (
	keyGen      = []byte("plancoder_gen")
	keyAnalyzer = []byte("plancoder_analyzer")
)

// Analyzer returns the AnalyzerVersion the index was built with (1 for an
// index from before versions were recorded).
func (x *Index) Analyzer() (int, error) {
	var v []byte
	err := x.guard(func() (err error) {
		v, err = x.bi.GetInternal(keyAnalyzer)
		return err
	})
	if err != nil {
		return 0, err
	}
	if v == nil {
		return 1, nil
	}
	n, err := strconv.Atoi(string(v))
	if err != nil {
		return 0, damaged(x.dir, fmt.Sprintf("analyzer version %q", v))
	}
	return n, nil
}

// Stale reports whether the index was built with another analysis than
// this plancoder's: its terms do not match what searches ask for, and it
// must be rebuilt.
func (x *Index) Stale() (bool, error) {
	v, err := x.Analyzer()
	return v != AnalyzerVersion, err
}

// Generation reads the store generation the index was last synchronised
// with (0 for a new index).
func (x *Index) Generation() (uint64, error) {
	var v []byte
	err := x.guard(func() (err error) {
		v, err = x.bi.GetInternal(keyGen)
		return err
	})
	if err != nil || v == nil {
		return 0, err
	}
	return strconv.ParseUint(string(v), 10, 64)
}

// SetGeneration records the store generation the index now matches.
func (x *Index) SetGeneration(g uint64) error {
	return x.guard(func() error { return x.bi.SetInternal(keyGen, []byte(strconv.FormatUint(g, 10))) })
}

// IDs calls fn for every fragment ID in the index.
func (x *Index) IDs(fn func(id string)) error {
	return x.Hashes(func(id, _ string) { fn(id) })
}

// Hashes calls fn for every fragment in the index with the content hash
// stored with it; hash is "" for an entry an older plancoder wrote.
func (x *Index) Hashes(fn func(id, hash string)) error {
	return x.guard(func() error {
		r, err := x.bi.Advanced()
		if err != nil {
			return err
		}
		ir, err := r.Reader()
		if err != nil {
			return err
		}
		defer ir.Close()
		dv, err := ir.DocValueReader([]string{FieldHash})
		if err != nil {
			return err
		}
		it, err := ir.DocIDReaderAll()
		if err != nil {
			return err
		}
		defer it.Close()
		for {
			id, err := it.Next()
			if err != nil {
				return err
			}
			if id == nil {
				return nil
			}
			ext, err := ir.ExternalID(id)
			if err != nil {
				return err
			}
			hash := ""
			if err := dv.VisitDocValues(id, func(field string, term []byte) {
				if field == FieldHash {
					hash = string(term)
				}
			}); err != nil {
				return err
			}
			fn(ext, hash)
		}
	})
}
