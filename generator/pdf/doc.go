// Package pdf lays out documents (proposals) over fpdf: fonts embedded from
// bytes, Chinese-aware line breaking, paragraphs of styled runs, tables that
// repeat their header and never split a row, markdown from the same goldmark
// AST the site uses, a table of contents with links, bookmarks, running
// headers and footers with "page N of M", and byte-identical output.
// fpdf stays behind this package.
package pdf

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"github.com/yuin/goldmark/ast"
	"hash/fnv"
	"image"
	"image/color"
	"image/draw"
	_ "image/jpeg" // ImageSize reads JPEG scans
	"image/png"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/go-pdf/fpdf"
)

// RGB is a colour.
type RGB struct{ R, G, B int }

// ParseHex reads #rrggbb; it returns def when s is not a colour.
func ParseHex(s string, def RGB) RGB {
	var c RGB
	if _, err := fmt.Sscanf(s, "#%02x%02x%02x", &c.R, &c.G, &c.B); err != nil || len(s) != 7 {
		return def
	}
	return c
}

// Colours of the default style.
var (
	Black = RGB{0x1c, 0x24, 0x30}
	Muted = RGB{0x5a, 0x64, 0x72}
	Rule  = RGB{0xc9, 0xd1, 0xd9}
	Zebra = RGB{0xf4, 0xf6, 0xf8}
	White = RGB{0xff, 0xff, 0xff}
)

// Meta is the document's metadata.
type Meta struct {
	Title, Author, Subject, Keywords, Creator string
	Lang                                      string
	Date                                      time.Time // creation and modification date: fixed for byte-identical output
}

// Problem is text that cannot be printed: a character the fonts lack.
type Problem struct {
	Field string // what the text came from, as set by SetField
	Rune  rune
}

// Page geometry, in millimetres.
const (
	PageW   = 210.0
	PageH   = 297.0
	Margin  = 20.0
	Top     = 24.0
	Bottom  = 277.0 // text never goes below this
	BodyW   = PageW - 2*Margin
	ptPerMM = 72 / 25.4
)

// Doc is a document being laid out.
type Doc struct {
	pdf   *fpdf.Fpdf
	fonts *Fonts
	Brand RGB
	// Ref, when set, turns a link between pages in markdown into a
	// cross-reference: the text to add after the link's words ("（见第 12
	// 页）") and the internal link it leads to. LinkURLs prints a link out
	// of the document with its URL after its words (for paper).
	Ref      func(link ast.Node) (text string, to int)
	LinkURLs bool
	// ImageOf, when set, gives the file of an image in markdown (its name
	// and bytes, nil when there is none): an image alone in its paragraph
	// then prints, scaled to fit, instead of its alt text.
	ImageOf func(img ast.Node) (name string, data []byte)
	// Diagrams draws markdown's SVG diagrams (else they print as their title).
	Diagrams bool
	// Notes, when set, gathers markdown's footnotes, numbered on from the
	// notes already gathered, for Notes.Print at the end of a chapter;
	// unset, each document's footnotes print after it.
	Notes    *Notes
	y        float64
	field    string
	problems []Problem
	seen     map[Problem]bool
	remapped map[rune]rune // Private Use code point → the character above U+FFFF it printed
	meta     Meta
	// The current text state, to avoid redundant fpdf calls.
	bold  bool
	size  float64
	color RGB
	// OnNewPage runs after each page break the layout makes (not for AddPage
	// called by the user).
	OnNewPage func()
}

const family = "body"

// New starts a document.
func New(fonts *Fonts, meta Meta) *Doc {
	p := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	// fpdf makes a new zlib writer for every stream; leaving page streams
	// uncompressed halves the time and memory of a proposal for about 50%
	// more bytes (a 14-page proposal: 330 KB). The font stays compressed.
	p.SetCompression(false)
	p.SetCatalogSort(true)
	p.SetCreationDate(meta.Date)
	p.SetModificationDate(meta.Date)
	p.SetProducer("Playbook", false)
	p.SetTitle(meta.Title, true)
	p.SetAuthor(meta.Author, true)
	p.SetSubject(meta.Subject, true)
	p.SetKeywords(meta.Keywords, true)
	p.SetCreator(meta.Creator, true)
	if meta.Lang != "" {
		p.SetLang(meta.Lang)
	}
	p.SetMargins(Margin, Top, Margin)
	p.SetAutoPageBreak(false, 0)
	p.AddUTF8FontFromBytes(family, "", fonts.Regular)
	if fonts.Bold != nil {
		p.AddUTF8FontFromBytes(family, "B", fonts.Bold)
	}
	p.SetXmpMetadata(xmp(meta))
	d := &Doc{pdf: p, fonts: fonts, meta: meta, Brand: RGB{0x0b, 0x5c, 0x7a}, seen: map[Problem]bool{}, remapped: map[rune]rune{}}
	p.SetFont(family, "", 10.5)
	d.size = 10.5
	d.color = RGB{-1, -1, -1}
	return d
}

