package codebook

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/plancoder/plancoder/store"
	"go.yaml.in/yaml/v3"
)

var (
	topFields   = []string{"name", "groups", "codes"}
	groupFields = []string{"key", "name", "description"}
	codeFields  = []string{"key", "name", "group", "description", "include", "exclude", "example", "colour", "shortcut"}
)

// ParseYAML reads a codebook in YAML and validates it. Unknown and repeated
// fields are errors. Problems are returned as [Errors] with their lines; the
// codebook is nil then.
func ParseYAML(name string, data []byte) (*Codebook, error) {
	if len(data) > MaxFileSize {
		return nil, tooBig(name)
	}
	p := &yamlParser{file: name}
	cb := p.parse(data)
	if cb == nil {
		return nil, p.errs
	}
	return finish(cb, p.errs)
}

type yamlParser struct {
	file string
	errs Errors
}

func (p *yamlParser) add(line int, item, field, format string, args ...any) {
	p.errs = append(p.errs, &FieldError{File: p.file, Line: line, Item: item, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// parse returns nil when the file cannot be read as a codebook at all.
func (p *yamlParser) parse(data []byte) *Codebook {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.add(0, "", "", "empty file: a codebook needs at least one code")
		} else {
			p.addSyntaxError(data, err)
		}
		return nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		p.add(extra.Line, "", "", "more than one YAML document; a codebook is one document")
		return nil
	case !errors.Is(err, io.EOF):
		p.addSyntaxError(data, err)
		return nil
	}

	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		p.add(root.Line, "", "", "empty file: a codebook needs at least one code")
		return nil
	}
	if root.Kind != yaml.MappingNode {
		p.add(root.Line, "", "", "a codebook is a mapping with the fields name, groups and codes, not %s", kindName(root))
		return nil
	}

	src := &source{file: p.file}
	cb := &Codebook{src: src}
	top, topLines := p.fields(root, "", topFields)
	src.nameLine = topLines["name"]
	if n := top["name"]; n != nil {
		if n.Kind != yaml.ScalarNode {
			p.add(n.Line, "", "name", "must be text, not %s", kindName(n))
		} else if err := n.Decode(&cb.Name); err != nil {
			p.addYAMLError(err)
		}
	}
	if n := top["groups"]; n != nil && !isNull(n) {
		if n.Kind != yaml.SequenceNode {
			p.add(n.Line, "", "groups", "must be a list of groups, not %s", kindName(n))
		} else {
			for i, item := range n.Content {
				var g Group
				pos, ok := p.item(item, "group", i, groupFields, &g)
				if ok {
					cb.Groups = append(cb.Groups, g)
					src.groups = append(src.groups, pos)
				}
			}
		}
	}
	switch n := top["codes"]; {
	case n == nil:
		p.add(root.Line, "", "codes", "missing: a codebook needs at least one code")
	case n.Kind == yaml.SequenceNode:
		for i, item := range n.Content {
			var c store.Code
			pos, ok := p.item(item, "code", i, codeFields, &c)
			if ok {
				c.Order = len(cb.Codes)
				cb.Codes = append(cb.Codes, c)
				src.codes = append(src.codes, pos)
			}
		}
		if len(n.Content) == 0 {
			p.add(n.Line, "", "codes", "empty: a codebook needs at least one code")
		}
	case isNull(n):
		p.add(n.Line, "", "codes", "empty: a codebook needs at least one code")
	default:
		p.add(n.Line, "", "codes", "must be a list of codes, not %s", kindName(n))
	}
	if len(cb.Groups) == 0 {
		cb.Groups = inferGroups(cb.Codes)
	}
	return cb
}

