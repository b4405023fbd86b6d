// Package synth generates a deterministic corpus of realistic synthetic
// Dutch-language (Flemish) policy documents of socio-cultural adult-work
// organisations: a policy plan ("beleidsplan") 2021–2025 per organisation,
// one or two progress reports ("voortgangsrapport") and sometimes an annual
// report ("jaarverslag").
//
// Generate draws organisations (name, sector, region, functions, size and a
// hidden theme profile) from the seed and writes every document from
// sentence templates with slot fillers, so that themes such as
// digitalisation, diversity, volunteers or finances are weighted unevenly
// per organisation and across years. Documents are rendered as Markdown,
// plain text (optionally paged with form feeds), HTML pages or minimal
// DOCX packages, or with Options.PDF mostly as PDFs laid out by RenderPDF
// (justified, hyphenated, running headers and footers, a two-column
// chapter) that carry their exact ground truth (truth.Truth) in
// File.Truth. The same Options always give byte-identical output; all
// randomness comes from math/rand/v2 PCG substreams derived from the seed.
//
// Corpus.WriteDir stores the files together with manifest.csv and orgs.csv,
// and the truth of every PDF next to it as <name>.pdf.truth.json.
package synth
