package codebook

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/plancoder/plancoder/store"
)

// Codebook is a parsed codebook: groups in order and codes in order.
type Codebook struct {
	Name   string       `json:"name,omitempty" yaml:"name,omitempty"` // optional title
	Groups []Group      `json:"groups,omitempty" yaml:"groups,omitempty"`
	Codes  []store.Code `json:"codes" yaml:"codes"` // Order set to the position in the file

	src *source // where groups and codes were read from; nil if not parsed
}

// Group is a named group of codes; codes refer to it by Key.
type Group struct {
	Key         string `json:"key" yaml:"key"`
	Name        string `json:"name,omitempty" yaml:"name,omitempty"`
	Description string `json:"description,omitempty" yaml:"description,omitempty"`
}

// FieldError is a problem at a line (1-based) and field of the source file.
// Line is 0 and File empty when the codebook was not read from a file.
type FieldError struct {
	File  string
	Line  int
	Item  string // what the problem is about, like "code FIN" or "group zakelijk"; may be empty
	Field string // the field or CSV column, like "shortcut"; may be empty
	Msg   string
}

// Error formats the problem as "file:line: code KEY: field F: message".
func (e *FieldError) Error() string {
	var b strings.Builder
	switch {
	case e.File != "" && e.Line > 0:
		fmt.Fprintf(&b, "%s:%d: ", e.File, e.Line)
	case e.File != "":
		b.WriteString(e.File + ": ")
	case e.Line > 0:
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Item != "" {
		b.WriteString(e.Item + ": ")
	}
	if e.Field != "" {
		// An unknown field's name comes from the file as it is.
		b.WriteString("field " + show(e.Field) + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is a list of FieldError; Error() joins them one per line.
type Errors []*FieldError

// Error returns the problems one per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap gives the problems to errors.Is and errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

func (es Errors) sort() {
	sort.SliceStable(es, func(i, j int) bool { return es[i].Line < es[j].Line })
}

// source records where the parts of a parsed codebook were in its file.
type source struct {
	file     string
	nameLine int // line of the codebook's name; 0 if none
	groups   []position
	codes    []position
}

// position is where one group or code was: its key (to tell whether the
// slot still holds the same item), its line and the lines of its fields.
type position struct {
	key    string
	line   int
	fields map[string]int
}

func (p position) at(field string) int {
	if l, ok := p.fields[field]; ok {
		return l
	}
	return p.line
}

func (c *Codebook) file() string {
	if c.src == nil {
		return ""
	}
	return c.src.file
}

func (c *Codebook) codePos(i int) position {
	if c.src != nil && i < len(c.src.codes) && c.src.codes[i].key == c.Codes[i].Key {
		return c.src.codes[i]
	}
	return position{}
}

func (c *Codebook) groupPos(i int) position {
	if c.src != nil && i < len(c.src.groups) && c.src.groups[i].key == c.Groups[i].Key {
		return c.src.groups[i]
	}
	return position{}
}

func itemName(kind, key string, i int) string {
	if key == "" {
		return fmt.Sprintf("%s #%d", kind, i+1)
	}
	return kind + " " + show(key)
}

// show gives a value from the file for a message: as it is when it is a
// short plain text, quoted (at most 60 characters, control characters
// escaped) otherwise, so a hostile file can neither flood nor drive the
// terminal.
func show(s string) string {
	if store.TextProblem(s, false) == "" && utf8.RuneCountInString(s) <= 60 {
		return s
	}
	return store.Quote(s)
}

// also names the earlier holder of a duplicate value, by line when known.
func also(line int, who string) string {
	if line > 0 {
		return fmt.Sprintf("line %d", line)
	}
	return who
}

// ValidKey reports whether k can be a code key (store.ValidCodeKey).
func ValidKey(k string) bool { return store.ValidCodeKey(k) }

// ValidColour reports whether c is a colour a codebook accepts, #rgb or
// #rrggbb (store.ValidColour).
func ValidColour(c string) bool { return store.ValidColour(c) }

// textFields are a code's text fields and whether each may hold newlines.
var textFields = []struct {
	name  string
	value func(*store.Code) string
	multi bool
}{
	{"name", func(c *store.Code) string { return c.Name }, false},
	{"group", func(c *store.Code) string { return c.Group }, false},
	{"description", func(c *store.Code) string { return c.Description }, true},
	{"include", func(c *store.Code) string { return c.Include }, true},
	{"exclude", func(c *store.Code) string { return c.Exclude }, true},
	{"example", func(c *store.Code) string { return c.Example }, true},
}

// Validate checks the codebook and returns every problem found, in line
// order; it returns nil when the codebook is valid.
func (c *Codebook) Validate() Errors {
	var errs Errors
	file := c.file()
	add := func(line int, item, field, format string, args ...any) {
		errs = append(errs, &FieldError{File: file, Line: line, Item: item, Field: field, Msg: fmt.Sprintf(format, args...)})
	}

	if pr := store.TextProblem(c.Name, false); pr != "" {
		line := 0
		if c.src != nil {
			line = c.src.nameLine
		}
		add(line, "", "name", "%s %s", store.Quote(c.Name), pr)
	}
	groups := map[string]int{}
	for i, g := range c.Groups {
		p := c.groupPos(i)
		item := itemName("group", g.Key, i)
		for _, f := range []struct {
			name, value string
			multi       bool
		}{{"key", g.Key, false}, {"name", g.Name, false}, {"description", g.Description, true}} {
			if pr := store.TextProblem(f.value, f.multi); pr != "" {
				add(p.at(f.name), item, f.name, "%s %s", store.Quote(f.value), pr)
			}
		}
		if g.Key == "" {
			add(p.at("key"), item, "key", "is empty")
			continue
		}
		if j, ok := groups[g.Key]; ok {
			add(p.at("key"), item, "key", "%s used twice (also on %s)", store.Quote(g.Key),
				also(c.groupPos(j).at("key"), itemName("group", g.Key, j)))
			continue
		}
		groups[g.Key] = i
	}
	// The groups named in a message: a few, so a file with thousands does
	// not flood it.
	var groupKeys []string
	for _, g := range c.Groups {
		if len(groupKeys) == 10 {
			groupKeys = append(groupKeys, fmt.Sprintf("… %d in all", len(c.Groups)))
			break
		}
		if g.Key != "" {
			groupKeys = append(groupKeys, show(g.Key))
		}
	}

	keys := map[string]int{}
	shortcuts := map[string]int{}
	for i, code := range c.Codes {
		p := c.codePos(i)
		item := itemName("code", code.Key, i)
		before := len(errs)
		switch {
		case code.Key == "":
			add(p.at("key"), item, "key", "is empty")
		case !store.ValidCodeKey(code.Key):
			hint := ""
			if up := strings.ToUpper(code.Key); up != code.Key && store.ValidCodeKey(up) {
				hint = fmt.Sprintf(" (did you mean %s?)", up)
			}
			add(p.at("key"), item, "key", "%s is not a valid key: use 1 to 20 characters A-Z, 0-9, _ or -, starting with a capital letter%s", store.Quote(code.Key), hint)
		}
		if code.Key != "" {
			if j, ok := keys[code.Key]; ok {
				add(p.at("key"), item, "key", "used twice (also on %s)", also(c.codePos(j).at("key"), fmt.Sprintf("code #%d", j+1)))
			} else {
				keys[code.Key] = i
			}
		}
		if strings.TrimSpace(code.Name) == "" {
			add(p.at("name"), item, "name", "is empty")
		}
		for _, f := range textFields {
			v := f.value(&code)
			if pr := store.TextProblem(v, f.multi); pr != "" {
				add(p.at(f.name), item, f.name, "%s %s", store.Quote(v), pr)
			}
		}
		if code.Group != "" && len(c.Groups) > 0 {
			if _, ok := groups[code.Group]; !ok {
				add(p.at("group"), item, "group", "unknown group %s (groups: %s)", store.Quote(code.Group), strings.Join(groupKeys, ", "))
			}
		}
		if code.Shortcut != "" {
			if pr := store.ShortcutProblem(code.Shortcut); pr != "" {
				add(p.at("shortcut"), item, "shortcut", "%s %s", store.ShowShortcut(code.Shortcut), pr)
			}
			if j, ok := shortcuts[code.Shortcut]; ok {
				other := c.Codes[j]
				who := itemName("code", other.Key, j)
				if other.Key != "" {
					who = show(other.Key)
				}
				where := ""
				if l := c.codePos(j).at("shortcut"); l > 0 {
					where = fmt.Sprintf(" on line %d", l)
				}
				add(p.at("shortcut"), item, "shortcut", "%s used twice (also by %s%s)", store.ShowShortcut(code.Shortcut), who, where)
			} else {
				shortcuts[code.Shortcut] = i
			}
		}
		if code.Colour != "" && !store.ValidColour(code.Colour) {
			add(p.at("colour"), item, "colour", "%s is not a colour: use #rgb or #rrggbb", store.Quote(code.Colour))
		}
		// The store checks every code the same way on its own door; what it
		// would refuse must never pass here.
		if len(errs) == before {
			if err := store.ValidateCode(code); err != nil {
				add(p.line, item, "", "%v", err)
			}
		}
	}
	errs.sort()
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// FromCodes makes a codebook of codes (copied, Order set to the position);
// the groups are inferred from the codes' Group values, in order of first use.
func FromCodes(codes []store.Code) *Codebook {
	cs := make([]store.Code, len(codes))
	copy(cs, codes)
	for i := range cs {
		cs[i].Order = i
	}
	return &Codebook{Groups: inferGroups(cs), Codes: cs}
}

// inferGroups lists the codes' groups in order of first use, each named by
// its key.
func inferGroups(codes []store.Code) []Group {
	var groups []Group
	seen := map[string]bool{}
	for _, c := range codes {
		if c.Group == "" || seen[c.Group] {
			continue
		}
		seen[c.Group] = true
		groups = append(groups, Group{Key: c.Group, Name: c.Group})
	}
	return groups
}

// MaxFileSize bounds a codebook file: the example codebook of ~30 themes is
// 20 KB, and a file past this is a mistake (a wrong file, a runaway export)
// that would only make the parser and its messages slow and huge.
const MaxFileSize = 8 << 20

// tooBig is the error for a file over MaxFileSize.
func tooBig(name string) error {
	return fmt.Errorf("codebook %s: larger than %d MiB; a codebook file is a few hundred KB at most (is this the right file?)", name, MaxFileSize>>20)
}

// ReadFile reads a codebook file, refusing one over MaxFileSize before
// reading it whole.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("codebook %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("codebook %s: %w", path, err)
	}
	if len(data) > MaxFileSize {
		return nil, tooBig(path)
	}
	return data, nil
}

// Parse reads a codebook in the format its name's extension gives (.yaml,
// .yml or .csv) and validates it. Problems in the file are returned as
// [Errors]; the codebook is nil then.
func Parse(name string, data []byte) (*Codebook, error) {
	if len(data) > MaxFileSize {
		return nil, tooBig(name)
	}
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".yaml", ".yml":
		return ParseYAML(name, data)
	case ".csv":
		return ParseCSV(name, data)
	case "":
		return nil, fmt.Errorf("codebook %s: no file extension; use .yaml, .yml, .csv or .qdc (REFI-QDA)", name)
	default:
		hint := ""
		if ext == ".qdpx" {
			hint = " (a .qdpx holds a whole project: 'plancoder import FILE.qdpx DIR' makes a project of it)"
		}
		return nil, fmt.Errorf("codebook %s: unsupported extension %s; use .yaml, .yml, .csv or .qdc (REFI-QDA)%s", name, store.Quote(ext), hint)
	}
}

// finish validates a freshly read codebook and merges the problems with
// those found while reading.
func finish(cb *Codebook, errs Errors) (*Codebook, error) {
	errs = append(errs, cb.Validate()...)
	if len(errs) > 0 {
		errs.sort()
		return nil, errs
	}
	return cb, nil
}
