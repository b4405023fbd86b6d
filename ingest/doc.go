// Package ingest turns files into documents and fragments: it finds what a
// file is, extracts its text through the Extractor registered for its
// extension (text, Markdown, HTML, DOCX here; PDF in ingest/pdftext, which
// registers itself when imported), cleans it, removes line-end hyphens
// where Dutch spelling allows, and cuts it into fragments with their
// section paths. It returns values and never opens the database.
package ingest
