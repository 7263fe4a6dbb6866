package generator

// The floor (package floor) is the least any Go program must do to make a
// site of the same pages; BenchmarkBuildN / BenchmarkFloorN is how far
// Playbook is from it.

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"playbook/generator/internal/floor"
	"playbook/generator/synth"
)

func benchmarkFloor(b *testing.B, pages int) {
	dir := b.TempDir()
	if err := synth.Write(dir, pages); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(dir, "output")
	for b.Loop() {
		b.StopTimer()
		os.RemoveAll(out)
		b.StartTimer()
		if err := floor.Build(filepath.Join(dir, "content"), out); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFloor1000(b *testing.B)  { benchmarkFloor(b, 1000) }
func BenchmarkFloor10000(b *testing.B) { benchmarkFloor(b, 10000) }

// TestFloorBuilds: the floor makes every page (else its time means nothing).
func TestFloorBuilds(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Write(dir, 200); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "output")
	if err := floor.Build(filepath.Join(dir, "content"), out); err != nil {
		t.Fatal(err)
	}
	n := 0
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			if bytes.Contains(data, []byte("<nav><a href=")) && bytes.Contains(data, []byte("</main>")) {
				n++
			}
		}
		return nil
	})
	if n < 200 {
		t.Errorf("the floor made %d whole pages of at least 200", n)
	}
}
