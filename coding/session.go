// Package coding is the coders' workflow: a coding session over a queue of
// fragments (used by the terminal screen and the line mode), with durable
// saves per action, undo, memos, resume and pace.
package coding

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/plancoder/plancoder/store"
)

// Opener opens the project's store for one action. The session holds the
// database only while an action runs, so other commands (search, progress,
// a second coder) work while a coding screen is open.
type Opener func() (*store.Store, error)

// Session is one coder working through a queue of fragments.
type Session struct {
	use     func(func(*store.Store) error) error // runs one action with the store
	Coder   string
	Queue   []string
	Pos     int
	Codes   []store.Code
	byKey   map[string]store.Code
	byShort map[string]store.Code
	undo    []undoEntry
	started time.Time
	actions int
	coded   map[string]bool // fragments coded in this session, for the pace
	now     func() time.Time
	// Others, when set, are coders whose codings the view shows: a
	// reconciliation looks at every coder's choice; coding never does.
	Others []string
	// Busy, when set, reports at once whether another process holds the
	// project now, so that a screen can say it waits instead of freezing
	// for the seconds an action's open may wait.
	Busy func() bool
}

// undoEntry is one change as it was saved: the codes it added and removed.
// Undo applies the inverse, so codes saved meanwhile by another shell stay.
type undoEntry struct {
	pos            int
	frag           string
	added, removed []string
	what           string
}

// Errors a session starts with; the command says what to do about them.
var (
	// ErrEmptyQueue means there is nothing to code.
	ErrEmptyQueue = errors.New("the queue is empty")
	// ErrNoCoder means the session was started without a coder's name.
	ErrNoCoder = errors.New("no coder")
	// ErrEmptyCodebook means there are no codes to code with.
	ErrEmptyCodebook = errors.New("the codebook is empty")
)

// NewSession starts a session. With resume, it opens at the first fragment
// of the queue the coder has not seen yet.
func NewSession(open Opener, coder string, queue []string, resume bool) (*Session, error) {
	return NewSharedSession(UseOpener(open), coder, queue, resume)
}

