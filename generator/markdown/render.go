package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// kindCallout is a GitHub-style alert: a block quote whose first line is
// [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION].
var kindCallout = ast.NewNodeKind("Callout")

type callout struct {
	ast.BaseBlock
	Variant string // note, tip, important, warning, caution
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

// nodeRenderer renders the nodes Playbook draws differently from goldmark.
type nodeRenderer struct {
	rawHTML bool
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindCallout, r.renderCallout)
	reg.Register(ast.KindHeading, r.renderHeading)
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

func (r *nodeRenderer) renderHeading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	level := "0123456"[n.Level]
	if entering {
		_, _ = w.WriteString("<h")
		_ = w.WriteByte(level)
		if n.Attributes() != nil {
			html.RenderAttributes(w, node, html.HeadingAttributeFilter)
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if id, ok := n.AttributeString("id"); ok {
		if b, ok := id.([]byte); ok && len(b) > 0 {
			_, _ = w.WriteString(` <a class="anchor" href="#`)
			_, _ = w.Write(util.EscapeHTML(b))
			_, _ = w.WriteString(`" aria-hidden="true" tabindex="-1">#</a>`)
		}
	}
	_, _ = w.WriteString("</h")
	_ = w.WriteByte(level)
	_, _ = w.WriteString(">\n")
	return ast.WalkContinue, nil
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
