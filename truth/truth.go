// Package truth holds the ground truth of a rendered document and scores an
// extraction against it: word recall and precision, leaked running headers,
// footers and page numbers, line-end hyphenation, and headings found. synth
// writes a truth file next to every PDF it renders; fixtures made by other
// producers carry a hand-written one.
package truth

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Suffix is appended to a document's file name to name its truth file:
// plan.pdf -> plan.pdf.truth.json.
const Suffix = ".truth.json"

// Block is one unit of the document's text in reading order.
type Block struct {
	Kind string `json:"kind"` // heading, paragraph, list-item, table (rows joined by "\n", cells by " | ")
	Text string `json:"text"` // as it should read after extraction: no line-end hyphens
	Page int    `json:"page"` // 1-based page where the block starts
}

// Truth is what a PDF says, independent of its layout.
type Truth struct {
	Producer string  `json:"producer"` // e.g. "plancoder synth (fpdf)", "LibreOffice 7.4"
	Pages    int     `json:"pages"`
	Blocks   []Block `json:"blocks"`
	// Furniture lists the running header and footer lines and page numbers
	// exactly as printed, one entry per printed line; none of them belongs in
	// the extracted text.
	Furniture []string `json:"furniture"`
	// Hyphenated lists every word that the layout broke at a line end, as
	// it must read once rejoined ("ontwikkelen", or "sociaal-culturele" for a
	// compound whose own hyphen fell at the line end).
	Hyphenated []string `json:"hyphenated"`
}

// Load reads the truth file at path.
func Load(path string) (*Truth, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var t Truth
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &t, nil
}

// Marshal renders t as indented JSON.
func (t *Truth) Marshal() ([]byte, error) {
	return json.MarshalIndent(t, "", "  ")
}

// Text is the document's text: blocks joined by blank lines.
func (t *Truth) Text() string {
	var parts []string
	for _, b := range t.Blocks {
		parts = append(parts, b.Text)
	}
	return strings.Join(parts, "\n\n")
}
