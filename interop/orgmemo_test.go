package interop

import (
	"strings"
	"testing"

	"github.com/plancoder/plancoder/store"
)

// Issue 15.11: a memo on an organisation is exported as a project note that
// names its organisation (REFI-QDA cases take no notes), and the export
// still validates; a coder bundle carries it.
func TestOrganisationMemoExported(t *testing.T) {
	s := buildFixture(t)
	if _, err := s.AddMemo(store.Memo{Author: "ann", Kind: store.MemoOrganisation, Target: "alfa", Text: "Alfa werkt sterk lokaal."}); err != nil {
		t.Fatal(err)
	}
	qde := string(readEntry(t, exportBytes(t, s), "project.qde"))
	if !strings.Contains(qde, `name="alfa: Alfa werkt sterk lokaal."`) {
		t.Errorf("no note named after the organisation in\n%s", qde)
	}
	xmllint(t, []byte(qde), "Project-mrt2019.xsd")

	b, err := ExportBundle(s, "ann")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range b.Memos {
		found = found || (m.Kind == store.MemoOrganisation && m.Target == "alfa")
	}
	if !found {
		t.Fatalf("bundle memos %+v lack the organisation memo", b.Memos)
	}
	if err := b.validate(); err != nil {
		t.Errorf("a bundle with an organisation memo does not validate: %v", err)
	}
}
