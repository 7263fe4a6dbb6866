// Package handbook prints the playbook as a training handbook: a PDF made
// with the proposals' typesetting from the same markdown the site renders.
// A cover, two levels of contents with page numbers, the pages in reading
// order (each section a chapter, each step of the method opening on a
// right-hand page), running headers with the chapter's title, page N of M,
// and bookmarks that mirror the contents.
package handbook

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // product pictures
	_ "image/png"
	"maps"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark/ast"

	"playbook/generator/markdown"
	"playbook/generator/model"
	"playbook/generator/pdf"
)

// Input is what a handbook is printed from.
type Input struct {
	Site  *model.Site // one language's part of the playbook
	Fonts *pdf.Fonts
	T     func(key string) string // UI strings in the site's language
	Logo  []byte                  // PNG or JPEG; nil: none
	Date  time.Time
	// File gives a file of the content folder by its content-relative
	// path (the pictures pages show); nil: pictures print as their alt text.
	File func(path string) []byte
}

type entry struct {
	title string
	level int // 0: a chapter (section), 1: a page
	page  int
	link  int
}

var (
	bodyStyle = pdf.Style{Size: 10.5, Color: pdf.Black}
	muted     = pdf.Style{Size: 9.5, Color: pdf.Muted}
)

// PDF prints the handbook. It is laid out until every cross-reference
// names the page its target starts on (twice, rarely three times).
func PDF(in Input) ([]byte, error) {
	var d *pdf.Doc
	var pageOf map[*model.Page]int
	for range 4 {
		var got map[*model.Page]int
		d, got = layout(in, pageOf)
		if maps.Equal(got, pageOf) {
			break
		}
		pageOf = got
	}
	if pr := d.Problems(); len(pr) > 0 {
		return nil, fmt.Errorf("%s: %q (U+%04X) cannot be printed in the handbook's font", pr[0].Field, string(pr[0].Rune), pr[0].Rune)
	}
	return d.Bytes()
}

