package coding

import (
	"fmt"

	"github.com/plancoder/plancoder/store"
)

// ApplyPreview is what a bulk coding (`code apply`) would write, computed
// before anything is written so the user can be asked first.
type ApplyPreview struct {
	Coder string
	// Codes and Fragments are as given, each once, in the order given.
	Codes     []string
	Fragments []string
	// Documents and Organisations count where the fragments lie.
	Documents, Organisations int
	// Existing counts the codings the coder has already (kept as they are).
	Existing int
	add      []store.Coding
}

// Adds is the number of codings Apply would add.
func (p *ApplyPreview) Adds() int { return len(p.add) }

// PreviewApply checks a bulk coding of fragments with codes by coder and
// says what it would write. It reads the store a fixed number of times
// whatever the number of fragments (codebook, fragment heads, documents,
// the coder's codings), because a broad search hits tens of thousands.
// The consensus coder is refused: only reconciliation writes the master.
func PreviewApply(s *store.Store, coder string, fragments, codes []string) (*ApplyPreview, error) {
	if err := store.ValidateCoder(coder); err != nil {
		return nil, fmt.Errorf("bulk coding: %w", err)
	}
	if coder == store.ConsensusCoder {
		return nil, fmt.Errorf("bulk coding: coder %q is the reconciled master; only reconciliation writes it, bulk coding may not", store.ConsensusCoder)
	}
	p := &ApplyPreview{Coder: coder, Codes: unique(codes), Fragments: unique(fragments)}
	if len(p.Codes) == 0 {
		return nil, fmt.Errorf("bulk coding: no codes given")
	}
	known, err := s.Codes()
	if err != nil {
		return nil, fmt.Errorf("bulk coding: %w", err)
	}
	inBook := make(map[string]bool, len(known))
	for _, c := range known {
		inBook[c.Key] = true
	}
	for _, k := range p.Codes {
		if !inBook[k] {
			// The store's own wording, so the preview and the write agree.
			return nil, fmt.Errorf("coding: code %s: %w (not in the codebook)", store.Quote(k), store.ErrNotFound)
		}
	}
	for _, id := range p.Fragments {
		if _, _, err := store.ParseFragmentID(id); err != nil {
			return nil, fmt.Errorf("bulk coding: %w", err)
		}
	}
	exists := make(map[string]bool, len(p.Fragments))
	if err := s.FragmentHeads(p.Fragments, func(h store.FragmentHead) { exists[h.ID] = true }); err != nil {
		return nil, fmt.Errorf("bulk coding: %w", err)
	}
	docs := map[string]bool{}
	for _, id := range p.Fragments {
		if !exists[id] {
			return nil, fmt.Errorf("coding: fragment %s: %w", id, store.ErrNotFound)
		}
		docs[store.DocOf(id)] = true
	}
	p.Documents = len(docs)
	all, err := s.Documents()
	if err != nil {
		return nil, fmt.Errorf("bulk coding: %w", err)
	}
	orgs := map[string]bool{}
	for _, d := range all {
		if docs[d.ID] {
			orgs[d.Org] = true
		}
	}
	p.Organisations = len(orgs)

	type pair struct{ frag, code string }
	want := make(map[pair]bool, len(p.Fragments)*len(p.Codes))
	for _, id := range p.Fragments {
		for _, k := range p.Codes {
			want[pair{id, k}] = true
		}
	}
	have := map[pair]bool{}
	if err := s.EachCoding(store.CodingFilter{Coder: coder, Codes: p.Codes}, func(frag, _, code string) {
		if want[pair{frag, code}] {
			have[pair{frag, code}] = true
		}
	}); err != nil {
		return nil, fmt.Errorf("bulk coding: %w", err)
	}
	p.Existing = len(have)
	p.add = make([]store.Coding, 0, len(want)-len(have))
	for _, id := range p.Fragments {
		for _, k := range p.Codes {
			if !have[pair{id, k}] {
				p.add = append(p.add, store.Coding{Fragment: id, Code: k, Coder: coder})
			}
		}
	}
	return p, nil
}

// Apply writes the codings the preview would add in one store transaction,
// through the store's validation: a failure (a code or fragment removed
// since the preview) writes none of them. It returns how many it added; a
// coding another writer made since the preview is kept and still counted,
// which cannot happen while the caller holds the store open between the
// two, as `code apply` does.
func (p *ApplyPreview) Apply(s *store.Store) (int, error) {
	if len(p.add) == 0 {
		return 0, nil
	}
	if err := s.AddCodings(p.add...); err != nil {
		return 0, fmt.Errorf("bulk coding (nothing written): %w", err)
	}
	return len(p.add), nil
}

// unique returns xs without repeats and empty strings, in their first order.
func unique(xs []string) []string {
	seen := make(map[string]bool, len(xs))
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
