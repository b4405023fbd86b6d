package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/plancoder/plancoder/citation"
	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/search"
	"github.com/plancoder/plancoder/store"
)

// codingState is a browser's coding session: the same coding.Session the
// terminal screen drives (queue, durable toggles, undo, memos, resume,
// pace), which opens the store per action.
type codingState struct {
	mu     sync.Mutex // one action at a time, in the order sent
	sess   *coding.Session
	what   string // the queue, for the page
	sample string // a reliability sample: only the coder's own memos show
	flash  string // said on the next page (after an action that reloads it)
}

func (s *session) codingState() *codingState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.coding
}

func (s *session) setCoding(cs *codingState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.coding = cs
}

// queueRequest is a parsed "start coding" form: the queues of
// `plancoder code` (--doc, --query with its filters, --sample, --code,
// --uncoded, --from-start).
type queueRequest struct {
	Kind      string // doc, search, sample, code, uncoded
	Doc       string
	Query     string
	Filters   index.Request // org, type, period, section of a search
	Sample    string
	Code      string
	Uncoded   bool
	FromStart bool
}

// Bounds of form fields: longer values are refused, not cut.
const (
	maxID    = 200
	maxQuery = 1000
	maxMemo  = 20000
)

func field(v url.Values, name string, max int, multiline bool) (string, error) {
	vals := v[name]
	if len(vals) > 1 {
		return "", fmt.Errorf("%s is given %d times", name, len(vals))
	}
	if len(vals) == 0 {
		return "", nil
	}
	x := vals[0]
	if !multiline {
		x = strings.TrimSpace(x)
	}
	if len(x) > max {
		return "", fmt.Errorf("%s is longer than %d bytes", name, max)
	}
	if err := store.CheckText(name, x, multiline); err != nil {
		return "", err
	}
	return x, nil
}

func flag(v url.Values, name string) (bool, error) {
	switch x := v.Get(name); x {
	case "", "0", "off", "false":
		return false, nil
	case "1", "on", "true":
		return true, nil
	default:
		return false, fmt.Errorf("%s is %s: give 1 or 0", name, store.Quote(x))
	}
}

// parseQueue reads a "start coding" form.
func parseQueue(v url.Values) (queueRequest, error) {
	var q queueRequest
	var err error
	if q.Kind, err = field(v, "kind", 20, false); err != nil {
		return q, err
	}
	if q.Doc, err = field(v, "doc", maxID, false); err != nil {
		return q, err
	}
	if q.Query, err = field(v, "q", maxQuery, false); err != nil {
		return q, err
	}
	if q.Sample, err = field(v, "sample", maxID, false); err != nil {
		return q, err
	}
	if q.Code, err = field(v, "code", 20, false); err != nil {
		return q, err
	}
	q.Code = strings.ToUpper(q.Code)
	for name, dst := range map[string]*string{"org": &q.Filters.Org, "type": &q.Filters.Type, "period": &q.Filters.Period, "section": &q.Filters.Section} {
		if *dst, err = field(v, name, maxID, false); err != nil {
			return q, err
		}
	}
	if q.Uncoded, err = flag(v, "uncoded"); err != nil {
		return q, err
	}
	if q.FromStart, err = flag(v, "fromstart"); err != nil {
		return q, err
	}
	switch q.Kind {
	case "doc":
		if q.Doc == "" {
			return q, errors.New("choose a document")
		}
	case "search":
		if q.Query == "" {
			return q, errors.New("type what to search for")
		}
		if err := index.ParseQuery(q.Query); err != nil {
			return q, err
		}
	case "sample":
		if q.Sample == "" {
			return q, errors.New("choose a sample")
		}
	case "code":
		if !store.ValidCodeKey(q.Code) {
			return q, fmt.Errorf("code is %s: choose a code", store.Quote(q.Code))
		}
	case "uncoded":
		q.Uncoded = true
	default:
		return q, fmt.Errorf("kind is %s: give doc, search, sample, code or uncoded", store.Quote(q.Kind))
	}
	return q, nil
}

// action is a parsed coding key press.
type action struct {
	Op    string // toggle, undo, memo, move, jump, find
	Frag  string // the fragment the page shows: the action is for it
	Code  string
	Text  string // memo or find text
	To    string // jump target: a 1-based position or a fragment ID
	Delta int    // move
}

var ops = []string{"toggle", "undo", "memo", "move", "jump", "find"}

