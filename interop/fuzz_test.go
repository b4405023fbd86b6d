package interop

import (
	"context"
	"testing"
)

// FuzzImport feeds arbitrary project XML and text to the importer: it may
// refuse, but must not panic or hang.
func FuzzImport(f *testing.F) {
	f.Add(qde("NVivo 12", "internal://x.txt", [2]string{"0", "5"}), []byte("Hallo wereld\r\nTweede 😀 regel"))
	f.Add(qde("ATLAS.ti", "x.txt", [2]string{"-3", "99"}, [2]string{"7", "2"}), []byte("\uFEFFa\rb\nc"))
	f.Add([]byte(`<Project name="x"><Sources><TextSource guid="g"><PlainTextContent>abc</PlainTextContent><PlainTextSelection guid="s" startPosition="1" endPosition="2"/></TextSource></Sources></Project>`), []byte{0xff, 0xfe})
	f.Fuzz(func(t *testing.T, project, text []byte) {
		data := makeArchive(t, entry{"project.qde", project}, entry{"sources/x.txt", text})
		a, err := OpenArchive("f.qdpx", data)
		if err != nil {
			return
		}
		planImport(context.Background(), a, ImportOptions{SkipMissing: true})
	})
}

// FuzzReadCodebook: arbitrary .qdc input never panics.
func FuzzReadCodebook(f *testing.F) {
	f.Add([]byte(foreignQDC))
	f.Add([]byte(`<CodeBook><Codes><Code guid="" name="" isCodable="x"><Code/></Code></Codes></CodeBook>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ReadCodebook("f.qdc", data, nil)
	})
}
