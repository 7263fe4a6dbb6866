package markdown

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// A diagram is a fenced code block of language svg: a drawing written into
// the page, shown inline (its text in the page's fonts, its colours from the
// theme's classes, scaled to the column, printed sharp). It is sanitized:
// only the elements and attributes of a static drawing are kept, so a
// diagram can no more run a script or load anything than escaped HTML can.
//
//	```svg
//	<svg viewBox="0 0 400 120"><title>需求树</title>…</svg>
//	```

var kindDiagram = ast.NewNodeKind("Diagram")

type diagram struct {
	ast.BaseBlock
	SVG   string // sanitized
	Title string // what it shows
	Words string // its words, for search
}

func (n *diagram) Kind() ast.NodeKind { return kindDiagram }

func (n *diagram) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Diagram reports whether n is a diagram, with its title.
func Diagram(n ast.Node) (title string, ok bool) {
	d, ok := n.(*diagram)
	if !ok {
		return "", false
	}
	return d.Title, true
}

// DiagramSVG is a diagram's sanitized SVG, for renderers that draw it.
func DiagramSVG(n ast.Node) (svg string, ok bool) {
	d, ok := n.(*diagram)
	if !ok {
		return "", false
	}
	return d.SVG, true
}

// svgElements are the elements a diagram may use.
var svgElements = []string{
	"svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
	"text", "tspan", "marker", "linearGradient", "radialGradient", "stop", "use", "symbol", "clipPath",
}

// svgAttrs are the attributes a diagram may use (besides aria-* and data-*).
var svgAttrs = []string{
	"viewBox", "preserveAspectRatio", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
	"d", "points", "transform", "id", "class", "role", "lang",
	"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
	"stroke-linecap", "stroke-linejoin", "opacity", "font-size", "font-weight", "font-style", "text-anchor",
	"dominant-baseline", "dx", "dy", "textLength", "lengthAdjust", "letter-spacing",
	"marker-start", "marker-mid", "marker-end", "markerWidth", "markerHeight", "markerUnits", "refX", "refY", "orient",
	"offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "clip-path", "clipPathUnits",
	"href", "version", "vector-effect",
}

const svgNS = "http://www.w3.org/2000/svg"

// sanitizeSVG checks a diagram and writes it again with nothing but its
// drawing: its title is required (screen readers read it), its viewBox too
// (so it scales); comments and editors' own attributes (inkscape:…) are
// dropped; any other element or attribute is an error.
func sanitizeSVG(src []byte) (d *diagram, err error) {
	dec := xml.NewDecoder(bytes.NewReader(src))
	dec.Strict = true
	dec.Entity = map[string]string{} // only the five of XML
	var out, text strings.Builder
	var stack []string
	var title *strings.Builder
	d = &diagram{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			return nil, fmt.Errorf("line %d of the diagram: %v", line, strings.TrimPrefix(err.Error(), "XML syntax error on line "+fmt.Sprint(line)+": "))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if t.Name.Space != "" && t.Name.Space != svgNS {
				return nil, fmt.Errorf("element <%s:%s> is not allowed in a diagram", t.Name.Space, name)
			}
			if !slices.Contains(svgElements, name) {
				return nil, fmt.Errorf("element <%s> is not allowed in a diagram (allowed: %s)", name, strings.Join(svgElements, ", "))
			}
			if len(stack) == 0 && name != "svg" {
				return nil, fmt.Errorf("a diagram starts with <svg>, not <%s>", name)
			}
			if len(stack) > 0 && name == "svg" {
				return nil, errors.New("a diagram holds one <svg>, not one inside another")
			}
			out.WriteString("<" + name)
			hasViewBox := false
			if len(stack) == 0 {
				out.WriteString(` xmlns="` + svgNS + `" role="img"`)
			}
			for _, a := range t.Attr {
				an, err := svgAttr(a)
				if err != nil {
					return nil, fmt.Errorf("<%s>: %v", name, err)
				}
				if an == "" || len(stack) == 0 && (an == "role" || an == "xmlns") {
					continue
				}
				hasViewBox = hasViewBox || an == "viewBox"
				out.WriteString(" " + an + `="`)
				_ = xml.EscapeText(&out, []byte(a.Value))
				out.WriteString(`"`)
			}
			if len(stack) == 0 && !hasViewBox {
				return nil, errors.New(`<svg> needs a viewBox ("0 0 width height") so the diagram scales to the page`)
			}
			out.WriteString(">")
			stack = append(stack, name)
			if name == "title" && len(stack) == 2 && title == nil {
				title = &strings.Builder{}
			}
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, errors.New("unbalanced end tag")
			}
			if stack[len(stack)-1] == "title" && len(stack) == 2 && title != nil && d.Title == "" {
				d.Title = strings.TrimSpace(title.String())
			}
			stack = stack[:len(stack)-1]
			out.WriteString("</" + t.Name.Local + ">")
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, errors.New("text outside <svg>")
				}
				continue
			}
			_ = xml.EscapeText(&out, t)
			switch stack[len(stack)-1] {
			case "title":
				if title != nil && d.Title == "" {
					title.Write(t)
				}
			case "text", "tspan", "desc":
				text.Write(t)
				text.WriteByte(' ')
			}
		case xml.Directive:
			return nil, errors.New("<!…> declarations are not allowed in a diagram")
		case xml.ProcInst, xml.Comment:
			// the <?xml …?> line and comments are dropped
		}
	}
	if out.Len() == 0 {
		return nil, errors.New("the diagram is empty: write <svg viewBox=\"…\">…</svg>")
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("<%s> is never closed", stack[len(stack)-1])
	}
	if d.Title == "" {
		return nil, errors.New("a diagram needs a <title> right inside <svg> that says what it shows (screen readers read it)")
	}
	d.SVG = out.String()
	d.Words = strings.Join(strings.Fields(d.Title+" "+text.String()), " ")
	return d, nil
}

