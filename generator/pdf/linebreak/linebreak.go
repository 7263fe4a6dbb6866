// Package linebreak breaks mixed Chinese/Latin text into lines for the PDF
// renderer. It does not draw anything and knows nothing about fonts: the
// caller supplies a width function (for fpdf, GetStringWidth).
//
// Break opportunities come from Unicode UAX #14 (github.com/rivo/uniseg,
// Unicode 15.0), never inside a grapheme cluster, tailored for Chinese:
//
//   - 禁则 (kinsoku): no line starts with closing punctuation such as
//     ，。、；：？！）」』】〕》〉”’…—·％‰° , . ; : ? ! ) ] } % or small kana,
//     and no line ends with opening punctuation or a currency/number prefix
//     such as （「『【〔《〈“‘ ¥ $ € £ # (full sets: forbiddenStart and
//     forbiddenEnd in this file), even when spaces are in between ("100 %"
//     and "$ 5" stay on one line). "——" and "……" are therefore never split.
//   - Between consecutive CJK characters a break is allowed (UAX #14 class ID).
//     Chinese quotation marks “ ” ‘ ’ get the Unicode 15.1 tailoring: a break
//     is allowed before “/‘ and after ”/’ when the neighbour on that side is
//     a CJK character (UAX #14 15.0 forbids any break next to them).
//   - Numbers and amounts are never split (¥128,000.00, 1,200, 3.5%, 90%,
//     2026-12-01, 9001), nor are Latin words. A break is allowed between a
//     number and a following CJK character (568.00|元).
//   - ASCII spaces and tabs are breakable white space: a break after them
//     consumes them (they appear neither at the end of the line nor at the
//     start of the next one). Leading white space of a paragraph (indentation)
//     is kept and never broken away from the first word. Tabs are treated
//     exactly like spaces for breaking but are kept as "\t" in the output;
//     replace them before calling if the font cannot draw them.
//   - Hard breaks: "\r\n", "\n", "\r", "\v", "\f", U+0085, U+2028 and U+2029
//     each end a paragraph (CRLF counts once).
//
// Line filling is greedy (first fit) and measures each segment once, so a
// paragraph costs O(n) calls of the width function. Widths are assumed to be
// additive (true for fpdf without kerning). When a single unbreakable segment
// (a long word, URL or amount, or a run of CJK glued by 禁则) is wider than the
// line, it is broken between grapheme clusters as a last resort, still
// avoiding 禁则 positions where possible; only a single grapheme cluster that
// is wider than the line by itself can overflow.
package linebreak

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Measure returns the width of s in the caller's units (e.g. from fpdf
// GetStringWidth). Widths are assumed additive: the width of a line is the
// sum of the widths of its pieces (true for fpdf, which does not kern).
type Measure func(s string) float64

// Lines breaks text into lines no wider than width, measuring with measure.
//
// Lines never adds, changes or reorders characters: every line is a
// substring of text, and strings.Join(lines, "") equals text with only these
// characters removed:
//
//  1. the spaces (U+0020) and tabs (U+0009) at the end of each line,
//     including the last line and lines ended by a hard break (spaces at a
//     soft break are consumed by the break, spaces at a line end are
//     invisible). Only a space or tab that is a grapheme cluster by itself
//     counts (not one joined to a preceding Prepend mark). Spaces and tabs in
//     the middle of a line and at the start of a paragraph are kept; other
//     white space such as U+3000 IDEOGRAPHIC SPACE and U+00A0 NO-BREAK SPACE
//     is never dropped.
//  2. the hard line breaks: "\r\n" (as one break), "\n", "\r", "\v", "\f",
//     U+0085, U+2028, U+2029.
//
// An empty text gives no lines (nil). Otherwise every paragraph (the text
// between hard breaks) gives at least one line, possibly empty, so a text with
// k hard breaks gives at least k+1 lines and a text ending with a hard break
// ends with an empty line, like strings.Split. Text made of spaces only gives
// one empty line.
//
// Every line fits in width (with a relative tolerance of 1e-9) unless it is a
// single grapheme cluster wider than width. The indentation of a paragraph
// sticks to its first word; an indentation that alone is wider than the line
// gives an empty first line. If width <= 0 or NaN, every segment (see
// [Segments]) is put on its own line and nothing is split further.
func Lines(text string, width float64, measure Measure) []string {
	ls := Break(text, width, func(start, end int) float64 { return measure(text[start:end]) })
	if ls == nil {
		return nil
	}
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = text[l.Start:l.End]
	}
	return out
}

