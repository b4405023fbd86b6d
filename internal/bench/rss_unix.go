//go:build unix

package bench

import "syscall"

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