// svgAttr checks one attribute and returns the name to write ("" to drop
// it).
func svgAttr(a xml.Attr) (string, error) {
	name, space := a.Name.Local, a.Name.Space
	v := strings.ToLower(strings.Join(strings.Fields(a.Value), ""))
	switch {
	case space == "xmlns" || space == "" && name == "xmlns":
		return "", nil // namespaces are written by us
	case strings.HasPrefix(strings.ToLower(name), "on"):
		return "", fmt.Errorf("attribute %s: event handlers are not allowed in a diagram", name)
	case name == "style":
		return "", errors.New("attribute style is not allowed in a diagram: use presentation attributes (fill, stroke …) or the theme's classes")
	case name == "href" && (space == "" || space == "http://www.w3.org/1999/xlink" || space == "xlink"):
		if !strings.HasPrefix(a.Value, "#") {
			return "", fmt.Errorf("href %q: a diagram may only refer to its own parts (#id)", a.Value)
		}
		return "href", nil
	case space != "" && space != svgNS:
		return "", nil // an editor's own attribute (inkscape:label, sodipodi:…)
	case strings.HasPrefix(name, "aria-") || strings.HasPrefix(name, "data-"):
		return name, nil
	case !slices.Contains(svgAttrs, name):
		return "", fmt.Errorf("attribute %s is not allowed in a diagram", name)
	case strings.Contains(v, "url(") && !strings.Contains(v, "url(#"), strings.Contains(v, "javascript:"), strings.Contains(v, "expression("):
		return "", fmt.Errorf("attribute %s=%q may only refer to the diagram's own parts (url(#id))", name, a.Value)
	}
	return name, nil
}

// makeDiagrams turns each svg code block into a diagram, or reports why it
// cannot be one (the block is then shown as code).
func (d *Doc) makeDiagrams(blocks []*ast.FencedCodeBlock) {
	for _, fb := range blocks {
		var src bytes.Buffer
		lines := fb.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			src.Write(seg.Value(d.Source))
		}
		dg, err := sanitizeSVG(src.Bytes())
		if err != nil {
			line, col := 1, 1
			if fb.Info != nil {
				line, col = d.lines().At(fb.Info.Segment.Start)
			}
			d.Problems = append(d.Problems, Problem{Line: line, Col: col, Msg: "diagram: " + err.Error()})
			continue
		}
		fb.Parent().ReplaceChild(fb.Parent(), fb, dg)
	}
}
