package generator

import (
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"playbook/generator/synth"
)

func benchmarkBuild(b *testing.B, pages int) {
	dir := b.TempDir()
	if err := synth.Write(dir, pages); err != nil {
		b.Fatal(err)
	}
	cfg := Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output")}
	peak := watchHeap()
	for b.Loop() {
		res, err := Build(cfg)
		if err != nil {
			b.Fatal(err)
		}
		if res.Pages < pages {
			b.Fatalf("built %d pages, want at least %d", res.Pages, pages)
		}
	}
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
}

// watchHeap samples the heap until the returned function is called and
// returns the largest size seen.
func watchHeap() func() uint64 {
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			mu.Lock()
			peak = max(peak, sample[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

func BenchmarkBuild1000(b *testing.B)  { benchmarkBuild(b, 1000) }
func BenchmarkBuild10000(b *testing.B) { runtime.GC(); benchmarkBuild(b, 10000) }
