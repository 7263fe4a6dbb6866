// Package markdown is Playbook's one goldmark setup: GFM, footnotes,
// definition lists, CJK-aware line breaks and emphasis, Unicode heading
// anchors, callouts, and escaped raw HTML. Parse makes a Doc: the AST, with
// every link and image resolved by an AST transformer to a Target (a page,
// folder or file of the playbook, and a fragment), plus the headings and the
// plain text. Render writes a Doc as HTML in a Context that says where each
// target is from where the HTML is shown (a page of the site, the handbook);
// the PDF renderers walk the same AST.
package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

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

// Markdown parses and renders markdown. It is safe for concurrent use.
type Markdown struct {
	opts      Options
	parser    parser.Parser
	renderers sync.Pool // of *htmlRenderer: each renders one document at a time
}

// New returns a Markdown with Playbook's extensions.
func New(opts Options) *Markdown {
	m := &Markdown{opts: opts}
	m.parser = m.goldmark(&renderState{}).Parser()
	m.parser.AddOptions(parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 100)))
	m.renderers.New = func() any {
		st := &renderState{}
		return &htmlRenderer{r: m.goldmark(st).Renderer(), st: st}
	}
	return m
}

// goldmark makes a goldmark with Playbook's extensions; its renderer reads
// the document and context being rendered from st.
func (m *Markdown) goldmark(st *renderState) goldmark.Markdown {
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
	var htmlOpts []renderer.Option
	if m.opts.RawHTML {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
	}
	nr := &nodeRenderer{rawHTML: m.opts.RawHTML, st: st, title: html.NewWriter(html.WithEscapedSpace())}
	md := goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithExtensions(
			extension.GFM,
			// The prefix is a hole: nothing is written now.
			extension.NewFootnote(extension.WithFootnoteIDPrefixFunction(func(ast.Node) []byte { st.out.hole(holePrefix, nil, ""); return nil })),
			extension.DefinitionList,
			extension.NewCJK(extension.WithEscapedSpace()), // line breaks: joinCJKLines
		),
		goldmark.WithRendererOptions(htmlOpts...),
	)
	// Playbook's node renderers take over from goldmark's, which they call
	// for what they do not change.
	baseOpts := []html.Option{
		html.WithWriter(html.NewWriter(html.WithEscapedSpace())),
	}
	if m.opts.RawHTML {
		baseOpts = append(baseOpts, html.WithUnsafe())
	}
	base := &baseFuncs{funcs: map[ast.NodeKind]renderer.NodeRendererFunc{}}
	html.NewRenderer(baseOpts...).RegisterFuncs(base)
	extension.NewTableHTMLRenderer().RegisterFuncs(base)
	nr.base = base.funcs
	md.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(nr, 100)))
	return md
}

// baseFuncs collects goldmark's own render functions.
type baseFuncs struct {
	funcs map[ast.NodeKind]renderer.NodeRendererFunc
}

func (b *baseFuncs) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { b.funcs[k] = f }

// Ref is a link or image destination found in a document.
type Ref struct {
	Dest      string
	Image     bool
	Line, Col int // position in the parsed source
}

// Target is where a link or image of the playbook points.
type Target struct {
	Dest     string // as written, trimmed
	Path     string // content-relative path of a page, folder or file; "" for a fragment of the same page
	Fragment string // decoded, without the #
	Image    bool
}

// Link is a resolved link or image of a document, with where it is written.
type Link struct {
	*Target
	Line, Col int
}

// ParseOptions are the per-document inputs of Parse.
type ParseOptions struct {
	// Lang picks the callout titles ("zh-CN" or "en").
	Lang string
	// Inline marks a one-line text (a checklist item): it renders without
	// the paragraph around it.
	Inline bool
	// Resolve says where a destination points. A nil Target leaves it as
	// written (a link out of the playbook); an error becomes a Problem at
	// the link's position. Nil leaves every destination as written.
	Resolve func(Ref) (*Target, error)
}

// Heading is one heading of a document, for tables of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Problem is an error or warning at a position in the parsed source.
type Problem struct {
	Line, Col int
	Msg       string
	Warning   bool
}

// Doc is a parsed document. It is never changed after Parse, so any number
// of renders may read it at once.
type Doc struct {
	Root     ast.Node
	Source   []byte // what the AST's segments point into
	Headings []Heading
	Text     string // the plain text, for search
	Problems []Problem
	Links    []Link // resolved links and images, in order
	Inline   bool   // rendered without the paragraph around it
	targets  map[ast.Node]*Target
	md       *Markdown // parsed it; renders it

	lineIndex *diag.Lines // while parsing
}

// Target returns where a link or image node points, or nil when it is left
// as written.
func (d *Doc) Target(n ast.Node) *Target { return d.targets[n] }

var resolverKey = parser.NewContextKey()

