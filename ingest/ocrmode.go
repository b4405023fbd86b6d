package ingest

import (
	"context"
	"fmt"
	"strings"
)

// OCRMode says which PDF pages are read by optical character recognition.
type OCRMode string

// OCR modes.
const (
	// OCRNever reports pages without a text layer as needing OCR (the
	// library's default, when the context names no mode).
	OCRNever OCRMode = "never"
	// OCRAuto reads only the pages that have no text layer by OCR.
	OCRAuto OCRMode = "auto"
	// OCRAlways reads every page by OCR and ignores the text layer (for
	// PDFs whose text layer is garbage).
	OCRAlways OCRMode = "always"
)

// ParseOCRMode reads "auto", "always" or "never".
func ParseOCRMode(s string) (OCRMode, error) {
	switch m := OCRMode(strings.ToLower(strings.TrimSpace(s))); m {
	case OCRAuto, OCRAlways, OCRNever:
		return m, nil
	}
	return "", fmt.Errorf("OCR mode %q: want auto, always or never", s)
}

type ocrKey struct{}

// WithOCR returns a context under which PDF extraction uses mode. The mode
// travels in the context because it is a property of the run, not of a
// file, and extractors only see the context and the bytes.
func WithOCR(ctx context.Context, mode OCRMode) context.Context {
	return context.WithValue(ctx, ocrKey{}, mode)
}

// OCRModeFrom is the mode WithOCR put in ctx, OCRNever when none.
func OCRModeFrom(ctx context.Context) OCRMode {
	if m, ok := ctx.Value(ocrKey{}).(OCRMode); ok && m != "" {
		return m
	}
	return OCRNever
}
