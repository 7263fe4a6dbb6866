package markdown

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"unsafe"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// kindCallout is a GitHub-style alert: a block quote whose first line is
// [!NOTE], [!TIP], [!IMPORTANT], [!WARNING], [!CAUTION] or [!SAY] (a
// script to read aloud).
var kindCallout = ast.NewNodeKind("Callout")

type callout struct {
	ast.BaseBlock
	Variant string // note, tip, important, warning, caution, say
	Title   string
}

func (n *callout) Kind() ast.NodeKind { return kindCallout }

func (n *callout) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Variant": n.Variant}, nil)
}

var calloutTitles = map[string][2]string{ // zh, en
	"note":      {"注意", "Note"},
	"tip":       {"提示", "Tip"},
	"important": {"重要", "Important"},
	"warning":   {"警告", "Warning"},
	"caution":   {"当心", "Caution"},
	"say":       {"话术", "Say"}, // a script reps read aloud: the site adds a copy button
}

// makeCallout turns bq into a callout when its first line is a marker.
func makeCallout(bq *ast.Blockquote, src []byte, lang string) {
	para, ok := bq.FirstChild().(*ast.Paragraph)
	if !ok || para.Lines().Len() == 0 {
		return
	}
	first := para.Lines().At(0)
	line := strings.TrimSpace(string(first.Value(src)))
	if !strings.HasPrefix(line, "[!") || !strings.HasSuffix(line, "]") {
		return
	}
	variant := strings.ToLower(line[2 : len(line)-1])
	titles, ok := calloutTitles[variant]
	if !ok {
		return
	}
	title := titles[0]
	if strings.HasPrefix(lang, "en") {
		title = titles[1]
	}
	// Drop the inline nodes of the marker line.
	for c := para.FirstChild(); c != nil; {
		next := c.NextSibling()
		t, isText := c.(*ast.Text)
		para.RemoveChild(para, c)
		if isText && (t.SoftLineBreak() || t.HardLineBreak()) {
			break
		}
		c = next
	}
	if para.ChildCount() == 0 {
		bq.RemoveChild(bq, para)
	}
	co := &callout{Variant: variant, Title: title}
	parent := bq.Parent()
	parent.ReplaceChild(parent, bq, co)
	for c := bq.FirstChild(); c != nil; {
		next := c.NextSibling()
		co.AppendChild(co, c)
		c = next
	}
}

// Context says how a document's targets and ids are written where it is
// shown: a page of the site, or the printable handbook.
type Context interface {
	// Href is a link's href attribute value, HTML-escaped.
	Href(t *Target) string
	// Src is an image's URL, as its src will be written (not escaped).
	Src(t *Target) string
	// ID is the id an element with id gets; ID("") is the prefix of the
	// footnotes' ids.
	ID(id string) string
}

// AsWritten is the context that writes every target as its destination
// was written.
type AsWritten struct{}

// Href implements Context.
func (AsWritten) Href(t *Target) string { return EscapeURL(t.Dest) }

// Src implements Context.
func (AsWritten) Src(t *Target) string { return t.Dest }

// ID implements Context.
func (AsWritten) ID(id string) string { return id }

// EscapeURL writes a URL as goldmark writes a link's destination: percent-
// encoded where needed, then HTML-escaped.
func EscapeURL(u string) string {
	return string(util.EscapeHTML(util.URLEscape([]byte(u), true)))
}

// renderState is what one renderer is rendering into. Each htmlRenderer
// has its own, so renders run in parallel.
type renderState struct {
	doc *Doc
	out *Rendering
}

type htmlRenderer struct {
	r   renderer.Renderer
	st  *renderState
	buf bytes.Buffer // what a rendering writes while it renders, used again for the next
}

// A Rendering is a document rendered as HTML once, with holes where what
// it shows depends on where it is shown: the URLs of links and images, and
// element ids. Write fills the holes for one place.
type Rendering struct {
	html   *bytes.Buffer // while rendering (its renderer's); then its bytes, exactly, in out
	out    []byte
	holes  []hole
	inline bool
}

type holeKind uint8

const (
	holeHref   holeKind = iota // a link's href value
	holeSrc                    // an image's src value
	holeID                     // an id (or a #fragment naming one)
	holePrefix                 // the prefix of the footnotes' ids
)

type hole struct {
	at   int
	kind holeKind
	t    *Target
	id   string
}

func (r *Rendering) hole(kind holeKind, t *Target, id string) {
	r.holes = append(r.holes, hole{at: r.html.Len(), kind: kind, t: t, id: id})
}

