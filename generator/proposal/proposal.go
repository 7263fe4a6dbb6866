// Package proposal renders an account's proposal as a PDF: a cover, a table
// of contents, and the seven sections in order (current state and future,
// problems and challenges, products and services as FAB, implementation
// plan, quote, answers, credentials). Internal account data (contacts,
// competitors, the opportunity judgement, SWOT) is never read here.
package proposal

import (
	"fmt"
	"path"
	"strings"
	"time"

	"playbook/generator/account"
	"playbook/generator/diag"
	"playbook/generator/markdown"
	"playbook/generator/model"
	"playbook/generator/pdf"
	"playbook/generator/quote"
)

// Input is what a proposal is made from.
type Input struct {
	Account  *account.Account
	Site     *model.Site
	Fonts    *pdf.Fonts
	Markdown *markdown.Markdown
	Logo     []byte // the company logo (PNG or JPEG), optional
	// Images are the certificate scans and FAB images the proposal prints,
	// by content path.
	Images   map[string][]byte
	SiteFile string // how messages name site.toml
	// Labels are the theme's UI strings in the proposal's language.
	Labels func(key string) string
}

// checkImages reports certificate scans and FAB images that cannot be
// printed: missing, or not a PNG or JPEG.
func checkImages(in Input) diag.List {
	var d diag.List
	check := func(file string, line, col int, what, name string) {
		data := in.Images[name]
		if data == nil {
			d.Errorf(file, line, col, "%s %q: the file is missing", what, name)
			return
		}
		if _, _, err := pdf.ImageSize(data); err != nil {
			d.Errorf(file, line, col, "%s %q is not a PNG or JPEG image (%v)", what, name, err)
		}
	}
	company := in.Site.Config.Company
	for i, q := range chosen(company.Qualifications, in.Account.Proposal.Credentials.Qualifications, func(q model.Qualification) string { return q.ID }) {
		if q.Scan != "" {
			p := in.Site.Config.Keys.At("company.qualifications")
			check(in.SiteFile, p.Line, p.Col, fmt.Sprintf("company.qualifications[%d].scan", i), q.Scan)
		}
	}
	for _, o := range in.Account.Proposal.Offerings {
		if pg := in.Site.FABSheet(o.FAB, in.Account.Proposal.Language); pg != nil && pg.Image != "" {
			check(pg.File, 1, 1, "image", pg.Image)
		}
	}
	return d
}

