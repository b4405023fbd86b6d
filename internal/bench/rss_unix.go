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

// RSSMiB is the process's resident memory now in MiB, from /proc (-1
// where there is none): a server's memory while it serves, not at its peak
// of setting up. anon is the part that is the process's own (heap, stacks);
// the rest is mapped files (the project's database and index pages, which
// the kernel can drop and read again).
func RSSMiB() (total, anon int64) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1, -1
	}
	total, anon = -1, -1
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) != 2 || f[1] != "kB" {
			continue
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			continue
		}
		switch k {
		case "VmRSS":
			total = n >> 10
		case "RssAnon":
			anon = n >> 10
		}
	}
	return total, anon
}
