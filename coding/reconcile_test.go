package coding

import (
	"slices"
	"testing"
	"time"

	"github.com/plancoder/plancoder/store"
)

// NewReconcileSession (the CLI's and the web's reconciliation) walks the
// sample's disagreements as the coder consensus, showing every coder.
func TestNewReconcileSession(t *testing.T) {
	_, open := newProject(t, 1, 3)
	q := queueOf(t, open)
	st, err := open()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutSample("t", store.Sample{Name: "s", Docs: []string{"doc-000"}, Fragments: q, Coders: []string{"ann", "bob"}}); err != nil {
		t.Fatal(err)
	}
	// Fragment 1: both FIN (agree); 2: FIN against VRIJ; 3: only ann saw it.
	for _, c := range []store.Coding{{Fragment: q[0], Code: "FIN", Coder: "ann"}, {Fragment: q[0], Code: "FIN", Coder: "bob"},
		{Fragment: q[1], Code: "FIN", Coder: "ann"}, {Fragment: q[1], Code: "VRIJ", Coder: "bob"}, {Fragment: q[2], Code: "DIGI", Coder: "ann"}} {
		if err := st.AddCodings(c); err != nil {
			t.Fatal(err)
		}
		if _, err := st.MarkSeen(c.Coder, store.SeenAt(time.Time{}, c.Fragment), false); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	use := UseOpener(open)
	sess, ds, err := NewReconcileSession(use, "s", "")
	if err != nil {
		t.Fatal(err)
	}
	if sess == nil || !slices.Equal(sess.Queue, []string{q[1]}) || len(ds) != 1 || sess.Coder != store.ConsensusCoder || !slices.Equal(sess.Others, []string{"ann", "bob"}) {
		t.Fatalf("session %+v, disagreements %+v", sess, ds)
	}
	v, err := sess.Current()
	if err != nil || !slices.Equal(v.Others["bob"], []string{"VRIJ"}) {
		t.Fatalf("view %+v %v", v.Others, err)
	}
	if err := sess.SetAll([]string{"VRIJ"}); err != nil {
		t.Fatal(err)
	}
	if got := codesOn(t, open, q[1], store.ConsensusCoder); got != "VRIJ" {
		t.Errorf("consensus %q", got)
	}
	if sess, ds, err := NewReconcileSession(use, "s", "DIGI"); err != nil || sess != nil || len(ds) != 0 {
		t.Errorf("about DIGI (no one disagrees): %v %v %v", sess, ds, err)
	}
	if _, _, err := NewReconcileSession(use, "nope", ""); err == nil {
		t.Error("a missing sample: no error")
	}
}
