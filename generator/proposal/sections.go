package proposal

import (
	"fmt"
	"strings"

	"playbook/generator/model"
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
		base := y + lh/2 + st.Size/2.83*0.35
		d.SetField("")
		num := fmt.Sprint(e.page)
		nw := d.Width(num, st)
		w := d.Text(pdf.Margin+indent, base, d.Fit(e.title, st, pdf.BodyW-indent-nw-8), st)
		d.Text(pdf.Margin+pdf.BodyW-nw, base, num, st)
		// Dotted leader.
		for x := pdf.Margin + indent + w + 3; x < pdf.Margin+pdf.BodyW-nw-3; x += 1.6 {
			d.Rect(x, base-0.5, 0.35, 0.35, pdf.Rule)
		}
		d.LinkArea(pdf.Margin, y, pdf.BodyW, lh, e.link)
		d.SetY(y + lh)
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

func (r *renderer) quote() {
	d := r.doc
	q := r.q
	l := r.l
	qd := &r.p.Quote
	tax := q.TaxRate.String() + "%，" + l.TaxExcl
	if q.PricesIncludeTax {
		tax = q.TaxRate.String() + "%，" + l.TaxIncl
	}
	if r.p.Language == "en" {
		tax = strings.Replace(tax, "，", ", ", 1)
	}
	info := [][2]string{{l.Project, r.p.Title}, {l.Number, r.p.Number}, {l.Currency, q.Currency}, {l.TaxRate, tax}}
	for _, kv := range info {
		if kv[1] == "" {
			continue
		}
		d.SetField("proposal")
		d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: kv[0] + "  ", Color: &pdf.Muted}, {Text: kv[1]}}, Style: bodyStyle, After: 0.5})
	}
	d.Space(3)
	t := pdf.Table{Columns: []pdf.Column{
		{Header: l.No, Align: pdf.Center}, {Header: l.Item}, {Header: l.Spec},
		{Header: l.Qty, Align: pdf.Right}, {Header: l.Unit, Align: pdf.Center},
		{Header: l.UnitPrice, Align: pdf.Right}, {Header: l.Amount, Align: pdf.Right},
	}, Zebra: true, Size: 9}
	for i, line := range q.Lines {
		name := []pdf.Run{{Text: line.Name, Bold: true}}
		amount := pdf.Cell{Runs: []pdf.Run{{Text: q.Money(line.Amount)}}}
		if m := q.Marker(line); m != "" {
			name = append(name, pdf.Run{Text: m, Color: &d.Brand})
		}
		switch {
		case line.Optional:
			amount.Color = &pdf.Muted
		case line.Gift:
			amount = pdf.Cell{Runs: []pdf.Run{{Text: l.Gift, Bold: true}}, Color: &d.Brand}
		}
		spec := line.Spec
		if line.DiscountPercent.IsPositive() {
			note := strings.ReplaceAll(l.LineDiscount, "{percent}", line.DiscountPercent.String())
			if spec != "" {
				spec += r.listSep() + note
			} else {
				spec = note
			}
		}
		t.Rows = append(t.Rows, []pdf.Cell{
			pdf.TextCell(fmt.Sprint(i + 1)), {Runs: name}, pdf.TextCell(spec),
			pdf.TextCell(groupNumber(line.Quantity.String())), pdf.TextCell(line.Unit),
			pdf.TextCell(q.Money(line.UnitPrice)), amount,
		})
	}
	// Totals, right-aligned under the amount column, stay with the last
	// two item rows, and the amount in words with them.
	totals := q.Totals()
	words := pdf.Para{Runs: []pdf.Run{{Text: l.InWords + q.Colon(), Color: &pdf.Muted}, {Text: q.Words, Bold: true}}, Style: bodyStyle, After: 1}
	d.SetField("proposal.quote")
	t.Keep = 1 + float64(len(totals))*6.2 + 2 + 1.5 + d.Height(words)
	d.SetField("proposal.quote.items")
	placed := d.Table(t)
	d.Space(1)
	last := len(placed.X) - 1
	for _, row := range totals {
		r.totalLine(row.Label, q.Money(row.Amount), row.Grand, placed.X[last]-pdf.Margin)
	}
	d.Space(1.5)
	d.SetField("proposal.quote")
	d.Paragraph(words)
	if hasOutside(q.Quote) {
		r.text("proposal.quote", l.OutsideTotals, smallStyle, 0, 1)
	}
	d.Space(4)

	if strings.TrimSpace(qd.Terms) != "" {
		r.sub(l.Terms, "proposal.quote.terms", false)
		r.md("proposal.quote.terms", qd.Terms, 0)
	}

	// The payment terms, validity, delivery and the seal block stay
	// together: the seals never stand alone on a page.
	var pt *pdf.Table
	if len(q.Instalments) > 0 {
		pt = &pdf.Table{Columns: []pdf.Column{{Header: l.Instalment, Align: pdf.Center}, {Header: l.Milestone2},
			{Header: l.Percent, Align: pdf.Right}, {Header: l.Amount, Align: pdf.Right}}, Zebra: true, After: 3, Together: true}
		for i, p := range q.Instalments {
			pt.Rows = append(pt.Rows, []pdf.Cell{pdf.TextCell(fmt.Sprint(i + 1)), pdf.TextCell(p.Milestone),
				pdf.TextCell(p.Percent.String() + "%"), pdf.TextCell(q.Money(p.Amount))})
		}
	}
	var facts []pdf.Para
	var factFields []string
	for _, kv := range [][3]string{
		{l.Validity, "proposal.valid_until", validity(r)},
		{l.Delivery, "proposal.quote.delivery", qd.Delivery},
	} {
		if kv[2] != "" {
			facts = append(facts, pdf.Para{Runs: []pdf.Run{{Text: kv[0] + r.colon(), Bold: true}, {Text: kv[2]}}, Style: bodyStyle, After: 1.5})
			factFields = append(factFields, kv[1])
		}
	}
	block := r.signaturesHeight()
	if pt != nil {
		d.SetField("proposal.quote.payments")
		block += r.subHeight(l.Payments) + d.TableHeight(*pt)
	}
	for _, f := range facts {
		block += d.Height(f) + f.After
	}
	if block <= pdf.Bottom-pdf.Top {
		d.NeedSoft(block)
	}
	if pt != nil {
		r.sub(l.Payments, "proposal.quote.payments", false)
		d.SetField("proposal.quote.payments")
		d.Table(*pt)
	}
	for i, f := range facts {
		d.SetField(factFields[i])
		d.Paragraph(f)
	}
	r.signatures()
}

