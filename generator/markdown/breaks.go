package markdown

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// joinCJKLine removes the line break after t when a reader of Chinese does
// not want it as a space, following the segment break rules of CSS Text 3: a break
// between two wide characters (汉字, full-width punctuation) is removed, as is
// one between a wide character and ambiguous-width punctuation (“ ” … —);
// every other break stays, so "pages,\nobjection" keeps its space. (goldmark's
// own rule drops the break next to any punctuation: "pages.Objection".)
func joinCJKLine(t *ast.Text, src []byte) {
	if !t.SoftLineBreak() {
		return
	}
	before, _ := utf8.DecodeLastRune(t.Segment.Value(src))
	after, ok := firstRune(t.NextSibling(), src)
	if ok && removeBreak(before, after) {
		t.SetSoftLineBreak(false)
	}
}

// firstRune is the first character of the text that n begins with.
func firstRune(n ast.Node, src []byte) (rune, bool) {
	for ; n != nil; n = n.FirstChild() {
		switch n := n.(type) {
		case *ast.Text:
			if v := n.Segment.Value(src); len(v) > 0 {
				r, _ := utf8.DecodeRune(v)
				return r, true
			}
			return 0, false
		case *ast.String:
			if len(n.Value) > 0 {
				r, _ := utf8.DecodeRune(n.Value)
				return r, true
			}
			return 0, false
		case *ast.CodeSpan, *ast.RawHTML, *ast.AutoLink:
			return 0, false
		}
	}
	return 0, false
}

// removeBreak reports whether a line break between before and after is
// removed rather than shown as a space.
func removeBreak(before, after rune) bool {
	if before == '\u200B' || after == '\u200B' {
		return true
	}
	wb, wa := wide(before), wide(after)
	if wb && wa {
		return !unicode.Is(unicode.Hangul, before) && !unicode.Is(unicode.Hangul, after)
	}
	return wb && ambiguousPunct(after) || wa && ambiguousPunct(before)
}

func wide(r rune) bool {
	switch util.EastAsianWidth(r) {
	case "F", "W", "H":
		return true
	}
	return false
}

// ambiguousPunct is punctuation or a symbol that Chinese text sets full
// width though its East Asian width is ambiguous: “ ” ‘ ’ … — ·.
func ambiguousPunct(r rune) bool {
	return util.EastAsianWidth(r) == "A" && (unicode.IsPunct(r) || unicode.IsSymbol(r))
}
