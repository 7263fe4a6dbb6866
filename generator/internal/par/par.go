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
