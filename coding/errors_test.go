package coding

import (
	"errors"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/arg"
	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/store/storetest"
)

// TestErrorsInLibraryTerms: a mistake in what the caller passes is an
// arg.Error naming the argument (the command names its flag), or a
// sentinel the command words a hint for; no message names a flag.
func TestErrorsInLibraryTerms(t *testing.T) {
	_, open := newProject(t, 2, 3)
	st, err := open()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		o    SampleOptions
		arg  string // the argument the arg.Error names
		want string
	}{
		{"one coder", SampleOptions{Name: "s", Docs: 1, Coders: []string{"ann"}}, "coders", `sample s: coders "ann": name at least two coders`},
		{"no coders", SampleOptions{Name: "s", Docs: 1}, "coders", `sample s: coders: name at least two coders`},
		{"no documents", SampleOptions{Name: "s", Coders: []string{"ann", "bob"}}, "docs", `sample s: docs or doc: say how many documents to draw, or which to take`},
		{"bad stratum", SampleOptions{Name: "s", Docs: 1, Coders: []string{"ann", "bob"}, Stratify: "size"}, "stratify", `stratify "size": use type, period or attr:KEY`},
	} {
		_, err := CreateSample(st, "t", tt.o)
		var ae *arg.Error
		if !errors.As(err, &ae) || ae.Name != tt.arg || err.Error() != tt.want {
			t.Errorf("%s: %v, want arg.Error %q reading %q", tt.name, err, tt.arg, tt.want)
		}
	}
	st.Close()

	_, err = NewSession(open, "", queueOf(t, open), false)
	if !errors.Is(err, ErrNoCoder) || strings.Contains(err.Error(), "--") {
		t.Errorf("no coder: %v, want ErrNoCoder without flag names", err)
	}
	path, empty := storetest.New(t)
	empty.Close()
	openEmpty := func() (*store.Store, error) { return store.Open(path, store.Options{}) }
	_, err = NewSession(openEmpty, "ann", []string{"doc-000/0001"}, false)
	if !errors.Is(err, ErrEmptyCodebook) || strings.Contains(err.Error(), "plancoder") {
		t.Errorf("empty codebook: %v, want ErrEmptyCodebook without commands", err)
	}
}