// Render makes the PDF. Characters the fonts cannot print are reported
// against the file and field they come from; with any problem the PDF is
// not returned.
func Render(in Input) ([]byte, diag.List) {
	a := in.Account
	p := &a.Proposal
	l := newLabels(in.Labels)
	company := in.Site.Config.Company.In(p.Language)
	if a.Quote == nil {
		var d diag.List
		d.Errorf(a.File, 1, 1, "the account has no proposal with a valid quote")
		return nil, d
	}
	doc := pdf.New(in.Fonts, pdf.Meta{
		Title:    p.Title,
		Author:   company.Name,
		Subject:  a.Account.Name + " " + l.Subject,
		Keywords: strings.Join(append([]string{a.Account.Name, p.Number}, l.Sections[:]...), ", "),
		Creator:  "Playbook",
		Lang:     p.Language,
		Date:     p.Date,
	})
	if d := checkImages(in); d.HasErrors() {
		return nil, d
	}
	doc.Brand = pdf.ParseHex(company.BrandColor, doc.Brand)
	r := &renderer{in: in, a: a, p: p, l: l, doc: doc, company: company, q: a.Quote.In(in.Labels)}
	r.cover()
	if strings.TrimSpace(p.CoverLetter) != "" {
		r.coverLetter()
	}
	doc.AddPage() // the table of contents, filled in at the end
	tocPage := doc.Page()
	if strings.TrimSpace(p.Summary) != "" {
		r.summary()
	}
	sections := []func(){r.current, r.challenges, r.offerings, r.plan, r.quote, r.answers, r.credentials}
	for i, draw := range sections {
		r.section(i)
		draw()
	}
	if len(p.NextSteps) > 0 {
		r.nextSteps()
	}
	if p.Authorization != nil {
		r.authorization()
	}
	for i, q := range r.scans {
		r.appendix(i+1, q)
	}
	r.contents(tocPage)
	r.pageFurniture()
	var diags diag.List
	for _, field := range r.overflow {
		file, pos := r.locate(field)
		diags.Errorf(file, pos.Line, pos.Col, "%s: longer than one page; keep the summary to one page (the details belong in the sections)", field)
	}
	for _, pr := range doc.Problems() {
		file, pos := r.locate(pr.Field)
		what := fmt.Sprintf("%q (U+%04X)", string(pr.Rune), pr.Rune)
		if pr.Rune > 0xFFFF {
			diags.Errorf(file, pos.Line, pos.Col, "%s: %s cannot be printed in a PDF (characters beyond U+FFFF, such as emoji, are not supported)", pr.Field, what)
		} else {
			diags.Errorf(file, pos.Line, pos.Col, "%s: %s is not in the proposal font", pr.Field, what)
		}
	}
	if err := doc.Err(); err != nil {
		diags.Errorf(a.File, 1, 1, "rendering the PDF: %v", err)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	data, err := doc.Bytes()
	if err != nil {
		diags.Errorf(a.File, 1, 1, "writing the PDF: %v", err)
		return nil, diags
	}
	return data, nil
}

type renderer struct {
	in       Input
	a        *account.Account
	p        *account.Proposal
	l        *labels
	doc      *pdf.Doc
	toc      []tocEntry
	sec      int                   // the current section (0-based)
	scans    []model.Qualification // certificates printed as appendices
	overflow []string              // fields too long for their page limit
	subs     int                   // subsections so far in it
	company  model.Company         // in the proposal's language
	q        *quote.Sheet          // the quote, labelled
}

type tocEntry struct {
	title string
	level int
	page  int
	link  int
}

// locate maps a field name to the file and position it comes from.
func (r *renderer) locate(field string) (string, struct{ Line, Col int }) {
	type pos = struct{ Line, Col int }
	switch {
	case strings.HasPrefix(field, "site.toml:"):
		p := r.in.Site.Config.Keys.At(strings.TrimSpace(strings.TrimPrefix(field, "site.toml:")))
		return r.in.SiteFile, pos{max(p.Line, 1), max(p.Col, 1)}
	case strings.HasPrefix(field, "fab:"):
		id, _, _ := strings.Cut(strings.TrimPrefix(field, "fab:"), " ")
		if pg := r.in.Site.FABSheet(id, r.p.Language); pg != nil {
			return pg.File, pos{1, 1}
		}
	}
	p := r.a.Keys.At(field)
	return r.a.File, pos{p.Line, p.Col}
}

var (
	bodyStyle  = pdf.Style{Size: 10.5, Color: pdf.Black}
	smallStyle = pdf.Style{Size: 9, Color: pdf.Muted}
	subStyle   = pdf.Style{Size: 13, Bold: true, Color: pdf.Black}
)

func (r *renderer) text(field, s string, st pdf.Style, indent, after float64) {
	r.doc.SetField(field)
	r.doc.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: s}}, Style: st, Indent: indent, After: after, Align: pdf.Justify})
}

func (r *renderer) md(field, src string, indent float64) {
	if strings.TrimSpace(src) == "" {
		return
	}
	r.doc.SetField(field)
	doc := r.in.Markdown.Parse([]byte(src), markdown.ParseOptions{Lang: r.p.Language})
	r.doc.Markdown(doc.Root, doc.Source, bodyStyle, indent)
}

// section starts section i on a new page with its number, title, link and bookmark.
func (r *renderer) section(i int) {
	r.sec, r.subs = i, 0
	r.chapter(r.sectionTitle(i), true)
}

// chapter starts a page with a chapter's title (a numbered section, or the
// summary and next steps around them), in the contents when toc says so.
func (r *renderer) chapter(title string, toc bool) {
	d := r.doc
	d.AddPage()
	if toc {
		link := d.Link()
		d.Target(link)
		d.Bookmark(title, 0)
		r.toc = append(r.toc, tocEntry{title: title, level: 0, page: d.Page(), link: link})
	}
	d.SetField("")
	st := pdf.Style{Size: 18, Bold: true, Color: d.Brand}
	d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: title}}, Style: st, After: 1})
	d.Line(pdf.Margin, d.Y(), pdf.Margin+pdf.BodyW, d.Y(), 0.6, d.Brand)
	d.Space(6)
}

// coverLetter is the 致客户函 after the cover, signed by the preparer.
func (r *renderer) coverLetter() {
	d := r.doc
	r.chapter(r.l.CoverLetter, false)
	r.md("proposal.cover_letter", r.p.CoverLetter, 0)
	d.Space(8)
	d.Need(24)
	for _, line := range []string{r.company.Name, r.p.PreparedBy, day(r.p.Language, r.p.Date)} {
		if strings.TrimSpace(line) == "" {
			continue
		}
		d.SetField("proposal.prepared_by")
		d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: line}}, Style: bodyStyle, Align: pdf.Right, After: 1})
	}
}