// parseAction reads a coding action.
func parseAction(v url.Values) (action, error) {
	var a action
	var err error
	if a.Op, err = field(v, "op", 10, false); err != nil {
		return a, err
	}
	if !slices.Contains(ops, a.Op) {
		return a, fmt.Errorf("op is %s: give one of %s", store.Quote(a.Op), strings.Join(ops, ", "))
	}
	if a.Frag, err = field(v, "frag", maxID, false); err != nil {
		return a, err
	}
	if a.Frag == "" {
		return a, errors.New("frag is missing: which fragment does the page show?")
	}
	switch a.Op {
	case "toggle":
		if a.Code, err = field(v, "code", 20, false); err != nil {
			return a, err
		}
		a.Code = strings.ToUpper(a.Code)
		if !store.ValidCodeKey(a.Code) {
			return a, fmt.Errorf("code is %s: not a code key", store.Quote(a.Code))
		}
	case "memo", "find":
		if a.Text, err = field(v, "text", maxMemo, a.Op == "memo"); err != nil {
			return a, err
		}
		if strings.TrimSpace(a.Text) == "" {
			return a, fmt.Errorf("%s needs a text", a.Op)
		}
	case "jump":
		if a.To, err = field(v, "to", maxID, false); err != nil {
			return a, err
		}
		if a.To == "" {
			return a, errors.New("jump needs a position or a fragment ID")
		}
	case "move":
		d := v.Get("delta")
		n, err := strconv.Atoi(d)
		if err != nil || n < -1_000_000 || n > 1_000_000 || n == 0 {
			return a, fmt.Errorf("delta is %s: give a number of fragments, like 1 or -1", store.Quote(d))
		}
		a.Delta = n
	}
	return a, nil
}

// codeStart builds a queue as `plancoder code` does and starts a session
// on it, where the coder left off unless asked to start at the beginning.
func (s *Server) codeStart(w http.ResponseWriter, r *http.Request) {
	sess := userOf(r)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	q, err := parseQueue(r.PostForm)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	spec := search.QueueSpec{Doc: q.Doc, Uncoded: q.Uncoded, Code: q.Code, Coder: sess.user}
	var queue []string
	what := ""
	switch q.Kind {
	case "sample":
		var sm store.Sample
		err = s.with(func(st *store.Store) error {
			var err error
			sm, err = st.Sample(q.Sample)
			return err
		})
		if err != nil {
			s.storeError(w, r, err)
			return
		}
		// A sample is coded blind by its coders only: anyone else coding
		// it would add a coder the agreement did not plan for.
		if !slices.Contains(sm.Coders, sess.user) {
			s.fail(w, r, http.StatusForbidden, fmt.Sprintf("%s is not one of the coders of sample %s", sess.user, sm.Name))
			return
		}
		queue, what = sm.Fragments, "sample "+sm.Name
	case "search":
		spec.Search = true
		spec.Query = q.Filters
		spec.Query.Query = q.Query
		err = s.withIndex(r.Context(), func(st *store.Store, x *index.Index) error {
			var err error
			queue, err = search.BuildQueue(r.Context(), st, x, spec)
			return err
		})
		what = "search " + q.Query
	case "code":
		err = s.with(func(st *store.Store) error {
			codes, err := st.Codes()
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(codes, func(c store.Code) bool { return c.Key == q.Code }) {
				return fmt.Errorf("no code %s in the codebook: %w", q.Code, store.ErrNotFound)
			}
			queue, err = search.BuildQueue(r.Context(), st, nil, spec)
			return err
		})
		what = "fragments coded " + q.Code
	default:
		if q.Doc != "" {
			err = s.with(func(st *store.Store) error {
				_, err := st.Document(q.Doc)
				return err
			})
		}
		if err == nil {
			err = s.with(func(st *store.Store) error {
				var err error
				queue, err = search.BuildQueue(r.Context(), st, nil, spec)
				return err
			})
		}
		what = "document " + q.Doc
		if q.Doc == "" {
			what = "all fragments"
		}
	}
	if q.Uncoded {
		what += ", uncoded only"
	}
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	cs, err := coding.NewSharedSession(s.with, sess.user, queue, !q.FromStart)
	switch {
	case errors.Is(err, coding.ErrEmptyQueue):
		s.fail(w, r, http.StatusNotFound, "nothing to code: the queue ("+what+") is empty")
		return
	case errors.Is(err, coding.ErrEmptyCodebook):
		s.fail(w, r, http.StatusConflict, "the codebook is empty: an admin imports one first (plancoder codebook import)")
		return
	case err != nil:
		s.storeError(w, r, err)
		return
	}
	sess.setCoding(&codingState{sess: cs, what: what, sample: q.Sample})
	http.Redirect(w, r, "/code", http.StatusSeeOther)
}

