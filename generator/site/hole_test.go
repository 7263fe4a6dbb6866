package site

import (
	"bytes"
	"testing"
)

func TestHoleRoundTrip(t *testing.T) {
	for _, c := range []struct {
		side     uint64
		at, size int
	}{{0, -1, 0}, {1<<64 - 1, 0, 12}, {42, 1 << 20, 300000}} {
		b := encodeHole(c.side, c.at, c.size)
		side, at, size, ok := decodeHole(b)
		if !ok || side != c.side || at != c.at || size != c.size {
			t.Errorf("decodeHole(encodeHole(%v)) = %d, %d, %d, %v", c, side, at, size, ok)
		}
		for n := range b {
			if _, _, _, ok := decodeHole(b[:n]); ok {
				t.Errorf("decodeHole took %d of %d bytes", n, len(b))
			}
		}
		if _, _, _, ok := decodeHole(append(bytes.Clone(b), 0)); ok {
			t.Error("decodeHole took a record with a byte too many")
		}
	}
}

// FuzzDecodeHole: a page's record from the cache on disk is read without
// panicking, and what is read is a place in a file.
func FuzzDecodeHole(f *testing.F) {
	f.Add(encodeHole(7, 120, 4000))
	f.Add(encodeHole(0, -1, 0))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, at, size, ok := decodeHole(data); ok && (at < -1 || size < 0) {
			t.Errorf("decodeHole(%x) = at %d, size %d", data, at, size)
		}
	})
}
