// Command plancoder ingests, codes and analyses policy plans.
package main

import (
	"os"
	"runtime/debug"

	"github.com/plancoder/plancoder/ingest"
)

// softMemoryLimit makes the garbage collector work harder as the heap nears
// it, instead of letting it grow to twice the live data: ingesting a 60 MB
// text peaked at 1,035 MB without it and 653 MB with it. It is a target, not
// a cap (a larger live heap is still served); GOMEMLIMIT overrides it.
const softMemoryLimit = 512 << 20

// memoryLimitFor is the soft limit for a command whose largest input file
// has the given size. Above 8 MiB the limit follows the input (three times
// it plus a base), so that one big file is held near the ~4x of its size
// the live data of its ingest needs instead of the general limit; a 50 MB
// text peaked at 379 MB RSS under the general limit and 245 MB under its
// own. Smaller inputs keep the general limit: a batch of many plans needs
// room for the index batches, whatever its largest file.
func memoryLimitFor(largest int64) int64 {
	if largest < 8<<20 {
		return softMemoryLimit
	}
	return min(softMemoryLimit, max(128<<20, 3*largest+48<<20))
}

// streamMemoryLimit is the soft limit of an ingest whose big files are all
// streamed (ingest.Stream) and whose other files are small: it then holds
// a chunk of text, an index batch and the word caches, whatever the size
// of the file. A 50 MB text peaked at 171 MB RSS under it (at 272 MB read
// whole under its own limit).
const streamMemoryLimit = 100 << 20

// fitMemoryLimit lowers the soft limit for a command's largest input (see
// memoryLimitFor), unless GOMEMLIMIT sets one.
func fitMemoryLimit(getenv func(string) string, largest int64) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimitFor(largest))
	}
}

// fitIngestMemoryLimit sets the soft limit of an ingest of jobs: that of
// its largest file read whole, or streamMemoryLimit when the files read
// whole total less than 8 MiB and others are streamed.
func fitIngestMemoryLimit(getenv func(string) string, jobs []ingest.Job) {
	largest, total, streamed := ingest.Held(jobs)
	if streamed > 0 && total < 8<<20 {
		if getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(streamMemoryLimit)
		}
		return
	}
	fitMemoryLimit(getenv, largest)
}

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
	os.Exit(Main())
}
