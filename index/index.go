// Package index is plancoder's full-text index (Bleve v2): the mapping and
// Dutch analysis, indexing of fragments in batches, search with filters and
// match locations for keyword in context. It is derived data: the store is
// the truth and the index can always be rebuilt from it. Only this package
// imports Bleve.
package index

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// Sentinel errors.
var (
	// ErrBusy means another process has the index open.
	ErrBusy = errors.New("index is in use by another process")
	// ErrDamaged means the index cannot be opened and must be rebuilt.
	ErrDamaged = errors.New("index is damaged")
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
	bi  bleve.Index
	dir string
}

// Open opens the index in dir, creating it when dir is empty or missing. A
// second process gets ErrBusy after timeout, not a hang; an index that
// cannot be read gives ErrDamaged.
func Open(dir string, timeout time.Duration) (*Index, error) {
	cfg := map[string]interface{}{"bolt_timeout": timeout.String()}
	if empty(dir) {
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
		bi, err := bleve.NewUsing(dir, NewMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, cfg)
		if err != nil {
			return nil, fmt.Errorf("create index %s: %w", dir, err)
		}
		return &Index{bi: bi, dir: dir}, nil
	}
	bi, err := bleve.OpenUsing(dir, cfg)
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, ErrBusy
		}
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return &Index{bi: bi, dir: dir}, nil
}

func empty(dir string) bool {
	ents, err := os.ReadDir(dir)
	return err != nil || len(ents) == 0
}

// Close flushes and closes the index.
func (x *Index) Close() error { return x.bi.Close() }

// Count is the number of fragments in the index.
func (x *Index) Count() (uint64, error) { return x.bi.DocCount() }

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
		d[FieldYear] = float64(f.Year)
	}
	if f.Page != 0 {
		d[FieldPage] = float64(f.Page)
	}
	if len(f.Attrs) > 0 {
		d[FieldAttrs] = f.Attrs
	}
	return d
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
	return x.bi.Batch(b)
}

var keyGen = []byte("plancoder_gen")

// Generation reads the store generation the index was last synchronised
// with (0 for a new index).
func (x *Index) Generation() (uint64, error) {
	v, err := x.bi.GetInternal(keyGen)
	if err != nil || v == nil {
		return 0, err
	}
	return strconv.ParseUint(string(v), 10, 64)
}

// SetGeneration records the store generation the index now matches.
func (x *Index) SetGeneration(g uint64) error {
	return x.bi.SetInternal(keyGen, []byte(strconv.FormatUint(g, 10)))
}

// IDs calls fn for every fragment ID in the index.
func (x *Index) IDs(fn func(id string)) error {
	r, err := x.bi.Advanced()
	if err != nil {
		return err
	}
	ir, err := r.Reader()
	if err != nil {
		return err
	}
	defer ir.Close()
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
		fn(ext)
	}
}
