package ingest

// The text helpers a format package (ingest/pdftext) shares with the
// readers here, so that every format cleans, joins and judges lines alike.

// NormaliseText is the character clean-up every reader applies (ligatures,
// odd spaces and dashes, control characters); see normaliseText.
func NormaliseText(s string) string { return normaliseText(s) }

// Collapse folds runs of white space into one space and trims the ends.
func Collapse(s string) string { return collapse(s) }

// CountWords counts the words of s as the segmenter does.
func CountWords(s string) int { return countWords(s) }

// StartsLower reports whether s starts with a lower-case letter: a line
// that goes on the sentence before it.
func StartsLower(s string) bool { return startsLower(s) }

// EndsSentence reports whether a line ends a sentence.
func EndsSentence(line string) bool { return endsSentence(line) }

// JoinLines joins the lines of one paragraph, removing line-end hyphens
// where the joined word is attested (vocab: the document's own words).
func JoinLines(lines []string, vocab map[string]bool) string { return joinLines(lines, vocab) }

// MaxHeadingWords is the most words a heading has.
const MaxHeadingWords = maxHeadingWords
