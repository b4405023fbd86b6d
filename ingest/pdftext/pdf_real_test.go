package pdftext

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRealPDFs ingests real PDFs from many producers
// (testdata/pdf-real, sources and licences in SOURCES.tsv there): each
// opens without a panic and yields words pdftotext (poppler 22.12) finds
// in it, or fails with the error it deserves.
func TestRealPDFs(t *testing.T) {
	tests := []struct {
		file  string
		words []string // found by pdftotext, must be found by us
		err   error    // or this error
		msg   string   // or an error with this text
	}{
		// Producers whose files failed with "index out of range" (rows of
		// drawn spaces only).
		{file: "framemaker-distiller7.pdf", words: []string{"WATEREE", "January", "discharges", "STATISTICS"}},
		{file: "fictief-jaarverslag-word-quartz-nl.pdf", words: []string{"Jaarverslag", "bestuursleden", "controlecommissie", "vrijwilligers"}},
		// Encryption and repair.
		{file: "epo-encrypted-no-id-pdf12.pdf", err: ErrNoTextLayer},    // 40-bit RC4, no /ID; a scan
		{file: "encrypted-user-password-novapdf.pdf", err: ErrPassword}, // R3 with a user password
		{file: "malformed-broken-xref-word2019.pdf", err: ErrNoTextLayer},
		{file: "indesign-encrypted-empty-password.pdf", words: []string{"Interest", "repayment", "conditions", "payments"}},
		{file: "malformed-bad-flate-cairo.pdf", msg: "no page could be read"},
		{file: "malformed-invalid-44-bytes.pdf", msg: "damaged"},
		{file: "xerox-workcentre-jbig2-scan.pdf", err: ErrNoTextLayer},
		{file: "pdf20-incremental-save.pdf", words: []string{"Spacing"}},
		// Other producers.
		{file: "sap-netweaver-factuur-nl.pdf", words: []string{"Postbus", "Factuurnr", "vermogen", "inbouwpositie"}},
		{file: "us-007-tables-cairo.pdf", words: []string{"Department", "employer", "payroll", "services"}},
		{file: "docbook-apache-fop27.pdf", words: []string{"Inhaltsverzeichnis", "Heading", "Content"}},
		{file: "tcpdf-standard-fonts.pdf", words: []string{"courier", "helvetica", "timesBI", "①", "⑩", "❿"}}, // ZapfDingbats: circled numbers
		{file: "haru-kompas3d-ru.pdf", words: []string{"Масштаб", "Копировал"}},
		{file: "luahbtex-pdf20-tagged.pdf", words: []string{"February", "satisfy", "equation"}},
		{file: "corel-pdf-engine-printserver.pdf", words: []string{"INTRODUCTION", "intersection", "available", "generic"}},
		{file: "afp-batch-type3.pdf", words: []string{"interest", "Transfer", "balance"}},
		{file: "libreoffice64-writer-trivial.pdf", words: []string{"consetetur", "invidunt", "voluptua", "takimata"}},
		{file: "ghostscript-pdfa-crazyones.pdf", words: []string{"October", "differently", "glorify", "silence"}},
		{file: "google-docs-skia-type3.pdf", words: []string{"Example", "Complex", "implementation", "Jakarta"}},
	}
	listed := map[string]bool{}
	for _, tt := range tests {
		listed[tt.file] = true
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata/pdf-real", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			x, err := pdfExtractor{}.Extract(context.Background(), data)
			if err != nil && strings.Contains(err.Error(), "runtime error") {
				t.Fatalf("panic: %v", err)
			}
			switch {
			case tt.err != nil:
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			case tt.msg != "":
				if err == nil || !strings.Contains(err.Error(), tt.msg) {
					t.Fatalf("err = %v, want one saying %q", err, tt.msg)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			for _, w := range x.Warnings {
				if strings.Contains(w, "internal error") {
					t.Errorf("layout bug: %s", w)
				}
			}
			have := map[string]bool{}
			for _, b := range x.Blocks {
				for _, w := range regexp.MustCompile(`[\pL\pN]+`).FindAllString(b.Text, -1) {
					have[w] = true
				}
			}
			for _, w := range tt.words {
				if !have[w] {
					t.Errorf("word %q missing", w)
				}
			}
		})
	}
	// Every committed file is tested.
	files, _ := filepath.Glob("testdata/pdf-real/*.pdf")
	for _, f := range files {
		if !listed[filepath.Base(f)] {
			t.Errorf("%s has no case", f)
		}
	}
}
