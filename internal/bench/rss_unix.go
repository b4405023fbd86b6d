//go:build unix

package bench

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// peakRSSMiB reports the process's peak resident memory.
func peakRSSMiB() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return int64(ru.Maxrss) >> 10 // KiB on Linux
}

// PeakRSSMiB is the process's peak resident memory in MiB (-1 where it
// cannot be read), for benchmarks that print it.
func PeakRSSMiB() int64 { return peakRSSMiB() }

// RSSMiB is the process's resident memory now in MiB, from /proc (-1 where
// there is none): a server's memory while it serves, not at its peak of
// setting up.
func RSSMiB() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return -1
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return -1
	}
	return pages * int64(os.Getpagesize()) >> 20
}