// summary is the 方案概要 before the first section: at most one page, or
// an error.
func (r *renderer) summary() {
	d := r.doc
	r.chapter(r.l.ExecutiveSummary, true)
	start := d.Page()
	r.md("proposal.summary", r.p.Summary, 0)
	if d.Page() != start {
		r.overflow = append(r.overflow, "proposal.summary")
	}
}

// nextSteps closes the document: what happens next, numbered.
func (r *renderer) nextSteps() {
	d := r.doc
	r.chapter(r.l.NextSteps, true)
	for i, step := range r.p.NextSteps {
		d.SetField(fmt.Sprintf("proposal.next_steps[%d]", i))
		d.Need(8)
		d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: fmt.Sprintf("%d. ", i+1), Bold: true, Color: &d.Brand}, {Text: step}},
			Style: bodyStyle, Align: pdf.Justify, After: 2})
	}
}

func (r *renderer) sectionTitle(i int) string {
	if r.p.Language == "en" {
		return r.l.Numbers[i] + "  " + r.l.Sections[i]
	}
	return r.l.Numbers[i] + "、" + r.l.Sections[i]
}

// subNumber numbers the next subsection: （一） （二） in Chinese (after
// the sections' 一、), 3.1 3.2 in English (after the sections' 3).
func (r *renderer) subNumber() string {
	r.subs++
	if r.p.Language == "en" {
		return fmt.Sprintf("%d.%d  ", r.sec+1, r.subs)
	}
	return "（" + chineseNumber(r.subs) + "）"
}

// chineseNumber writes 1–99 in Chinese numerals: 一, 十, 十二, 二十, 九十九.
func chineseNumber(n int) string {
	const digits = "〇一二三四五六七八九"
	digit := func(i int) string { return string([]rune(digits)[i]) }
	switch {
	case n < 10:
		return digit(n)
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + digit(n%10)
	case n < 100:
		s := digit(n/10) + "十"
		if n%10 != 0 {
			s += digit(n % 10)
		}
		return s
	}
	return fmt.Sprint(n)
}

// sub starts a numbered subsection: kept with at least a few lines of what
// follows.
func (r *renderer) sub(title, field string, withTOC bool) {
	r.subKeep(title, field, withTOC, 16)
}

// subKeep starts a numbered subsection kept with the follow mm of content
// after it: a heading never ends a page.
func (r *renderer) subKeep(title, field string, withTOC bool, follow float64) {
	d := r.doc
	title = r.subNumber() + title
	d.Need(r.subHeight(title) + follow)
	if d.Y() > pdf.Top+1 {
		d.Space(2)
	}
	d.SetField(field)
	if withTOC {
		link := d.Link()
		d.Target(link)
		d.Bookmark(title, 1)
		r.toc = append(r.toc, tocEntry{title: title, level: 1, page: d.Page(), link: link})
	}
	d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: title}}, Style: subStyle, After: 2})
}

// subHeight is the height sub takes before its content.
func (r *renderer) subHeight(title string) float64 {
	return 2 + r.doc.Height(pdf.Para{Runs: []pdf.Run{{Text: title}}, Style: subStyle}) + 2
}

func (r *renderer) current() {
	// An empty part gets no heading (check warns about it).
	if strings.TrimSpace(r.p.CurrentState) != "" {
		r.sub(r.l.Current, "proposal.current_state", false)
		r.md("proposal.current_state", r.p.CurrentState, 0)
	}
	if strings.TrimSpace(r.p.Future) != "" {
		r.sub(r.l.Future, "proposal.future", false)
		r.md("proposal.future", r.p.Future, 0)
	}
}

func (r *renderer) challenges() {
	r.md("proposal.challenges", r.p.Challenges, 0)
}

