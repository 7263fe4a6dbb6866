package pdf

import (
	"strings"

	"playbook/generator/pdf/linebreak"
)

// Run is a piece of text in one style.
type Run struct {
	Text   string
	Bold   bool
	Italic bool
	Link   string // a URL
	Color  *RGB   // nil: the paragraph's colour
}

// Align is a paragraph's alignment.
type Align int

// Alignments.
const (
	Left Align = iota
	Right
	Center
)

// Para is a paragraph: runs wrapped to a width.
type Para struct {
	Runs       []Run
	Style      Style   // size and colour; Bold and Italic apply to every run
	Indent     float64 // from the left margin
	Width      float64 // 0: to the right margin
	LineHeight float64 // mm; 0: 1.6 × the font size
	Align      Align
	After      float64 // space after, mm
	Balance    bool    // even out the line lengths (titles): no lone word on the last line
}

type piece struct {
	text string
	st   Style
	w    float64
	link string
}

type line struct {
	pieces []piece
	w      float64
	last   bool // the last line of its paragraph
}

func (p *Para) lineHeight() float64 {
	if p.LineHeight > 0 {
		return p.LineHeight
	}
	return p.Style.Size / ptPerMM * 1.6
}

func (p *Para) width() float64 {
	if p.Width > 0 {
		return p.Width
	}
	return BodyW - p.Indent
}

// Paragraph lays out p at the cursor, breaking pages between lines.
func (d *Doc) Paragraph(p Para) {
	lines := d.layout(p.Runs, p.width(), p.Style)
	if p.Balance && len(lines) > 1 {
		// The narrowest width that needs no more lines.
		lo, hi := p.width()/2, p.width()
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if len(d.layout(p.Runs, mid, p.Style)) > len(lines) {
				lo = mid
			} else {
				hi = mid
			}
		}
		lines = d.layout(p.Runs, hi, p.Style)
	}
	lh := p.lineHeight()
	for _, l := range lines {
		if d.y+lh > Bottom {
			d.NewPage()
		}
		d.drawLine(Margin+p.Indent, d.y, l, p.width(), lh, p.Align)
		d.y += lh
	}
	d.y += p.After
}

// Height is how tall p would be.
func (d *Doc) Height(p Para) float64 {
	return float64(len(d.layout(p.Runs, p.width(), p.Style))) * p.lineHeight()
}

// PlainHeight is the height of plain text in a style and width.
func (d *Doc) PlainHeight(s string, st Style, width float64) float64 {
	return d.Height(Para{Runs: []Run{{Text: s}}, Style: st, Width: width})
}

func (d *Doc) drawLine(x, y float64, l line, width, lh float64, align Align) {
	switch align {
	case Right:
		x += width - l.w
	case Center:
		x += (width - l.w) / 2
	}
	for _, pc := range l.pieces {
		baseline := y + lh/2 + pc.st.Size/ptPerMM*0.35
		w := d.Text(x, baseline, pc.text, pc.st)
		if pc.link != "" {
			d.pdf.LinkString(x, y, w, lh, pc.link)
		}
		x += w
	}
}

// styled is runs joined into one text, with the style of each byte range.
type styled struct {
	text  string
	spans []span
}

type span struct {
	start, end int
	st         Style
	url        string
}

func styleRuns(runs []Run, base Style) styled {
	var full strings.Builder
	var spans []span
	for _, r := range runs {
		t := strings.ReplaceAll(r.Text, "\r\n", "\n")
		if t == "" {
			continue
		}
		st := base
		st.Bold = st.Bold || r.Bold
		st.Italic = st.Italic || r.Italic
		if r.Color != nil {
			st.Color = *r.Color
		}
		if r.Link != "" {
			st.Underline = true
		}
		spans = append(spans, span{start: full.Len(), end: full.Len() + len(t), st: st, url: r.Link})
		full.WriteString(t)
	}
	return styled{text: full.String(), spans: spans}
}

// each calls fn for the parts of text[start:end] in each span.
func (s *styled) each(start, end int, fn func(sp span, a, b int)) {
	for _, sp := range s.spans {
		a, b := max(start, sp.start), min(end, sp.end)
		if a < b {
			fn(sp, a, b)
		}
	}
}

// measure is the width of text[start:end].
func (d *Doc) measure(s *styled, start, end int) float64 {
	w := 0.0
	s.each(start, end, func(sp span, a, b int) { w += d.Width(s.text[a:b], sp.st) })
	return w
}

// layout breaks runs into lines no wider than width (a single unbreakable
// grapheme may be wider). Breaks come from Unicode line breaking with the
// Chinese rules (no closing punctuation at a line start, no opening one at a
// line end, amounts kept whole), across style changes.
func (d *Doc) layout(runs []Run, width float64, base Style) []line {
	return d.layoutWith(runs, width, base, false)
}

// layoutWith is layout that may hyphenate Latin words wider than the line.
func (d *Doc) layoutWith(runs []Run, width float64, base Style, hyphenate bool) []line {
	s := styleRuns(runs, base)
	var opt linebreak.Options
	if hyphenate {
		opt.Hyphen = d.Width("-", base)
	}
	var lines []line
	for _, bl := range linebreak.BreakWith(s.text, width, func(a, b int) float64 { return d.measure(&s, a, b) }, opt) {
		var l line
		s.each(bl.Start, bl.End, func(sp span, a, b int) {
			t := s.text[a:b]
			w := d.Width(t, sp.st)
			l.pieces = append(l.pieces, piece{text: t, st: sp.st, w: w, link: sp.url})
			l.w += w
		})
		if bl.Hyphen && len(l.pieces) > 0 {
			st := l.pieces[len(l.pieces)-1].st
			w := d.Width("-", st)
			l.pieces = append(l.pieces, piece{text: "-", st: st, w: w})
			l.w += w
		}
		l.last = bl.Last
		lines = append(lines, l)
	}
	return lines
}