// item checks one group or code (a mapping of text fields) and decodes it
// into out; ok is false when it is not a mapping.
func (p *yamlParser) item(n *yaml.Node, kind string, i int, known []string, out any) (pos position, ok bool) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		p.add(n.Line, fmt.Sprintf("%s #%d", kind, i+1), "", "must be a mapping of fields, not %s", kindName(n))
		return pos, false
	}
	key := ""
	for j := 0; j+1 < len(n.Content); j += 2 {
		if k, v := n.Content[j], deref(n.Content[j+1]); k.Value == "key" && v.Kind == yaml.ScalarNode && !isNull(v) {
			key = v.Value
			break
		}
	}
	name := itemName(kind, key, i)
	vals, lines := p.fields(n, name, known)
	// Decode only the fields that hold text, so that one bad field does not
	// hide the others.
	clean := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: n.Line, Column: n.Column}
	for _, f := range known {
		v := vals[f]
		if v == nil {
			continue
		}
		if v.Kind != yaml.ScalarNode {
			p.add(lines[f], name, f, "must be text, not %s", kindName(v))
			continue
		}
		clean.Content = append(clean.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f}, v)
	}
	if err := clean.Decode(out); err != nil {
		p.addYAMLError(err)
	}
	return position{key: key, line: n.Line, fields: lines}, true
}

// fields reads the fields of a mapping, reporting unknown and repeated ones;
// it returns each known field's value (aliases resolved) and line.
func (p *yamlParser) fields(n *yaml.Node, item string, known []string) (map[string]*yaml.Node, map[string]int) {
	vals := map[string]*yaml.Node{}
	lines := map[string]int{}
	for j := 0; j+1 < len(n.Content); j += 2 {
		k, v := deref(n.Content[j]), deref(n.Content[j+1])
		if k.Kind != yaml.ScalarNode {
			p.add(k.Line, item, "", "a field name must be text, not %s", kindName(k))
			continue
		}
		f := k.Value
		if !slices.Contains(known, f) {
			p.add(k.Line, item, f, "unknown field (known fields: %s)", strings.Join(known, ", "))
			continue
		}
		if l, ok := lines[f]; ok {
			p.add(k.Line, item, f, "given twice (also on line %d)", l)
			continue
		}
		vals[f] = v
		lines[f] = k.Line
	}
	return vals, lines
}

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// addSyntaxError records a syntax error in data. The yaml package often
// gives the line where the enclosing block starts (or the one before it), so
// the line reported is the first one, from the yaml package's line on, at
// which the text cut off after that line no longer parses.
func (p *yamlParser) addSyntaxError(data []byte, err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if sm := yamlLineRE.FindStringSubmatch(msg); sm != nil {
		line, _ = strconv.Atoi(sm[1])
		msg = sm[2]
	}
	if l := firstBadLine(data, line); l > 0 {
		line = l
	}
	p.add(line, "", "", "invalid YAML: %s", msg)
}

// firstBadLine returns the number of the first line, from line from on, at
// which data cut off after that line fails to parse as YAML; 0 if none does.
func firstBadLine(data []byte, from int) int {
	end, line := 0, 0
	for end < len(data) {
		if i := bytes.IndexByte(data[end:], '\n'); i >= 0 {
			end += i + 1
		} else {
			end = len(data)
		}
		line++
		if line < from {
			continue
		}
		dec := yaml.NewDecoder(bytes.NewReader(data[:end]))
		for {
			var n yaml.Node
			err := dec.Decode(&n)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return line
			}
		}
	}
	return 0
}

// addYAMLError records an error of the yaml package with its line.
func (p *yamlParser) addYAMLError(err error) {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	for _, m := range msgs {
		line := 0
		if sm := yamlLineRE.FindStringSubmatch(m); sm != nil {
			line, _ = strconv.Atoi(sm[1])
			m = sm[2]
		}
		p.add(line, "", "", "invalid YAML: %s", strings.TrimPrefix(m, "yaml: "))
	}
}

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		return store.Quote(n.Value)
	default:
		return "a document"
	}
}

// YAML writes the codebook in the YAML form that [ParseYAML] reads.
func (c *Codebook) YAML() ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, fmt.Errorf("codebook: writing YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("codebook: writing YAML: %w", err)
	}
	return buf.Bytes(), nil
}