// Line is one line chosen by [Break]: text[Start:End], without the white
// space dropped at its end.
type Line struct {
	Start, End int
	// Last reports that the line ends its paragraph (a hard break or the end
	// of the text follows), e.g. so that a justified paragraph leaves it
	// ragged.
	Last bool
	// Hyphen reports that the line ends inside a word split as a last
	// resort: the caller draws a hyphen after it (see [Options]).
	Hyphen bool
}

// Options tailor [BreakWith].
type Options struct {
	// Hyphen is the width of a hyphen. When it is positive, a Latin word
	// wider than the line is split between two letters with room left for
	// a hyphen, and the line is marked [Line.Hyphen].
	Hyphen float64
}

// Break is [Lines] for callers that lay out text in several fonts (bold and
// italic runs): measure(start, end) returns the width of text[start:end],
// which the caller computes by summing the widths of the parts of its style
// runs that fall in that byte range. It is called with ranges of whole
// segments (without their trailing white space), of the white space alone,
// and, only for a segment wider than the line, of single grapheme clusters.
// The rules and results are those of Lines; Lines(text) is exactly the
// substrings text[l.Start:l.End] of Break(text).
func Break(text string, width float64, measure func(start, end int) float64) []Line {
	return BreakWith(text, width, measure, Options{})
}

// BreakWith is [Break] with options.
//
// Both avoid an orphan: when the last line of a paragraph would hold a
// single CJK character (with the punctuation glued to it) and the line
// before it has more than one segment, its last segment moves down, if
// the last line still fits.
func BreakWith(text string, width float64, measure func(start, end int) float64, opt Options) []Line {
	segs := Segments(text)
	if len(segs) == 0 {
		return nil
	}
	b := breaker{
		text:    text,
		measure: measure,
		fit:     width > 0, // false for NaN
		limit:   width + 1e-9*math.Max(1, math.Abs(width)),
		hyphen:  opt.Hyphen,
	}
	for _, s := range segs {
		b.add(s)
	}
	if b.open {
		b.flush(true)
	} else if segs[len(segs)-1].Hard {
		// A final hard break starts a last, empty paragraph.
		b.lines = append(b.lines, Line{Start: len(text), End: len(text), Last: true})
	}
	return b.lines
}

// Segment is an unbreakable piece of text: a Latin word, a number or amount
// (¥128,000.00), a CJK character with the punctuation attached to it by
// 禁则, ... together with its trailing breakable white space. A line may be
// broken after any segment and nowhere else (except the last-resort split of
// a segment wider than the line, see [Lines]).
type Segment struct {
	// Text is text[Start:Start+len(Text)]. It includes the trailing white
	// space (Space bytes) but not the hard break that may follow. It is
	// empty only for an empty paragraph (Hard is then true).
	Text  string
	Start int
	// Space is the length in bytes of the spaces and tabs (each a grapheme
	// cluster by itself) at the end of Text. They are dropped when a line
	// ends after this segment and are part of the line (and of its width)
	// when another segment follows on the same line.
	Space int
	// Hard reports that a hard line break follows Text. Its characters
	// ("\n", "\r\n", ...) lie between this segment and the next one and
	// belong to no segment.
	Hard bool
}

// Visible returns Text without its trailing white space: what is drawn when
// a line ends after s.
func (s Segment) Visible() string { return s.Text[:len(s.Text)-s.Space] }

