package diag

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestLinesMatchLineCol: the index gives the same positions as counting.
func TestLinesMatchLineCol(t *testing.T) {
	src := []byte("第一行\nsecond line\n\n第四行 with 中文\nlast")
	l := NewLines(src)
	for off := 0; off <= len(src)+2; off++ {
		wl, wc := LineCol(src, off)
		if gl, gc := l.At(off); gl != wl || gc != wc {
			t.Errorf("offset %d: %d:%d, want %d:%d", off, gl, gc, wl, wc)
		}
	}
}

func FuzzLines(f *testing.F) {
	f.Add("a\nb\n\nc", 3)
	f.Fuzz(func(t *testing.T, s string, off int) {
		wl, wc := LineCol([]byte(s), off)
		if gl, gc := NewLines([]byte(s)).At(off); gl != wl || gc != wc {
			t.Fatalf("%q at %d: %d:%d, want %d:%d", s, off, gl, gc, wl, wc)
		}
	})
}

// BenchmarkLines positions 30,000 places in a 2 MB text.
func BenchmarkLines(b *testing.B) {
	src := []byte(strings.Repeat("一行文字 with a [link](x.md) in it\n", 60000))
	for b.Loop() {
		l := NewLines(src)
		for range 30000 {
			l.At(rand.IntN(len(src)))
		}
	}
}
