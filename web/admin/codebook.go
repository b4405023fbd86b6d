package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/plancoder/plancoder/codebook"
	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
)

// The codebook's edits: each form posts to the package function the CLI's
// `plancoder codebook` command calls (codebook.Put, Rename, Merge,
// Remove), and a rename, merge or removal shows its preview (the counts
// the CLI's confirmation shows) on a page whose button makes the change.

// codeForm is the add or edit form with what was typed and the problems
// found, by field.
type codeForm struct {
	Edit   bool
	Key    string
	KeyErr string
	Fields []formField
}

type formField struct {
	Name, Label, Hint string
	Value, Orig       string // Orig: the value when the form was shown (edit)
	Multi             bool
	Err               string
}

var fieldInfo = map[string]struct {
	label, hint string
	multi       bool
}{
	"name":        {"Name", "", false},
	"group":       {"Group", "", false},
	"description": {"Description", "", true},
	"include":     {"Include", "when to code it", true},
	"exclude":     {"Exclude", "when not to code it", true},
	"example":     {"Example", "", true},
	"colour":      {"Colour", "#rgb or #rrggbb", false},
	"shortcut":    {"Shortcut", "one key on the coding screen, not " + store.ReservedShortcutsText(), false},
}

// Bounds of form values: longer ones are refused, not cut.
const (
	maxKey  = 40
	maxText = 8000
)

// formValue reads one form value: given at most once, at most max bytes,
// trimmed unless multiline (whose CRLF line ends become LF).
func formValue(v url.Values, name string, max int, multi bool) (string, error) {
	vals := v[name]
	if len(vals) > 1 {
		return "", fmt.Errorf("field %s is given %d times", name, len(vals))
	}
	if len(vals) == 0 {
		return "", nil
	}
	x := vals[0]
	if multi {
		x = strings.ReplaceAll(x, "\r\n", "\n")
	} else {
		x = strings.TrimSpace(x)
	}
	if len(x) > max {
		return "", fmt.Errorf("field %s is longer than %d bytes", name, max)
	}
	return x, nil
}

func newForm(edit bool, key string, c store.Code) *codeForm {
	f := &codeForm{Edit: edit, Key: key}
	vals := map[string]string{"name": c.Name, "group": c.Group, "description": c.Description, "include": c.Include,
		"exclude": c.Exclude, "example": c.Example, "colour": c.Colour, "shortcut": c.Shortcut}
	for _, n := range codebook.FieldNames {
		in := fieldInfo[n]
		f.Fields = append(f.Fields, formField{Name: n, Label: in.label, Hint: in.hint, Multi: in.multi, Value: vals[n], Orig: vals[n]})
	}
	return f
}

// showCodeForm is GET /codebook/add and /codebook/edit?key=K.
func showCodeForm(_ context.Context, r *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	p.Name = "codeform"
	if r.URL.Path == "/codebook/add" {
		p.Title, p.Form = "Add a code", newForm(false, "", store.Code{})
		return "", nil
	}
	key := r.URL.Query().Get("key")
	c, err := codebook.Lookup(s, key)
	if err != nil {
		return "", notFound(err)
	}
	p.Title, p.Form = "Edit "+c.Key, newForm(true, c.Key, c)
	return "", nil
}

// notFound marks a missing code as a missing record (404).
func notFound(err error) error {
	if errors.Is(err, codebook.ErrNoCode) {
		return fmt.Errorf("%w: %w", store.ErrNotFound, err)
	}
	return err
}

// saveCode is POST /codebook/add and /codebook/edit: codebook.Put with the
// fields given (an edit sets only those changed since the form was shown,
// so a change made meanwhile elsewhere to another field stays). A problem
// is shown beside its field.
func saveCode(_ context.Context, r *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	edit := r.URL.Path == "/codebook/edit"
	p.Name, p.Title = "codeform", "Add a code"
	key, err := formValue(r.PostForm, "key", maxKey, false)
	if err != nil {
		return "", bad(p, err)
	}
	key = strings.ToUpper(key)
	if edit {
		p.Title = "Edit " + key
	}
	form := newForm(edit, key, store.Code{})
	p.Form = form
	set := codebook.Fields{}
	for i := range form.Fields {
		ff := &form.Fields[i]
		if ff.Value, err = formValue(r.PostForm, ff.Name, maxText, ff.Multi); err != nil {
			ff.Err = err.Error()
			return "", bad(p, err)
		}
		if ff.Orig, err = formValue(r.PostForm, "orig-"+ff.Name, maxText, ff.Multi); err != nil {
			return "", bad(p, err)
		}
		if !edit || ff.Value != ff.Orig {
			set[ff.Name] = ff.Value
		}
	}
	if key == "" {
		form.KeyErr = "is empty"
		return "", bad(p, errors.New("the key is empty"))
	}
	c, err := codebook.Put(s, p.User, key, edit, set)
	var errs codebook.Errors
	switch {
	case errors.As(err, &errs):
		p.Status, p.Error = http.StatusUnprocessableEntity, "The code was not saved:"
		for _, fe := range errs {
			where := ""
			if fe.Field == "key" {
				form.KeyErr = fe.Msg
				where = "key: "
			}
			for i := range form.Fields {
				if form.Fields[i].Name == fe.Field {
					form.Fields[i].Err = fe.Msg
					where = fe.Field + ": "
				}
			}
			p.Error += " " + where + fe.Msg + "."
		}
		return "", nil
	case errors.Is(err, codebook.ErrNoCode):
		return "", notFound(err)
	case errors.Is(err, store.ErrExists):
		form.KeyErr = "already in the codebook"
		return "", bad(p, err)
	case err != nil:
		return "", err
	}
	verb := "added"
	if edit {
		verb = "updated"
	}
	return done(verb, c.Key, ""), nil
}

