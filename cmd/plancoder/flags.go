package main

// Bounds of numeric flags. Values outside them are usage errors: a huge
// offset once overflowed Bleve's collector and a negative width sliced past
// the start of a text (both a Go trace instead of a message).
const (
	maxLimit  = 10000
	maxOffset = 1000000
	maxWidth  = 10000
)

// checkRange returns a usage error naming flag when v is outside lo..hi.
func checkRange(flag string, v, lo, hi int) error {
	if v < lo || v > hi {
		return usagef("--%s %d: must be between %d and %d", flag, v, lo, hi)
	}
	return nil
}
