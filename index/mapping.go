package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Field names of an indexed fragment.
const (
	FieldText    = "text"    // Dutch text (and any fragment not detected as en/fr)
	FieldTextEN  = "text_en" // English fragments
	FieldTextFR  = "text_fr" // French fragments
	FieldDoc     = "doc"
	FieldOrg     = "org"
	FieldType    = "type"
	FieldPeriod  = "period"
	FieldYear    = "year"
	FieldSection = "section"
	FieldKind    = "kind"
	FieldAttrs   = "attrs" // "key=value" of the organisation's attributes
	FieldLang    = "lang"
	FieldHash    = "hash" // Fragment.Hash: content of the entry, for checks
)

// textFields are the full-text fields, one per analysed language.
var textFields = []string{FieldText, FieldTextEN, FieldTextFR}

// dutchStop is Bleve's Dutch stop list (the one the analyzer uses), folded.
var dutchStop = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(string(nl.DutchStopWords), "\n") {
		if i := strings.IndexByte(line, '|'); i >= 0 {
			line = line[:i]
		}
		for _, w := range strings.Fields(line) {
			m[Fold(w)] = true
		}
	}
	return m
}()

// NewMapping builds the index mapping: one static document type, a Dutch
// analyzer (tokens, lower case, diacritics folded, Dutch stop words,
// plancoder's Dutch stemmer) for text and section paths, English and French
// analyzers for passages in those languages, keyword fields for filters.
func NewMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	for _, a := range []struct{ name, stop, stem string }{
		{AnalyzerNL, nl.StopName, TermsNLName},
		{AnalyzerNLWord, nl.StopName, WordNLName},
		{AnalyzerNLPart, nl.StopName, PartNLName},
		{AnalyzerEN, en.StopName, StemENName},
		{AnalyzerFR, fr.StopName, StemFRName},
	} {
		if err := im.AddCustomAnalyzer(a.name, map[string]interface{}{
			"type":          "custom",
			"tokenizer":     unicodeTok,
			"token_filters": []string{lowercaseName, FoldName, a.stop, a.stem},
		}); err != nil {
			panic(err)
		}
	}
	im.DefaultAnalyzer = AnalyzerNL
	im.DefaultField = FieldText

	text := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	keyword := func(docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = docValues
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(FieldText, text(AnalyzerNL))
	dm.AddFieldMappingsAt(FieldTextEN, text(AnalyzerEN))
	dm.AddFieldMappingsAt(FieldTextFR, text(AnalyzerFR))
	sec := text(AnalyzerNL)
	sec.IncludeTermVectors = false
	dm.AddFieldMappingsAt(FieldSection, sec)
	// Doc values only where a search reads them: the facets of --group-by
	// (doc, org, type, period) and the check's hash.
	for _, f := range []string{FieldDoc, FieldOrg, FieldType, FieldPeriod, FieldHash} {
		dm.AddFieldMappingsAt(f, keyword(true))
	}
	// The year is a keyword, not a number: searches only ask for one year,
	// and a numeric field is indexed as 16 prefix terms per value (the
	// year and page numbers took a quarter of the CPU of indexing). The
	// page is not indexed at all: no search filters on it, and the hash
	// still covers it for the check.
	for _, f := range []string{FieldKind, FieldAttrs, FieldLang, FieldYear} {
		dm.AddFieldMappingsAt(f, keyword(false))
	}
	// No field goes into Bleve's composite _all field (every field has
	// IncludeInAll false and searches default to FieldText), yet an
	// enabled _all is still composed and indexed for every fragment
	// (measured: 3-5% of the CPU of indexing). Disabled, it is skipped.
	dm.AddSubDocumentMapping("_all", &mapping.DocumentMapping{Enabled: false})
	im.DefaultMapping = dm
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}
