// Command plancoder ingests, codes and analyses policy plans.
package main

import (
	"os"
	"runtime/debug"
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

// fitMemoryLimit lowers the soft limit for a command's largest input (see
// memoryLimitFor), unless GOMEMLIMIT sets one.
func fitMemoryLimit(env *Env, largest int64) {
	if env.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimitFor(largest))
	}
}

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
	os.Exit(Main())
}
