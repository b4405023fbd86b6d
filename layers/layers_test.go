// Package layers holds the test that keeps the project's layering true:
// which package may import what (docs/architecture.md, "Packages").
package layers

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/plancoder/plancoder/"

// rules: a package (folder under the module root) and what its non-test
// files must not import. A rule on "*" holds for every package but the
// exceptions.
var rules = []struct {
	prefix string   // an import path prefix
	only   []string // the packages allowed to import it
	why    string
}{
	{"go.etcd.io/bbolt", []string{"store", "store/storetest"}, "only store touches the database"},
	{"github.com/blevesearch/", []string{"index"}, "only index touches Bleve"},
	{"github.com/ledongthuc/pdf", []string{"ingest/pdftext"}, "only ingest/pdftext reads PDF"},
	{"github.com/pdfcpu/", []string{"ingest/pdftext"}, "only ingest/pdftext reads PDF"},
	{module + "ingest/pdftext", []string{"project", "interop", "internal/bench"}, "the PDF reader registers itself with ingest where files are ingested"},
	{module + "index", []string{"index", "project", "project/projecttest", "search", "internal/demo", "internal/bench", "analysis", "cmd/plancoder", "web", "web/readers", "web/admin"}, "coding and the lower packages work without the search index"},
	{module + "search", []string{"cmd/plancoder", "web", "web/readers", "web/admin", "internal/bench"}, "searching and queues serve the front ends; coding works without them"},
	{module + "internal/demo", []string{"cmd/plancoder", "web"}, "the demo and its simulated coders are for the front ends only"},
	{module + "internal/bench", []string{"cmd/plancoder", "web"}, "measurements are for the front ends only"},
	{"golang.org/x/crypto/", []string{"web/account"}, "only web/account hashes and checks passwords (CLI and web alike)"},
}

// stdlibOnly are packages that import nothing beyond the standard library
// and the listed module packages.
var stdlibOnly = map[string][]string{
	"reliability": {module + "csvfile"},
	"csvfile":     nil,
	"lexicon":     nil,
	"stemmer":     nil,
	"arg":         nil,
}

func TestLayers(t *testing.T) {
	imports := map[string]map[string]string{} // package -> import -> file
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(strings.TrimPrefix(path, "../")))
		if imports[pkg] == nil {
			imports[pkg] = map[string]string{}
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			imports[pkg][p] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(imports) < 10 {
		t.Fatalf("found %d packages; run from the layers folder", len(imports))
	}
	for pkg, imps := range imports {
		for imp, file := range imps {
			for _, r := range rules {
				if strings.HasPrefix(imp, r.prefix) && !contains(r.only, pkg) {
					t.Errorf("%s imports %s: %s", file, imp, r.why)
				}
			}
			if allowed, ok := stdlibOnly[pkg]; ok {
				if first, _, _ := strings.Cut(imp, "/"); strings.Contains(first, ".") && !contains(allowed, imp) {
					t.Errorf("%s imports %s: %s uses the standard library only", file, imp, pkg)
				}
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
