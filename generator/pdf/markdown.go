package pdf

import (
	"bytes"
	"image"
	_ "image/jpeg" // pictures in markdown
	_ "image/png"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"

	"playbook/generator/markdown"
)

// Markdown lays out a markdown AST (from markdown.Parse) at the cursor:
// paragraphs, headings, nested lists, tables, block quotes and callouts,
// code, rules, definition lists, footnotes.
func (d *Doc) Markdown(root ast.Node, src []byte, base Style, indent float64) {
	mw := &mdWriter{d: d, src: src, base: base}
	if d.Notes != nil {
		mw.noteBase = d.Notes.last
	}
	mw.blocks(root, indent, 0)
}

type mdWriter struct {
	d        *Doc
	src      []byte
	base     Style
	noteBase int // the notes gathered before this document's (Doc.Notes)
}

// Notes are footnotes gathered from several documents, to print together.
type Notes struct {
	notes []note
	last  int // the highest number given
	base  Style
}

type note struct {
	n    int
	runs []Run
}

// Print prints the notes gathered so far under heading, and starts over.
func (n *Notes) Print(d *Doc, heading string) {
	if len(n.notes) == 0 {
		return
	}
	st := n.base
	st.Size = n.base.Size - 1.5
	d.Need(st.Size/ptPerMM*1.5*2 + 12)
	d.Space(4)
	d.Paragraph(Para{Runs: []Run{{Text: heading, Bold: true}}, Style: Style{Size: n.base.Size, Bold: true, Color: n.base.Color}, After: 1})
	d.Line(Margin, d.y, Margin+40, d.y, 0.3, Rule)
	d.Space(2)
	slices.SortStableFunc(n.notes, func(a, b note) int { return a.n - b.n })
	for _, nt := range n.notes {
		d.Paragraph(Para{Runs: append([]Run{{Text: "[" + strconv.Itoa(nt.n) + "] "}}, nt.runs...), Style: st, After: 0.8, Align: Justify})
	}
	n.notes, n.last = nil, 0
}

func (w *mdWriter) para(runs []Run, indent float64, st Style, after float64) {
	if len(runs) == 0 {
		return
	}
	w.d.Paragraph(Para{Runs: runs, Style: st, Indent: indent, After: after, Align: Justify})
}

func (w *mdWriter) blocks(parent ast.Node, indent float64, depth int) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		w.block(n, indent, depth)
	}
}

func (w *mdWriter) gap() float64 { return w.base.Size / ptPerMM * 0.6 }