func validity(r *renderer) string {
	if r.p.ValidUntil.IsZero() {
		return ""
	}
	return day(r.p.Language, r.p.ValidUntil)
}

func hasOutside(q *quote.Quote) bool {
	for _, l := range q.Lines {
		if l.Optional || l.Gift {
			return true
		}
	}
	return false
}

// totalLine prints a label and an amount, the amount right-aligned at the
// right margin and the label ending where the amount column (at x from the
// left margin) begins, or further left when the amount is wider.
func (r *renderer) totalLine(label, amount string, strong bool, x float64) {
	d := r.doc
	st := pdf.Style{Size: 10, Color: pdf.Black, Bold: strong}
	lh := 6.2
	if strong {
		st.Size, lh = 11.5, 8
	}
	aw := d.Width(amount, st)
	labelEnd := min(x, pdf.BodyW-2-aw-6)
	lw := d.Width(label, st)
	if strong {
		left := max(labelEnd-lw-4, 0)
		d.Rect(pdf.Margin+left, d.Y(), pdf.BodyW-left, lh, pdf.Zebra)
	}
	base := d.Y() + lh/2 + st.Size/2.83*0.35
	d.SetField("proposal.quote")
	d.Text(pdf.Margin+labelEnd-lw, base, label, pdf.Style{Size: st.Size, Bold: strong, Color: pdf.Muted})
	d.Text(pdf.Margin+pdf.BodyW-2-aw, base, amount, st)
	d.SetY(d.Y() + lh)
}

// signatures is the signature and company-seal block.
// sealBoxes gives the seal boxes' width, the style and height of the party
// names and the parties (label, name, field).
func (r *renderer) sealBoxes() (colW float64, nameSt pdf.Style, parties [][3]string, nameH float64) {
	colW = (pdf.BodyW - 10) / 2
	nameSt = pdf.Style{Size: 9.5, Color: pdf.Black}
	parties = [][3]string{{r.l.SupplierSeal, r.company.Name, "site.toml: company.name"}, {r.l.ClientSeal, r.a.Account.Name, "account.name"}}
	for _, p := range parties {
		r.doc.SetField(p[2])
		nameH = max(nameH, r.doc.PlainHeight(p[1], nameSt, colW-8))
	}
	return colW, nameSt, parties, nameH
}

// signaturesHeight is the height signatures takes.
func (r *renderer) signaturesHeight() float64 {
	_, _, _, nameH := r.sealBoxes()
	return 6 + 12 + nameH + 24 + 4
}

// signatures is the two seal boxes; a long party name wraps inside its
// box, and both boxes grow to the taller one.
func (r *renderer) signatures() {
	d := r.doc
	l := r.l
	colW, nameSt, parties, nameH := r.sealBoxes()
	h := 12 + nameH + 24
	d.Need(h + 10)
	d.Space(6)
	top := d.Y()
	for i, p := range parties {
		x := pdf.Margin + float64(i)*(colW+10)
		d.Rect(x, top, colW, h, pdf.Zebra)
		d.SetField("proposal")
		d.Text(x+4, top+8, p[0], pdf.Style{Size: 10, Bold: true, Color: pdf.Black})
		d.SetField(p[2])
		d.SetY(top + 10.5)
		d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: p[1]}}, Style: nameSt, Indent: x + 4 - pdf.Margin, Width: colW - 8})
		for j, label := range []string{l.Signature, l.Date} {
			y := top + 12 + nameH + 8 + float64(j)*9
			d.Text(x+4, y, label+r.colon(), pdf.Style{Size: 9, Color: pdf.Muted})
			d.Line(x+4+d.Width(label+r.colon(), pdf.Style{Size: 9})+1, y+1, x+colW-4, y+1, 0.2, pdf.Muted)
		}
	}
	d.SetY(top + h + 4)
}

