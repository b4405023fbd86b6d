package codebook

import (
	"bytes"
	_ "embed"
)

//go:embed example.yaml
var exampleYAML []byte

// ExampleYAML returns the text of the example codebook: about thirty themes
// of Flemish socio-cultural adult-work policy plans, in Dutch.
func ExampleYAML() []byte {
	return bytes.Clone(exampleYAML)
}

// Example returns the example codebook, parsed; each call returns a new copy.
// It panics if the embedded example is invalid (a test guards against that).
func Example() *Codebook {
	cb, err := ParseYAML("example.yaml", exampleYAML)
	if err != nil {
		panic("codebook: the embedded example is invalid:\n" + err.Error())
	}
	return cb
}
