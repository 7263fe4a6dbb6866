package pdf

import (
	"fmt"
	"math"
	"testing"
)

func TestPathPoints(t *testing.T) {
	got := fmt.Sprint(pathPoints("M440 76V96M137 94H633 M10 10 l5 0 0 5z"))
	want := "[{[[440 76] [440 96]] false} {[[137 94] [633 94]] false} {[[10 10] [15 10] [15 15]] true}]"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// Curves and arcs are drawn through the points they pass through, not as a
// line to their end.
func TestPathCurves(t *testing.T) {
	for _, c := range []struct {
		name, d string
		through [][2]float64 // points on the curve
		end     [2]float64
	}{
		{"cubic", "M0 0C0 10 10 10 10 0", [][2]float64{{5, 7.5}}, [2]float64{10, 0}},
		{"relative cubic", "M10 10c0 10 10 10 10 0", [][2]float64{{15, 17.5}}, [2]float64{20, 10}},
		// S mirrors the last control point: an S-shaped wave, down then up.
		{"smooth cubic", "M0 0C0 10 10 10 10 0S20 -10 20 0", [][2]float64{{5, 7.5}, {15, -7.5}}, [2]float64{20, 0}},
		{"quadratic", "M0 0Q5 10 10 0", [][2]float64{{5, 5}}, [2]float64{10, 0}},
		{"smooth quadratic", "M0 0Q5 10 10 0T20 0", [][2]float64{{5, 5}, {15, -5}}, [2]float64{20, 0}},
		// sweep 1 turns clockwise on screen (y down): over the top.
		{"half circle", "M0 0A5 5 0 0 1 10 0", [][2]float64{{5, -5}, {5 - 5/math.Sqrt2, -5 / math.Sqrt2}}, [2]float64{10, 0}},
		{"half circle, other way", "M0 0A5 5 0 0 0 10 0", [][2]float64{{5, 5}}, [2]float64{10, 0}},
		{"flags run together", "M0 0a5 5 0 0110 0", [][2]float64{{5, -5}}, [2]float64{10, 0}},
		{"radii too small", "M0 0A1 1 0 0 1 10 0", [][2]float64{{5, -5}}, [2]float64{10, 0}},
		{"large arc", "M0 0A10 10 0 1 1 10 0", [][2]float64{{5, -10*math.Sqrt(3)/2 - 10}}, [2]float64{10, 0}},
	} {
		sps := pathPoints(c.d)
		if len(sps) != 1 {
			t.Errorf("%s: %d subpaths", c.name, len(sps))
			continue
		}
		pts := sps[0].pts
		if last := pts[len(pts)-1]; math.Hypot(last[0]-c.end[0], last[1]-c.end[1]) > 1e-9 {
			t.Errorf("%s: ends at %v, want %v", c.name, last, c.end)
		}
		for _, want := range c.through {
			if d := distance(pts, want); d > 0.2 {
				t.Errorf("%s: passes %.2f from %v", c.name, d, want)
			}
		}
	}
}

// distance is how close the polyline pts comes to p.
func distance(pts [][2]float64, p [2]float64) float64 {
	best := math.Inf(1)
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		dx, dy := b[0]-a[0], b[1]-a[1]
		t := 0.0
		if l := dx*dx + dy*dy; l > 0 {
			t = max(0, min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
		}
		best = min(best, math.Hypot(a[0]+t*dx-p[0], a[1]+t*dy-p[1]))
	}
	return best
}

func FuzzPathPoints(f *testing.F) {
	f.Add("M440 76V96M137 94H633 M10 10 l5 0 0 5z")
	f.Add("M0 0C1 1 2 2 3 3 A1 1 0 0 1 5 5 Q1 1 2 2z m-1.5e2,3")
	f.Add("M0 0a5 5 30 1110 0s1 2 3 4t5 6")
	f.Fuzz(func(t *testing.T, d string) {
		total := 0
		for _, sp := range pathPoints(d) { // ends, whatever the input
			if len(sp.pts) < 2 {
				t.Fatalf("a subpath of %d points", len(sp.pts))
			}
			for _, p := range sp.pts {
				if math.IsNaN(p[0]) || math.IsNaN(p[1]) {
					t.Fatalf("a point %v", p)
				}
			}
			total += len(sp.pts)
		}
		if total > maxPathPoints {
			t.Fatalf("%d points", total)
		}
	})
}

// An arrowhead sits on the end of its line, pointing the line's way.
func TestMarkerPlacement(t *testing.T) {
	m := newMarker(map[string]string{"viewBox": "0 0 10 10", "refX": "9", "refY": "5", "markerWidth": "7", "markerHeight": "7", "orient": "auto"})
	tip := [][2]float64{{10, 5}, {0, 0}}
	for _, c := range []struct {
		name  string
		end   [2]float64
		angle float64
		want  [2]float64 // where the tip lands
	}{
		{"rightwards", [2]float64{244, 75}, 0, [2]float64{244 + 1.05, 75}},
		{"downwards", [2]float64{100, 50}, math.Pi / 2, [2]float64{100, 50 + 1.05}},
		{"leftwards", [2]float64{100, 50}, math.Pi, [2]float64{100 - 1.05, 50}},
	} {
		place, k := m.placer(c.end, c.angle, 1.5)
		if math.Abs(k-1.05) > 1e-9 {
			t.Errorf("%s: scale %v, want 7/10 of a 1.5 stroke", c.name, k)
		}
		got := place(tip)[0]
		if math.Hypot(got[0]-c.want[0], got[1]-c.want[1]) > 1e-9 {
			t.Errorf("%s: tip at %v, want %v", c.name, got, c.want)
		}
	}
	fixed := newMarker(map[string]string{"viewBox": "0 0 10 10", "refX": "0", "refY": "0", "markerWidth": "10", "markerHeight": "10", "orient": "90", "markerUnits": "userSpaceOnUse"})
	place, _ := fixed.placer([2]float64{0, 0}, 0, 3)
	if got := place([][2]float64{{10, 0}})[0]; math.Abs(got[0]) > 1e-9 || math.Abs(got[1]-10) > 1e-9 {
		t.Errorf("orient=90 in user units: %v, want [0 10]", got)
	}
}
