package proposal

import (
	"fmt"
	"strings"

	"playbook/generator/pdf"
	"playbook/generator/quote"
)

// quote is the 报价书: the 报价单 header, the priced items, the totals in
// the order of the quote rules, the amount in words, the optional items in
// their own table, the other terms, then the payment terms, the commercial
// terms and the bank account kept together with the seal block.
func (r *renderer) quote() {
	d, q, l := r.doc, r.q, r.l
	r.quoteHeader()
	d.Space(3)

	var priced, optional []quote.Line
	for _, line := range q.Lines {
		if line.Optional {
			optional = append(optional, line)
		} else {
			priced = append(priced, line)
		}
	}
	// Totals, right-aligned under the amount column, stay with the last
	// two item rows, and the amount in words with them.
	t := r.itemTable(priced, 1)
	totals := q.Totals()
	words := pdf.Para{Runs: []pdf.Run{{Text: l.InWords + q.Colon(), Color: &pdf.Muted}, {Text: q.Words, Bold: true}}, Style: bodyStyle, After: 1}
	d.SetField("proposal.quote")
	t.Keep = 1 + float64(len(totals))*6.2 + 2 + 1.5 + d.Height(words)
	d.SetField("proposal.quote.items")
	placed := d.Table(t)
	d.Space(1)
	last := len(placed.X) - 1
	for _, row := range totals {
		r.totalLine(row, placed.X[last]-pdf.Margin)
	}
	d.Space(1.5)
	d.SetField("proposal.quote")
	d.Paragraph(words)
	rate := map[string]string{"{rate}": q.TaxRate.String()}
	note := l.TaxNoteExcl
	if q.PricesIncludeTax {
		note = l.TaxNoteIncl
	}
	r.text("proposal.quote.tax_rate", fill(note, rate), smallStyle, 0, 1)

	if len(optional) > 0 {
		ot := r.itemTable(optional, len(priced)+1)
		d.SetField("proposal.quote.items")
		title := pdf.Para{Runs: []pdf.Run{{Text: l.OptionalItems}}, Style: pdf.Style{Size: 11, Bold: true, Color: pdf.Black}, After: 1.5}
		d.Space(3)
		d.Need(d.Height(title) + title.After + d.TableStart(ot))
		d.Paragraph(title)
		ot.After = 1
		d.Table(ot)
		r.text("proposal.quote.items", l.OptionalNote, smallStyle, 0, 1)
	}
	d.Space(4)

	if strings.TrimSpace(r.p.Quote.Terms) != "" {
		r.sub(l.Terms, "proposal.quote.terms", false)
		r.md("proposal.quote.terms", r.p.Quote.Terms, 0)
	}

	// The payment terms, the commercial terms (validity, delivery, warranty,
	// invoice, bank account) and the seal block stay together: the seals
	// never stand alone on a page.
	var pt *pdf.Table
	if len(q.Instalments) > 0 {
		pt = &pdf.Table{Columns: []pdf.Column{{Header: l.Instalment, Align: pdf.Center}, {Header: l.Milestone2},
			{Header: l.Percent, Align: pdf.Right}, {Header: l.Amount, Align: pdf.Right}}, Zebra: true, After: 3, Together: true}
		for i, p := range q.Instalments {
			pt.Rows = append(pt.Rows, []pdf.Cell{pdf.TextCell(fmt.Sprint(i + 1)), pdf.TextCell(p.Milestone),
				pdf.TextCell(p.Percent.String() + "%"), pdf.TextCell(q.Money(p.Amount))})
		}
	}
	terms := r.commercialTerms()
	block := r.signaturesHeight()
	if pt != nil {
		d.SetField("proposal.quote.payments")
		block += r.subHeight(l.Payments) + d.TableHeight(*pt)
	}
	if terms != nil {
		d.SetField("proposal.quote")
		block += r.subHeight(l.Commercial) + d.TableHeight(*terms)
	}
	if block <= pdf.Bottom-pdf.Top {
		d.NeedSoft(block)
	}
	if pt != nil {
		r.sub(l.Payments, "proposal.quote.payments", false)
		d.SetField("proposal.quote.payments")
		d.Table(*pt)
	}
	if terms != nil {
		r.sub(l.Commercial, "proposal.quote", false)
		d.SetField("proposal.quote")
		d.Table(*terms)
	}
	r.signatures()
}

