package web

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/plancoder/plancoder/store"
)

// originalPDF is the kept original of doc when it is a PDF in the
// project's originals folder ("" otherwise).
func (s *Server) originalPDF(doc store.Document) string {
	p := s.cfg.Project.OriginalPath(doc.SHA256, doc.Source)
	if p == "" || !strings.EqualFold(filepath.Ext(p), ".pdf") {
		return ""
	}
	if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	return p
}

// pdfLink opens the original at a page in the browser's own PDF viewer.
func pdfLink(doc store.Document, page int) string {
	u := "/original/" + url.PathEscape(doc.ID)
	if page > 0 {
		u += fmt.Sprintf("#page=%d", page)
	}
	return u
}

// original serves a document's kept original PDF, inline, with range
// requests (the viewer reads pages as it needs them).
func (s *Server) original(w http.ResponseWriter, r *http.Request) {
	var doc store.Document
	err := s.with(func(st *store.Store) error {
		var err error
		doc, err = st.Document(r.PathValue("doc"))
		return err
	})
	if err != nil {
		s.storeError(w, r, err)
		return
	}
	p := s.originalPDF(doc)
	if p == "" {
		s.fail(w, r, http.StatusNotFound, fmt.Sprintf("the original PDF of %s is not kept in this project", doc.ID))
		return
	}
	// The browser's PDF viewer does not run under this site's CSP (a
	// sandbox or default-src 'none' blanks it); the file is only data, and
	// nosniff and the type keep it from being read as anything else.
	w.Header().Del("Content-Security-Policy")
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": filepath.Base(doc.Source)}))
	w.Header().Set("Cache-Control", "private, max-age=3600")
	http.ServeFile(w, r, p)
}
