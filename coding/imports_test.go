package coding

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoIndexImport keeps the coders' workflow apart from the search index
// (issue 14): coding works on store types, and the simulated coders that
// need index.Terms live with the demo in project.
func TestNoIndexImport(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == "github.com/plancoder/plancoder/index" {
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
}