// layout lays the handbook out once, with cross-references to the pages
// pageOf gives (a placeholder of the same width where it gives none), and
// returns the page each playbook page starts on.
func layout(in Input, pageOf map[*model.Page]int) (*pdf.Doc, map[*model.Page]int) {
	s := in.Site
	d := pdf.New(in.Fonts, pdf.Meta{Title: s.Title() + " · " + in.T("handbook"), Author: company(s),
		Subject: s.Description(), Creator: "Playbook", Lang: s.Lang, Date: in.Date})
	d.Brand = pdf.ParseHex(s.Config.Company.BrandColor, d.Brand)
	d.LinkURLs, d.Diagrams = true, true
	d.Notes = &pdf.Notes{} // footnotes print at the end of their chapter
	cover(d, in)
	starts := map[*model.Page]int{}
	linkOf := map[*model.Page]int{}
	for _, p := range s.Pages {
		linkOf[p] = d.Link()
	}
	ref := func(n ast.Node, doc *markdown.Doc) (string, int) {
		t := doc.Target(n)
		if t == nil {
			return "", 0
		}
		target, _ := s.Resolve(t)
		if target == nil || linkOf[target] == 0 {
			return "", 0
		}
		num := "000"
		if n, ok := pageOf[target]; ok {
			num = strconv.Itoa(n)
		}
		return strings.ReplaceAll(in.T("handbook_see"), "{page}", num), linkOf[target]
	}
	body := func(p *model.Page) { writeBody(d, s, p, ref, in.File) }

	// The contents come second; their pages are kept now and filled in
	// once every page's number is known.
	var toc []entry
	for _, p := range s.Pages {
		if p.Kind != model.KindHome {
			toc = append(toc, entry{})
		}
	}
	perPage := int(math.Floor((pdf.Bottom - pdf.Top - 20) / 7.5))
	tocPages := max(1, int(math.Ceil(float64(len(toc))/float64(perPage))))
	d.AddPage()
	first := d.Page()
	for range tocPages - 1 {
		d.AddPage()
	}
	toc = toc[:0]
	chapterOf := map[int]string{} // page → the chapter running in its header
	blank := map[int]bool{}       // left-hand pages left empty: no header, no footer
	chapter := ""
	settle := func() { // the pages so far belong to the chapter
		for pg := range d.Page() + 1 {
			if _, ok := chapterOf[pg]; !ok {
				chapterOf[pg] = chapter
			}
		}
	}
	endChapter := func() {
		d.Notes.Print(d, in.T("handbook_notes"))
		settle()
	}
	// rightHand leaves a left-hand page empty, so that what follows opens
	// on the right.
	rightHand := func() {
		if d.Page()%2 == 0 {
			blank[d.Page()] = true
			d.AddPage()
		}
	}
	// open starts page p's entry here: its link target, bookmark, title and
	// summary.
	open := func(p *model.Page, level int, after float64) entry {
		e := entry{title: p.Title, level: level, page: d.Page(), link: linkOf[p]}
		starts[p] = d.Page()
		d.Target(e.link)
		d.Bookmark(p.Title, level)
		title(d, p.Title, level)
		if p.Summary != "" {
			d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: p.Summary}}, Style: muted, After: after})
		}
		return e
	}
	for _, p := range s.Pages {
		if p.Kind == model.KindHome || p.Kind == model.KindSection {
			endChapter()
		}
		switch {
		case p.Kind == model.KindHome:
			// the home page's words open the book
			d.AddPage()
			chapter = s.Title()
			starts[p] = d.Page()
			d.Target(linkOf[p])
			title(d, p.Title, 0)
			body(p)
		case p.Kind == model.KindSection:
			d.AddPage()
			if p.OwnSection != nil && p.OwnSection.HasSteps {
				rightHand() // the method opens on a right-hand page
			}
			chapter = p.Title
			e := open(p, 0, 4)
			body(p)
			toc = append(toc, e)
		default:
			if p.Step != nil {
				d.AddPage()
				rightHand() // each step opens on a right-hand page
			} else {
				d.Need(60)
				d.Space(6)
			}
			e := open(p, 1, 3)
			if p.Step != nil {
				step(d, s, in.T, p)
			}
			if p.Image != "" && in.File != nil {
				picture(d, p.Image, in.File(p.Image))
			}
			if len(p.FABCells) > 0 {
				fab(d, in.T, p)
			}
			if o := p.Objection; o != nil {
				objection(d, s, in.T, p)
			}
			body(p)
			if p.Step != nil && len(p.Step.Checklist) > 0 {
				checklist(d, in.T, p)
			}
			toc = append(toc, e)
		}
		settle()
	}
	endChapter()
	contents(d, in.T, toc, first)
	furniture(d, in, chapterOf, blank)
	return d, starts
}

func cover(d *pdf.Doc, in Input) {
	s := in.Site
	d.AddPage()
	d.Rect(0, 0, pdf.PageW, 95, d.Brand)
	if in.Logo != nil {
		_ = d.Image("logo", in.Logo, pdf.Margin, 22, 0, 16, d.Brand)
	}
	white := pdf.White
	d.Text(pdf.Margin, 70, d.Fit(company(s), pdf.Style{Size: 13, Bold: true, Color: white}, pdf.BodyW), pdf.Style{Size: 13, Bold: true, Color: white})
	d.SetY(125)
	d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: s.Title()}}, Style: pdf.Style{Size: 28, Bold: true, Color: pdf.Black}, After: 4, Balance: true})
	if desc := s.Description(); desc != "" {
		d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: desc}}, Style: pdf.Style{Size: 12, Color: pdf.Muted}, After: 6})
	}
	d.Rect(pdf.Margin, d.Y(), 30, 1.2, d.Brand)
	d.SetY(250)
	d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: in.T("handbook")}}, Style: pdf.Style{Size: 12, Bold: true, Color: d.Brand}, After: 1})
	d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: in.Date.Format("2006-01-02")}}, Style: muted})
}

// company is the company's name in the handbook's language: an English
// handbook takes [company.en] name when there is one.
func company(s *model.Site) string {
	if s.Lang == "en" && s.Config.Company.EN.Name != "" {
		return s.Config.Company.EN.Name
	}
	return s.Config.Company.Name
}

