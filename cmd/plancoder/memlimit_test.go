package main

import "testing"

func TestMemoryLimitFor(t *testing.T) {
	for _, tt := range []struct {
		largest int64
		want    int64
	}{
		{0, softMemoryLimit},
		{1 << 20, softMemoryLimit},
		{8 << 20, 128 << 20},
		{50_000_000, 3*50_000_000 + 48<<20},
		{64 << 20, 240 << 20},
		{400 << 20, softMemoryLimit},
	} {
		if got := memoryLimitFor(tt.largest); got != tt.want {
			t.Errorf("memoryLimitFor(%d) = %d MiB, want %d MiB", tt.largest, got>>20, tt.want>>20)
		}
	}
}