// The Rendering is goldmark's writer (a util.BufWriter), so node renderers
// can mark holes in it.
func (r *Rendering) Write(p []byte) (int, error)       { return r.html.Write(p) }
func (r *Rendering) WriteString(s string) (int, error) { return r.html.WriteString(s) }
func (r *Rendering) WriteByte(c byte) error            { return r.html.WriteByte(c) }
func (r *Rendering) WriteRune(c rune) (int, error)     { return r.html.WriteRune(c) }
func (r *Rendering) Available() int                    { return 1 << 20 }
func (r *Rendering) Buffered() int                     { return 0 }
func (r *Rendering) Flush() error                      { return nil }
func (r *Rendering) appendTo(b []byte, ctx Context) []byte {
	html := r.out
	last := 0
	for _, h := range r.holes {
		b = append(b, html[last:h.at]...)
		last = h.at
		switch h.kind {
		case holeHref:
			b = append(b, ctx.Href(h.t)...)
		case holeSrc:
			b = append(b, util.EscapeHTML(util.URLEscape([]byte(ctx.Src(h.t)), true))...)
		case holeID:
			b = append(b, util.EscapeHTML([]byte(ctx.ID(h.id)))...)
		case holePrefix:
			b = append(b, ctx.ID("")...)
		}
	}
	return append(b, html[last:]...)
}

// String is the HTML in ctx; an Inline document's without the paragraph
// around it.
func (r *Rendering) String(ctx Context) string {
	out := r.appendTo(make([]byte, 0, len(r.out)+len(r.holes)*32), ctx)
	if r.inline {
		out = bytes.TrimSpace(out)
		out = bytes.TrimSuffix(bytes.TrimPrefix(out, []byte("<p>")), []byte("</p>"))
	}
	if len(out) == 0 {
		return ""
	}
	// out is this call's own and never changed again: the string is a
	// view of it, not a second copy of a page's HTML (as strings.Builder).
	return unsafe.String(&out[0], len(out))
}

// Rendering renders d once.
func (m *Markdown) Rendering(d *Doc) (*Rendering, error) {
	h := m.renderers.Get().(*htmlRenderer)
	defer m.renderers.Put(h)
	h.buf.Reset()
	out := &Rendering{inline: d.Inline, html: &h.buf}
	h.st.doc, h.st.out = d, out
	defer func() { h.st.doc, h.st.out = nil, nil }()
	err := h.r.Render(out, d.Source, d.Root)
	// A rendering is kept as long as its page: keep no spare capacity.
	out.out, out.holes = bytes.Clone(out.html.Bytes()), slices.Clip(out.holes)
	out.html = nil
	if h.buf.Cap() > 1<<20 {
		h.buf = bytes.Buffer{} // a rare huge page: not held by the pool
	}
	return out, err
}

// Rendering renders d once, with the Markdown that parsed it.
func (d *Doc) Rendering() (*Rendering, error) { return d.md.Rendering(d) }

// Render writes d as HTML in ctx.
func (m *Markdown) Render(w io.Writer, d *Doc, ctx Context) error {
	r, err := m.Rendering(d)
	if err != nil {
		return err
	}
	_, err = w.Write(r.appendTo(nil, ctx))
	return err
}

// nodeRenderer renders the nodes Playbook draws differently from goldmark.
type nodeRenderer struct {
	rawHTML bool
	st      *renderState
	base    map[ast.NodeKind]renderer.NodeRendererFunc // goldmark's own
	title   html.Writer
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindCallout, r.renderCallout)
	reg.Register(kindDiagram, r.renderDiagram)
	reg.Register(ast.KindHeading, r.renderHeading)
	reg.Register(ast.KindLink, r.renderLink)
	reg.Register(ast.KindImage, r.renderImage)
	reg.Register(east.KindTable, r.renderTable)
	reg.Register(east.KindTaskCheckBox, r.renderTaskCheckBox)
	if !r.rawHTML {
		reg.Register(ast.KindRawHTML, r.renderRawHTML)
		reg.Register(ast.KindHTMLBlock, r.renderHTMLBlock)
	}
}

func (r *nodeRenderer) renderCallout(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*callout)
	if entering {
		_, _ = w.WriteString(`<div class="callout callout-` + n.Variant + `" role="note"><p class="callout-title">`)
		_, _ = w.Write(util.EscapeHTML([]byte(n.Title)))
		_, _ = w.WriteString("</p>\n")
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) renderDiagram(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<figure class="diagram" tabindex="0">` + node.(*diagram).SVG + "</figure>\n")
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) renderHeading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	level := "0123456"[n.Level]
	id, _ := n.AttributeString("id")
	idb, _ := id.([]byte)
	if entering {
		_, _ = w.WriteString("<h")
		_ = w.WriteByte(level)
		for _, attr := range n.Attributes() {
			if !html.HeadingAttributeFilter.Contains(attr.Name) && !bytes.HasPrefix(attr.Name, []byte("data-")) {
				continue
			}
			var value []byte
			switch v := attr.Value.(type) {
			case []byte:
				value = v
			case string:
				value = []byte(v)
			}
			_, _ = w.WriteString(" ")
			_, _ = w.Write(attr.Name)
			_, _ = w.WriteString(`="`)
			if string(attr.Name) == "id" {
				r.st.out.hole(holeID, nil, string(value))
			} else {
				_, _ = w.Write(util.EscapeHTML(value))
			}
			_ = w.WriteByte('"')
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if len(idb) > 0 {
		_, _ = w.WriteString(` <a class="anchor" href="#`)
		r.st.out.hole(holeID, nil, string(idb))
		_, _ = w.WriteString(`" aria-hidden="true" tabindex="-1">#</a>`)
	}
	_, _ = w.WriteString("</h")
	_ = w.WriteByte(level)
	_, _ = w.WriteString(">\n")
	return ast.WalkContinue, nil
}

