package pdf

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"playbook/generator/pdf/linebreak"
)

// Run is a piece of text in one style.
type Run struct {
	Text   string
	Bold   bool
	Italic bool
	Link   string // a URL
	Goto   int    // an internal link (Doc.Link), 0: none
	Color  *RGB   // nil: the paragraph's colour
}

// Align is a paragraph's alignment.
type Align int

// Alignments.
const (
	Left Align = iota
	Right
	Center
	// Justify fills every line but a paragraph's last to both edges
	// (两端对齐): Chinese by spacing the characters, Latin-only lines by
	// widening the spaces between words.
	Justify
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
	pre  float64 // space before it: a quarter em between Chinese and Latin, or less for compressed punctuation
	link string
	to   int // internal link
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
	case Justify:
		if extra := width - l.w; !l.last && extra > 0.01 && extra < width/5 {
			d.drawJustified(x, y, l, extra, lh)
			return
		}
	}
	for _, pc := range l.pieces {
		x += pc.pre
		x += d.drawPiece(x, y, pc, lh, 0)
	}
}

// drawPiece draws a piece with tc mm of extra space after each character;
// it returns the advance.
func (d *Doc) drawPiece(x, y float64, pc piece, lh, tc float64) float64 {
	baseline := y + lh/2 + pc.st.Size/ptPerMM*0.35
	w := d.Text(x, baseline, pc.text, pc.st)
	if tc != 0 {
		w += tc * float64(utf8.RuneCountInString(pc.text))
	}
	if pc.to > 0 {
		d.pdf.Link(x, y, w, lh, pc.to)
	}
	if pc.link != "" {
		d.pdf.LinkString(x, y, w, lh, pc.link)
	}
	return w
}

// drawJustified spreads extra mm over a line: over its spaces when it has
// no Chinese (English text), otherwise over every character (PDF character
// spacing, Tc), as Chinese justification does.
func (d *Doc) drawJustified(x, y float64, l line, extra, lh float64) {
	spaces, chars, han := 0, 0, false
	for _, pc := range l.pieces {
		spaces += strings.Count(pc.text, " ")
		chars += utf8.RuneCountInString(pc.text)
		han = han || strings.IndexFunc(pc.text, isHan) >= 0
	}
	if !han && spaces > 0 {
		per := extra / float64(spaces)
		for _, pc := range l.pieces {
			x += pc.pre
			for _, word := range strings.SplitAfter(pc.text, " ") {
				if word == "" {
					continue
				}
				part := pc
				part.text = word
				x += d.drawPiece(x, y, part, lh, 0)
				if strings.HasSuffix(word, " ") {
					x += per
				}
			}
		}
		return
	}
	if chars < 2 {
		for _, pc := range l.pieces {
			x += pc.pre + d.drawPiece(x+pc.pre, y, pc, lh, 0)
		}
		return
	}
	tc := extra / float64(chars-1)
	d.pdf.RawWriteStr(fmt.Sprintf("%.4f Tc", tc*ptPerMM))
	for _, pc := range l.pieces {
		x += pc.pre
		x += d.drawPiece(x, y, pc, lh, tc)
	}
	d.pdf.RawWriteStr("0 Tc")
}

// styled is runs joined into one text, with the style of each byte range.
type styled struct {
	text  string
	spans []span
	gaps  []gap // sorted by at
}

// gap is space added (or, when negative, taken away) before text[at:],
// in em of the style there (clreq: a quarter em between Chinese and Latin
// letters or digits; half an em less between adjacent full-width
// punctuation). A gap at the start of a line is dropped.
type gap struct {
	at int
	em float64
}

type span struct {
	start, end int
	st         Style
	url        string
	to         int
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
		spans = append(spans, span{start: full.Len(), end: full.Len() + len(t), st: st, url: r.Link, to: r.Goto})
		full.WriteString(t)
	}
	text := full.String()
	return styled{text: text, spans: spans, gaps: gaps(text)}
}

// gaps finds where text needs space added or taken away (see gap).
func gaps(text string) []gap {
	var out []gap
	prev := rune(-1)
	for i, r := range text {
		if prev >= 0 {
			switch {
			case isHan(prev) && isWestern(r) || isWestern(prev) && isHan(r):
				out = append(out, gap{i, 0.25})
			case isClosingPunct(prev) && (isClosingPunct(r) || isOpeningPunct(r)),
				isOpeningPunct(prev) && isOpeningPunct(r):
				out = append(out, gap{i, -0.5})
			}
		}
		prev = r
	}
	return out
}

func isHan(r rune) bool { return r >= 0x2E80 && unicode.Is(unicode.Han, r) }