// Parse parses src into a Doc.
func (m *Markdown) Parse(src []byte, opts ParseOptions) *Doc {
	if !utf8.Valid(src) {
		// goldmark can panic on broken UTF-8; callers report it, we only
		// must not crash.
		src = bytes.ToValidUTF8(src, []byte("\uFFFD"))
	}
	doc := &Doc{Source: src, Inline: opts.Inline, targets: map[ast.Node]*Target{}, md: m}
	if pr := limits(src); pr != nil {
		doc.Problems = append(doc.Problems, *pr)
		doc.Root = ast.NewDocument()
		return doc
	}
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	pc.Set(resolverKey, &resolution{doc: doc, resolve: opts.Resolve})
	root := m.parser.Parse(text.NewReader(src), parser.WithContext(pc))
	// One walk finds the callouts and diagrams to make and settles the
	// line breaks.
	var quotes []*ast.Blockquote
	var svgs []*ast.FencedCodeBlock
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Blockquote:
			quotes = append(quotes, n)
		case *ast.FencedCodeBlock:
			if string(n.Language(src)) == "svg" {
				svgs = append(svgs, n)
			}
		case *ast.Text:
			joinCJKLine(n, src)
		}
		return ast.WalkContinue, nil
	})
	for _, bq := range quotes {
		makeCallout(bq, src, opts.Lang)
	}
	doc.Root = root
	doc.makeDiagrams(svgs)
	doc.collect(opts.Lang)
	doc.lineIndex = nil
	return doc
}

// resolution carries a document's resolver into the link transformer.
type resolution struct {
	doc     *Doc
	resolve func(Ref) (*Target, error)
}

// linkTransformer resolves every link and image of a document to its
// target once it is parsed.
type linkTransformer struct{}

func (linkTransformer) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	res, _ := pc.Get(resolverKey).(*resolution)
	if res == nil || res.resolve == nil {
		return
	}
	src := reader.Source()
	lines := res.doc.lines()
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest string
		image := false
		switch n := n.(type) {
		case *ast.Link:
			dest = string(n.Destination)
		case *ast.Image:
			dest, image = string(n.Destination), true
		default:
			return ast.WalkContinue, nil
		}
		line, col := position(lines, src, n)
		t, err := res.resolve(Ref{Dest: dest, Image: image, Line: line, Col: col})
		switch {
		case err != nil:
			res.doc.Problems = append(res.doc.Problems, Problem{Line: line, Col: col, Msg: err.Error()})
		case t != nil:
			res.doc.targets[n] = t
			res.doc.Links = append(res.doc.Links, Link{Target: t, Line: line, Col: col})
		}
		return ast.WalkContinue, nil
	})
}

// collect gathers the headings, the plain text and the images without alt
// text, and labels task boxes.
func (d *Doc) collect(lang string) {
	src := d.Source
	var plain strings.Builder
	plain.Grow(len(src)) // the text is shorter than its markdown: one allocation
	ids := map[string]bool{}
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
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
			if ids[string(idStr)] && len(idStr) > 0 {
				line, col := position(d.lines(), src, n)
				d.Problems = append(d.Problems, Problem{Line: line, Col: col, Msg: fmt.Sprintf("heading id %q is used twice on this page", idStr)})
			}
			ids[string(idStr)] = true
			d.Headings = append(d.Headings, Heading{Level: n.Level, ID: string(idStr), Text: plainText(n, src)})
		case *ast.Image:
			if strings.TrimSpace(plainText(n, src)) == "" {
				line, col := position(d.lines(), src, n)
				d.Problems = append(d.Problems, Problem{Line: line, Col: col, Warning: true,
					Msg: "image " + strings.TrimSpace(string(n.Destination)) + " has no alt text"})
			}
		case *east.TaskCheckBox:
			label := [2][2]string{{"未完成", "已完成"}, {"to do", "done"}}
			l := label[0]
			if strings.HasPrefix(lang, "en") {
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
		case *diagram:
			appendText(&plain, []byte(n.Words), true)
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				appendText(&plain, seg.Value(src), true)
			}
		}
		return ast.WalkContinue, nil
	})
	d.Text = collapseSpace(plain.String())
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

// lines indexes the document's lines, once.
func (d *Doc) lines() *diag.Lines {
	if d.lineIndex == nil {
		d.lineIndex = diag.NewLines(d.Source)
	}
	return d.lineIndex
}

// position finds where an inline node starts: its first text, or else its block.
func position(lines *diag.Lines, src []byte, n ast.Node) (int, int) {
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
	return lines.At(max(offset, 0))
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
	// Run by run: the space characters are ASCII, and UTF-8 never uses
	// ASCII bytes inside a multi-byte character. Chinese text has long
	// runs without a space, copied at once.
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		start := i
		for i < len(s) && !isSpaceByte(s[i]) {
			i++
		}
		if i > start {
			if len(b) > 0 && start > 0 && isSpaceByte(s[start-1]) {
				b = append(b, ' ')
			}
			b = append(b, s[start:i]...)
		}
		for i < len(s) && isSpaceByte(s[i]) {
			i++
		}
	}
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b)) // b is this call's own: no second copy
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }
