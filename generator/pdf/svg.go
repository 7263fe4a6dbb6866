package pdf

import (
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/go-pdf/fpdf"
)

// The theme's diagram classes in print colours (see style.css).
var svgClasses = map[string]struct{ fill, stroke string }{
	"box":    {"#ffffff", "#b6c0ca"},
	"soft":   {"#e6f2f6", "brand"},
	"accent": {"brand", "none"},
	"ok":     {"#edf8f0", "#17692f"},
	"warn":   {"#fff1c2", "#855700"},
	"line":   {"none", "#5a6472"},
	"arrow":  {"#5a6472", "none"},
}

// SVG draws a diagram (markdown's sanitized SVG: shapes, paths with their
// curves and arcs, markers at the ends of lines, text) at the cursor,
// scaled to width mm. Gradients, patterns and clips are left out.
func (d *Doc) SVG(src string, width float64) error {
	dec := xml.NewDecoder(strings.NewReader(src))
	var vx, vy, vw, vh, scale, x0, y0 float64
	started := false
	var textAt *xml.StartElement
	var text strings.Builder
	skip := 0 // inside defs, marker, title, desc
	markers := map[string]*svgMarker{}
	var marker *svgMarker // the marker being read
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			a := attrs(t)
			switch {
			case t.Name.Local == "marker":
				marker = newMarker(a)
				markers[a["id"]] = marker
			case marker != nil && (t.Name.Local == "path" || t.Name.Local == "polygon" || t.Name.Local == "polyline"):
				marker.shapes = append(marker.shapes, svgShape{t.Name.Local, a})
			}
			if skip > 0 || t.Name.Local == "defs" || t.Name.Local == "marker" || t.Name.Local == "title" || t.Name.Local == "desc" || t.Name.Local == "symbol" || t.Name.Local == "clipPath" {
				skip++
				continue
			}
			if t.Name.Local == "svg" {
				f := strings.Fields(strings.ReplaceAll(a["viewBox"], ",", " "))
				if len(f) != 4 {
					return errors.New("no viewBox")
				}
				vx, vy, vw, vh = num(f[0]), num(f[1]), num(f[2]), num(f[3])
				if vw <= 0 || vh <= 0 {
					return errors.New("empty viewBox")
				}
				scale = width / vw
				h := vh * scale
				d.Need(h + 2)
				x0, y0 = Margin+(BodyW-width)/2, d.y
				started = true
				continue
			}
			if !started {
				continue
			}
			X := func(v float64) float64 { return x0 + (v-vx)*scale }
			Y := func(v float64) float64 { return y0 + (v-vy)*scale }
			fill, stroke, sw := d.svgPaint(a)
			style := d.svgStyle(fill, stroke, sw*scale)
			switch t.Name.Local {
			case "rect":
				x, y, w, h := X(num(a["x"])), Y(num(a["y"])), num(a["width"])*scale, num(a["height"])*scale
				if style == "" || w <= 0 || h <= 0 {
					continue
				}
				if r := num(a["rx"]) * scale; r > 0 {
					d.pdf.RoundedRect(x, y, w, h, min(r, w/2, h/2), "1234", style)
				} else {
					d.pdf.Rect(x, y, w, h, style)
				}
			case "circle", "ellipse":
				rx, ry := num(a["r"]), num(a["r"])
				if t.Name.Local == "ellipse" {
					rx, ry = num(a["rx"]), num(a["ry"])
				}
				if style != "" {
					d.pdf.Ellipse(X(num(a["cx"])), Y(num(a["cy"])), rx*scale, ry*scale, 0, style)
				}
			case "line":
				pts := [][2]float64{{num(a["x1"]), num(a["y1"])}, {num(a["x2"]), num(a["y2"])}}
				if stroke != "" {
					d.pdf.Line(X(pts[0][0]), Y(pts[0][1]), X(pts[1][0]), Y(pts[1][1]))
				}
				d.svgMarkers(a, markers, []subpath{{pts: pts}}, sw, X, Y)
			case "polyline", "polygon":
				pts := points(a["points"])
				d.svgPolyline(pts, t.Name.Local == "polygon", style, X, Y)
				d.svgMarkers(a, markers, []subpath{{pts: pts}}, sw, X, Y)
			case "path":
				subs := pathPoints(a["d"])
				for _, sub := range subs {
					d.svgPolyline(sub.pts, sub.closed, style, X, Y)
				}
				d.svgMarkers(a, markers, subs, sw, X, Y)
			case "text":
				tt := t.Copy()
				textAt, text = &tt, strings.Builder{}
			}
		case xml.CharData:
			if textAt != nil && skip == 0 {
				text.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "marker" {
				marker = nil
			}
			if skip > 0 {
				skip--
				continue
			}
			if t.Name.Local == "text" && textAt != nil {
				a := attrs(*textAt)
				size := num(a["font-size"])
				if size == 0 {
					size = 16
				}
				st := Style{Size: size * scale * ptPerMM, Bold: a["font-weight"] == "bold" || num(a["font-weight"]) >= 600, Color: Black}
				for _, c := range strings.Fields(a["class"]) {
					switch c {
					case "on-accent":
						st.Color, st.Bold = White, true
					case "muted":
						st.Color = Muted
					}
				}
				if f := a["fill"]; f != "" && f != "none" {
					st.Color = ParseHex(f, st.Color)
				}
				s := strings.Join(strings.Fields(text.String()), " ")
				x := x0 + (num(a["x"])-vx)*scale
				y := y0 + (num(a["y"])-vy)*scale
				w := d.Width(s, st)
				switch a["text-anchor"] {
				case "middle":
					x -= w / 2
				case "end":
					x -= w
				}
				d.Text(x, y, s, st)
				textAt = nil
			}
		}
	}
	if started {
		d.y = y0 + vh*scale + 2
	}
	return nil
}