// quoteHeader is the 报价单's head: who quotes and how to reach them, for
// whom, when, under which number, until when, in which currency, and
// whether the prices include tax.
func (r *renderer) quoteHeader() {
	d, q, l, p := r.doc, r.q, r.l, r.p
	phone, email := p.Phone, p.Email
	if phone == "" && email == "" {
		phone = p.Contact // the older single contact line
	}
	currency := r.in.Labels("quote.currency_name." + q.Currency)
	if currency == "" || strings.HasPrefix(currency, "quote.") {
		currency = q.Currency
	}
	tax := q.TaxRate.String() + "%" + r.listSep() + l.TaxExcl
	if q.PricesIncludeTax {
		tax = q.TaxRate.String() + "%" + r.listSep() + l.TaxIncl
	}
	// Label, value and field, two pairs to a row.
	pairs := [][3]string{
		{l.QuoteSupplier, r.company.Name, "site.toml: company.name"},
		{l.QuoteClient, r.a.Account.Name, "account.name"},
		{l.ContactPerson, p.PreparedBy, "proposal.prepared_by"},
		{l.QuoteDate, day(p.Language, p.Date), "proposal.date"},
		{l.Phone, phone, "proposal.phone"},
		{l.QuoteNumber, p.Number, "proposal.number"},
		{l.Email, email, "proposal.email"},
		{l.ValidUntil, validity(r), "proposal.valid_until"},
		{l.Currency, currency, "proposal.currency"},
		{l.TaxRate, tax, "proposal.quote.tax_rate"},
	}
	var kept [][3]string
	for _, kv := range pairs {
		if strings.TrimSpace(kv[1]) != "" {
			kept = append(kept, kv)
		}
	}
	r.text("proposal.title", l.Project+r.colon()+p.Title, pdf.Style{Size: 10.5, Bold: true, Color: pdf.Black}, 0, 2)
	t := pdf.Table{Columns: make([]pdf.Column, 4), Size: 9.5}
	for i := 0; i < len(kept); i += 2 {
		row := []pdf.Cell{labelCell(kept[i][0]), pdf.TextCell(kept[i][1])}
		if i+1 < len(kept) {
			row = append(row, labelCell(kept[i+1][0]), pdf.TextCell(kept[i+1][1]))
		}
		t.Rows = append(t.Rows, row)
	}
	d.SetField("proposal")
	d.Table(t)
}

func labelCell(s string) pdf.Cell { return pdf.Cell{Runs: []pdf.Run{{Text: s}}, Color: &pdf.Muted} }

// itemTable lays out quote lines numbered from first: 序号, 品名, 规格型号
// (brand and model, then the specification), 数量, 单位, 单价, 折扣 (only
// when a line of the whole quote has one), 金额. A gift shows its value,
// muted, and is marked 赠送.
func (r *renderer) itemTable(lines []quote.Line, first int) pdf.Table {
	d, q, l := r.doc, r.q, r.l
	discounts := false
	for _, line := range q.Lines {
		discounts = discounts || line.DiscountPercent.IsPositive()
	}
	cols := []pdf.Column{
		{Header: l.No, Align: pdf.Center}, {Header: l.Item}, {Header: l.Spec},
		{Header: l.Qty, Align: pdf.Right}, {Header: l.Unit, Align: pdf.Center},
		{Header: l.UnitPrice, Align: pdf.Right},
	}
	if discounts {
		cols = append(cols, pdf.Column{Header: l.DiscountCol, Align: pdf.Right})
	}
	cols = append(cols, pdf.Column{Header: l.Amount, Align: pdf.Right})
	t := pdf.Table{Columns: cols, Zebra: true, Size: 9}
	for i, line := range lines {
		name := []pdf.Run{{Text: line.Name, Bold: true}}
		if m := q.Marker(line); m != "" {
			name = append(name, pdf.Run{Text: m, Color: &d.Brand})
		}
		var spec []pdf.Run
		if bm := strings.TrimSpace(line.Brand + " " + line.Model); bm != "" {
			spec = append(spec, pdf.Run{Text: bm, Bold: true})
			if line.Spec != "" {
				spec = append(spec, pdf.Run{Text: "\n"})
			}
		}
		if line.Spec != "" {
			spec = append(spec, pdf.Run{Text: line.Spec})
		}
		amount := pdf.Cell{Runs: []pdf.Run{{Text: q.Money(line.Amount)}}}
		if line.Gift || line.Optional {
			amount.Color = &pdf.Muted
		}
		row := []pdf.Cell{
			pdf.TextCell(fmt.Sprint(first + i)), {Runs: name}, {Runs: spec},
			pdf.TextCell(groupNumber(line.Quantity.String())), pdf.TextCell(line.Unit),
			pdf.TextCell(q.Money(line.UnitPrice)),
		}
		if discounts {
			disc := ""
			if line.DiscountPercent.IsPositive() {
				disc = "-" + line.DiscountPercent.String() + "%"
			}
			row = append(row, pdf.TextCell(disc))
		}
		t.Rows = append(t.Rows, append(row, amount))
	}
	return t
}

// commercialTerms is the table of the quote's terms: validity, delivery
// time and place, warranty, after-sales service, invoice and the bank
// account; nil when none is given.
func (r *renderer) commercialTerms() *pdf.Table {
	l, qd := r.l, &r.p.Quote
	invoice := ""
	if qd.Invoice != "" {
		invoice = fill(r.in.Labels("quote.invoice."+qd.Invoice), map[string]string{"{rate}": r.q.TaxRate.String()})
	}
	bank := r.company.Bank
	accountName := bank.AccountName
	if accountName == "" && bank.Account != "" {
		accountName = r.company.Name
	}
	rows := [][2]string{
		{l.Validity, validity(r)},
		{l.Delivery, qd.Delivery},
		{l.DeliveryPlace, qd.DeliveryPlace},
		{l.Warranty, qd.Warranty},
		{l.AfterSales, qd.AfterSales},
		{l.Invoice, invoice},
		{l.Bank, bank.Name},
		{l.AccountName, accountName},
		{l.Account, bank.Account},
	}
	t := pdf.Table{Columns: make([]pdf.Column, 2), Size: 9.5, After: 2}
	for _, kv := range rows {
		if strings.TrimSpace(kv[1]) != "" {
			t.Rows = append(t.Rows, []pdf.Cell{labelCell(kv[0]), pdf.TextCell(kv[1])})
		}
	}
	if len(t.Rows) == 0 {
		return nil
	}
	return &t
}

// fill replaces each placeholder of vars in s.
func fill(s string, vars map[string]string) string {
	for k, v := range vars {
		s = strings.ReplaceAll(s, k, v)
	}
	return s
}

func validity(r *renderer) string {
	if r.p.ValidUntil.IsZero() {
		return ""
	}
	return day(r.p.Language, r.p.ValidUntil)
}

// totalLine prints a line of the totals: the amount right-aligned at the
// right margin and the label ending where the amount column (at x from the
// left margin) begins, or further left when the amount is wider. The
// amount payable is larger, on a band; a line outside the sum (其中税额,
// 赠品价值) is muted.
func (r *renderer) totalLine(row quote.Total, x float64) {
	d := r.doc
	amount := r.q.Money(row.Amount)
	st := pdf.Style{Size: 10, Color: pdf.Black, Bold: row.Grand}
	lh := 6.2
	if row.Grand {
		st.Size, lh = 11.5, 8
	}
	if row.Aside {
		st.Color = pdf.Muted
		st.Size = 9.5
	}
	aw := d.Width(amount, st)
	labelEnd := min(x, pdf.BodyW-2-aw-6)
	d.SetField("proposal.quote")
	lw := d.Width(row.Label, st)
	if lw > labelEnd {
		row.Label = d.Fit(row.Label, st, labelEnd)
		lw = d.Width(row.Label, st)
	}
	if row.Grand {
		left := max(labelEnd-lw-4, 0)
		d.Rect(pdf.Margin+left, d.Y(), pdf.BodyW-left, lh, pdf.Zebra)
	}
	base := d.Y() + lh/2 + st.Size/2.83*0.35
	d.Text(pdf.Margin+labelEnd-lw, base, row.Label, pdf.Style{Size: st.Size, Bold: row.Grand, Color: pdf.Muted})
	d.Text(pdf.Margin+pdf.BodyW-2-aw, base, amount, st)
	d.SetY(d.Y() + lh)
}

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
