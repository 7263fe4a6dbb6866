package site

import (
	"io"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"playbook/generator/model"
	"playbook/generator/theme"
)

type nullOut struct{}

func (nullOut) WriteFile(string, []byte) error { return nil }

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

func (nullOut) Create(string) (io.WriteCloser, error) { return nopCloser{io.Discard}, nil }

func TestTiming(t *testing.T) {
	dir := os.Getenv("SYNTH_DIR")
	if dir == "" {
		t.Skip()
	}
	th, _ := theme.Open("", "default")
	s, _ := model.Load(os.DirFS(dir+"/content"), model.Options{})
	r, _ := New(th)
	var mu sync.Mutex
	type jt struct {
		n string
		d time.Duration
	}
	var all []jt
	debugTiming = func(n string, d time.Duration) { mu.Lock(); all = append(all, jt{n, d}); mu.Unlock() }
	t0 := time.Now()
	for range 5 {
		r.Render(s, nullOut{})
	}
	t.Logf("render %v", time.Since(t0))
	slices.SortFunc(all, func(a, b jt) int { return int(b.d - a.d) })
	var sum time.Duration
	for _, j := range all {
		sum += j.d
	}
	t.Logf("sum %v over %d", sum, len(all))
	for _, j := range all[:10] {
		t.Logf("%v %s", j.d, j.n)
	}
}