func (w *mdWriter) block(n ast.Node, indent float64, depth int) {
	d := w.d
	if variant, title, ok := markdown.Callout(n); ok {
		w.quote(n, indent, depth, title, calloutColor(variant, d.Brand))
		return
	}
	if svg, ok := markdown.DiagramSVG(n); ok && w.d != nil && w.d.Diagrams {
		if err := d.SVG(svg, BodyW-indent); err == nil {
			return
		}
	}
	if title, ok := markdown.Diagram(n); ok { // drawn on the site; named here
		st := w.base
		st.Color = Muted
		w.para([]Run{{Text: "[" + title + "]"}}, indent, st, w.gap())
		return
	}
	if img, ok := onlyImage(n); ok && d.ImageOf != nil {
		if name, data := d.ImageOf(img); data != nil && w.image(name, data, indent) {
			return
		}
	}
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		after := w.gap()
		if _, tight := n.(*ast.TextBlock); tight {
			after = 0.8
		}
		w.para(w.inline(n), indent, w.base, after)
	case *ast.Heading:
		st := w.base
		st.Bold = true
		st.Size = w.base.Size + max(0, float64(4-n.Level))
		follow := 0.0
		if next := n.NextSibling(); next != nil {
			follow = w.startHeight(next, indent)
		}
		d.Need(st.Size/ptPerMM*1.6 + 2.5 + follow) // a heading never ends a page
		d.Space(1)
		w.para(w.inline(n), indent, st, 1.5)
	case *ast.List:
		w.list(n, indent, depth)
	case *ast.Blockquote:
		w.quote(n, indent, depth, "", Muted)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var b strings.Builder
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			b.Write(seg.Value(w.src))
		}
		st := w.base
		st.Color = Muted
		st.Size = w.base.Size - 1
		w.para([]Run{{Text: strings.TrimRight(b.String(), "\n")}}, indent+4, st, w.gap())
	case *ast.ThematicBreak:
		d.Space(1.5)
		d.Line(Margin+indent, d.y, Margin+BodyW, d.y, 0.3, Rule)
		d.Space(3)
	case *ast.HTMLBlock:
		var b strings.Builder
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			b.Write(seg.Value(w.src))
		}
		w.para([]Run{{Text: strings.TrimSpace(b.String())}}, indent, w.base, w.gap())
	case *east.Table:
		w.table(n, indent)
	case *east.DefinitionList:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c.(type) {
			case *east.DefinitionTerm:
				st := w.base
				st.Bold = true
				w.para(w.inline(c), indent, st, 0.8)
			case *east.DefinitionDescription:
				w.blocks(c, indent+6, depth)
			}
		}
	case *east.FootnoteList:
		if d.Notes != nil { // printed at the end of the chapter
			d.Notes.base = w.base
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if fn, ok := c.(*east.Footnote); ok && fn.Index > 0 {
					var runs []Run
					for p := fn.FirstChild(); p != nil; p = p.NextSibling() {
						runs = append(runs, w.inline(p)...)
					}
					num := w.noteBase + fn.Index
					d.Notes.notes = append(d.Notes.notes, note{num, runs})
					d.Notes.last = max(d.Notes.last, num)
				}
			}
			return
		}
		d.Space(1)
		d.Line(Margin+indent, d.y, Margin+indent+40, d.y, 0.3, Rule)
		d.Space(2)
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			fn, ok := c.(*east.Footnote)
			if !ok {
				continue
			}
			st := w.base
			st.Size = w.base.Size - 1.5
			var runs []Run
			for p := fn.FirstChild(); p != nil; p = p.NextSibling() {
				runs = append(runs, w.inline(p)...)
			}
			w.para(append([]Run{{Text: "[" + strconv.Itoa(fn.Index) + "] "}}, runs...), indent, st, 0.8)
		}
	default:
		w.blocks(n, indent, depth)
	}
}

func calloutColor(variant string, brand RGB) RGB {
	switch variant {
	case "tip":
		return RGB{0x17, 0x69, 0x2f}
	case "important":
		return RGB{0x6f, 0x3f, 0xc8}
	case "warning":
		return RGB{0x85, 0x57, 0x00}
	case "caution":
		return RGB{0xb3, 0x19, 0x1f}
	case "say":
		return RGB{0x0b, 0x5c, 0x7a}
	}
	return brand
}

// quote draws a bar beside the quoted blocks.
func (w *mdWriter) quote(n ast.Node, indent float64, depth int, title string, bar RGB) {
	d := w.d
	startPage, startY := d.Page(), d.y
	if title != "" {
		st := w.base
		st.Bold = true
		st.Color = bar
		w.para([]Run{{Text: title}}, indent+5, st, 0.8)
	}
	w.blocks(n, indent+5, depth)
	top := startY
	if d.Page() != startPage {
		top = Top
	}
	d.Line(Margin+indent+1.2, top, Margin+indent+1.2, d.y-w.gap()/2, 0.8, bar)
}

func (w *mdWriter) list(l *ast.List, indent float64, depth int) {
	d := w.d
	num := l.Start
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		marker := []string{"•", "◦", "▪"}[depth%3]
		if l.IsOrdered() {
			marker = strconv.Itoa(num) + "."
			num++
		}
		lh := w.base.Size / ptPerMM * 1.6
		d.Need(lh)
		page, y := d.Page(), d.y
		w.blocks(item, indent+6, depth+1)
		// The marker goes beside the item's first line, which may be on an
		// earlier page than the item's end.
		cur := d.Page()
		if cur != page {
			d.SetPage(page)
		}
		st := w.base
		st.Color = Muted
		d.Text(Margin+indent+1, y+lh/2+st.Size/ptPerMM*0.35, marker, st)
		if cur != page {
			d.SetPage(cur)
		}
		if !l.IsTight {
			d.y += 0.5
		}
	}
	if depth == 0 {
		d.y += w.gap() / 2
	}
}