// svgMarker is a marker definition: what is drawn at the ends of a line
// that names it (an arrowhead).
type svgMarker struct {
	vx, vy, vw, vh float64 // its viewBox
	refX, refY     float64 // the point placed on the line's end
	width, height  float64 // its size, in stroke widths (or user units)
	userUnits      bool    // markerUnits="userSpaceOnUse"
	orient         string  // auto, auto-start-reverse, or degrees
	shapes         []svgShape
}

type svgShape struct {
	kind  string
	attrs map[string]string
}

func newMarker(a map[string]string) *svgMarker {
	m := &svgMarker{width: 3, height: 3, orient: a["orient"], userUnits: a["markerUnits"] == "userSpaceOnUse",
		refX: num(a["refX"]), refY: num(a["refY"])}
	if v, ok := a["markerWidth"]; ok {
		m.width = num(v)
	}
	if v, ok := a["markerHeight"]; ok {
		m.height = num(v)
	}
	m.vw, m.vh = m.width, m.height
	if f := strings.Fields(strings.ReplaceAll(a["viewBox"], ",", " ")); len(f) == 4 && num(f[2]) > 0 && num(f[3]) > 0 {
		m.vx, m.vy, m.vw, m.vh = num(f[0]), num(f[1]), num(f[2]), num(f[3])
	}
	return m
}

// svgMarkers draws the start and end markers an element names, turned to
// the direction of its first and last segment.
func (d *Doc) svgMarkers(a map[string]string, markers map[string]*svgMarker, subs []subpath, strokeW float64, X, Y func(float64) float64) {
	if len(subs) == 0 {
		return
	}
	ref := func(attr string) *svgMarker {
		id, ok := strings.CutPrefix(strings.TrimSpace(a[attr]), "url(#")
		if !ok {
			return nil
		}
		return markers[strings.TrimSuffix(id, ")")]
	}
	first, last := subs[0].pts, subs[len(subs)-1].pts
	if m := ref("marker-start"); m != nil && len(first) > 1 {
		angle := math.Atan2(first[1][1]-first[0][1], first[1][0]-first[0][0])
		if m.orient == "auto-start-reverse" {
			angle += math.Pi
		}
		d.svgMarker(m, first[0], angle, strokeW, X, Y)
	}
	if m := ref("marker-end"); m != nil && len(last) > 1 {
		n := len(last)
		d.svgMarker(m, last[n-1], math.Atan2(last[n-1][1]-last[n-2][1], last[n-1][0]-last[n-2][0]), strokeW, X, Y)
	}
}

