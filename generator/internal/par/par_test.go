package par

import (
	"runtime"
	"testing"
)

func TestSplit(t *testing.T) {
	for _, c := range []struct{ n, least int }{{0, 512}, {1, 512}, {511, 512}, {1024, 512}, {10007, 512}, {5, 1}, {7, 0}} {
		runs := Split(c.n, c.least)
		if len(runs) == 0 || len(runs) > runtime.GOMAXPROCS(0) || runs[0][0] != 0 || runs[len(runs)-1][1] != c.n {
			t.Errorf("Split(%d, %d) = %v", c.n, c.least, runs)
			continue
		}
		for i := 1; i < len(runs); i++ {
			if runs[i][0] != runs[i-1][1] || runs[i][1]-runs[i][0] < c.least {
				t.Errorf("Split(%d, %d) = %v: runs must follow one another, each of at least %d", c.n, c.least, runs, c.least)
			}
		}
	}
}
