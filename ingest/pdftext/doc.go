// Package pdftext reads the text of PDF files for ingest: it opens real
// files as viewers do (repairing, decrypting with an empty password),
// interprets each page's content into glyphs with their positions, lays
// them out into rows, columns, tables and blocks, drops running headers and
// footers, and reads pages without a text layer by OCR (tesseract) when
// asked. Importing it registers the reader for ".pdf" with ingest.Register.
package pdftext