func (r *renderer) offerings() {
	d := r.doc
	for i, o := range r.p.Offerings {
		page := r.in.Site.FABSheet(o.FAB, r.p.Language)
		if page == nil {
			continue
		}
		field := fmt.Sprintf("proposal.offerings[%d]", i)
		t := pdf.Table{Columns: []pdf.Column{{Header: r.l.Feature}, {Header: r.l.Advantage}, {Header: r.l.Benefit}}, Zebra: true, After: 4}
		// Each cell is inline markdown (bold, links), as on the site.
		cell := func(m *model.Markdown) []pdf.Run {
			doc := r.in.Site.Doc(m)
			return pdf.MarkdownRuns(doc.Root, doc.Source)
		}
		for _, row := range page.FABCells {
			t.Rows = append(t.Rows, []pdf.Cell{{Runs: cell(row[0]), Bold: true}, {Runs: cell(row[1])}, {Runs: cell(row[2])}})
		}
		d.SetField("fab:" + o.FAB + " rows")
		follow := d.TableStart(t)
		summary := pdf.Para{Runs: []pdf.Run{{Text: page.Summary}}, Style: smallStyle, After: 2.5, Align: pdf.Justify}
		if page.Summary != "" {
			d.SetField("fab:" + o.FAB + " summary")
			follow += d.Height(summary) + summary.After
		}
		img, iw, ih := r.fabImage(page)
		if img != nil {
			follow += ih + 3
		}
		r.subKeep(page.Title, "fab:"+o.FAB+" title", true, follow)
		if page.Summary != "" {
			d.SetField("fab:" + o.FAB + " summary")
			d.Paragraph(summary)
		}
		if img != nil {
			_ = d.Image("fab-"+o.FAB, img, pdf.Margin, d.Y(), iw, ih, pdf.White)
			d.SetY(d.Y() + ih + 3)
		}
		d.SetField("fab:" + o.FAB + " rows")
		d.Table(t)
		if strings.TrimSpace(o.Configuration) != "" {
			d.Need(20)
			r.text(field+".configuration", r.l.Configuration, pdf.Style{Size: 10.5, Bold: true, Color: d.Brand}, 0, 1.5)
			r.md(field+".configuration", o.Configuration, 0)
		}
		if o.Note != "" {
			r.text(field+".note", o.Note, smallStyle, 0, 3)
		}
		d.Space(3)
	}
}

// fabImage is a FAB sheet's product image and the size it prints at: at
// most 55 mm high and the body's width, its proportions kept.
func (r *renderer) fabImage(page *model.Page) ([]byte, float64, float64) {
	if page.Image == "" {
		return nil, 0, 0
	}
	data := r.in.Images[page.Image]
	w, h, err := pdf.ImageSize(data)
	if err != nil || w == 0 || h == 0 {
		return nil, 0, 0
	}
	ih := min(55, pdf.BodyW*float64(h)/float64(w))
	return data, ih * float64(w) / float64(h), ih
}

// day writes a date in the proposal's one date style: 2026年12月1日 (the
// typesetter adds the quarter-em spaces), or 1 December 2026 with
// no-break spaces. Neither is ever broken across lines.
func day(lang string, t time.Time) string {
	if lang == "en" {
		return t.Format("2\u00a0January\u00a02006")
	}
	return t.Format("2006年1月2日")
}

// dayRange writes a period in the same style, without repeating the year
// (or, in English, the month) the two dates share.
func dayRange(lang string, a, b time.Time) string {
	if b.IsZero() || b.Equal(a) {
		return day(lang, a)
	}
	if lang == "en" {
		switch {
		case a.Year() == b.Year() && a.Month() == b.Month():
			return fmt.Sprintf("%d–%s", a.Day(), day(lang, b))
		case a.Year() == b.Year():
			return a.Format("2\u00a0January") + " – " + day(lang, b)
		}
		return day(lang, a) + " – " + day(lang, b)
	}
	if a.Year() == b.Year() {
		return day(lang, a) + "—" + b.Format("1月2日")
	}
	return day(lang, a) + "—" + day(lang, b)
}

func (r *renderer) plan() {
	t := pdf.Table{Columns: []pdf.Column{
		{Header: r.l.Phase}, {Header: r.l.Period}, {Header: r.l.Owner},
		{Header: r.l.Deliverables}, {Header: r.l.Milestone, Align: pdf.Center},
	}, Zebra: true}
	for _, ph := range r.p.Plan {
		period := ""
		if !ph.Start.IsZero() {
			period = dayRange(r.p.Language, ph.Start, ph.End)
		}
		mark := ""
		if ph.Milestone {
			mark = "★"
		}
		t.Rows = append(t.Rows, []pdf.Cell{{Runs: []pdf.Run{{Text: ph.Phase}}, Bold: true}, pdf.TextCell(period),
			pdf.TextCell(ph.Owner), pdf.TextCell(ph.Deliverables), {Runs: []pdf.Run{{Text: mark}}, Color: &r.doc.Brand}})
	}
	if len(t.Rows) == 0 {
		return // no phases: no empty table (check warns about it)
	}
	r.doc.SetField("proposal.plan")
	r.doc.Table(t)
}

func (r *renderer) logoName() string {
	if r.in.Site.Config.Company.Logo == "" {
		return ""
	}
	return path.Base(r.in.Site.Config.Company.Logo)
}
