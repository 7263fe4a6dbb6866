package pdf

import (
	"encoding/xml"
	"errors"
	"io"
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

// SVG draws a diagram (markdown's sanitized SVG: shapes, paths of straight
// segments, text) at the cursor, scaled to width mm. Curves are drawn as
// straight lines to their end; markers, gradients and clips are left out.
func (d *Doc) SVG(src string, width float64) error {
	dec := xml.NewDecoder(strings.NewReader(src))
	var vx, vy, vw, vh, scale, x0, y0 float64
	started := false
	var textAt *xml.StartElement
	var text strings.Builder
	skip := 0 // inside defs, marker, title, desc
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
				if stroke != "" {
					d.pdf.Line(X(num(a["x1"])), Y(num(a["y1"])), X(num(a["x2"])), Y(num(a["y2"])))
				}
			case "polyline", "polygon":
				pts := points(a["points"])
				d.svgPolyline(pts, t.Name.Local == "polygon", style, X, Y)
			case "path":
				for _, sub := range pathPoints(a["d"]) {
					d.svgPolyline(sub.pts, sub.closed, style, X, Y)
				}
			case "text":
				tt := t.Copy()
				textAt, text = &tt, strings.Builder{}
			}
		case xml.CharData:
			if textAt != nil && skip == 0 {
				text.Write(t)
			}
		case xml.EndElement:
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

// pathPoints reads a path's subpaths as straight segments: M L H V Z (and
// their relative forms); a curve is taken as a line to its end point.
func pathPoints(d string) []subpath {
	var out []subpath
	var cur subpath
	var x, y, sx, sy float64
	i := 0
	var cmd byte
	readNum := func() (float64, bool) {
		for i < len(d) && (d[i] == ' ' || d[i] == ',' || d[i] == '\n' || d[i] == '\t') {
			i++
		}
		j := i
		for j < len(d) && (d[j] == '-' && j == i || d[j] == '.' || d[j] >= '0' && d[j] <= '9' || d[j] == 'e') {
			j++
		}
		if j == i {
			return 0, false
		}
		v, err := strconv.ParseFloat(d[i:j], 64)
		i = j
		return v, err == nil
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
	for i < len(d) {
		for i < len(d) && (d[i] == ' ' || d[i] == ',' || d[i] == '\n' || d[i] == '\t' || d[i] == '\r') {
			i++
		}
		if i == len(d) {
			break
		}
		c := d[i]
		if unicode.IsLetter(rune(c)) {
			cmd = c
			i++
		} else if cmd == 0 {
			i++
			continue
		}
		rel := cmd >= 'a' && cmd <= 'z'
		switch cmd | 0x20 {
		case 'z':
			cur.closed = true
			x, y = sx, sy
			flush()
			cmd = 0 // what follows needs its own command
			continue
		case 'm', 'l', 't':
			nx, ok1 := readNum()
			ny, ok2 := readNum()
			if !ok1 || !ok2 {
				skipJunk()
				continue
			}
			if rel {
				nx, ny = x+nx, y+ny
			}
			if cmd|0x20 == 'm' {
				flush()
				sx, sy = nx, ny
				if rel {
					cmd = 'l'
				} else {
					cmd = 'L'
				}
			}
			x, y = nx, ny
			cur.pts = append(cur.pts, [2]float64{x, y})
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
			cur.pts = append(cur.pts, [2]float64{x, y})
		case 'c', 's', 'q', 'a':
			n := map[byte]int{'c': 6, 's': 4, 'q': 4, 'a': 7}[cmd|0x20]
			var vals []float64
			for range n {
				v, ok := readNum()
				if !ok {
					break
				}
				vals = append(vals, v)
			}
			if len(vals) < 2 {
				skipJunk()
				continue
			}
			nx, ny := vals[len(vals)-2], vals[len(vals)-1]
			if rel {
				nx, ny = x+nx, y+ny
			}
			x, y = nx, ny
			cur.pts = append(cur.pts, [2]float64{x, y})
		default:
			cmd = 0 // an unknown command: its numbers are skipped
		}
	}
	flush()
	return out
}
