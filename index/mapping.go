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
	FieldPage    = "page"
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
	keyword := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = true
		return f
	}
	number := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(FieldText, text(AnalyzerNL))
	dm.AddFieldMappingsAt(FieldTextEN, text(AnalyzerEN))
	dm.AddFieldMappingsAt(FieldTextFR, text(AnalyzerFR))
	sec := text(AnalyzerNL)
	sec.IncludeTermVectors = false
	dm.AddFieldMappingsAt(FieldSection, sec)
	for _, f := range []string{FieldDoc, FieldOrg, FieldType, FieldPeriod, FieldKind, FieldAttrs, FieldLang, FieldHash} {
		dm.AddFieldMappingsAt(f, keyword())
	}
	dm.AddFieldMappingsAt(FieldYear, number())
	dm.AddFieldMappingsAt(FieldPage, number())
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