// Segments splits text into its unbreakable segments, in order. The segments
// and the hard breaks between them cover text exactly. An empty text gives
// no segments; a text ending with a hard break ends with a segment whose Hard
// is true (a final empty paragraph follows it).
func Segments(text string) []Segment {
	if text == "" {
		return nil
	}
	// Tabs are treated as spaces by UAX #14: it reads a copy with the same
	// byte offsets. Grapheme clusters come from the text itself (a tab is a
	// control and never joins a cluster; a space may, after a Prepend mark).
	norm := text
	if strings.IndexByte(text, '\t') >= 0 {
		norm = strings.ReplaceAll(text, "\t", " ")
	}
	var (
		segs    = make([]Segment, 0, len(text)/4+1)
		start   int       // start of the current segment
		spaceAt = -1      // start of its trailing run of spaces, or -1
		hasSig  bool      // it has a non-space grapheme
		lastSig rune = -1 // base rune of its last non-space grapheme
		prevSig rune = -1 // and of the one before it
		pos     int
	)
	emit := func(end int, hard bool) {
		s := Segment{Text: text[start:end], Start: start, Hard: hard}
		if spaceAt >= 0 {
			s.Space = end - spaceAt
		}
		segs = append(segs, s)
		start, spaceAt, hasSig, lastSig, prevSig = end, -1, false, -1, -1
	}
	// UAX #14 opportunities (lineEnd: end of the current line segment) are
	// only considered where they coincide with grapheme cluster boundaries.
	// This is what uniseg.Step does, without its word and sentence machines.
	glued := shortRuns(text)
	lineRest, lineState, lineEnd := norm, -1, 0
	cl, rest, _, gstate := uniseg.FirstGraphemeClusterInString(text, -1)
	for cl != "" {
		end := pos + len(cl)
		var next, nrest string
		var nstate int
		if rest != "" {
			next, nrest, _, nstate = uniseg.FirstGraphemeClusterInString(rest, gstate)
		}
		if isNewline(cl) {
			emit(pos, true)
			start = end // skip the break itself
		} else {
			r := firstRune(cl)
			if cl == " " || cl == "\t" {
				if spaceAt < 0 {
					spaceAt = pos
				}
			} else {
				spaceAt, hasSig, lastSig, prevSig = -1, true, r, lastSig
			}
			for lineEnd < end && lineRest != "" {
				var ls string
				ls, lineRest, _, lineState = uniseg.FirstLineSegmentInString(lineRest, lineState)
				lineEnd += len(ls)
			}
			switch {
			case next == "":
				emit(end, false)
			case hasSig && !glued[end] && breakAfter(r, lineEnd == end, next, lastSig, prevSig) &&
				!(isDigit(lastSig) && (cl == " " || cl == "\u00a0") && isUnit(rest)):
				emit(end, false)
			}
		}
		pos = end
		cl, rest, gstate = next, nrest, nstate
	}
	return segs
}

// isUnit reports whether s starts with a unit of measure written after a
// number and a space: one to three letters (g, kg, cm, mm, pcs) or a unit
// sign (℃, ㎡, °C), then no more letters. "200 g" and "5 cm" stay whole.
func isUnit(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') || r == 'µ' || r == '°' || r == '²' || r == '³' || r == '/':
			n++
			if n > 3 {
				return false
			}
		case r == '℃' || r == '℉' || r >= 0x3380 && r <= 0x33DF: // ℃, ㎡ ㎏ ㎜ ...
			return n == 0
		default:
			return n > 0 && !unicode.IsLetter(r) || n > 0 && isCJK(r)
		}
	}
	return n > 0
}

