//go:build !unix

package project

func peakRSSMiB() int64 { return -1 }
