package generator

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"playbook/generator/synth"
)

// benchmarkBuild times cold builds: each into an empty output folder,
// with no cache to reuse.
func benchmarkBuild(b *testing.B, pages int) {
	dir := b.TempDir()
	if err := synth.Write(dir, pages); err != nil {
		b.Fatal(err)
	}
	cfg := Config{ContentDir: filepath.Join(dir, "content")}
	peak := watchHeap()
	n := 0
	for b.Loop() {
		b.StopTimer()
		if cfg.OutDir != "" {
			os.RemoveAll(cfg.OutDir)
		}
		n++
		cfg.OutDir = filepath.Join(dir, "output-"+strconv.Itoa(n))
		b.StartTimer()
		res, err := Build(cfg)
		if err != nil {
			b.Fatal(err)
		}
		if res.Pages < pages || res.Reused > 0 {
			b.Fatalf("built %d pages, want at least %d, reusing %d", res.Pages, pages, res.Reused)
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

// benchmarkRebuild times warm builds after one edit: each iteration edits
// one page (its body, or its title) and builds into the same output folder,
// reusing what the builds before kept. afterCold: each iteration starts
// from an output folder one cold build made (untimed), as a user's first
// edit after a build does; else from the third build on.
func benchmarkRebuild(b *testing.B, pages int, title, afterCold bool) {
	dir := b.TempDir()
	if err := synth.Write(dir, pages); err != nil {
		b.Fatal(err)
	}
	cfg := Config{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "output")}
	builds := 3 // the third build starts from the first's folder
	if afterCold {
		builds = 0
	}
	for range builds {
		if _, err := Build(cfg); err != nil {
			b.Fatal(err)
		}
	}
	var files []string
	filepath.WalkDir(cfg.ContentDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			files = append(files, p)
		}
		return nil
	})
	n := 0
	for b.Loop() {
		b.StopTimer()
		if afterCold {
			if err := os.RemoveAll(cfg.OutDir); err != nil {
				b.Fatal(err)
			}
			if _, err := Build(cfg); err != nil {
				b.Fatal(err)
			}
		}
		n++
		f := files[n*7919%len(files)]
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if title {
			data = bytes.Replace(data, []byte(`title = "`), []byte(`title = "改`+strconv.Itoa(n)+` `), 1)
		} else {
			data = append(data, "\n\n新的一段 "+strconv.Itoa(n)+"。\n"...)
		}
		if err := os.WriteFile(f, data, 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := Build(cfg)
		if err != nil {
			b.Fatal(err)
		}
		if res.Reused < pages {
			b.Fatalf("reused %d, want at least one per page", res.Reused)
		}
	}
}

func BenchmarkRebuildBodyEdit1000(b *testing.B)  { benchmarkRebuild(b, 1000, false, false) }
func BenchmarkRebuildTitleEdit1000(b *testing.B) { benchmarkRebuild(b, 1000, true, false) }
func BenchmarkRebuildBodyEdit10000(b *testing.B) {
	runtime.GC()
	benchmarkRebuild(b, 10000, false, false)
}
func BenchmarkRebuildTitleEdit10000(b *testing.B) {
	runtime.GC()
	benchmarkRebuild(b, 10000, true, false)
}

// The first edit after a cold build: the build before last left nothing
// to stage into.
func BenchmarkRebuildFirstBodyEdit1000(b *testing.B) { benchmarkRebuild(b, 1000, false, true) }
func BenchmarkRebuildFirstBodyEdit10000(b *testing.B) {
	runtime.GC()
	benchmarkRebuild(b, 10000, false, true)
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