func title(d *pdf.Doc, s string, level int) {
	st := pdf.Style{Size: 22, Bold: true, Color: d.Brand}
	if level > 0 {
		st = pdf.Style{Size: 16, Bold: true, Color: pdf.Black}
	}
	d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: s}}, Style: st, After: 2, Balance: true})
	if level == 0 {
		d.Line(pdf.Margin, d.Y(), pdf.Margin+pdf.BodyW, d.Y(), 0.6, d.Brand)
		d.Space(6)
	}
}

// writeBody prints a page's markdown, parsed as the site parses it, its
// links to other pages as cross-references.
func writeBody(d *pdf.Doc, s *model.Site, p *model.Page, ref func(ast.Node, *markdown.Doc) (string, int), file func(string) []byte) {
	if p.Body == nil || len(strings.TrimSpace(string(p.Body.Source))) == 0 {
		return
	}
	d.SetField(p.File)
	doc := s.Doc(p.Body)
	d.Ref = func(n ast.Node) (string, int) { return ref(n, doc) }
	if file != nil {
		d.ImageOf = func(n ast.Node) (string, []byte) {
			if t := doc.Target(n); t != nil && t.Path != "" {
				return t.Path, file(t.Path)
			}
			return "", nil
		}
	}
	d.Markdown(doc.Root, doc.Source, bodyStyle, 0)
	d.Ref, d.ImageOf = nil, nil
}

// inline is a one-line markdown text as plain runs.
func inline(m *model.Markdown) []pdf.Run {
	text := strings.NewReplacer("**", "", "__", "", "`", "").Replace(string(m.Source))
	return []pdf.Run{{Text: text}}
}

func step(d *pdf.Doc, s *model.Site, t func(string) string, p *model.Page) {
	st := p.Step
	d.Table(pdf.Table{Columns: []pdf.Column{{Header: t("step_start")}, {Header: t("step_end")}},
		Rows: [][]pdf.Cell{{pdf.TextCell(st.Start), pdf.TextCell(st.End)}}, After: 4, Together: true})
	numbered(d, t("activities"), st.Activities, "%d. ")
	numbered(d, t("questions"), st.Questions, "Q%d  ")
}

// numbered prints a heading and its items, numbered as format says.
func numbered(d *pdf.Doc, heading string, items []*model.Markdown, format string) {
	if len(items) == 0 {
		return
	}
	d.Need(20)
	d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: heading}}, Style: pdf.Style{Size: 12, Bold: true, Color: d.Brand}, After: 1.5})
	for i, m := range items {
		runs := append([]pdf.Run{{Text: fmt.Sprintf(format, i+1), Bold: true}}, inline(m)...)
		d.Paragraph(pdf.Para{Runs: runs, Style: bodyStyle, Indent: 2, After: 1})
	}
	d.Space(3)
}

// checklist prints empty boxes to tick by hand.
func checklist(d *pdf.Doc, t func(string) string, p *model.Page) {
	d.Need(24)
	d.Space(3)
	d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: t("checklist")}}, Style: pdf.Style{Size: 12, Bold: true, Color: d.Brand}, After: 2})
	for _, c := range p.Step.Checklist {
		d.Need(8)
		y := d.Y()
		d.Rect(pdf.Margin+1, y+1.2, 3.6, 0.25, pdf.Muted)
		d.Rect(pdf.Margin+1, y+4.55, 3.6, 0.25, pdf.Muted)
		d.Rect(pdf.Margin+1, y+1.2, 0.25, 3.6, pdf.Muted)
		d.Rect(pdf.Margin+4.35, y+1.2, 0.25, 3.6, pdf.Muted)
		d.Paragraph(pdf.Para{Runs: inline(c), Style: bodyStyle, Indent: 8, After: 1.5})
	}
}