// Problems lists the characters that could not be printed.
func (d *Doc) Problems() []Problem { return d.problems }

// SetField names where the following text comes from, for problems.
func (d *Doc) SetField(f string) { d.field = f }

// Err is fpdf's first error, if any.
func (d *Doc) Err() error { return d.pdf.Error() }

// Output writes the PDF.
func (d *Doc) Output(w io.Writer) error {
	b, err := d.Bytes()
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Bytes returns the PDF.
func (d *Doc) Bytes() ([]byte, error) {
	var b bytes.Buffer
	if err := d.pdf.Output(&b); err != nil {
		return nil, err
	}
	// The subset tags are derived from the finished file, so the same
	// document has the same tags: finish first with placeholders of the
	// same length, then put the tags in.
	names := map[string]string{"utf8" + family: "ZZZZZA+" + postScriptName(d.fonts.Regular, "Regular")}
	if d.fonts.Bold != nil {
		names["utf8"+family+"B"] = "ZZZZZB+" + postScriptName(d.fonts.Bold, "Bold")
	}
	out, err := finish(b.Bytes(), names, d.remapped, d.meta)
	if err != nil {
		return nil, err
	}
	seed := fmt.Sprintf("%x", fnvSum(out))
	for key, name := range names {
		tagged := subsetTag(seed+key) + name[len("ZZZZZA"):]
		out = bytes.ReplaceAll(out, []byte("/"+name), []byte("/"+tagged))
	}
	return out, nil
}

// AddPage starts a page and puts the cursor at the top margin.
func (d *Doc) AddPage() {
	d.pdf.AddPage()
	d.y = Top
	d.size = -1 // fpdf resets the font state on a new page
	d.color = RGB{-1, -1, -1}
	d.setFont(false, 10.5)
}

// NewPage breaks the page as the layout does.
func (d *Doc) NewPage() {
	d.AddPage()
	if d.OnNewPage != nil {
		d.OnNewPage()
	}
}

// Page is the current page number.
func (d *Doc) Page() int { return d.pdf.PageNo() }

// Pages is the page count.
func (d *Doc) Pages() int { return d.pdf.PageCount() }

// SetPage returns to an earlier page, to draw on it (table of contents, footers).
func (d *Doc) SetPage(n int) {
	d.pdf.SetPage(n)
	d.size = -1
	d.color = RGB{-1, -1, -1}
}

// Y is the cursor's vertical position.
func (d *Doc) Y() float64 { return d.y }

// SetY moves the cursor.
func (d *Doc) SetY(y float64) { d.y = y }

// Space adds vertical space, breaking the page when it runs out.
func (d *Doc) Space(h float64) {
	d.y += h
	if d.y > Bottom {
		d.NewPage()
	}
}

// Need breaks the page unless h millimetres fit below the cursor.
func (d *Doc) Need(h float64) {
	if d.y+h > Bottom && d.y > Top+0.1 {
		d.NewPage()
	}
}

// NeedSoft is Need for content that could also be split: it breaks the
// page only when at least a fifth of the page is used, so that no page is
// left nearly empty to keep things together.
func (d *Doc) NeedSoft(h float64) {
	if d.y-Top >= (Bottom-Top)/5 {
		d.Need(h)
	}
}

// Room is the space left on the page.
func (d *Doc) Room() float64 { return Bottom - d.y }

// Link makes an internal link target.
func (d *Doc) Link() int { return d.pdf.AddLink() }

// Target points link at the cursor.
func (d *Doc) Target(link int) { d.pdf.SetLink(link, d.y, d.pdf.PageNo()) }

// Bookmark adds an outline entry at the cursor.
func (d *Doc) Bookmark(title string, level int) {
	d.setFont(false, d.sizeOr(10.5))
	d.pdf.Bookmark(d.clean(title), level, d.y)
}

func (d *Doc) sizeOr(def float64) float64 {
	if d.size > 0 {
		return d.size
	}
	return def
}

// LinkArea makes a rectangle clickable.
func (d *Doc) LinkArea(x, y, w, h float64, link int) { d.pdf.Link(x, y, w, h, link) }

// Rect fills a rectangle.
func (d *Doc) Rect(x, y, w, h float64, fill RGB) {
	d.pdf.SetFillColor(fill.R, fill.G, fill.B)
	d.pdf.Rect(x, y, w, h, "F")
}

// Line draws a rule.
func (d *Doc) Line(x1, y1, x2, y2, width float64, c RGB) {
	d.pdf.SetDrawColor(c.R, c.G, c.B)
	d.pdf.SetLineWidth(width)
	d.pdf.Line(x1, y1, x2, y2)
}

// Image draws a PNG or JPEG image. Transparent parts of a PNG are filled
// with bg.
func (d *Doc) Image(name string, data []byte, x, y, w, h float64, bg RGB) error {
	tp := "PNG"
	if bytes.HasPrefix(data, []byte{0xff, 0xd8}) {
		tp = "JPG"
	} else {
		flat, err := flatPNG(data, bg)
		if err != nil {
			return err
		}
		data = flat
	}
	opts := fpdf.ImageOptions{ImageType: tp}
	d.pdf.RegisterImageOptionsReader(name, opts, bytes.NewReader(data))
	if err := d.pdf.Error(); err != nil {
		return err
	}
	d.pdf.ImageOptions(name, x, y, w, h, false, opts, 0, "")
	return d.pdf.Error()
}

func (d *Doc) setFont(bold bool, size float64) {
	if bold == d.bold && size == d.size {
		return
	}
	style := ""
	if bold && d.fonts.Bold != nil {
		style = "B"
	}
	d.pdf.SetFont(family, style, size)
	d.bold, d.size = bold, size
}

func (d *Doc) setColor(c RGB) {
	if c != d.color {
		d.pdf.SetTextColor(c.R, c.G, c.B)
		d.color = c
	}
}

// clean replaces characters the fonts cannot print, recording each as a
// problem: fpdf panics on runes above U+FFFF and prints boxes for missing
// glyphs, so nothing unchecked may reach it.
func (d *Doc) clean(s string) string {
	ok := true
	for _, r := range s {
		if r > 0xFFFF || !d.fonts.Has(r) && !isSpace(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case isSpace(r):
			b.WriteByte(' ')
		case r > 0xFFFF && d.fonts.Has(r):
			// fpdf addresses glyphs with two-byte codes: print the Private
			// Use code point that shares the glyph; finish maps it back.
			pua := d.fonts.remap[r]
			d.remapped[pua] = r
			b.WriteRune(pua)
		case d.fonts.Has(r):
			b.WriteRune(r)
		default:
			p := Problem{Field: d.field, Rune: r}
			if !d.seen[p] {
				d.seen[p] = true
				d.problems = append(d.problems, p)
			}
			if d.fonts.Has('?') {
				b.WriteByte('?')
			}
		}
	}
	return b.String()
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == 0xA0 || r == 0x3000
}

// Text draws s at x on the baseline y, in the given style; it returns the width.
func (d *Doc) Text(x, y float64, s string, st Style) float64 {
	s = d.clean(s)
	d.setFont(st.Bold, st.Size)
	d.setColor(st.Color)
	w := d.pdf.GetStringWidth(s)
	fake := st.Bold && d.fonts.Bold == nil
	if fake {
		d.pdf.SetTextRenderingMode(2)
		d.pdf.SetDrawColor(st.Color.R, st.Color.G, st.Color.B)
		d.pdf.SetLineWidth(st.Size / ptPerMM * 0.03)
	}
	if st.Italic {
		d.pdf.TransformBegin()
		d.pdf.TransformSkew(-12, 0, x, y)
	}
	d.pdf.Text(x, y, s)
	if st.Italic {
		d.pdf.TransformEnd()
	}
	if fake {
		d.pdf.SetTextRenderingMode(0)
	}
	if st.Underline {
		d.Line(x, y+st.Size/ptPerMM*0.15, x+w, y+st.Size/ptPerMM*0.15, 0.2, st.Color)
	}
	return w
}

// Width measures s in a style.
func (d *Doc) Width(s string, st Style) float64 {
	d.setFont(st.Bold, st.Size)
	return d.pdf.GetStringWidth(d.clean(s))
}

// Style is how a piece of text looks.
type Style struct {
	Size      float64 // points
	Bold      bool
	Italic    bool
	Underline bool
	Color     RGB
}

func fnvSum(b []byte) uint64 {
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

// xmp is the document's XMP metadata: the same title, author, subject,
// keywords, creator, producer, dates and language as the Info dictionary.
func xmp(m Meta) []byte {
	esc := func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	date := m.Date.Format("2006-01-02T15:04:05")
	lang := m.Lang
	if lang == "" {
		lang = "x-default"
	}
	var b strings.Builder
	b.WriteString("<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<dc:format>application/pdf</dc:format>
`)
	if m.Title != "" {
		fmt.Fprintf(&b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n", esc(m.Title))
	}
	if m.Author != "" {
		fmt.Fprintf(&b, "<dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>\n", esc(m.Author))
	}
	if m.Subject != "" {
		fmt.Fprintf(&b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:description>\n", esc(m.Subject))
	}
	fmt.Fprintf(&b, "<dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>\n", esc(lang))
	if m.Keywords != "" {
		fmt.Fprintf(&b, "<pdf:Keywords>%s</pdf:Keywords>\n", esc(m.Keywords))
	}
	b.WriteString("<pdf:Producer>Playbook</pdf:Producer>\n")
	if m.Creator != "" {
		fmt.Fprintf(&b, "<xmp:CreatorTool>%s</xmp:CreatorTool>\n", esc(m.Creator))
	}
	fmt.Fprintf(&b, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n", date, date)
	b.WriteString("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>")
	return []byte(b.String())
}

// ImageSize reads a PNG's or JPEG's size in pixels without decoding it.
func ImageSize(data []byte) (w, h int, err error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	return cfg.Width, cfg.Height, err
}

// flattened memoizes flatPNG: the same logo, product pictures and scans
// go into every proposal.
var flattened struct {
	sync.Mutex
	m map[flatKey][]byte
}

type flatKey struct {
	sum uint64
	n   int
	bg  RGB
}

// flatPNG redraws a PNG as opaque 8-bit RGB on bg: fpdf draws the alpha
// channel of uncompressed documents wrongly, and one plain form keeps
// 16-bit and paletted pictures simple for it.
func flatPNG(data []byte, bg RGB) ([]byte, error) {
	key := flatKey{fnvSum(data), len(data), bg}
	flattened.Lock()
	out, ok := flattened.m[key]
	flattened.Unlock()
	if ok {
		return out, nil
	}
	if plainPNG(data) {
		return data, nil
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	flat := image.NewRGBA(img.Bounds())
	draw.Draw(flat, flat.Bounds(), image.NewUniform(color.RGBA{uint8(bg.R), uint8(bg.G), uint8(bg.B), 255}), image.Point{}, draw.Src)
	draw.Draw(flat, flat.Bounds(), img, img.Bounds().Min, draw.Over)
	var b bytes.Buffer
	if err := png.Encode(&b, flat); err != nil {
		return nil, err
	}
	flattened.Lock()
	if flattened.m == nil || len(flattened.m) >= 64 {
		flattened.m = map[flatKey][]byte{} // a bounded memo: start again
	}
	flattened.m[key] = b.Bytes()
	flattened.Unlock()
	return b.Bytes(), nil
}

// plainPNG reports whether a PNG is already what fpdf handles well: 8 bits
// per sample, gray or RGB, with no transparency. It is checked, then passed
// on as it is. (A paletted PNG is redrawn: fpdf writes its palette as an
// object of its own, which canonicalImages would have to move with it.)
func plainPNG(data []byte) bool {
	if len(data) < 33 || !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) || string(data[12:16]) != "IHDR" {
		return false
	}
	depth, kind, interlace := data[24], data[25], data[28]
	if depth != 8 || (kind != 0 && kind != 2) || interlace != 0 {
		return false
	}
	if _, err := png.DecodeConfig(bytes.NewReader(data)); err != nil {
		return false
	}
	for at := 8; at+8 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[at:]))
		if typ := string(data[at+4 : at+8]); typ == "tRNS" {
			return false
		} else if typ == "IDAT" {
			return true // tRNS must come before the image data
		}
		at += 12 + n
	}
	return false
}
