// Package bench holds the whole-pipeline measurements behind `plancoder
// bench`: PDF extraction scored against truth files and against pdftotext,
// ingest with its index timed against pdftotext, and search latency, with
// the process's peak memory. Each builds its own project; none is needed
// at run time by any other package.
package bench

import (
	"bytes"
	"context"
	"fmt"
	_ "github.com/plancoder/plancoder/ingest/pdftext" // registers the PDF reader with ingest
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/truth"
)

// ExtractScore is the quality of one PDF's extraction against its truth,
// for plancoder and, when installed, pdftotext.
type ExtractScore struct {
	File        string        `json:"file"`
	Producer    string        `json:"producer"`
	Pages       int           `json:"pages"`
	Ours        truth.Score   `json:"plancoder"`
	OursTime    time.Duration `json:"plancoder_ns"`
	OursErr     string        `json:"plancoder_error,omitempty"`
	Poppler     *truth.Score  `json:"pdftotext,omitempty"`
	PopplerTime time.Duration `json:"pdftotext_ns,omitempty"`
}

// TruthFiles lists the PDFs under dir that have a truth file beside them.
func TruthFiles(dir string) ([]string, error) {
	all, err := PDFFiles(dir)
	var out []string
	for _, path := range all {
		if _, err := os.Stat(path + truth.Suffix); err == nil {
			out = append(out, path)
		}
	}
	return out, err
}

// Extract scores every PDF with a truth file under dir. pdftotext is
// the path of poppler's pdftotext, or "" to skip the comparison.
func Extract(ctx context.Context, dir, pdftotext string, progress func(done, total int)) ([]ExtractScore, error) {
	files, err := TruthFiles(dir)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no PDF with a %s file under %s", truth.Suffix, dir)
	}
	var out []ExtractScore
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		t, err := truth.Load(f + truth.Suffix)
		if err != nil {
			return out, err
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return out, err
		}
		rel, _ := filepath.Rel(dir, f)
		sc := ExtractScore{File: rel, Producer: t.Producer, Pages: t.Pages}
		start := time.Now()
		res, err := ingest.Bytes(ctx, f, data, ingest.Meta{ID: "bench"})
		sc.OursTime = time.Since(start)
		if err != nil {
			sc.OursErr = err.Error()
			sc.Ours = truth.Compare(t, nil, []string{})
		} else {
			var texts, heads []string
			for _, fr := range res.Fragments {
				texts = append(texts, fr.Text)
				if fr.Kind == ingest.KindHeading {
					heads = append(heads, fr.Text)
				}
			}
			if heads == nil {
				heads = []string{}
			}
			sc.Ours = truth.Compare(t, texts, heads)
		}
		if pdftotext != "" {
			var stdout bytes.Buffer
			cmd := exec.CommandContext(ctx, pdftotext, "-enc", "UTF-8", f, "-")
			cmd.Stdout = &stdout
			start := time.Now()
			if err := cmd.Run(); err == nil {
				sc.PopplerTime = time.Since(start)
				ps := truth.Compare(t, []string{stdout.String()}, nil)
				sc.Poppler = &ps
			}
		}
		out = append(out, sc)
		if progress != nil {
			progress(i+1, len(files))
		}
	}
	return out, nil
}
