package generator

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func BenchmarkZZPerf(b *testing.B) {
	src := os.Getenv("ZZ_CONTENT")
	dir := b.TempDir()
	cfg := Config{ContentDir: src, Only: []string{"site"}}
	n := 0
	for b.Loop() {
		b.StopTimer()
		if cfg.OutDir != "" {
			os.RemoveAll(cfg.OutDir)
		}
		n++
		cfg.OutDir = filepath.Join(dir, "o"+strconv.Itoa(n))
		b.StartTimer()
		if _, err := Build(cfg); err != nil {
			b.Fatal(err)
		}
	}
}
