// Package markdown is Playbook's one goldmark setup: GFM, footnotes, definition
// lists, CJK-aware line breaks and emphasis, Unicode heading anchors, callouts,
// escaped raw HTML, and link resolution through a caller-supplied function.
package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"playbook/generator/diag"
)

// Options configure a Markdown.
type Options struct {
	// RawHTML passes HTML written in markdown through. Off by default: raw
	// HTML is shown escaped, as text.
	RawHTML bool
}

// Markdown converts markdown to HTML. It is safe for concurrent use.
type Markdown struct {
	md goldmark.Markdown
}

// New returns a Markdown with Playbook's extensions.
func New(opts Options) *Markdown {
	inline := parser.DefaultInlineParsers()
	for i, p := range inline {
		if p.Value == parser.NewEmphasisParser() {
			inline[i] = util.Prioritized(newEmphasisParser(), p.Priority)
		}
	}
	p := parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(inline...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		parser.WithHeadingAttribute(),
		parser.WithAutoHeadingID(),
	)
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{rawHTML: opts.RawHTML}, 100)),
	}
	var htmlOpts []renderer.Option
	if opts.RawHTML {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.DefinitionList,
			extension.NewCJK(extension.WithEastAsianLineBreaks(extension.EastAsianLineBreaksCSS3Draft), extension.WithEscapedSpace()),
		),
		goldmark.WithRendererOptions(append(htmlOpts, rendererOpts...)...),
	)
	return &Markdown{md: md}
}

// Ref is a link or image destination found in a document.
type Ref struct {
	Dest      string
	Image     bool
	Line, Col int // position in the converted source
}

// ConvertOptions are the per-document inputs of Convert.
type ConvertOptions struct {
	// Lang picks the callout titles ("zh-CN" or "en").
	Lang string
	// Resolve maps a relative link or image destination to its final URL.
	// An error becomes a Problem at the link's position. Nil leaves every
	// destination as written.
	Resolve func(Ref) (string, error)
}

// Heading is one heading of a document, for tables of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Problem is an error or warning at a position in the converted source.
type Problem struct {
	Line, Col int
	Msg       string
	Warning   bool
}

// Doc is a converted document.
type Doc struct {
	HTML     []byte
	Headings []Heading
	Text     string // the plain text, for search
	Problems []Problem
}

// Parse returns the AST of src, with callouts made, for other renderers (the
// PDF proposals). The returned source is what the AST's segments point into.
func (m *Markdown) Parse(src []byte, lang string) (ast.Node, []byte) {
	if !utf8.Valid(src) {
		// goldmark can panic on broken UTF-8; callers report it, we only
		// must not crash.
		src = bytes.ToValidUTF8(src, []byte("\uFFFD"))
	}
	root := m.md.Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext(parser.WithIDs(newIDs()))))
	var quotes []*ast.Blockquote
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if bq, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, bq)
		}
		return ast.WalkContinue, nil
	})
	for _, bq := range quotes {
		makeCallout(bq, src, lang)
	}
	return root, src
}

// Callout reports whether n is a callout, with its variant (note, tip, …)
// and title.
func Callout(n ast.Node) (variant, title string, ok bool) {
	c, ok := n.(*callout)
	if !ok {
		return "", "", false
	}
	return c.Variant, c.Title, true
}

// Convert parses src and renders it.
func (m *Markdown) Convert(src []byte, opts ConvertOptions) *Doc {
	root, src := m.Parse(src, opts.Lang)
	doc := &Doc{}
	var plain strings.Builder
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock && plain.Len() > 0 {
				plain.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idStr, _ := id.([]byte)
			doc.Headings = append(doc.Headings, Heading{Level: n.Level, ID: string(idStr), Text: plainText(n, src)})
		case *ast.Link:
			n.Destination = []byte(resolve(doc, src, n, string(n.Destination), false, opts.Resolve))
		case *ast.Image:
			n.Destination = []byte(resolve(doc, src, n, string(n.Destination), true, opts.Resolve))
			if strings.TrimSpace(plainText(n, src)) == "" {
				line, col := position(src, n)
				doc.Problems = append(doc.Problems, Problem{Line: line, Col: col, Warning: true,
					Msg: "image " + string(n.Destination) + " has no alt text"})
			}
		case *east.TaskCheckBox:
			label := [2][2]string{{"未完成", "已完成"}, {"to do", "done"}}
			l := label[0]
			if strings.HasPrefix(opts.Lang, "en") {
				l = label[1]
			}
			text := l[0]
			if n.IsChecked {
				text = l[1]
			}
			n.SetAttributeString("aria-label", []byte(text))
		case *ast.Text:
			appendText(&plain, n.Segment.Value(src), n.SoftLineBreak() || n.HardLineBreak())
		case *ast.String:
			appendText(&plain, n.Value, false)
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				appendText(&plain, seg.Value(src), true)
			}
		}
		return ast.WalkContinue, nil
	})
	var buf bytes.Buffer
	buf.Grow(len(src) * 2)
	if err := m.md.Renderer().Render(&buf, src, root); err != nil {
		doc.Problems = append(doc.Problems, Problem{Line: 1, Col: 1, Msg: "rendering markdown: " + err.Error()})
	}
	doc.HTML = wrapTables(buf.Bytes())
	doc.Text = collapseSpace(plain.String())
	return doc
}

// wrapTables puts each table in a scrolling box that the keyboard can reach
// (a table wider than a phone scrolls sideways). Tables cannot nest in
// markdown, and rendered text has its < escaped, so the tags are unambiguous.
func wrapTables(html []byte) []byte {
	if !bytes.Contains(html, []byte("<table>")) {
		return html
	}
	html = bytes.ReplaceAll(html, []byte("<table>"), []byte(`<div class="table-scroll" tabindex="0"><table>`))
	return bytes.ReplaceAll(html, []byte("</table>"), []byte("</table></div>"))
}

func resolve(doc *Doc, src []byte, n ast.Node, dest string, image bool, fn func(Ref) (string, error)) string {
	if fn == nil {
		return dest
	}
	line, col := position(src, n)
	out, err := fn(Ref{Dest: dest, Image: image, Line: line, Col: col})
	if err != nil {
		doc.Problems = append(doc.Problems, Problem{Line: line, Col: col, Msg: err.Error()})
		return dest
	}
	return out
}

// position finds where an inline node starts: its first text, or else its block.
func position(src []byte, n ast.Node) (int, int) {
	offset := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			offset = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if offset > 0 {
		// Step back over "[" or "![" so the column points at the link itself.
		for offset > 0 && (src[offset-1] == '[' || src[offset-1] == '!') {
			offset--
		}
	}
	if offset < 0 {
		for p := n; p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				offset = p.Lines().At(0).Start
				break
			}
		}
	}
	return diag.LineCol(src, max(offset, 0))
}

// plainText returns the text inside n.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// appendText adds text to the search text; a soft line break becomes a space
// only between non-CJK characters, so Chinese words split across lines stay whole.
func appendText(b *strings.Builder, s []byte, lineBreak bool) {
	b.Write(s)
	if lineBreak {
		r, _ := utf8.DecodeLastRune(s)
		if !util.IsEastAsianWideRune(r) {
			b.WriteByte(' ')
		}
	}
}

func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