func (r *renderer) answers() {
	d := r.doc
	for i, a := range r.p.Answers {
		field := fmt.Sprintf("proposal.answers[%d]", i)
		d.Need(24)
		status := r.l.Status[a.Status]
		d.SetField(field + ".question")
		// Chinese: 1. under the section's 六、; English: 6.1 under 6.
		number := fmt.Sprintf("%d. ", i+1)
		if r.p.Language == "en" {
			number = fmt.Sprintf("%d.%d  ", r.sec+1, i+1)
		}
		d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: number}, {Text: a.Question}},
			Style: pdf.Style{Size: 11, Bold: true, Color: pdf.Black}, After: 1})
		if status != "" {
			color := statusColors[a.Status]
			if r.p.Language != "en" {
				status = "【" + status + "】"
			}
			r.text(field+".status", status, pdf.Style{Size: 9.5, Bold: true, Color: color}, 5, 1)
		}
		r.md(field+".answer", a.Answer, 5)
		if a.Ref != "" {
			r.text(field+".ref", r.seeAlso(a.Ref), smallStyle, 5, 1)
		}
		d.Space(3)
	}
}

func (r *renderer) credentials() {
	d := r.doc
	company := r.company
	if strings.TrimSpace(company.Intro) != "" {
		r.sub(r.l.Profile, "site.toml: company.intro", true)
		r.md("site.toml: company.intro", company.Intro, 0)
	}
	if strings.TrimSpace(company.Culture) != "" {
		r.sub(r.l.Culture, "site.toml: company.culture", true)
		r.md("site.toml: company.culture", company.Culture, 0)
	}
	quals := chosen(company.Qualifications, r.p.Credentials.Qualifications, func(q model.Qualification) string { return q.ID })
	if len(quals) > 0 {
		t := pdf.Table{Columns: []pdf.Column{{Header: r.l.QualName}, {Header: r.l.Issuer},
			{Header: r.l.CertNo}, {Header: r.l.ValidUntil}}, Zebra: true, After: 4}
		for _, q := range quals {
			until := ""
			if !q.ValidUntil.IsZero() {
				until = day(r.p.Language, q.ValidUntil)
			}
			t.Rows = append(t.Rows, []pdf.Cell{{Runs: []pdf.Run{{Text: q.Name}}, Bold: true}, pdf.TextCell(q.Issuer), pdf.TextCell(q.Number), pdf.TextCell(until)})
		}
		d.SetField("site.toml: company.qualifications")
		r.subKeep(r.l.Qualifications, "site.toml: company.qualifications", true, d.TableStart(t))
		d.SetField("site.toml: company.qualifications")
		d.Table(t)
	}
	refs := chosen(company.References, r.p.Credentials.References, func(x model.Reference) string { return x.ID })
	if len(refs) > 0 {
		t := pdf.Table{Columns: []pdf.Column{{Header: r.l.Client}, {Header: r.l.Project},
			{Header: r.l.Year, Align: pdf.Center}, {Header: r.l.Summary}}, Zebra: true, After: 4}
		for _, x := range refs {
			year := ""
			if x.Year > 0 {
				year = fmt.Sprint(x.Year)
			}
			t.Rows = append(t.Rows, []pdf.Cell{{Runs: []pdf.Run{{Text: x.Client}}, Bold: true}, pdf.TextCell(x.Project), pdf.TextCell(year), pdf.TextCell(x.Summary)})
		}
		d.SetField("site.toml: company.references")
		r.subKeep(r.l.References, "site.toml: company.references", true, d.TableStart(t))
		d.SetField("site.toml: company.references")
		d.Table(t)
	}
	var contact [][2]string
	for _, kv := range [][2]string{{r.l.Address, company.Address}, {r.l.Phone, company.Phone}, {r.l.Email, company.Email},
		{r.l.Website, company.Website}, {r.l.TaxID, company.TaxID}} {
		if kv[1] != "" {
			contact = append(contact, kv)
		}
	}
	if len(contact) > 0 {
		d.Need(float64(len(contact))*6 + 10)
		d.Space(2)
		d.SetField("site.toml: company")
		d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: company.Name}}, Style: pdf.Style{Size: 11, Bold: true, Color: pdf.Black}, After: 1})
		for _, kv := range contact {
			d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: kv[0] + r.colon(), Color: &pdf.Muted}, {Text: kv[1]}}, Style: bodyStyle, After: 0.5})
		}
	}
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
	"partial":     {R: 0x85, G: 0x57, B: 0x00},
	"alternative": {R: 0x6f, G: 0x3f, B: 0xc8},
	"no":          {R: 0xb3, G: 0x19, B: 0x1f},
}
