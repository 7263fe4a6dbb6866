package pdf

import (
	"fmt"
	"testing"
)

func TestPathPoints(t *testing.T) {
	got := fmt.Sprint(pathPoints("M440 76V96M137 94H633 M10 10 l5 0 0 5z M0 0C1 1 2 2 3 3"))
	want := "[{[[440 76] [440 96]] false} {[[137 94] [633 94]] false} {[[10 10] [15 10] [15 15]] true} {[[0 0] [3 3]] false}]"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func FuzzPathPoints(f *testing.F) {
	f.Add("M440 76V96M137 94H633 M10 10 l5 0 0 5z")
	f.Add("M0 0C1 1 2 2 3 3 A1 1 0 0 1 5 5 Q1 1 2 2z m-1.5e2,3")
	f.Fuzz(func(t *testing.T, d string) {
		for _, sp := range pathPoints(d) { // ends, whatever the input
			if len(sp.pts) < 2 {
				t.Fatalf("a subpath of %d points", len(sp.pts))
			}
		}
	})
}