// codeView is the coding page's data.
type codeView struct {
	coding.View
	What      string
	Section   string
	Codes     []codeLine
	Percent   int
	PerHour   string
	Remaining string
	Blind     bool
	Saves     int    // saves in this session
	Flash     string // what the last action did
	PDF       string // link to the original PDF at the fragment's page, when kept
}

type codeLine struct {
	store.Code
	On bool
}

func (s *Server) codePage(w http.ResponseWriter, r *http.Request) {
	sess := userOf(r)
	cs := sess.codingState()
	if cs == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	cs.mu.Lock()
	v, err := cs.sess.Current()
	perHour, left := cs.sess.Pace()
	codes := cs.sess.Codes
	saves := cs.sess.Actions()
	flash := cs.flash
	cs.flash = ""
	cs.mu.Unlock()
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	cv := codeView{View: v, What: cs.what, Section: citation.Path(v.Fragment.Section), Blind: cs.sample != "", Saves: saves, Flash: flash}
	if cv.Blind {
		// In a reliability sample a coder sees only their own memos, as
		// they see only their own codes.
		mine := cv.Memos[:0:0]
		for _, m := range cv.Memos {
			if m.Author == sess.user {
				mine = append(mine, m)
			}
		}
		cv.Memos = mine
	}
	for _, c := range codes {
		cv.Codes = append(cv.Codes, codeLine{Code: c, On: slices.Contains(v.Codes, c.Key)})
	}
	if s.originalPDF(v.Doc) != "" {
		cv.PDF = pdfLink(v.Doc, v.Fragment.Page)
	}
	if v.Total > 0 {
		cv.Percent = (v.Pos + 1) * 100 / v.Total
	}
	if perHour > 0 {
		cv.PerHour = fmt.Sprintf("%.0f fragments an hour", perHour)
		cv.Remaining = "about " + left.Round(time.Minute).String() + " left"
	}
	s.render(w, http.StatusOK, "code.html", page{Title: v.Fragment.ID, User: sess.viewer(), CSRF: sess.csrf, Data: cv})
}

// codeDo runs one key press. The answer comes after the store has
// committed it, so the page marks a code saved only when it is.
func (s *Server) codeDo(w http.ResponseWriter, r *http.Request) {
	sess := userOf(r)
	cs := sess.codingState()
	if cs == nil {
		s.fail(w, r, http.StatusConflict, "no coding queue: start one on the home page")
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	a, err := parseAction(r.PostForm)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	c := cs.sess
	if cur := c.Queue[c.Pos]; a.Frag != cur {
		// The page is behind (another tab moved on): never code a fragment
		// the coder is not looking at.
		writeJSON(w, http.StatusConflict, map[string]any{"ok": false, "reload": true, "error": "the page was out of date: " + cur + " is current"})
		return
	}
	out := map[string]any{"ok": true}
	switch a.Op {
	case "toggle":
		code, ok := c.CodeByKey(a.Code)
		if !ok {
			s.fail(w, r, http.StatusBadRequest, fmt.Sprintf("no code %s in the codebook", a.Code))
			return
		}
		on, err := c.Toggle(code.Key)
		if err != nil {
			s.storeError(w, r, err)
			return
		}
		sign := "-"
		if on {
			sign = "+"
		}
		out["code"], out["on"], out["msg"] = code.Key, on, "saved "+sign+code.Key
	case "undo":
		what, err := c.Undo()
		if err != nil {
			s.storeError(w, r, err)
			return
		}
		if what == "" {
			out["msg"] = "nothing to undo"
			break
		}
		cs.flash = what + " (saved)"
		out["msg"], out["reload"] = cs.flash, true
	case "memo":
		if _, err := c.AddMemo(a.Text); err != nil {
			s.storeError(w, r, err)
			return
		}
		cs.flash = "memo saved"
		out["msg"], out["reload"] = cs.flash, true
	case "move":
		if !c.Move(a.Delta) {
			out["msg"] = "end of the queue"
			if a.Delta < 0 {
				out["msg"] = "start of the queue"
			}
		} else {
			out["reload"] = true
		}
	case "jump":
		if err := c.Jump(a.To); err != nil {
			out["ok"], out["msg"] = false, err.Error()
		} else {
			out["reload"] = true
		}
	case "find":
		found, err := c.Find(a.Text)
		if err != nil {
			s.storeError(w, r, err)
			return
		}
		if found {
			out["reload"] = true
		} else {
			out["msg"] = "not found: " + truncate(a.Text, 60)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
