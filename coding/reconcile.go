package coding

import (
	"github.com/plancoder/plancoder/store"
)

// UseOpener turns an Opener into the per-action store lending a session
// takes (NewSharedSession): each action opens the store and closes it.
func UseOpener(open Opener) func(fn func(*store.Store) error) error {
	return func(fn func(*store.Store) error) error {
		st, err := open()
		if err != nil {
			return err
		}
		defer st.Close()
		return fn(st)
	}
}

// NewReconcileSession is what `plancoder reconcile` and the web's reconcile
// screen both run: the coder consensus's session over the disagreements of
// sample (about code, when given), showing every coder of the sample
// (Others). Its codes (Toggle, SetAll) are the reconciled master; the
// coders' own codings stay. With no disagreement it returns a nil session.
func NewReconcileSession(use func(fn func(*store.Store) error) error, sample, code string) (*Session, []Disagreement, error) {
	var sm store.Sample
	var ds []Disagreement
	err := use(func(st *store.Store) error {
		var err error
		if sm, err = st.Sample(sample); err != nil {
			return err
		}
		ds, err = Disagreements(st, sample, code, nil)
		return err
	})
	if err != nil || len(ds) == 0 {
		return nil, ds, err
	}
	queue := make([]string, len(ds))
	for i, d := range ds {
		queue[i] = d.Fragment
	}
	sess, err := NewSharedSession(use, store.ConsensusCoder, queue, false)
	if err != nil {
		return nil, nil, err
	}
	sess.Others = sm.Coders
	return sess, ds, nil
}
