package analysis

import (
	"fmt"
	"os"
	"strings"

	"github.com/plancoder/plancoder/index"
	"go.yaml.in/yaml/v3"
)

// PartRule maps headings to a document part: a heading containing one of
// the words (stems, case and diacritics ignored) puts the fragments under it
// in the part.
type PartRule struct {
	Part  string   `yaml:"part" json:"part"`
	Words []string `yaml:"words" json:"words"`
}

// Rules are tried per heading from the outermost section inwards; the
// innermost heading that matches decides. Fragments under no matching
// heading are in part "overig".
type Rules []PartRule

// Other is the part of fragments no rule claims.
const Other = "overig"

// DefaultRules split a plan into its business part, its content part and
// its context, the split the seed reports asked about.
var DefaultRules = Rules{
	{Part: "zakelijk", Words: []string{"zakelijk", "financiën", "financieel", "begroting", "budget", "personeel", "personeelsbeleid",
		"bestuur", "governance", "raad van bestuur", "algemene vergadering", "kwaliteitszorg", "kwaliteitsbeleid", "infrastructuur",
		"vrijwilligersbeleid", "organisatie en middelen", "middelen", "communicatie", "samenwerkingsverbanden"}},
	{Part: "inhoudelijk", Words: []string{"doelstelling", "doelstellingen", "doel", "doelen", "strategisch", "operationeel",
		"sd", "od", "werking", "activiteiten", "realisaties", "aanbod", "stand van zaken", "projecten", "trajecten"}},
	{Part: "context", Words: []string{"omgevingsanalyse", "context", "missie", "visie", "inleiding", "woord vooraf", "voorwoord",
		"swot", "maatschappelijke context", "ontwikkelingen"}},
}

// LoadRules reads a parts file (YAML: a list of part/words), or returns the
// defaults when the file does not exist.
func LoadRules(path string) (Rules, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return DefaultRules, nil
	}
	if err != nil {
		return nil, err
	}
	var r Rules
	if err := yaml.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, x := range r {
		if x.Part == "" || len(x.Words) == 0 {
			return nil, fmt.Errorf("%s: rule %d: needs a part and words", path, i+1)
		}
	}
	return r, nil
}

// PartOf returns the part of a fragment from its section path.
func (r Rules) PartOf(section []string) string {
	return r.compile().partOf(section)
}

// compiled rules hold the stems of their words, and remember the part of
// every heading seen: a corpus has few distinct headings.
type compiled struct {
	parts   []string
	singles []map[string]bool
	phrases [][]string
	heading map[string]string // heading -> part ("" none)
}

func (r Rules) compile() *compiled {
	c := &compiled{heading: map[string]string{}}
	for _, rule := range r {
		c.parts = append(c.parts, rule.Part)
		singles := map[string]bool{}
		var phrases []string
		for _, w := range rule.Words {
			wt := index.Terms(w)
			switch {
			case len(wt) == 1:
				singles[wt[0]] = true
			case len(wt) > 1:
				phrases = append(phrases, " "+strings.Join(wt, " ")+" ")
			}
		}
		c.singles = append(c.singles, singles)
		c.phrases = append(c.phrases, phrases)
	}
	return c
}

func (c *compiled) partOf(section []string) string {
	part := Other
	for _, h := range section {
		p, ok := c.heading[h]
		if !ok {
			p = c.match(h)
			c.heading[h] = p
		}
		if p != "" {
			part = p
		}
	}
	return part
}

func (c *compiled) match(h string) string {
	terms := index.Terms(h)
	joined := " " + strings.Join(terms, " ") + " "
	for i, part := range c.parts {
		for _, t := range terms {
			if c.singles[i][t] {
				return part
			}
		}
		for _, ph := range c.phrases[i] {
			if strings.Contains(joined, ph) {
				return part
			}
		}
	}
	return ""
}

// Names lists the parts of the rules plus Other.
func (r Rules) Names() []string {
	var out []string
	for _, x := range r {
		out = append(out, x.Part)
	}
	return append(out, Other)
}
