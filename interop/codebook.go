package interop

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/plancoder/plancoder/codebook"
	"github.com/plancoder/plancoder/store"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Origin names plancoder in the files it writes.
const Origin = "plancoder"

// GUIDs maps entity keys ("code:FIN", "group:Zakelijk", "doc:ID", ...) to
// their exchange GUIDs; the store keeps them so exports are stable.
type GUIDs map[string]string

// Lines of a REFI-QDA description that carry plancoder's own code fields, so a
// codebook survives a trip through another tool.
const (
	lblInclude  = "Include: "
	lblExclude  = "Exclude: "
	lblExample  = "Example: "
	lblKey      = "Key: "
	lblShortcut = "Shortcut: "
)

// codeDescription folds a code's criteria into one description.
func codeDescription(c store.Code) string {
	var parts []string
	if c.Description != "" {
		parts = append(parts, c.Description)
	}
	for _, f := range []struct{ lbl, v string }{{lblInclude, c.Include}, {lblExclude, c.Exclude}, {lblExample, c.Example}, {lblKey, c.Key}, {lblShortcut, c.Shortcut}} {
		if f.v != "" {
			parts = append(parts, f.lbl+oneLine(f.v))
		}
	}
	return strings.Join(parts, "\n")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// parseDescription splits a description written by codeDescription; text of
// other tools comes back whole as the description.
func parseDescription(d string, c *store.Code) {
	var rest []string
	for _, line := range strings.Split(strings.ReplaceAll(d, "\r\n", "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, lblInclude):
			c.Include = strings.TrimPrefix(line, lblInclude)
		case strings.HasPrefix(line, lblExclude):
			c.Exclude = strings.TrimPrefix(line, lblExclude)
		case strings.HasPrefix(line, lblExample):
			c.Example = strings.TrimPrefix(line, lblExample)
		case strings.HasPrefix(line, lblKey):
			c.Key = strings.TrimSpace(strings.TrimPrefix(line, lblKey))
		case strings.HasPrefix(line, lblShortcut):
			c.Shortcut = strings.TrimPrefix(line, lblShortcut)
		default:
			rest = append(rest, line)
		}
	}
	c.Description = strings.TrimSpace(strings.Join(rest, "\n"))
}

// codeTree builds the REFI-QDA code hierarchy: each group a parent code that
// cannot be applied, its codes nested inside.
func codeTree(codes []store.Code, g GUIDs) []xCode {
	var out []xCode
	parent := map[string]int{}
	for _, c := range codes {
		x := xCode{GUID: g["code:"+c.Key], Name: c.Name, IsCodable: "true", Color: strings.ToUpper(c.Colour), Description: codeDescription(c)}
		if c.Group == "" {
			out = append(out, x)
			continue
		}
		i, ok := parent[c.Group]
		if !ok {
			i = len(out)
			parent[c.Group] = i
			out = append(out, xCode{GUID: g["group:"+c.Group], Name: c.Group, IsCodable: "false"})
		}
		out[i].Codes = append(out[i].Codes, x)
	}
	return out
}

// CodebookKeys lists the GUID keys a codebook export needs.
func CodebookKeys(codes []store.Code) []string {
	var keys []string
	seen := map[string]bool{}
	for _, c := range codes {
		keys = append(keys, "code:"+c.Key)
		if c.Group != "" && !seen[c.Group] {
			seen[c.Group] = true
			keys = append(keys, "group:"+c.Group)
		}
	}
	return keys
}

// WriteCodebook renders codes as a REFI-QDA codebook (.qdc). g must hold the
// GUIDs of CodebookKeys(codes).
func WriteCodebook(codes []store.Code, g GUIDs) ([]byte, error) {
	if len(codes) == 0 {
		return nil, fmt.Errorf("the codebook is empty; a .qdc file needs at least one code")
	}
	cb := xCodeBook{Xmlns: CodebookNS, Origin: Origin, Codes: xCodes{Codes: codeTree(codes, g)}}
	return marshal(cb)
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// ImportedCodebook is a codebook read from another tool, with the GUIDs to
// keep and what had to change on the way in.
type ImportedCodebook struct {
	Codebook *codebook.Codebook
	GUIDs    GUIDs    // "code:KEY" and "group:NAME" to the file's GUIDs
	ByGUID   GUIDs    // normalised file GUID to code key
	Notes    []string // what was adapted: flattened levels, derived keys
}

// ReadCodebook reads a REFI-QDA codebook (.qdc). known maps normalised GUIDs
// to code keys already in the project, so re-importing a codebook updates
// its codes instead of duplicating them.
func ReadCodebook(name string, data []byte, known map[string]string) (*ImportedCodebook, error) {
	var cb xCodeBook
	if err := decodeXML(data, &cb); err != nil {
		return nil, fmt.Errorf("codebook %s: %w", name, err)
	}
	if len(cb.Codes.Codes) == 0 {
		return nil, fmt.Errorf("codebook %s: no <Codes><Code> elements", name)
	}
	imp := newCodeImporter(known)
	imp.walk(cb.Codes.Codes)
	return imp.result(name)
}

// codeImporter turns a REFI-QDA code tree into plancoder codes: top-level
// parents become groups, deeper levels are flattened under their top group.
type codeImporter struct {
	known  map[string]string
	out    ImportedCodebook
	keys   map[string]bool
	groups map[string]bool
	deep   int
}

func newCodeImporter(known map[string]string) *codeImporter {
	return &codeImporter{known: known, keys: map[string]bool{}, groups: map[string]bool{},
		out: ImportedCodebook{Codebook: &codebook.Codebook{}, GUIDs: GUIDs{}, ByGUID: GUIDs{}}}
}

func (ci *codeImporter) walk(top []xCode) {
	for _, x := range top {
		if len(x.Codes) == 0 {
			ci.add(x, "", 0)
			continue
		}
		group := strings.TrimSpace(x.Name)
		if group == "" {
			group = "group"
		}
		if !ci.groups[group] {
			ci.groups[group] = true
			ci.out.Codebook.Groups = append(ci.out.Codebook.Groups, codebook.Group{Key: group, Name: group, Description: x.Description})
			if x.GUID != "" {
				ci.out.GUIDs.keep("group:"+group, x.GUID)
			}
		}
		if codable(x.IsCodable) {
			ci.add(xCode{GUID: x.GUID, Name: x.Name, IsCodable: x.IsCodable, Color: x.Color, Description: x.Description}, group, 0)
		}
		ci.children(x.Codes, group, 1, "")
	}
}

func (ci *codeImporter) children(xs []xCode, group string, depth int, prefix string) {
	for _, x := range xs {
		name := prefix + strings.TrimSpace(x.Name)
		if codable(x.IsCodable) || len(x.Codes) == 0 {
			ci.add(xCode{GUID: x.GUID, Name: name, Color: x.Color, Description: x.Description}, group, depth)
		}
		if len(x.Codes) > 0 {
			ci.deep++
			ci.children(x.Codes, group, depth+1, name+" / ")
		}
	}
}

func codable(v string) bool { v = strings.TrimSpace(v); return v == "" || v == "true" || v == "1" }

func (ci *codeImporter) add(x xCode, group string, depth int) {
	c := store.Code{Name: strings.TrimSpace(x.Name), Group: group, Colour: strings.ToLower(strings.TrimSpace(x.Color))}
	parseDescription(x.Description, &c)
	if c.Name == "" {
		c.Name = "(unnamed)"
	}
	g := NormGUID(x.GUID)
	switch {
	case g != "" && ci.known[g] != "" && !ci.keys[ci.known[g]]:
		c.Key = ci.known[g]
	case c.Key != "" && codebook.ValidKey(c.Key) && !ci.keys[c.Key]:
	default:
		c.Key = ci.deriveKey(c.Name)
	}
	if c.Colour != "" && !codebook.ValidColour(c.Colour) {
		ci.out.Notes = append(ci.out.Notes, fmt.Sprintf("code %q: colour %q dropped (not #rgb or #rrggbb)", c.Name, c.Colour))
		c.Colour = ""
	}
	ci.keys[c.Key] = true
	c.Order = len(ci.out.Codebook.Codes)
	ci.out.Codebook.Codes = append(ci.out.Codebook.Codes, c)
	if x.GUID != "" {
		ci.out.GUIDs.keep("code:"+c.Key, x.GUID)
		ci.out.ByGUID[g] = c.Key
	}
}

// deriveKey makes a short unique key from a code name: its ASCII letters and
// digits, upper case, at most 8, starting with a letter.
func (ci *codeImporter) deriveKey(name string) string {
	folded, _, _ := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn))), name)
	var b strings.Builder
	for _, r := range strings.ToUpper(folded) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9' && b.Len() > 0) {
			b.WriteRune(r)
		}
		if b.Len() == 8 {
			break
		}
	}
	base := b.String()
	if base == "" {
		base = "C"
	}
	key := base
	for n := 2; ci.keys[key]; n++ {
		suf := fmt.Sprint(n)
		cut := min(len(base), 8-len(suf))
		key = base[:cut] + suf
	}
	return key
}

func (ci *codeImporter) result(name string) (*ImportedCodebook, error) {
	if ci.deep > 0 {
		ci.out.Notes = append(ci.out.Notes, fmt.Sprintf("%d code levels below the top were flattened into their top-level group (names keep the path)", ci.deep))
	}
	ci.out.Codebook.Name = name
	if errs := ci.out.Codebook.Validate(); errs != nil {
		return nil, fmt.Errorf("codebook %s: %w", name, errs)
	}
	return &ci.out, nil
}

var guidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// keep records a GUID from another tool under key, normalised (lower case,
// no braces) and only when it is a valid GUID, so exports stay schema-valid;
// an entity without one gets a fresh GUID on its first export.
func (g GUIDs) keep(key, guid string) {
	if n := NormGUID(guid); guidRE.MatchString(n) {
		g[key] = n
	}
}

// NormGUID makes GUIDs comparable: lower case, braces stripped.
func NormGUID(g string) string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(g), "{}"))
}

// decodeXML decodes REFI-QDA XML; the struct tags match any namespace, and
// encoding/xml caps nesting depth itself, so hostile input cannot exhaust
// the stack.
func decodeXML(data []byte, v any) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("malformed XML: %w", err)
	}
	return nil
}
