package bench

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/truth"
)

// ReferenceScore compares plancoder's text of one PDF with pdftotext's, for
// real files that have no ground truth.
type ReferenceScore struct {
	File     string        `json:"file"`
	Pages    int           `json:"pages"`
	Words    truth.Overlap `json:"words"`
	OursTime time.Duration `json:"plancoder_ns"`
	RefTime  time.Duration `json:"pdftotext_ns"`
	OursErr  string        `json:"plancoder_error,omitempty"`
	RefErr   string        `json:"pdftotext_error,omitempty"`
}

// PDFFiles lists the PDFs under dir.
func PDFFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".pdf") {
			out = append(out, path)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// Reference extracts every PDF under dir with plancoder and with
// pdftotext (its path) and compares their words. A file either cannot read
// is reported with its error, not fatal.
func Reference(ctx context.Context, dir, pdftotext string, progress func(done, total int)) ([]ReferenceScore, error) {
	files, err := PDFFiles(dir)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no PDF under %s", dir)
	}
	var out []ReferenceScore
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		rel, _ := filepath.Rel(dir, f)
		sc := ReferenceScore{File: rel}
		var ours, ref string
		data, err := os.ReadFile(f)
		if err != nil {
			return out, fmt.Errorf("read %s: %w", f, err)
		}
		start := time.Now()
		res, err := ingest.Bytes(ctx, f, data, ingest.Meta{ID: "bench"})
		sc.OursTime = time.Since(start)
		if err != nil {
			sc.OursErr = err.Error()
		} else {
			ours = res.Text
			sc.Pages = res.Doc.Pages
		}
		var stdout, stderr bytes.Buffer
		cmd := exec.CommandContext(ctx, pdftotext, "-enc", "UTF-8", f, "-")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		start = time.Now()
		err = cmd.Run()
		sc.RefTime = time.Since(start)
		if err != nil {
			msg := strings.TrimSpace(stderr.String())
			if i := strings.IndexByte(msg, '\n'); i >= 0 {
				msg = msg[:i]
			}
			sc.RefErr = strings.TrimSpace(err.Error() + ": " + msg)
		} else {
			ref = stdout.String()
		}
		// Recall counts body text: pdftotext keeps the running headers,
		// footers and page numbers that plancoder drops by design.
		sc.Words = truth.CompareReference(ref, ours, 3)
		out = append(out, sc)
		if progress != nil {
			progress(i+1, len(files))
		}
	}
	return out, nil
}
