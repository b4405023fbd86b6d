package coding

import (
	"errors"
	"testing"
	"time"

	"github.com/plancoder/plancoder/store"
)

func TestNewSessionStart(t *testing.T) {
	_, open := newProject(t, 1, 3)
	q := queueOf(t, open)
	st, err := open()
	if err != nil {
		t.Fatal(err)
	}
	// cy has seen the whole queue; bob the first fragment only.
	_, err = st.MarkSeen("cy", store.SeenAt(time.Now(), q...), false)
	if err == nil {
		_, err = st.MarkSeen("bob", store.SeenAt(time.Time{}, q[0]), false)
	}
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	failing := errors.New("locked")
	for _, tt := range []struct {
		name   string
		open   Opener
		coder  string
		queue  []string
		resume bool
		pos    int
		is     error
	}{
		{name: "empty queue", open: open, coder: "ann", is: ErrEmptyQueue},
		{name: "store will not open", open: func() (*store.Store, error) { return nil, failing }, coder: "ann", queue: q, is: failing},
		{name: "fresh coder resumes at the start", open: open, coder: "ann", queue: q, resume: true, pos: 0},
		{name: "resume after the seen", open: open, coder: "bob", queue: q, resume: true, pos: 1},
		{name: "all seen: the last", open: open, coder: "cy", queue: q, resume: true, pos: 2},
		{name: "no resume: the start", open: open, coder: "cy", queue: q, pos: 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSession(tt.open, tt.coder, tt.queue, tt.resume)
			if tt.is != nil {
				if !errors.Is(err, tt.is) {
					t.Fatalf("err %v, want %v", err, tt.is)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Pos != tt.pos {
				t.Errorf("at %d, want %d", s.Pos, tt.pos)
			}
			if c, ok := s.CodeByKey("fin"); !ok || c.Shortcut != "f" {
				t.Errorf("codebook not loaded: %+v %v", c, ok)
			}
		})
	}
}