// bad shows a problem of the request on the page (422) and writes nothing.
func bad(p *page, err error) error {
	p.Status, p.Error = http.StatusUnprocessableEntity, err.Error()
	return nil
}

// done is the codebook page's address saying what a change did.
func done(verb, key, to string) string {
	q := url.Values{"done": {verb}, "key": {key}}
	if to != "" {
		q.Set("to", to)
	}
	return "/codebook?" + q.Encode()
}

// doneMsg words the message of a done address: only a known verb and valid
// code keys, so that a link cannot make the page say anything else.
func doneMsg(q url.Values) string {
	key, to := q.Get("key"), q.Get("to")
	if !store.ValidCodeKey(key) || (to != "" && !store.ValidCodeKey(to)) {
		return ""
	}
	switch v := q.Get("done"); v {
	case "added", "updated", "removed":
		return fmt.Sprintf("%s %s.", strings.ToUpper(v[:1])+v[1:], key)
	case "renamed":
		return fmt.Sprintf("Renamed %s to %s: its codings and memos moved along.", key, to)
	case "merged":
		return fmt.Sprintf("Merged %s into %s.", key, to)
	}
	return ""
}

// preview is a rename, merge or removal's confirm page: what changes,
// and the codes to choose from (merge).
type preview struct {
	Op      string // rename, merge, remove
	Key     string // the code
	Target  string // new key (rename) or the code to merge into
	Ready   bool   // the preview is shown: the button makes the change
	Prev    codebook.Preview
	Choices []store.Code // merge: the other codes
}

// previewRename is GET /codebook/rename?key=K[&to=NEW].
func previewRename(_ context.Context, r *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	return showPreview(r, s, p, "rename")
}

// previewMerge is GET /codebook/merge?key=K[&into=OTHER].
func previewMerge(_ context.Context, r *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	return showPreview(r, s, p, "merge")
}

// previewRemove is GET /codebook/remove?key=K.
func previewRemove(_ context.Context, r *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	return showPreview(r, s, p, "remove")
}

func showPreview(r *http.Request, s *store.Store, p *page, op string) (string, error) {
	q := r.URL.Query()
	pv := &preview{Op: op}
	var err error
	if pv.Key, err = formValue(q, "key", maxKey, false); err != nil {
		return "", bad(p, err)
	}
	pv.Key = strings.ToUpper(pv.Key)
	target := map[string]string{"rename": "to", "merge": "into"}[op]
	if target != "" {
		if pv.Target, err = formValue(q, target, maxKey, false); err != nil {
			return "", bad(p, err)
		}
		pv.Target = strings.ToUpper(pv.Target)
	}
	p.Name, p.Title, p.Preview = "preview", strings.ToUpper(op[:1])+op[1:]+" "+pv.Key, pv
	c, err := codebook.Lookup(s, pv.Key)
	if err != nil {
		return "", notFound(err)
	}
	pv.Prev.From = c
	if op == "merge" {
		codes, err := s.Codes()
		if err != nil {
			return "", err
		}
		for _, o := range codes {
			if o.Key != c.Key {
				pv.Choices = append(pv.Choices, o)
			}
		}
	}
	if target != "" && pv.Target == "" {
		return "", nil // the form asks for the target first
	}
	switch op {
	case "rename":
		pv.Prev, err = codebook.PreviewRename(s, pv.Key, pv.Target)
	case "merge":
		pv.Prev, err = codebook.PreviewMerge(s, pv.Key, pv.Target)
	default:
		pv.Prev, err = codebook.PreviewRemove(s, pv.Key)
	}
	if err != nil {
		pv.Prev.From = c
		return "", bad(p, err)
	}
	pv.Ready = true
	return "", nil
}

// doRename, doMerge and doRemove are the preview pages' buttons.
func doRename(_ context.Context, r *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	return change(r, s, p, "rename")
}

func doMerge(_ context.Context, r *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	return change(r, s, p, "merge")
}

func doRemove(_ context.Context, r *http.Request, s *store.Store, _ *index.Index, p *page) (string, error) {
	return change(r, s, p, "remove")
}

func change(r *http.Request, s *store.Store, p *page, op string) (string, error) {
	pv := &preview{Op: op}
	p.Name, p.Title, p.Preview = "preview", strings.ToUpper(op[:1])+op[1:], pv
	var err error
	if pv.Key, err = formValue(r.PostForm, "key", maxKey, false); err != nil {
		return "", bad(p, err)
	}
	if pv.Target, err = formValue(r.PostForm, "target", maxKey, false); err != nil {
		return "", bad(p, err)
	}
	pv.Key, pv.Target = strings.ToUpper(pv.Key), strings.ToUpper(pv.Target)
	pv.Prev.From = store.Code{Key: pv.Key}
	switch op {
	case "rename":
		_, err = codebook.Rename(s, p.User, pv.Key, pv.Target)
	case "merge":
		_, err = codebook.Merge(s, p.User, pv.Key, pv.Target)
	default:
		err = codebook.Remove(s, p.User, pv.Key)
	}
	if err != nil {
		return "", bad(p, err)
	}
	verb := map[string]string{"rename": "renamed", "merge": "merged", "remove": "removed"}[op]
	return done(verb, pv.Key, pv.Target), nil
}