// NewSharedSession is NewSession for a caller that lends the store for
// each action (use runs fn with it) instead of opening it: the web server
// shares one open store among its requests.
func NewSharedSession(use func(fn func(*store.Store) error) error, coder string, queue []string, resume bool) (*Session, error) {
	if coder == "" {
		return nil, ErrNoCoder
	}
	if len(queue) == 0 {
		return nil, ErrEmptyQueue
	}
	s := &Session{use: use, Coder: coder, Queue: queue, started: time.Now(), coded: map[string]bool{}, now: time.Now}
	err := s.with(func(st *store.Store) error {
		if err := s.loadCodes(st); err != nil {
			return err
		}
		if resume {
			seen, err := st.Seen(coder)
			if err != nil {
				return err
			}
			for i, id := range queue {
				if _, ok := seen[id]; !ok {
					s.Pos = i
					return nil
				}
			}
			s.Pos = len(queue) - 1
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(s.Codes) == 0 {
		return nil, ErrEmptyCodebook
	}
	return s, nil
}

func (s *Session) with(fn func(*store.Store) error) error { return s.use(fn) }

func (s *Session) loadCodes(st *store.Store) error {
	codes, err := st.Codes()
	if err != nil {
		return err
	}
	s.Codes = codes
	s.byKey, s.byShort = map[string]store.Code{}, map[string]store.Code{}
	for _, c := range codes {
		s.byKey[c.Key] = c
		if c.Shortcut != "" {
			s.byShort[c.Shortcut] = c
		}
	}
	return nil
}

// CodeByShortcut finds the code for a key press.
func (s *Session) CodeByShortcut(k string) (store.Code, bool) {
	c, ok := s.byShort[k]
	return c, ok
}

// CodeByKey finds a code by its key (case-insensitive).
func (s *Session) CodeByKey(k string) (store.Code, bool) {
	c, ok := s.byKey[strings.ToUpper(k)]
	return c, ok
}

// View is what the screen shows for the current fragment.
type View struct {
	Fragment store.Fragment
	Doc      store.Document
	OrgName  string
	Prev     *store.Fragment
	Next     *store.Fragment
	Codes    []string            // this coder's codes on the fragment, sorted
	Others   map[string][]string // other coders' codes (reconciliation only)
	Memos    []store.Memo
	Pos      int // 0-based in the queue
	Total    int
}

// Current loads the current fragment with its neighbours and codes, and
// marks it seen.
func (s *Session) Current() (View, error) {
	var v View
	id := s.Queue[s.Pos]
	err := s.with(func(st *store.Store) error {
		f, err := st.Fragment(id)
		if err != nil {
			return err
		}
		v.Fragment = f
		if v.Doc, err = st.Document(f.Doc); err != nil {
			return err
		}
		if o, err := st.Organisation(v.Doc.Org); err == nil {
			v.OrgName = o.Name
		}
		if f.Ordinal > 1 {
			if p, err := st.Fragment(store.FragmentID(f.Doc, f.Ordinal-1)); err == nil {
				v.Prev = &p
			}
		}
		if n, err := st.Fragment(store.FragmentID(f.Doc, f.Ordinal+1)); err == nil {
			v.Next = &n
		}
		cs, err := st.Codings(store.CodingFilter{Fragment: id})
		if err != nil {
			return err
		}
		for _, c := range cs {
			// A coder never sees another coder's codings while coding.
			if c.Coder == s.Coder {
				v.Codes = append(v.Codes, c.Code)
			}
		}
		sort.Strings(v.Codes)
		if len(s.Others) > 0 {
			v.Others = map[string][]string{}
			for _, o := range s.Others {
				v.Others[o] = []string{}
			}
			for _, c := range cs {
				if _, ok := v.Others[c.Coder]; ok {
					v.Others[c.Coder] = append(v.Others[c.Coder], c.Code)
				}
			}
		}
		if v.Memos, err = st.Memos(store.MemoFragment, id); err != nil {
			return err
		}
		_, err = st.MarkSeen(s.Coder, store.SeenAt(time.Time{}, id), false)
		return err
	})
	v.Pos, v.Total = s.Pos, len(s.Queue)
	return v, err
}

// Toggle switches a code on or off for the current fragment and saves it
// durably before returning. It reports whether the code is now on.
func (s *Session) Toggle(key string) (bool, error) {
	c, ok := s.CodeByKey(key)
	if !ok {
		return false, fmt.Errorf("no code %q in the codebook", key)
	}
	id := s.Queue[s.Pos]
	on := false
	err := s.with(func(st *store.Store) error {
		before, err := s.codesOf(st, id)
		if err != nil {
			return err
		}
		var add, remove []string
		if slices.Contains(before, c.Key) {
			remove = []string{c.Key}
		} else {
			add = []string{c.Key}
		}
		on = len(add) > 0
		added, removed, err := st.ChangeCodes(id, s.Coder, add, remove)
		if err != nil {
			return err
		}
		what := "-" + c.Key
		if on {
			what = "+" + c.Key
		}
		s.undo = append(s.undo, undoEntry{pos: s.Pos, frag: id, added: added, removed: removed, what: what})
		s.actions++
		s.coded[id] = true
		return nil
	})
	return on, err
}

func (s *Session) codesOf(st *store.Store, id string) ([]string, error) {
	cs, err := st.Codings(store.CodingFilter{Fragment: id})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range cs {
		if c.Coder == s.Coder {
			out = append(out, c.Code)
		}
	}
	return out, nil
}

// Undo reverses the last change (removes the codes it added, adds back the
// codes it removed) in one transaction and moves to its fragment; codes
// saved since by anyone else stay. It returns what was undone, or "" when
// there is nothing to undo.
func (s *Session) Undo() (string, error) {
	if len(s.undo) == 0 {
		return "", nil
	}
	u := s.undo[len(s.undo)-1]
	err := s.with(func(st *store.Store) error {
		_, _, err := st.ChangeCodes(u.frag, s.Coder, u.removed, u.added)
		return err
	})
	if err != nil {
		return "", err
	}
	s.undo = s.undo[:len(s.undo)-1]
	s.Pos = u.pos
	s.actions++
	return fmt.Sprintf("undid %s on %s", u.what, u.frag), nil
}

// AddMemo saves a memo on the current fragment.
func (s *Session) AddMemo(text string) (store.Memo, error) {
	var m store.Memo
	err := s.with(func(st *store.Store) error {
		var err error
		m, err = st.AddMemo(store.Memo{Author: s.Coder, Kind: store.MemoFragment, Target: s.Queue[s.Pos], Text: text})
		return err
	})
	if err == nil {
		s.actions++
	}
	return m, err
}

// Move goes delta fragments forward (or back), staying in the queue.
func (s *Session) Move(delta int) bool {
	p := s.Pos + delta
	if p < 0 || p >= len(s.Queue) {
		return false
	}
	s.Pos = p
	return true
}

// Jump goes to a 1-based queue position or to a fragment ID.
func (s *Session) Jump(target string) error {
	var n int
	if _, err := fmt.Sscanf(target, "%d", &n); err == nil && fmt.Sprint(n) == target {
		if n < 1 || n > len(s.Queue) {
			return fmt.Errorf("position %d: the queue has %d fragments", n, len(s.Queue))
		}
		s.Pos = n - 1
		return nil
	}
	for i, id := range s.Queue {
		if id == target {
			s.Pos = i
			return nil
		}
	}
	return fmt.Errorf("%s is not in this queue", target)
}

// Find moves to the next fragment in the queue (after the current one,
// wrapping) whose text contains text, case-insensitively.
func (s *Session) Find(text string) (bool, error) {
	needle := strings.ToLower(text)
	found := -1
	err := s.with(func(st *store.Store) error {
		for k := 1; k <= len(s.Queue); k++ {
			i := (s.Pos + k) % len(s.Queue)
			f, err := st.Fragment(s.Queue[i])
			if err != nil {
				return err
			}
			if strings.Contains(strings.ToLower(f.Text), needle) {
				found = i
				return nil
			}
		}
		return nil
	})
	if err != nil || found < 0 {
		return false, err
	}
	s.Pos = found
	return true, nil
}

// Pace is the coder's speed in this session: fragments coded per hour and
// the estimated time for the rest of the queue.
func (s *Session) Pace() (perHour float64, remaining time.Duration) {
	el := s.now().Sub(s.started)
	if el < time.Minute || len(s.coded) == 0 {
		return 0, 0
	}
	perHour = float64(len(s.coded)) / el.Hours()
	left := len(s.Queue) - s.Pos - 1
	if perHour > 0 {
		remaining = time.Duration(float64(left) / perHour * float64(time.Hour))
	}
	return perHour, remaining
}

// Actions counts the saves of this session.
func (s *Session) Actions() int { return s.actions }

// SetAll makes the current fragment's codes exactly codes (undoable).
func (s *Session) SetAll(codes []string) error {
	id := s.Queue[s.Pos]
	return s.with(func(st *store.Store) error {
		before, err := s.codesOf(st, id)
		if err != nil {
			return err
		}
		var add, remove []string
		for _, c := range codes {
			if !slices.Contains(before, c) && !slices.Contains(add, c) {
				add = append(add, c)
			}
		}
		for _, b := range before {
			if !slices.Contains(codes, b) {
				remove = append(remove, b)
			}
		}
		added, removed, err := st.ChangeCodes(id, s.Coder, add, remove)
		if err != nil {
			return err
		}
		s.undo = append(s.undo, undoEntry{pos: s.Pos, frag: id, added: added, removed: removed, what: "=" + strings.Join(codes, ",")})
		s.actions++
		s.coded[id] = true
		return nil
	})
}
