// Package par runs independent work on all cores.
package par

import (
	"runtime"
	"sync"
)

// Do runs fn(0), …, fn(n-1) on all cores and returns when all are done.
func Do(n int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// Split cuts 0…n into up to one run per core, each of at least least
// items (one run when n is small): [from, to) pairs in order.
func Split(n, least int) [][2]int {
	runs := min(runtime.GOMAXPROCS(0), max(1, n/max(least, 1)))
	out := make([][2]int, runs)
	for r := range runs {
		out[r] = [2]int{r * n / runs, (r + 1) * n / runs}
	}
	return out
}