// shortRuns finds the positions inside short runs of Chinese characters
// that must not be broken: a run of two to four ideographs that follows a
// space and is followed by no letter or digit, or that is a whole
// paragraph, is a name or a term (定制部 张强, 李娜), not prose. It returns
// nil when there are none.
func shortRuns(text string) map[int]bool {
	var glued map[int]bool
	runStart, n := -1, 0
	before, prev := rune(-1), rune(-1) // the rune before the run, and before the current one (-1: none)
	flush := func(after rune) {
		spaced := before == ' ' || before == '\t' || before == '　'
		whole := (before == '\n' || before == -1) && (after == '\n' || after == -1)
		if n >= 2 && n <= 4 && (spaced && !unicode.IsLetter(after) && !unicode.IsDigit(after) || whole) {
			for i, r := range text[runStart:] {
				if i == 0 {
					continue
				}
				if !unicode.Is(unicode.Han, r) {
					break
				}
				if glued == nil {
					glued = map[int]bool{}
				}
				glued[runStart+i] = true
			}
		}
		runStart, n = -1, 0
	}
	for i, r := range text {
		if unicode.Is(unicode.Han, r) {
			if runStart < 0 {
				runStart, before = i, prev
			}
			n++
		} else if runStart >= 0 {
			flush(r)
		}
		prev = r
	}
	if runStart >= 0 {
		flush(-1)
	}
	return glued
}

// breakAfter reports whether a line may be broken between a grapheme whose
// base rune is r and the following grapheme next; uax is the UAX #14 answer
// for that position, lastSig is the base rune of the last non-space
// grapheme before it and prevSig the one before lastSig.
func breakAfter(r rune, uax bool, next string, lastSig, prevSig rune) bool {
	if isNewline(next) {
		return false // the hard break is handled by the caller
	}
	nr := firstRune(next)
	if isDash(lastSig) && isDigit(prevSig) && isDigit(nr) {
		return false // a range of numbers or dates: 2022—2026, 3–5
	}
	if isDigit(lastSig) && strings.ContainsRune("年月日", nr) ||
		strings.ContainsRune("年月", lastSig) && isDigit(prevSig) && isDigit(nr) {
		return false // a Chinese date: 2026年12月1日
	}
	ok := uax
	if !ok {
		// Unicode 15.1 LB19a: quotation marks between CJK characters do not
		// prevent a break (“ opens, ” closes in Chinese).
		ok = (isOpenQuote(nr) && isCJK(r)) || (isCloseQuote(r) && isCJK(nr))
	}
	return ok && !forbiddenStart(nr) && !forbiddenEnd(lastSig)
}

// breaker is the greedy line filler of Break.
type breaker struct {
	text    string
	measure func(start, end int) float64
	fit     bool    // width > 0: fill lines; otherwise one segment per line
	limit   float64 // width plus tolerance
	lines   []Line

	open       bool    // a line is being filled
	start, end int     // its visible content is text[start:end]
	w          float64 // width of text[start:end]
	spaceEnd   int     // text[end:spaceEnd] is the pending trailing white space
	gs         []grapheme
	hyphen     float64

	// The segments of the open line and of the line before it, as
	// [start, visible end] pairs; nil after a split (unknown).
	segs, prevSegs [][2]int
}

type grapheme struct {
	start, end int
	w          float64
	space      bool
	r          rune // base rune
}

func (b *breaker) flush(last bool) {
	if last && b.fit && b.orphan() {
		prev := &b.lines[len(b.lines)-1]
		moved := b.prevSegs[len(b.prevSegs)-1]
		if b.measure(moved[0], b.end) <= b.limit {
			prev.End = b.prevSegs[len(b.prevSegs)-2][1]
			b.start = moved[0]
		}
	}
	b.lines = append(b.lines, Line{Start: b.start, End: b.end, Last: last})
	b.open = false
	b.prevSegs, b.segs = b.segs, b.segs[:0:0]
}

// orphan reports whether the open line, the last of its paragraph, is a
// single CJK character that the line before it could join.
func (b *breaker) orphan() bool {
	if len(b.segs) != 1 || len(b.prevSegs) < 2 || len(b.lines) == 0 || b.lines[len(b.lines)-1].Last {
		return false
	}
	han := 0
	for _, r := range b.text[b.start:b.end] {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return false
		}
	}
	return han == 1
}