func (w *mdWriter) table(t *east.Table, indent float64) {
	w.d.Table(w.buildTable(t, indent))
}

// startHeight is how much of the block n must follow a heading on its
// page: a table's header and first row, or two lines of text.
func (w *mdWriter) startHeight(n ast.Node, indent float64) float64 {
	if t, ok := n.(*east.Table); ok {
		return w.d.TableStart(w.buildTable(t, indent))
	}
	return 12
}

func (w *mdWriter) buildTable(t *east.Table, indent float64) Table {
	var tb Table
	tb.Indent = indent
	tb.Zebra = true
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []Cell
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, Cell{Runs: w.inline(c)})
		}
		if _, ok := row.(*east.TableHeader); ok {
			for i, c := range cells {
				align := Left
				if i < len(t.Alignments) {
					switch t.Alignments[i] {
					case east.AlignRight:
						align = Right
					case east.AlignCenter:
						align = Center
					}
				}
				text := ""
				for _, r := range c.Runs {
					text += r.Text
				}
				tb.Columns = append(tb.Columns, Column{Header: text, Align: align})
			}
			continue
		}
		tb.Rows = append(tb.Rows, cells)
	}
	tb.After = w.gap()
	return tb
}

// inline turns a block's inline children into runs.
func (w *mdWriter) inline(n ast.Node) []Run {
	var runs []Run
	var walk func(n ast.Node, bold, italic bool, link string)
	add := func(text string, bold, italic bool, link string) {
		if text == "" {
			return
		}
		if k := len(runs) - 1; k >= 0 && runs[k].Bold == bold && runs[k].Italic == italic && runs[k].Link == link {
			runs[k].Text += text
			return
		}
		runs = append(runs, Run{Text: text, Bold: bold, Italic: italic, Link: link})
	}
	walk = func(n ast.Node, bold, italic bool, link string) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				t := string(c.Segment.Value(w.src))
				add(t, bold, italic, link)
				switch {
				case c.HardLineBreak():
					add("\n", bold, italic, link)
				case c.SoftLineBreak():
					last, _ := utf8.DecodeLastRuneInString(t)
					next := nextRune(c, w.src)
					if !util.IsEastAsianWideRune(last) && !util.IsEastAsianWideRune(next) {
						add(" ", bold, italic, link)
					}
				}
			case *ast.String:
				add(string(c.Value), bold, italic, link)
			case *ast.CodeSpan:
				var b strings.Builder
				for t := c.FirstChild(); t != nil; t = t.NextSibling() {
					if tx, ok := t.(*ast.Text); ok {
						b.Write(tx.Segment.Value(w.src))
					}
				}
				add(b.String(), bold, italic, link)
			case *ast.Emphasis:
				walk(c, bold || c.Level >= 2, italic || c.Level == 1, link)
			case *ast.Link:
				dest := string(c.Destination)
				external := strings.Contains(dest, "://") || strings.HasPrefix(dest, "mailto:")
				if !external {
					dest = ""
				}
				walk(c, bold, italic, dest)
				switch {
				case external && w.d != nil && w.d.LinkURLs && !strings.HasPrefix(dest, "mailto:"):
					runs = append(runs, Run{Text: " <" + dest + ">", Color: &Muted})
				case !external && w.d != nil && w.d.Ref != nil:
					if text, to := w.d.Ref(c); text != "" {
						runs = append(runs, Run{Text: text, Goto: to, Color: &w.d.Brand})
					}
				}
			case *ast.AutoLink:
				u := string(c.URL(w.src))
				dest := u
				if c.AutoLinkType == ast.AutoLinkEmail {
					dest = "mailto:" + u
				}
				add(u, bold, italic, dest)
			case *ast.Image:
				var b strings.Builder
				for t := c.FirstChild(); t != nil; t = t.NextSibling() {
					if tx, ok := t.(*ast.Text); ok {
						b.Write(tx.Segment.Value(w.src))
					}
				}
				add("["+b.String()+"]", bold, italic, link)
			case *ast.RawHTML:
				for i := range c.Segments.Len() {
					seg := c.Segments.At(i)
					add(string(seg.Value(w.src)), bold, italic, link)
				}
			case *east.TaskCheckBox:
				if c.IsChecked {
					add("☑ ", bold, italic, link)
				} else {
					add("☐ ", bold, italic, link)
				}
			case *east.FootnoteLink:
				add("["+strconv.Itoa(w.noteBase+c.Index)+"]", bold, italic, link)
			case *east.FootnoteBacklink:
			default:
				walk(c, bold, italic, link)
			}
		}
	}
	walk(n, false, false, "")
	return runs
}

