package store

import (
	"encoding/json"
	"fmt"
	"time"
)

// Document types (DESIGN §4).
const (
	TypePlan           = "plan"
	TypeProgressReport = "progress-report"
	TypeAnnualReport   = "annual-report"
	TypeOther          = "other"
)

// DocTypes lists the valid document types, in display order.
var DocTypes = []string{TypePlan, TypeProgressReport, TypeAnnualReport, TypeOther}

// ValidType reports whether t is one of DocTypes.
func ValidType(t string) bool {
	for _, x := range DocTypes {
		if x == t {
			return true
		}
	}
	return false
}

// Organisation is a "case": the organisation a document belongs to.
type Organisation struct {
	ID    string            `json:"id"`
	Name  string            `json:"name"`
	Attrs map[string]string `json:"attrs,omitempty"`
}

// Document is one ingested source file.
type Document struct {
	ID         string            `json:"id"`
	Org        string            `json:"org"`
	Type       string            `json:"type"`
	Period     string            `json:"period,omitempty"`
	Year       int               `json:"year,omitempty"`
	Title      string            `json:"title,omitempty"`
	Lang       string            `json:"lang,omitempty"` // main language when not Dutch
	Source     string            `json:"source"`
	Format     string            `json:"format"`
	SHA256     string            `json:"sha256"`
	Size       int64             `json:"size"`
	Pages      int               `json:"pages"`
	Fragments  int               `json:"fragments"`
	IngestedAt time.Time         `json:"ingested_at"`
	Attrs      map[string]string `json:"attrs,omitempty"`
}

// Fragment is a paragraph-sized unit of a document: the unit of coding.
type Fragment struct {
	ID      string   `json:"id"` // DOC/NNNN
	Doc     string   `json:"doc"`
	Ordinal int      `json:"ordinal"` // 1-based position in the document
	Page    int      `json:"page,omitempty"`
	Section []string `json:"section,omitempty"` // headings above the fragment, outermost first
	Kind    string   `json:"kind"`
	Lang    string   `json:"lang,omitempty"` // "" = Dutch; "en" or "fr" when detected or declared
	Text    string   `json:"text"`
	Start   int      `json:"start"` // byte offset into the document's clean text
	End     int      `json:"end"`   // exclusive
	Hash    string   `json:"hash"`  // of the normalised text; matches fragments across re-ingests
	// OCR is set when the text was read from a page image by OCR, with
	// tesseract's mean word confidence (0-100) on that page.
	OCR           bool    `json:"ocr,omitempty"`
	OCRConfidence float64 `json:"ocr_confidence,omitempty"`
}

// Fragment kinds.
const (
	KindParagraph = "paragraph"
	KindHeading   = "heading"
	KindListItem  = "list-item"
	KindTable     = "table"
)

// FragmentID builds the ID of a document's n-th fragment.
func FragmentID(doc string, ordinal int) string {
	return fmt.Sprintf("%s/%04d", doc, ordinal)
}

// Event is one entry of the append-only event log.
type Event struct {
	Seq    uint64          `json:"seq"`
	Time   time.Time       `json:"time"`
	Actor  string          `json:"actor"`
	Action string          `json:"action"` // e.g. document.add, document.replace, org.import
	Target string          `json:"target"`
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}