func (b *breaker) add(s Segment) {
	vis := s.Start + len(s.Text) - s.Space
	var w float64
	if b.fit && vis > s.Start {
		w = b.measure(s.Start, vis)
	}
	if b.open {
		var sp float64
		if b.fit && b.spaceEnd > b.end {
			sp = b.measure(b.end, b.spaceEnd)
		}
		if b.fit && b.w+sp+w <= b.limit {
			b.end, b.w = vis, b.w+sp+w
			if b.segs != nil {
				b.segs = append(b.segs, [2]int{s.Start, vis})
			}
		} else {
			b.flush(false)
		}
	}
	if !b.open {
		if b.fit && w > b.limit {
			b.split(s.Start, vis)
			b.segs = nil
		} else {
			b.open, b.start, b.end, b.w = true, s.Start, vis, w
			b.segs = append(b.segs[:0:0], [2]int{s.Start, vis})
		}
	}
	b.spaceEnd = vis + s.Space
	if s.Hard {
		b.flush(true)
	}
}

// split lays out text[from:to], a segment wider than the line, by grapheme
// clusters on fresh lines. The last piece is left open so that the following
// segments can join it.
func (b *breaker) split(from, to int) {
	gs := b.gs[:0]
	s, off, state := b.text[from:to], from, -1
	for s != "" {
		var c string
		c, s, _, state = uniseg.FirstGraphemeClusterInString(s, state)
		gs = append(gs, grapheme{
			start: off, end: off + len(c), w: b.measure(off, off+len(c)),
			space: c == " " || c == "\t", r: firstRune(c),
		})
		off += len(c)
	}
	b.gs = gs

	// hy is the width of the hyphen needed when the line ends after gs[i].
	hy := func(i int) float64 {
		if b.hyphen > 0 && i+1 < len(gs) && isLetter(gs[i].r) && isLetter(gs[i+1].r) {
			return b.hyphen
		}
		return 0
	}
	i0, prev := 0, -1 // first grapheme of the current piece and of the one before
	var w, sp float64 // its width up to its last non-space, and of the spaces after
	for i, g := range gs {
		if g.space {
			sp += g.w
			continue
		}
		if i > i0 && w+sp+g.w+hy(i) > b.limit {
			// Move the break back to a position that obeys 禁则, but only if
			// the carried-over graphemes then fit: otherwise a violation is
			// unavoidable anyway and is best made here.
			j := kinsokuBreak(gs, i0, i)
			var jw, jsp float64
			for _, h := range gs[j:i] {
				if h.space {
					jsp += h.w
				} else {
					jw, jsp = jw+jsp+h.w, 0
				}
			}
			if jw+jsp+g.w > b.limit {
				j, jw, jsp = i, 0, 0
			}
			k := j - 1
			for k >= i0 && gs[k].space {
				k--
			}
			end := gs[i0].start
			if k >= i0 {
				end = gs[k].end
			}
			b.lines = append(b.lines, Line{Start: gs[i0].start, End: end, Hyphen: k == j-1 && k >= i0 && hy(k) > 0})
			prev, i0, w, sp = i0, j, jw, jsp
		}
		w, sp = w+sp+g.w, 0
	}
	// No lone Chinese character in the last piece when the piece before can
	// give it one: 提供封|样 becomes 提供|封样.
	if prev >= 0 && i0-prev >= 3 && loneHan(gs[i0:]) && unicode.Is(unicode.Han, gs[i0-1].r) {
		nw := 0.0
		for _, g := range gs[i0-1:] {
			nw += g.w
		}
		k := i0 - 2 // the new end of the line before: its last non-space
		for k > prev && gs[k].space {
			k--
		}
		if nw <= b.limit && !gs[k].space && !forbiddenEnd(gs[k].r) {
			b.lines[len(b.lines)-1].End = gs[k].end
			i0, w = i0-1, nw
		}
	}
	b.open, b.start, b.end, b.w = true, gs[i0].start, to, w
}

