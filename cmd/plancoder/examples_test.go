package main

import (
	"strings"
	"testing"

	"github.com/plancoder/plancoder/codebook"
	"github.com/spf13/cobra"
)

// codeFlags are the flags whose values are code keys (comma-separated).
var codeFlags = map[string]bool{"--code": true, "--codes": true, "--cols": true, "--code-and": true, "--code-not": true}

// codeArgs are the commands whose positional arguments are code keys: how
// many of their first arguments are.
var codeArgs = map[string]int{
	"plancoder theme": 1, "plancoder trend": 1, "plancoder terms": 1,
	"plancoder codebook show": 1, "plancoder codebook merge": 2,
	"plancoder codebook remove": 1, "plancoder codebook edit": 1, "plancoder codebook rename": 1,
}

// Issue 15.9: every command shows examples in --help, and every code an
// example names exists in the example codebook (codebook import --example),
// so that an example typed into the demo works. A code an example creates
// with 'codebook add' counts as existing in that command's examples.
func TestExamplesUseExampleCodebook(t *testing.T) {
	known := map[string]bool{}
	for _, c := range codebook.Example().Codes {
		known[c.Key] = true
	}
	root := NewRootCmd(&Env{IO: &IOStreams{}})
	var walk func(c *cobra.Command)
	checked := 0
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		path := c.CommandPath()
		if path == "plancoder help" || strings.HasPrefix(path, "plancoder completion") {
			return // cobra's own
		}
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("%s --help has no examples", path)
			return
		}
		created := map[string]bool{}
		for _, line := range strings.Split(c.Example, "\n") {
			words := shellWords(line)
			if i := indexOf(words, "codebook"); i >= 0 && i+2 < len(words) && words[i+1] == "add" {
				created[words[i+2]] = true
			}
		}
		for _, line := range strings.Split(c.Example, "\n") {
			for _, flag := range unknownFlags(root, shellWords(line)) {
				t.Errorf("%s --help: example %q gives %s, which its command does not take", path, strings.TrimSpace(line), flag)
			}
			for _, code := range codesIn(shellWords(line)) {
				checked++
				if !known[code] && !created[code] {
					t.Errorf("%s --help: example %q names code %s, which the example codebook does not have", path, strings.TrimSpace(line), code)
				}
			}
		}
	}
	walk(root)
	if checked < 10 {
		t.Fatalf("only %d codes found in the examples: the parser misses them", checked)
	}
}

// codesIn returns the code keys a command line names: values of the code
// flags, code:KEY values, and the code arguments of the commands that take
// them.
func codesIn(words []string) []string {
	var out []string
	start := indexOf(words, "plancoder")
	if start < 0 {
		return nil
	}
	words = words[start:]
	var args []string
	for i := 1; i < len(words); i++ {
		w := words[i]
		if strings.HasPrefix(w, "|") || w == "&&" || w == ">" || strings.HasPrefix(w, "#") {
			break
		}
		if strings.HasPrefix(w, "-") {
			name, val, hasVal := strings.Cut(w, "=")
			if !hasVal && i+1 < len(words) && !strings.HasPrefix(words[i+1], "-") && !boolFlag(name) {
				i++
				val = words[i]
			}
			if codeFlags[name] {
				out = append(out, splitCodes(val)...)
			}
			if k, ok := strings.CutPrefix(val, "code:"); ok {
				out = append(out, strings.ToUpper(k))
			}
			continue
		}
		args = append(args, w)
	}
	// args: the command path words, then the positional arguments.
	for path, n := range codeArgs {
		p := strings.Fields(path)[1:]
		if len(args) >= len(p) && strings.Join(args[:len(p)], " ") == strings.Join(p, " ") {
			rest := args[len(p):]
			for j := 0; j < n && j < len(rest); j++ {
				out = append(out, rest[j])
			}
		}
	}
	return out
}

// unknownFlags returns the flags of a plancoder command line that its
// command does not have.
func unknownFlags(root *cobra.Command, words []string) []string {
	start := indexOf(words, "plancoder")
	if start < 0 {
		return nil
	}
	var line []string
	for _, w := range words[start+1:] {
		if strings.HasPrefix(w, "|") || w == "&&" || w == ">" || strings.HasPrefix(w, "#") {
			break
		}
		line = append(line, w)
	}
	c, _, err := root.Find(line)
	if err != nil || c == nil {
		return []string{"(no such command)"}
	}
	var out []string
	for _, w := range line {
		if !strings.HasPrefix(w, "-") || w == "-" {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(w, "-"), "=")
		var ok bool
		if strings.HasPrefix(w, "--") {
			ok = c.Flag(name) != nil
		} else {
			ok = c.Flags().ShorthandLookup(name) != nil || c.InheritedFlags().ShorthandLookup(name) != nil
		}
		if !ok {
			out = append(out, w)
		}
	}
	return out
}

// boolFlag names the flags of the examples that take no value.
func boolFlag(name string) bool {
	switch name {
	case "--yes", "--explain", "--uncoded", "--plain", "--replace", "--example", "--repair", "--all", "--skip-missing", "--from-start":
		return true
	}
	return false
}

func indexOf(words []string, w string) int {
	for i, x := range words {
		if x == w {
			return i
		}
	}
	return -1
}

// shellWords splits a line as a shell would, for single and double quotes.
func shellWords(line string) []string {
	var out []string
	var cur strings.Builder
	in := rune(0)
	have := false
	for _, r := range line {
		switch {
		case in != 0 && r == in:
			in = 0
		case in != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			in, have = r, true
		case r == ' ' || r == '\t':
			if have || cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteRune(r)
		}
	}
	if have || cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

func TestCodesInExampleLines(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"plancoder code apply --query '+vrijwilligersbeleid' --codes VRIJ", "VRIJ"},
		{"plancoder search x --code FIN --code-and PERS --code-not VRIJW", "FIN PERS VRIJW"},
		{"plancoder matrix --rows attr:region --cols VRIJW,DIGI --format csv", "VRIJW DIGI"},
		{"plancoder terms VRIJW --vs code:PERS", "PERS VRIJW"},
		{"plancoder codebook merge VRIJW PERS --yes", "VRIJW PERS"},
		{"plancoder memo add --on code:FIN 'tekst'", "FIN"},
		{"plancoder code apply --query x --yes --codes DIGI", "DIGI"},
		{"plancoder read DOC --limit 10", ""},
	} {
		if got := strings.Join(codesIn(shellWords(tc.line)), " "); got != tc.want {
			t.Errorf("%s: codes %q, want %q", tc.line, got, tc.want)
		}
	}
}
