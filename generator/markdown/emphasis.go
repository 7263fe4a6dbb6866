package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// CommonMark's flanking rules stop "**重点：**后面" from being bold: the closing
// delimiter sits between punctuation and a letter. Following the CJK-friendly
// amendment to CommonMark, a CJK character next to a delimiter counts like
// whitespace or punctuation for the punctuation side of the rule.

type emphasisDelimiterProcessor struct{}

func (emphasisDelimiterProcessor) IsDelimiter(b byte) bool { return b == '*' || b == '_' }

func (emphasisDelimiterProcessor) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (emphasisDelimiterProcessor) OnMatch(consumes int) ast.Node { return ast.NewEmphasis(consumes) }

type emphasisParser struct{}

func newEmphasisParser() parser.InlineParser { return emphasisParser{} }

func (emphasisParser) Trigger() []byte { return []byte{'*', '_'} }

func (emphasisParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	node := scanDelimiter(line, before)
	if node == nil {
		return nil
	}
	node.Segment = segment.WithStop(segment.Start + node.OriginalLength)
	block.Advance(node.OriginalLength)
	pc.PushDelimiter(node)
	return node
}

func scanDelimiter(line []byte, before rune) *parser.Delimiter {
	if len(line) == 0 || (line[0] != '*' && line[0] != '_') {
		return nil
	}
	c := line[0]
	j := 0
	for j < len(line) && line[j] == c {
		j++
	}
	after := ' '
	if j < len(line) {
		after = util.ToRune(line, j)
	}
	beforePunct, beforeSpace := util.IsPunctRune(before), util.IsSpaceRune(before)
	afterPunct, afterSpace := util.IsPunctRune(after), util.IsSpaceRune(after)
	beforeCJK, afterCJK := util.IsEastAsianWideRune(before), util.IsEastAsianWideRune(after)

	isLeft := !afterSpace && (!afterPunct || beforeSpace || beforePunct || beforeCJK)
	isRight := !beforeSpace && (!beforePunct || afterSpace || afterPunct || afterCJK)
	var canOpen, canClose bool
	if c == '_' {
		canOpen = isLeft && (!isRight || beforePunct)
		canClose = isRight && (!isLeft || afterPunct)
	} else {
		canOpen, canClose = isLeft, isRight
	}
	return parser.NewDelimiter(canOpen, canClose, j, c, emphasisDelimiterProcessor{})
}
