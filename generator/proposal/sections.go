package proposal

import (
	"fmt"
	"strings"

	"playbook/generator/markdown"
	"playbook/generator/pdf"
	"playbook/generator/quote"
)

func (r *renderer) cover() {
	d := r.doc
	company := r.company
	d.AddPage()
	d.Rect(0, 0, pdf.PageW, 62, d.Brand)
	d.SetField("site.toml: company.name")
	x := pdf.Margin
	if r.in.Logo != nil {
		if err := d.Image("logo", r.in.Logo, pdf.Margin, 16, 0, 18, d.Brand); err == nil {
			x = pdf.Margin + 24
		}
	}
	nameSt := pdf.Style{Size: 15, Bold: true, Color: pdf.White}
	d.Text(x, 27, d.Fit(company.Name, nameSt, pdf.PageW-pdf.Margin-x), nameSt)
	if company.Website != "" {
		d.SetField("site.toml: company.website")
		webSt := pdf.Style{Size: 9.5, Color: pdf.White}
		d.Text(x, 35, d.Fit(company.Website, webSt, pdf.PageW-pdf.Margin-x), webSt)
	}
	d.SetY(92)
	d.SetField("proposal.title")
	d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: r.p.Title}}, Style: pdf.Style{Size: 24, Bold: true, Color: pdf.Black}, LineHeight: 12, After: 6, Balance: true})
	d.Line(pdf.Margin, d.Y(), pdf.Margin+30, d.Y(), 1.2, d.Brand)
	d.Space(8)
	d.SetField("account.name")
	d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: r.l.PreparedFor + r.colon(), Color: &pdf.Muted}, {Text: r.a.Account.Name, Bold: true}},
		Style: pdf.Style{Size: 14, Color: pdf.Black}, After: 3})
	// label, value, and the field it comes from (for messages).
	rows := [][3]string{
		{r.l.Supplier, company.Name, "site.toml: company.name"},
		{r.l.Number, r.p.Number, "proposal.number"},
		{r.l.Date, day(r.p.Language, r.p.Date), "proposal.date"},
	}
	if !r.p.ValidUntil.IsZero() {
		rows = append(rows, [3]string{r.l.ValidUntil, day(r.p.Language, r.p.ValidUntil), "proposal.valid_until"})
	}
	rows = append(rows, [3]string{r.l.PreparedBy, r.p.PreparedBy, "proposal.prepared_by"}, [3]string{r.l.Contact, r.p.Contact, "proposal.contact"})
	d.SetY(200)
	for _, row := range rows {
		if strings.TrimSpace(row[1]) == "" {
			continue
		}
		d.SetField(row[2])
		d.Text(pdf.Margin, d.Y()+4.3, row[0], pdf.Style{Size: 10, Color: pdf.Muted}) // on the value's first baseline
		d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: row[1]}}, Style: pdf.Style{Size: 10.5, Color: pdf.Black}, Indent: 32, After: 1})
		d.Line(pdf.Margin, d.Y(), pdf.Margin+pdf.BodyW, d.Y(), 0.15, pdf.Rule)
		d.Space(1)
	}
	d.Text(pdf.Margin, 284, r.l.Confidential, pdf.Style{Size: 9, Bold: true, Color: d.Brand})
}

// contents fills in the table of contents page, with links.
func (r *renderer) contents(page int) {
	d := r.doc
	d.SetPage(page)
	d.SetY(pdf.Top + 4)
	d.SetField("")
	d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: r.l.Contents}}, Style: pdf.Style{Size: 18, Bold: true, Color: d.Brand}, After: 1})
	d.Line(pdf.Margin, d.Y(), pdf.Margin+pdf.BodyW, d.Y(), 0.6, d.Brand)
	d.Space(8)
	for _, e := range r.toc {
		st := pdf.Style{Size: 12, Bold: true, Color: pdf.Black}
		indent, lh := 0.0, 10.0
		if e.level > 0 {
			st = pdf.Style{Size: 10.5, Color: pdf.Muted}
			indent, lh = 10, 7
		}
		y := d.Y()
		if y+lh > pdf.Bottom {
			break // one page holds the contents of any proposal of sensible size
		}
		d.SetField("")
		d.ContentsLine(e.title, e.page, st, indent, lh, e.link)
	}
}