// picture prints a FAB sheet's product picture, at most 55 mm high.
func picture(d *pdf.Doc, name string, data []byte) {
	if data == nil {
		return
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width == 0 || cfg.Height == 0 {
		return
	}
	h := 55.0
	w := h * float64(cfg.Width) / float64(cfg.Height)
	if w > pdf.BodyW {
		w, h = pdf.BodyW, pdf.BodyW*float64(cfg.Height)/float64(cfg.Width)
	}
	d.Need(h + 4)
	if d.Image(name, data, pdf.Margin, d.Y(), w, h, pdf.White) == nil {
		d.Space(h + 4)
	}
}

func fab(d *pdf.Doc, t func(string) string, p *model.Page) {
	var rows [][]pdf.Cell
	for _, row := range p.FABCells {
		var cells []pdf.Cell
		for i, m := range row {
			c := pdf.Cell{Runs: inline(m)}
			c.Bold = i == 0
			cells = append(cells, c)
		}
		rows = append(rows, cells)
	}
	d.Table(pdf.Table{Columns: []pdf.Column{{Header: t("fab_feature")}, {Header: t("fab_advantage")}, {Header: t("fab_benefit")}},
		Rows: rows, Zebra: true, After: 4})
}

func objection(d *pdf.Doc, s *model.Site, t func(string) string, p *model.Page) {
	o := p.Objection
	d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: t("objection_says"), Bold: true, Color: &d.Brand}}, Style: bodyStyle, After: 1})
	d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: "“" + o.Objection + "”"}}, Style: pdf.Style{Size: 12, Bold: true, Color: pdf.Black}, Indent: 4, After: 3})
	if o.Behind != nil {
		d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: t("objection_behind"), Bold: true, Color: &d.Brand}}, Style: bodyStyle, After: 1})
		doc := s.Doc(o.Behind)
		d.Markdown(doc.Root, doc.Source, bodyStyle, 4)
		d.Space(2)
	}
	d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: t("objection_response"), Bold: true, Color: &d.Brand}}, Style: bodyStyle, After: 1})
}

func contents(d *pdf.Doc, t func(string) string, toc []entry, first int) {
	d.SetPage(first)
	d.SetY(pdf.Top + 4)
	d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: t("handbook_contents")}}, Style: pdf.Style{Size: 18, Bold: true, Color: d.Brand}, After: 1})
	d.Line(pdf.Margin, d.Y(), pdf.Margin+pdf.BodyW, d.Y(), 0.6, d.Brand)
	d.Space(6)
	page := first
	for _, e := range toc {
		st, indent, lh := pdf.Style{Size: 11.5, Bold: true, Color: pdf.Black}, 0.0, 9.0
		if e.level > 0 {
			st, indent, lh = pdf.Style{Size: 10, Color: pdf.Black}, 8, 6.6
		}
		if d.Y()+lh > pdf.Bottom {
			page++
			d.SetPage(page)
			d.SetY(pdf.Top + 4)
		}
		d.ContentsLine(e.title, e.page, st, indent, lh, e.link)
	}
}

// furniture draws the running header (the chapter) and page N of M on
// every page but the cover.
func furniture(d *pdf.Doc, in Input, chapterOf map[int]string, blank map[int]bool) {
	n := d.Pages()
	st := pdf.Style{Size: 8.5, Color: pdf.Muted}
	for i := 2; i <= n; i++ {
		if blank[i] {
			continue
		}
		d.SetPage(i)
		head := d.Fit(chapterOf[i], st, pdf.BodyW/2)
		book := d.Fit(in.Site.Title(), st, pdf.BodyW/2-6)
		if i%2 == 0 { // left-hand page: the book outside, the chapter inside
			d.Text(pdf.Margin, 14, book, st)
			d.Text(pdf.Margin+pdf.BodyW-d.Width(head, st), 14, head, st)
		} else {
			d.Text(pdf.Margin, 14, head, st)
			d.Text(pdf.Margin+pdf.BodyW-d.Width(book, st), 14, book, st)
		}
		d.Line(pdf.Margin, 16.5, pdf.Margin+pdf.BodyW, 16.5, 0.2, pdf.Rule)
		foot := strings.NewReplacer("{page}", fmt.Sprint(i), "{pages}", fmt.Sprint(n)).Replace(in.T("handbook_page_of"))
		x := pdf.Margin + pdf.BodyW - d.Width(foot, st)
		if i%2 == 0 {
			x = pdf.Margin
		}
		d.Text(x, 288, foot, st)
	}
	d.SetPage(n)
}