// loneHan reports whether gs is one Chinese character with only closing
// punctuation after it.
func loneHan(gs []grapheme) bool {
	if len(gs) == 0 || !unicode.Is(unicode.Han, gs[0].r) {
		return false
	}
	for _, g := range gs[1:] {
		if !forbiddenStart(g.r) {
			return false
		}
	}
	return true
}

// kinsokuBreak returns the index of the grapheme that starts the next line
// when gs[i0:i+1] does not fit: the last position in (i0, i] before a
// non-space grapheme, after a non-space one, that respects 禁则, or i if
// there is none.
func kinsokuBreak(gs []grapheme, i0, i int) int {
	for j := i; ; {
		k := j - 1
		for k >= i0 && gs[k].space {
			k--
		}
		if k < i0 {
			return i
		}
		if !forbiddenStart(gs[j].r) && !forbiddenEnd(gs[k].r) {
			return j
		}
		j = k
	}
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func isNewline(g string) bool {
	switch g {
	case "\n", "\r\n", "\r", "\v", "\f", "\u0085", "\u2028", "\u2029":
		return true
	}
	return false
}

// forbiddenStart reports whether a line must not start with r (closing
// punctuation, small kana and similar marks).
func forbiddenStart(r rune) bool {
	switch r {
	// Chinese closing punctuation (full width).
	case '，', '。', '、', '；', '：', '？', '！', '）', '」', '』', '】', '〕', '》', '〉',
		'］', '｝', '〗', '〙', '〛', '〞', '〟', '．', '｡', '､', '｣',
		'”', '’', '…', '‥', '—', '⸺', '⸻', '·', '・', '％', '‰', '°', '′', '″', '℃', '℉',
		'‼', '⁇', '⁈', '⁉', '﹐', '﹑', '﹒', '﹔', '﹕', '﹖', '﹗',
		// Half-width closing punctuation.
		',', '.', ';', ':', '?', '!', ')', ']', '}', '%',
		// Iteration and prolonged-sound marks, small kana.
		'々', '〻', 'ゝ', 'ゞ', 'ヽ', 'ヾ', 'ー', '゠', 'ｰ',
		'ぁ', 'ぃ', 'ぅ', 'ぇ', 'ぉ', 'っ', 'ゃ', 'ゅ', 'ょ', 'ゎ', 'ゕ', 'ゖ',
		'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ッ', 'ャ', 'ュ', 'ョ', 'ヮ', 'ヵ', 'ヶ':
		return true
	}
	return r >= 0x31F0 && r <= 0x31FF || // small katakana extension
		r >= 0xFF67 && r <= 0xFF6F // half-width small katakana
}

// forbiddenEnd reports whether a line must not end with r (opening
// punctuation and currency or number prefixes).
func forbiddenEnd(r rune) bool {
	switch r {
	case '（', '「', '『', '【', '〔', '《', '〈', '［', '｛', '〖', '〘', '〚', '〝', '｢',
		'“', '‘', '(', '[', '{',
		'¥', '$', '€', '£', '₩', '₹', '￥', '＄', '￡', '#', '＃':
		return true
	}
	return false
}

func isDash(r rune) bool {
	switch r {
	case '—', '–', '-', '~', '～', '－', '‒', '―':
		return true
	}
	return false
}

// isLetter reports whether r is a letter of an alphabet (not CJK): a word
// of them may be hyphenated.
func isLetter(r rune) bool { return unicode.IsLetter(r) && !isCJK(r) }

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

func isOpenQuote(r rune) bool  { return r == '“' || r == '‘' }
func isCloseQuote(r rune) bool { return r == '”' || r == '’' }

// isCJK reports whether r is a Chinese, Japanese or Korean character or
// punctuation mark.
func isCJK(r rune) bool {
	return r >= 0x3000 && r <= 0x303F || // CJK symbols and punctuation
		r >= 0xFF00 && r <= 0xFFEF || // full-width forms
		unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo)
}
