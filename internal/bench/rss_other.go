//go:build !unix

package bench

func peakRSSMiB() int64 { return -1 }

// PeakRSSMiB is -1 here: see rss_unix.go.
func PeakRSSMiB() int64 { return peakRSSMiB() }

// RSSMiB is -1 here: see rss_unix.go.
func RSSMiB() (total, anon int64) { return -1, -1 }
