// Package citation says where a fragment comes from, the same way in every
// medium: a terminal line, the coding screen, the report, the web pages.
// Each medium formats the one Citation (String for plain text; the others
// style its parts), so that no medium drops a part another shows.
package citation

import (
	"fmt"
	"strings"
)

// SectionSep joins the headings of a section path.
const SectionSep = " > "

// Citation names a fragment's place: organisation, document, page and
// section path. Fragment is the fragment's ID, which media show apart.
type Citation struct {
	Org      string   // the organisation's name, else its ID
	Doc      string   // document ID
	Title    string   // document title, when a medium shows it
	Page     int      // 0 when the format has no pages
	Section  []string // headings above the fragment, outermost first
	Fragment string   // fragment ID
}

// New is the citation of a fragment; orgName, when set, is shown instead
// of the organisation's ID org.
func New(orgName, org, doc string, page int, section []string, fragment string) Citation {
	if orgName == "" {
		orgName = org
	}
	return Citation{Org: orgName, Doc: doc, Page: page, Section: section, Fragment: fragment}
}

// PageLabel is "p. N", or "" without a page.
func (c Citation) PageLabel() string {
	if c.Page <= 0 {
		return ""
	}
	return fmt.Sprintf("p. %d", c.Page)
}

// SectionPath is the section path on one line, or "".
func (c Citation) SectionPath() string { return Path(c.Section) }

// Path is a section path on one line, for a medium that shows only it.
func Path(section []string) string { return strings.Join(section, SectionSep) }

// Parts are the non-empty parts in order: organisation, document (with its
// title when set), page, section path.
func (c Citation) Parts() []string {
	var out []string
	if c.Org != "" {
		out = append(out, c.Org)
	}
	doc := c.Doc
	if c.Title != "" {
		doc += " (" + c.Title + ")"
	}
	for _, p := range []string{doc, c.PageLabel(), c.SectionPath()} {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// String is the plain one-line form: the parts joined by " · ".
func (c Citation) String() string { return strings.Join(c.Parts(), " · ") }
