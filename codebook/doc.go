// Package codebook reads, checks and writes plancoder codebooks: the list of
// themes (codes) that coders apply to passages of socio-cultural policy plans.
//
// A codebook is kept in a YAML file (the canonical form) or, for editing in a
// spreadsheet, a CSV file. The YAML form has an optional name, an optional
// list of groups and a list of codes:
//
//	name: Thema's sociaal-cultureel beleidsplannen
//	groups:
//	  - key: zakelijk
//	    name: Zakelijke organisatie
//	codes:
//	  - key: FIN
//	    name: Financiën
//	    group: zakelijk
//	    colour: "#1f77b4"
//	    shortcut: f
//
// YAML is read strictly: an unknown or repeated field is an error. When a
// file declares no groups, the groups are inferred from the codes.
//
// The CSV form has a header row naming its columns (key, name, group,
// description, include, exclude, example, colour, shortcut; key and name are
// required, the others optional, in any order). Commas, semicolons (as written
// by a Dutch-language spreadsheet) and tabs are accepted as separators. Groups
// are inferred from the group column; CSV keeps neither the codebook's name
// nor the groups' names and descriptions.
//
// Every problem found while reading is reported with its file, line and
// field, as a [FieldError] in an [Errors] list, so that all of them can be
// fixed in one pass. The rules are the store's (store.ValidateCode): a
// shortcut is one printable character not in store.ReservedShortcuts, text
// fields have no control characters. Values are quoted and cut in messages,
// and a file over [MaxFileSize] is refused before it is parsed.
package codebook
