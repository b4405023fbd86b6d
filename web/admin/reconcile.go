package admin

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"

	"github.com/plancoder/plancoder/citation"
	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
)

// The reconcile screen is `plancoder reconcile --sample S` in the browser:
// the sample's disagreements (coding.Disagreements), each shown with every
// coder's codes through a coding.Session of the consensus coder, whose
// SetAll stores the codes the admin picks, as the CLI's "= CODER" and
// shortcuts do. The coders' own codings stay as they are.

// reconcileData is what the reconcile pages show.
type reconcileData struct {
	Samples []sampleDisagreements // the list of samples
	Sample  store.Sample
	Rows    []disagreementRow // the sample's disagreements
	// The one disagreement being reconciled.
	Current  *disagreementRow
	View     coding.View
	Cite     string
	Codes    []store.Code
	Pos, Of  int
	NextFrag string
}

type sampleDisagreements struct {
	Name          string
	Coders        []string
	Disagreements int
}

type disagreementRow struct {
	Fragment  string
	Text      string
	ByCoder   []coderCodes
	Consensus []string
	// Chosen says which coders chose each code, for the checkboxes.
	Chosen map[string][]string
}

type coderCodes struct {
	Coder string
	Codes []string
}

// showReconcile is GET /reconcile[?sample=S[&frag=ID]].
func showReconcile(_ context.Context, r *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	q := r.URL.Query()
	p.Name, p.Title = "reconcile", "Reconcile"
	d := &reconcileData{}
	p.Reconcile = d
	name, err := formValue(q, "sample", maxKey*5, false)
	if err != nil {
		return "", bad(p, err)
	}
	if name == "" {
		sms, err := s.Samples()
		if err != nil {
			return "", err
		}
		for _, sm := range sms {
			ds, err := coding.Disagreements(s, sm.Name, "", nil)
			if err != nil {
				return "", err
			}
			d.Samples = append(d.Samples, sampleDisagreements{Name: sm.Name, Coders: sm.Coders, Disagreements: len(ds)})
		}
		return "", nil
	}
	if q.Get("done") == "1" {
		p.Msg = "Every disagreement of this sample has been shown; the consensus codes are saved."
	}
	frag, err := formValue(q, "frag", maxKey*10, false)
	if err != nil {
		return "", bad(p, err)
	}
	_, err = loadReconcile(s, p, d, name, frag)
	return "", err
}

// loadReconcile fills d with sample name's disagreements and, when frag
// is given, that one's screen, and returns the consensus coder's session
// there (coding.NewReconcileSession, as `plancoder reconcile` runs it,
// lent this request's store).
func loadReconcile(s *store.Store, p *page, d *reconcileData, name, frag string) (*coding.Session, error) {
	sm, err := s.Sample(name)
	if err != nil {
		return nil, err
	}
	d.Sample = sm
	p.Title = "Reconcile " + sm.Name
	sess, ds, err := coding.NewReconcileSession(func(fn func(*store.Store) error) error { return fn(s) }, sm.Name, "")
	if err != nil {
		return nil, err
	}
	for _, dis := range ds {
		row := disagreementRow{Fragment: dis.Fragment, Chosen: map[string][]string{}}
		coders := make([]string, 0, len(dis.ByCoder))
		for c := range dis.ByCoder {
			coders = append(coders, c)
		}
		sort.Strings(coders)
		for _, c := range coders {
			row.ByCoder = append(row.ByCoder, coderCodes{Coder: c, Codes: dis.ByCoder[c]})
			for _, k := range dis.ByCoder[c] {
				row.Chosen[k] = append(row.Chosen[k], c)
			}
		}
		cs, err := s.Codings(store.CodingFilter{Fragment: dis.Fragment})
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if c.Coder == store.ConsensusCoder {
				row.Consensus = append(row.Consensus, c.Code)
			}
		}
		sort.Strings(row.Consensus)
		if f, err := s.Fragment(dis.Fragment); err == nil {
			row.Text = f.Text
		}
		d.Rows = append(d.Rows, row)
	}
	if frag == "" {
		return nil, nil
	}
	pos := -1
	if sess != nil {
		pos = slices.Index(sess.Queue, frag)
	}
	if pos < 0 {
		return nil, fmt.Errorf("fragment %s: not a disagreement of sample %s: %w", store.Quote(frag), sm.Name, store.ErrNotFound)
	}
	sess.Pos = pos
	if d.View, err = sess.Current(); err != nil {
		return nil, err
	}
	v := d.View
	d.Current, d.Codes, d.Pos, d.Of = &d.Rows[pos], sess.Codes, pos+1, len(sess.Queue)
	d.Cite = citation.New(v.OrgName, v.Doc.Org, v.Doc.ID, v.Fragment.Page, v.Fragment.Section, v.Fragment.ID).String()
	if pos+1 < len(sess.Queue) {
		d.NextFrag = sess.Queue[pos+1]
	}
	return sess, nil
}

// saveReconcile is POST /reconcile: the consensus codes of one
// disagreement, either the codes ticked or one coder's codes (take=CODER,
// the CLI's "= CODER"). It goes on to the next disagreement.
func saveReconcile(_ context.Context, r *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	d := &reconcileData{}
	p.Name, p.Title, p.Reconcile = "reconcile", "Reconcile", d
	form := r.PostForm
	name, err := formValue(form, "sample", maxKey*5, false)
	if err != nil {
		return "", bad(p, err)
	}
	frag, err := formValue(form, "frag", maxKey*10, false)
	if err != nil {
		return "", bad(p, err)
	}
	take, err := formValue(form, "take", maxKey*5, false)
	if err != nil {
		return "", bad(p, err)
	}
	if name == "" || frag == "" {
		return "", bad(p, fmt.Errorf("the form names no sample or fragment"))
	}
	sess, err := loadReconcile(s, p, d, name, frag)
	if err != nil {
		return "", err
	}
	var codes []string
	if take != "" {
		got, ok := d.View.Others[take]
		if !ok {
			return "", bad(p, fmt.Errorf("%s is not one of the coders of sample %s", store.Quote(take), d.Sample.Name))
		}
		codes = got
	} else {
		for _, k := range form["code"] {
			c, ok := sess.CodeByKey(k)
			if !ok {
				return "", bad(p, fmt.Errorf("code %s: not in the codebook", store.Quote(k)))
			}
			if !slices.Contains(codes, c.Key) {
				codes = append(codes, c.Key)
			}
		}
	}
	if err := sess.SetAll(codes); err != nil {
		return "", err
	}
	q := url.Values{"sample": {d.Sample.Name}}
	if d.NextFrag != "" {
		q.Set("frag", d.NextFrag)
	} else {
		q.Set("done", "1")
	}
	return "/reconcile?" + q.Encode(), nil
}