// nextRune is the first character after a text node (for soft line breaks).
func nextRune(t *ast.Text, src []byte) rune {
	for n := ast.Node(t); n != nil; n = n.Parent() {
		if s := n.NextSibling(); s != nil {
			if tx, ok := s.(*ast.Text); ok {
				r, _ := utf8.DecodeRune(tx.Segment.Value(src))
				return r
			}
			return 'a'
		}
		if n.Type() == ast.TypeBlock {
			break
		}
	}
	return 'a'
}

// MarkdownRuns flattens a markdown AST into the runs of one table cell:
// paragraphs and headings on their own lines, list items as "· item" or
// "1. item" lines (nested ones indented), bold and italic kept, links as
// their text. Tables and code keep their text.
func MarkdownRuns(root ast.Node, src []byte) []Run {
	w := &mdWriter{src: src}
	var runs []Run
	newline := func() {
		if len(runs) > 0 && !strings.HasSuffix(runs[len(runs)-1].Text, "\n") {
			runs = append(runs, Run{Text: "\n"})
		}
	}
	var blocks func(n ast.Node, prefix string)
	blocks = func(n ast.Node, prefix string) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.List:
				num := c.Start
				for item := c.FirstChild(); item != nil; item = item.NextSibling() {
					marker := "· "
					if c.IsOrdered() {
						marker = strconv.Itoa(num) + ". "
						num++
					}
					newline()
					runs = append(runs, Run{Text: prefix + marker})
					blocks(item, prefix+"  ")
				}
			case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
				if len(runs) > 0 && !strings.HasSuffix(runs[len(runs)-1].Text, " ") {
					newline()
				}
				runs = append(runs, w.inline(c)...)
			case *ast.FencedCodeBlock, *ast.CodeBlock:
				newline()
				lines := c.Lines()
				for i := range lines.Len() {
					seg := lines.At(i)
					runs = append(runs, Run{Text: strings.TrimRight(string(seg.Value(src)), "\n") + "\n"})
				}
			default:
				blocks(c, prefix)
			}
		}
	}
	blocks(root, "")
	for len(runs) > 0 && strings.TrimSpace(runs[len(runs)-1].Text) == "" {
		runs = runs[:len(runs)-1]
	}
	return runs
}

// onlyImage reports a paragraph that holds one image and nothing else.
func onlyImage(n ast.Node) (ast.Node, bool) {
	p, ok := n.(*ast.Paragraph)
	if !ok || p.ChildCount() != 1 {
		return nil, false
	}
	img, ok := p.FirstChild().(*ast.Image)
	return img, ok
}

// image prints a picture on its own, as wide as it is at 150 dpi but no
// wider than the column and no taller than half a page; false when it
// cannot be read.
func (w *mdWriter) image(name string, data []byte, indent float64) bool {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width == 0 || cfg.Height == 0 {
		return false
	}
	d := w.d
	width := min(float64(cfg.Width)/150*25.4, BodyW-indent)
	height := width * float64(cfg.Height) / float64(cfg.Width)
	if limit := (Bottom - Top) / 2; height > limit {
		height, width = limit, limit*float64(cfg.Width)/float64(cfg.Height)
	}
	d.Need(height + 2)
	if err := d.Image(name, data, Margin+indent, d.y, width, height, White); err != nil {
		return false
	}
	d.y += height + w.gap()
	return true
}
