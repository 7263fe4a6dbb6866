package source

import (
	"bytes"
	"sync"
	"testing"
)

func TestLazyReadsOnceWhenAsked(t *testing.T) {
	reads := 0
	f := Lazy("fonts/a.ttf", "themes/default/fonts/a.ttf", 42, func() []byte { reads++; return []byte("font bytes") })
	if reads != 0 || f.Data != nil {
		t.Fatalf("a lazy file was read when made (%d reads)", reads)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if got := f.Bytes(); !bytes.Equal(got, []byte("font bytes")) {
				t.Errorf("Bytes = %q", got)
			}
		})
	}
	wg.Wait()
	if reads != 1 || f.Hash != 42 {
		t.Errorf("read %d times, hash %d; want once, 42", reads, f.Hash)
	}
	if g := New("a.md", "content/a.md", []byte("x")); !bytes.Equal(g.Bytes(), []byte("x")) {
		t.Errorf("Bytes of a read file = %q", g.Bytes())
	}
}