// isWestern reports whether r is a Latin letter, a digit or a sign that
// belongs to a number (%, currency), which take a quarter em of space next
// to Chinese characters.
func isWestern(r rune) bool {
	switch {
	case r < 0x80:
		return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '%' || r == '$'
	case r == '¥' || r == '€' || r == '£' || r == '‰':
		return true
	}
	return r <= 0x24F && unicode.IsLetter(r) || unicode.In(r, unicode.Greek, unicode.Cyrillic) && unicode.IsLetter(r)
}

// Full-width punctuation whose blank half is on the right (closing and
// pausing marks) or on the left (opening marks).
func isClosingPunct(r rune) bool {
	return strings.ContainsRune("，。、；：？！）」』】》〉〕〗”’", r)
}
func isOpeningPunct(r rune) bool { return strings.ContainsRune("（「『【《〈〔〖“‘", r) }

// each calls fn for the parts of text[start:end] in each span.
func (s *styled) each(start, end int, fn func(sp span, a, b int)) {
	for _, sp := range s.spans {
		a, b := max(start, sp.start), min(end, sp.end)
		if a < b {
			fn(sp, a, b)
		}
	}
}

// measure is the width of text[start:end] with the gaps inside it and the
// one right after it: the breaker sums the widths of segments, so each
// segment carries the gap that follows it (at a line's end it is counted
// but not drawn, which only errs on the safe side).
func (d *Doc) measure(s *styled, start, end int) float64 {
	w := 0.0
	s.each(start, end, func(sp span, a, b int) { w += d.Width(s.text[a:b], sp.st) })
	i := sort.Search(len(s.gaps), func(i int) bool { return s.gaps[i].at > start })
	for ; i < len(s.gaps) && s.gaps[i].at <= end; i++ {
		w += d.gapWidth(s, s.gaps[i])
	}
	return w
}

func (d *Doc) gapWidth(s *styled, g gap) float64 {
	for _, sp := range s.spans {
		if g.at >= sp.start && g.at < sp.end {
			return g.em * sp.st.Size / ptPerMM
		}
	}
	return 0
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
		gi := sort.Search(len(s.gaps), func(i int) bool { return s.gaps[i].at > bl.Start })
		s.each(bl.Start, bl.End, func(sp span, a, b int) {
			for a < b {
				// Cut the span's part at the gaps inside the line.
				cut, pre := b, 0.0
				for gi < len(s.gaps) && s.gaps[gi].at <= a {
					if s.gaps[gi].at == a && a > bl.Start {
						pre = d.gapWidth(&s, s.gaps[gi])
					}
					gi++
				}
				if gi < len(s.gaps) && s.gaps[gi].at < b {
					cut = s.gaps[gi].at
				}
				t := s.text[a:cut]
				w := d.Width(t, sp.st)
				l.pieces = append(l.pieces, piece{text: t, st: sp.st, w: w, pre: pre, link: sp.url, to: sp.to})
				l.w += pre + w
				a = cut
			}
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

// Fit returns s, or s shortened with an ellipsis, so that it is no wider
// than width in st: for one-line places such as running headers. It cuts
// between grapheme clusters and drops the spaces before the ellipsis.
func (d *Doc) Fit(s string, st Style, width float64) string {
	if d.Width(s, st) <= width {
		return s
	}
	const ellipsis = "…"
	room := width - d.Width(ellipsis, st)
	var b strings.Builder
	w := 0.0
	state := -1
	for rest := s; rest != ""; {
		var c string
		c, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		cw := d.Width(c, st)
		if w+cw > room {
			break
		}
		b.WriteString(c)
		w += cw
	}
	return strings.TrimRight(b.String(), " ·,，、") + ellipsis
}

// ContentsLine writes a line of a table of contents at the cursor: the
// title (shortened to fit), a dotted leader, the page number, all of it a
// link to the entry; lh is the line's height.
func (d *Doc) ContentsLine(title string, page int, st Style, indent, lh float64, link int) {
	y := d.y
	base := y + lh/2 + st.Size/2.83*0.35
	num := strconv.Itoa(page)
	nw := d.Width(num, st)
	w := d.Text(Margin+indent, base, d.Fit(title, st, BodyW-indent-nw-8), st)
	d.Text(Margin+BodyW-nw, base, num, st)
	for x := Margin + indent + w + 3; x < Margin+BodyW-nw-3; x += 1.6 {
		d.Rect(x, base-0.5, 0.35, 0.35, Rule)
	}
	d.LinkArea(Margin, y, BodyW, lh, link)
	d.y = y + lh
}