// svgMarker draws marker m with its reference point at p, turned by angle
// (radians) when its orient is auto.
func (d *Doc) svgMarker(m *svgMarker, p [2]float64, angle, strokeW float64, X, Y func(float64) float64) {
	place, k := m.placer(p, angle, strokeW)
	scale := X(1) - X(0)
	for _, sh := range m.shapes {
		fill, stroke, sw := d.svgPaint(sh.attrs)
		style := d.svgStyle(fill, stroke, sw*k*scale)
		switch sh.kind {
		case "path":
			for _, sub := range pathPoints(sh.attrs["d"]) {
				d.svgPolyline(place(sub.pts), sub.closed, style, X, Y)
			}
		default:
			d.svgPolyline(place(points(sh.attrs["points"])), sh.kind == "polygon", style, X, Y)
		}
	}
}

// placer maps the marker's points to the drawing's, with its reference
// point at p, turned by angle (radians) unless its orient is fixed; k is
// its scale.
func (m *svgMarker) placer(p [2]float64, angle, strokeW float64) (place func([][2]float64) [][2]float64, k float64) {
	if m.orient != "auto" && m.orient != "auto-start-reverse" {
		angle = num(m.orient) * math.Pi / 180
	}
	k = min(m.width/m.vw, m.height/m.vh) // the viewBox fits the marker's box
	if !m.userUnits {
		k *= strokeW
	}
	cosA, sinA := math.Cos(angle), math.Sin(angle)
	return func(pts [][2]float64) [][2]float64 {
		out := make([][2]float64, len(pts))
		for i, q := range pts {
			lx, ly := (q[0]-m.refX)*k, (q[1]-m.refY)*k
			out[i] = [2]float64{p[0] + lx*cosA - ly*sinA, p[1] + lx*sinA + ly*cosA}
		}
		return out
	}, k
}

func attrs(t xml.StartElement) map[string]string {
	m := map[string]string{}
	for _, a := range t.Attr {
		m[a.Name.Local] = a.Value
	}
	return m
}

func num(s string) float64 {
	f, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "px")), 64)
	return f
}

// svgPaint is an element's fill and stroke colours ("" : none) and stroke
// width, from its class (the theme's) and its presentation attributes.
func (d *Doc) svgPaint(a map[string]string) (fill, stroke string, width float64) {
	fill, stroke, width = "#1c2430", "none", 1
	for _, c := range strings.Fields(a["class"]) {
		if p, ok := svgClasses[c]; ok {
			fill, stroke, width = p.fill, p.stroke, 1.5
		}
	}
	if v, ok := a["fill"]; ok {
		fill = v
	}
	if v, ok := a["stroke"]; ok {
		stroke = v
	}
	if v, ok := a["stroke-width"]; ok {
		width = num(v)
	}
	if fill == "none" {
		fill = ""
	}
	if stroke == "none" {
		stroke = ""
	}
	return fill, stroke, width
}

// svgStyle sets fpdf's colours and returns its style string ("F", "D", "FD").
func (d *Doc) svgStyle(fill, stroke string, width float64) string {
	style := ""
	color := func(s string) RGB {
		if s == "brand" {
			return d.Brand
		}
		return ParseHex(s, Black)
	}
	if fill != "" {
		c := color(fill)
		d.pdf.SetFillColor(c.R, c.G, c.B)
		style += "F"
	}
	if stroke != "" {
		c := color(stroke)
		d.pdf.SetDrawColor(c.R, c.G, c.B)
		d.pdf.SetLineWidth(max(width, 0.15))
		style += "D"
	}
	return style
}

type subpath struct {
	pts    [][2]float64
	closed bool
}

func (d *Doc) svgPolyline(pts [][2]float64, closed bool, style string, X, Y func(float64) float64) {
	if len(pts) < 2 || style == "" {
		return
	}
	if closed && strings.Contains(style, "F") {
		var ps []fpdf.PointType
		for _, p := range pts {
			ps = append(ps, fpdf.PointType{X: X(p[0]), Y: Y(p[1])})
		}
		d.pdf.Polygon(ps, style)
		return
	}
	if !strings.Contains(style, "D") {
		return
	}
	for i := 1; i < len(pts); i++ {
		d.pdf.Line(X(pts[i-1][0]), Y(pts[i-1][1]), X(pts[i][0]), Y(pts[i][1]))
	}
	if closed {
		d.pdf.Line(X(pts[len(pts)-1][0]), Y(pts[len(pts)-1][1]), X(pts[0][0]), Y(pts[0][1]))
	}
}

func points(s string) [][2]float64 {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
	var out [][2]float64
	for i := 0; i+1 < len(f); i += 2 {
		out = append(out, [2]float64{num(f[i]), num(f[i+1])})
	}
	return out
}