// pageFurniture draws the running header and the page footer on every page
// but the cover, once the page count is known.
func (r *renderer) pageFurniture() {
	d := r.doc
	n := d.Pages()
	client := r.a.Account.ShortName
	if client == "" {
		client = r.a.Account.Name
	}
	header := client + " · " + r.p.Title
	if strings.HasPrefix(r.p.Title, client) || strings.HasPrefix(r.p.Title, r.a.Account.Name) {
		header = r.p.Title // the title names the client already
	}
	st := pdf.Style{Size: 8.5, Color: pdf.Muted}
	confSt := pdf.Style{Size: 8.5, Bold: true, Color: d.Brand}
	conf := r.l.Confidential
	// Header and company name are shortened with an ellipsis rather than
	// run into 机密 / the page number or off the paper.
	d.SetField("account.short_name")
	header = d.Fit(header, st, pdf.BodyW-d.Width(conf, confSt)-8)
	d.SetField("site.toml: company.name")
	widest := strings.NewReplacer("{page}", fmt.Sprint(n), "{pages}", fmt.Sprint(n)).Replace(r.l.PageOf)
	company := d.Fit(r.company.Name, st, pdf.BodyW-d.Width(widest, st)-8)
	for i := 2; i <= n; i++ {
		d.SetPage(i)
		d.SetField("account.short_name")
		d.Text(pdf.Margin, 14, header, st)
		d.Text(pdf.Margin+pdf.BodyW-d.Width(conf, confSt), 14, conf, confSt)
		d.Line(pdf.Margin, 16.5, pdf.Margin+pdf.BodyW, 16.5, 0.2, pdf.Rule)
		d.Line(pdf.Margin, 283, pdf.Margin+pdf.BodyW, 283, 0.2, pdf.Rule)
		d.SetField("site.toml: company.name")
		d.Text(pdf.Margin, 288, company, st)
		footer := strings.NewReplacer("{page}", fmt.Sprint(i), "{pages}", fmt.Sprint(n)).Replace(r.l.PageOf)
		d.Text(pdf.Margin+pdf.BodyW-d.Width(footer, st), 288, footer, st)
	}
	d.SetPage(n)
}

// answers is the 应答书 as a 偏离表 (a compliance matrix in English): each
// requirement with its clause, the response, the deviation (无偏离, 正偏离,
// 负偏离, 不响应) and the remarks (the note, then where to read more),
// closed by the statement that every other clause is met.
func (r *renderer) answers() {
	d, l := r.doc, r.l
	clauses := false
	for _, a := range r.p.Answers {
		clauses = clauses || strings.TrimSpace(a.Clause) != ""
	}
	cols := []pdf.Column{{Header: l.No, Align: pdf.Center}}
	if clauses {
		cols = append(cols, pdf.Column{Header: l.Clause})
	}
	cols = append(cols, pdf.Column{Header: l.Requirement}, pdf.Column{Header: l.Response},
		pdf.Column{Header: l.Deviation, Align: pdf.Center}, pdf.Column{Header: l.Remarks})
	t := pdf.Table{Columns: cols, Zebra: true, Size: 9, After: 3}
	for i, a := range r.p.Answers {
		field := fmt.Sprintf("proposal.answers[%d]", i)
		d.SetField(field + ".answer")
		doc := r.in.Markdown.Parse([]byte(a.Answer), markdown.ParseOptions{Lang: r.p.Language})
		color := statusColors[a.Status]
		row := []pdf.Cell{pdf.TextCell(fmt.Sprint(i + 1))}
		if clauses {
			row = append(row, pdf.TextCell(a.Clause))
		}
		var remarks []string
		if n := strings.TrimSpace(a.Note); n != "" {
			remarks = append(remarks, n)
		}
		if a.Ref != "" {
			remarks = append(remarks, r.seeAlso(a.Ref))
		}
		row = append(row, pdf.Cell{Runs: []pdf.Run{{Text: a.Question}}, Bold: true, Field: field + ".question"},
			pdf.Cell{Runs: pdf.MarkdownRuns(doc.Root, doc.Source), Field: field + ".answer"},
			pdf.Cell{Runs: []pdf.Run{{Text: l.Status[a.Status]}}, Bold: true, Color: &color},
			pdf.Cell{Runs: []pdf.Run{{Text: strings.Join(remarks, "\n")}}, Field: field + ".note"})
		t.Rows = append(t.Rows, row)
	}
	d.SetField("proposal.answers")
	d.Table(t)
	r.text("proposal.answers", l.AllOtherClauses, pdf.Style{Size: 10.5, Bold: true, Color: pdf.Black}, 0, 2)
}

// chosen picks the items whose ids are listed, in the listed order; none
// listed means all.
func chosen[T any](all []T, ids []string, id func(T) string) []T {
	if len(ids) == 0 {
		return all
	}
	var out []T
	for _, want := range ids {
		for _, x := range all {
			if id(x) == want {
				out = append(out, x)
			}
		}
	}
	return out
}

// groupNumber writes a quantity with thousands separators, as money is.
func groupNumber(s string) string { return quote.Group(s) }

// seeAlso is "参见：实施计划" / "See: Products and services", without doubling
// a 见 or See the reference starts with.
func (r *renderer) seeAlso(ref string) string {
	ref = strings.TrimSpace(ref)
	for _, lead := range []string{"参见", "见", "See ", "see "} {
		if rest, ok := strings.CutPrefix(ref, lead); ok {
			ref = strings.TrimLeft(rest, "：: ")
			break
		}
	}
	return r.l.Ref + r.colon() + ref
}

// colon is "：" in Chinese, ": " in English.
func (r *renderer) colon() string { return r.q.Colon() }

// listSep joins two clauses: "；" in Chinese, "; " in English.
func (r *renderer) listSep() string {
	if r.p.Language == "en" {
		return "; "
	}
	return "；"
}

var statusColors = map[string]pdf.RGB{
	"comply":      {R: 0x17, G: 0x69, B: 0x2f},
	"exceed":      {R: 0x0b, G: 0x5c, B: 0x7a},
	"partial":     {R: 0x85, G: 0x57, B: 0x00},
	"alternative": {R: 0x6f, G: 0x3f, B: 0xc8},
	"no":          {R: 0xb3, G: 0x19, B: 0x1f},
}
