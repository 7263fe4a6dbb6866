package generator

import (
	"io/fs"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
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
	// What a reader's browser opens: the search index (every language's,
	// per 1,000 pages, and as a share of the site) and the largest handbook page.
	var site, index, handbook int64
	filepath.WalkDir(filepath.Join(cfg.OutDir, "site"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		info, _ := d.Info()
		site += info.Size()
		switch {
		case strings.Contains(p, string(filepath.Separator)+"search"+string(filepath.Separator)) && strings.HasSuffix(p, ".js"):
			index += info.Size() // the index, or its shards
		case strings.Contains(p, string(filepath.Separator)+"handbook"+string(filepath.Separator)):
			handbook = max(handbook, info.Size())
		}
		return nil
	})
	b.ReportMetric(float64(index)/1024*1000/float64(pages), "search-KiB/1000pages")
	b.ReportMetric(100*float64(index)/float64(site), "search-%site")
	b.ReportMetric(float64(handbook)/(1<<20), "handbook-max-MiB")
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