// A link into the playbook is written where the context says; others as
// goldmark writes them.
func (r *nodeRenderer) renderLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	t := r.st.doc.Target(n)
	if t == nil {
		return r.base[ast.KindLink](w, src, node, entering)
	}
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	r.st.out.hole(holeHref, t, "")
	_ = w.WriteByte('"')
	r.titleAndAttributes(w, n, n.Title, html.LinkAttributeFilter)
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// titleAndAttributes ends a link's or an image's start tag as goldmark does.
func (r *nodeRenderer) titleAndAttributes(w util.BufWriter, n ast.Node, title []byte, filter util.BytesFilter) {
	if title != nil {
		_, _ = w.WriteString(` title="`)
		r.title.Write(w, title)
		_ = w.WriteByte('"')
	}
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, filter)
	}
}

// An image of the playbook gets its URL where it is shown; goldmark's own
// renderers write its alternative text.
func (r *nodeRenderer) renderImage(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Image)
	t := r.st.doc.Target(n)
	if t == nil {
		return r.base[ast.KindImage](w, src, node, entering)
	}
	if !entering {
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<img src="`)
	r.st.out.hole(holeSrc, t, "")
	_, _ = w.WriteString(`" alt="`)
	r.altText(w, src, n)
	_ = w.WriteByte('"')
	r.titleAndAttributes(w, n, n.Title, html.ImageAttributeFilter)
	_, _ = w.WriteString(">")
	return ast.WalkSkipChildren, nil
}

// altText writes the text inside n as goldmark does for an image's alt.
func (r *nodeRenderer) altText(w util.BufWriter, src []byte, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c.(type) {
		case *ast.String:
			_, _ = r.base[ast.KindString](w, src, c, true)
		case *ast.Text:
			_, _ = r.base[ast.KindText](w, src, c, true)
		default:
			r.altText(w, src, c)
		}
	}
}

// A table sits in a scrolling box that the keyboard can reach: a table
// wider than a phone scrolls sideways.
func (r *nodeRenderer) renderTable(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</table></div>\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<div class="table-scroll" tabindex="0">`)
	return r.base[east.KindTable](w, src, node, entering)
}

// A task list's box is read-only, and labelled: a checkbox without a label
// is an accessibility error. The label comes from Convert (in the page's language).
func (r *nodeRenderer) renderTaskCheckBox(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*east.TaskCheckBox)
	_, _ = w.WriteString(`<input type="checkbox" disabled`)
	if n.IsChecked {
		_, _ = w.WriteString(` checked`)
	}
	if label, ok := n.AttributeString("aria-label"); ok {
		if b, ok := label.([]byte); ok {
			_, _ = w.WriteString(` aria-label="`)
			_, _ = w.Write(util.EscapeHTML(b))
			_ = w.WriteByte('"')
		}
	}
	_, _ = w.WriteString("> ")
	return ast.WalkContinue, nil
}

// Raw HTML is shown as text, so an author sees what was not rendered.
func (r *nodeRenderer) renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*ast.RawHTML)
		for i := range n.Segments.Len() {
			seg := n.Segments.At(i)
			_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
		}
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	var b bytes.Buffer
	for i := range n.Lines().Len() {
		seg := n.Lines().At(i)
		b.Write(seg.Value(src))
	}
	if n.HasClosure() {
		b.Write(n.ClosureLine.Value(src))
	}
	_, _ = w.WriteString("<p>")
	_, _ = w.Write(bytes.TrimRight(util.EscapeHTML(b.Bytes()), "\n"))
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

// Converted is a document parsed and rendered with its targets as written.
type Converted struct {
	*Doc
	HTML []byte
}

// Convert parses src and renders it with the AsWritten context.
func (m *Markdown) Convert(src []byte, opts ParseOptions) *Converted {
	d := m.Parse(src, opts)
	var b bytes.Buffer
	if err := m.Render(&b, d, AsWritten{}); err != nil {
		d.Problems = append(d.Problems, Problem{Line: 1, Col: 1, Msg: "rendering markdown: " + err.Error()})
	}
	return &Converted{Doc: d, HTML: b.Bytes()}
}