// maxPathPoints bounds the points of one path: a hostile path of millions
// of curves is cut short rather than drawn for minutes.
const maxPathPoints = 100_000

// pathPoints reads a path's subpaths as points: M L H V Z, curves (C S Q T)
// and elliptical arcs (A) flattened into short straight segments, in
// absolute and relative forms.
func pathPoints(d string) []subpath {
	var out []subpath
	var cur subpath
	var x, y, sx, sy float64
	var cx, cy float64 // the last control point, for S and T
	var last byte      // the last command, lower case
	total := 0
	i := 0
	var cmd byte
	space := func() {
		for i < len(d) && (d[i] == ' ' || d[i] == ',' || d[i] == '\n' || d[i] == '\t' || d[i] == '\r') {
			i++
		}
	}
	readNum := func() (float64, bool) {
		space()
		j := i
		for j < len(d) && ((d[j] == '-' || d[j] == '+') && (j == i || d[j-1] == 'e' || d[j-1] == 'E') || d[j] == '.' || d[j] >= '0' && d[j] <= '9' || d[j] == 'e' || d[j] == 'E') {
			j++
		}
		if j == i {
			return 0, false
		}
		v, err := strconv.ParseFloat(d[i:j], 64)
		i = j
		return v, err == nil && !math.IsInf(v, 0) && !math.IsNaN(v)
	}
	// readFlag reads an arc's flag, which may be written without a space
	// after it ("a5 5 0 01 10 10").
	readFlag := func() (bool, bool) {
		space()
		if i < len(d) && (d[i] == '0' || d[i] == '1') {
			i++
			return d[i-1] == '1', true
		}
		return false, false
	}
	add := func(px, py float64) {
		if total < maxPathPoints {
			cur.pts = append(cur.pts, [2]float64{px, py})
			total++
		}
	}
	flush := func() {
		if len(cur.pts) > 1 {
			out = append(out, cur)
		}
		cur = subpath{}
	}
	// skipJunk steps over what cannot be read, but never over a command
	skipJunk := func() {
		if i < len(d) && !unicode.IsLetter(rune(d[i])) {
			i++
		}
	}
	// nums reads n numbers, or none.
	nums := func(n int) ([]float64, bool) {
		vals := make([]float64, n)
		for k := range n {
			v, ok := readNum()
			if !ok {
				return nil, false
			}
			vals[k] = v
		}
		return vals, true
	}
	for i < len(d) {
		space()
		if i == len(d) {
			break
		}
		c := d[i]
		if unicode.IsLetter(rune(c)) && c != 'e' && c != 'E' {
			cmd = c
			i++
		} else if cmd == 0 {
			i++
			continue
		}
		rel := cmd >= 'a' && cmd <= 'z'
		ox, oy := 0.0, 0.0 // what relative coordinates are relative to
		if rel {
			ox, oy = x, y
		}
		lower := cmd | 0x20
		switch lower {
		case 'z':
			cur.closed = true
			x, y = sx, sy
			flush()
			cmd = 0 // what follows needs its own command
			last = 'z'
			continue
		case 'm', 'l':
			v, ok := nums(2)
			if !ok {
				skipJunk()
				continue
			}
			nx, ny := ox+v[0], oy+v[1]
			if lower == 'm' {
				flush()
				sx, sy = nx, ny
				if rel {
					cmd = 'l'
				} else {
					cmd = 'L'
				}
			}
			x, y = nx, ny
			add(x, y)
		case 'h', 'v':
			v, ok := readNum()
			if !ok {
				skipJunk()
				continue
			}
			switch {
			case cmd == 'H':
				x = v
			case cmd == 'h':
				x += v
			case cmd == 'V':
				y = v
			default:
				y += v
			}
			add(x, y)
		case 'c', 's', 'q', 't': // curves, drawn through points along them
			cubic, smooth := lower == 'c' || lower == 's', lower == 's' || lower == 't'
			n := map[byte]int{'c': 6, 's': 4, 'q': 4, 't': 2}[lower]
			v, ok := nums(n)
			if !ok {
				skipJunk()
				continue
			}
			x1, y1 := x, y // a smooth curve's first control point mirrors the last
			if smooth && (cubic && (last == 'c' || last == 's') || !cubic && (last == 'q' || last == 't')) {
				x1, y1 = 2*x-cx, 2*y-cy
			}
			if !smooth {
				x1, y1, v = ox+v[0], oy+v[1], v[2:]
			}
			x2, y2 := x1, y1
			if cubic {
				x2, y2, v = ox+v[0], oy+v[1], v[2:]
			}
			nx, ny := ox+v[0], oy+v[1]
			for k := 1; k <= curveSteps; k++ {
				t := float64(k) / curveSteps
				u := 1 - t
				if cubic {
					add(u*u*u*x+3*u*u*t*x1+3*u*t*t*x2+t*t*t*nx, u*u*u*y+3*u*u*t*y1+3*u*t*t*y2+t*t*t*ny)
				} else {
					add(u*u*x+2*u*t*x1+t*t*nx, u*u*y+2*u*t*y1+t*t*ny)
				}
			}
			cx, cy, x, y = x2, y2, nx, ny
		case 'a':
			r, ok := nums(3)
			large, ok2 := readFlag()
			sweep, ok3 := readFlag()
			end, ok4 := nums(2)
			if !ok || !ok2 || !ok3 || !ok4 {
				skipJunk()
				continue
			}
			nx, ny := ox+end[0], oy+end[1]
			for _, p := range arcPoints(x, y, r[0], r[1], r[2], large, sweep, nx, ny) {
				add(p[0], p[1])
			}
			x, y = nx, ny
		default:
			cmd = 0 // an unknown command: its numbers are skipped
			last = 0
			continue
		}
		last = lower
	}
	flush()
	return out
}

// curveSteps is how many straight segments a curve is drawn with: at a
// diagram's size in print, finer than the eye can tell.
const curveSteps = 16

// arcPoints flattens an SVG elliptical arc from (x1,y1) to (x2,y2) into
// points after the start, the last being (x2,y2) (SVG 1.1, F.6.5).
func arcPoints(x1, y1, rx, ry, rotDeg float64, large, sweep bool, x2, y2 float64) [][2]float64 {
	rx, ry = math.Abs(rx), math.Abs(ry)
	if rx == 0 || ry == 0 || x1 == x2 && y1 == y2 {
		return [][2]float64{{x2, y2}}
	}
	phi := rotDeg * math.Pi / 180
	cosP, sinP := math.Cos(phi), math.Sin(phi)
	dx, dy := (x1-x2)/2, (y1-y2)/2
	x1p, y1p := cosP*dx+sinP*dy, -sinP*dx+cosP*dy
	if l := x1p*x1p/(rx*rx) + y1p*y1p/(ry*ry); l > 1 { // radii too small: scaled up
		rx, ry = rx*math.Sqrt(l), ry*math.Sqrt(l)
	}
	num := rx*rx*ry*ry - rx*rx*y1p*y1p - ry*ry*x1p*x1p
	den := rx*rx*y1p*y1p + ry*ry*x1p*x1p
	coef := 0.0
	if den > 0 {
		coef = math.Sqrt(max(0, num/den))
	}
	if large == sweep {
		coef = -coef
	}
	cxp, cyp := coef*rx*y1p/ry, -coef*ry*x1p/rx
	cx := cosP*cxp - sinP*cyp + (x1+x2)/2
	cy := sinP*cxp + cosP*cyp + (y1+y2)/2
	angle := func(ux, uy, vx, vy float64) float64 { return math.Atan2(ux*vy-uy*vx, ux*vx+uy*vy) }
	ux, uy := (x1p-cxp)/rx, (y1p-cyp)/ry
	vx, vy := (-x1p-cxp)/rx, (-y1p-cyp)/ry
	theta := angle(1, 0, ux, uy)
	delta := angle(ux, uy, vx, vy)
	if !sweep && delta > 0 {
		delta -= 2 * math.Pi
	} else if sweep && delta < 0 {
		delta += 2 * math.Pi
	}
	if math.IsNaN(delta) || math.IsNaN(cx) || math.IsNaN(cy) {
		return [][2]float64{{x2, y2}}
	}
	steps := max(2, min(64, int(math.Ceil(math.Abs(delta)/(math.Pi/16)))))
	out := make([][2]float64, 0, steps)
	for k := 1; k < steps; k++ {
		t := theta + delta*float64(k)/float64(steps)
		ct, st := math.Cos(t), math.Sin(t)
		out = append(out, [2]float64{cx + rx*cosP*ct - ry*sinP*st, cy + rx*sinP*ct + ry*cosP*st})
	}
	return append(out, [2]float64{x2, y2})
}
