package proposal

import (
	"fmt"
	"strings"

	"playbook/generator/model"
	"playbook/generator/pdf"
)

// credentials is the 资信证明: the company profile and culture, its
// registration facts (营业执照), the chosen qualifications (their scans on
// appendix pages), the chosen references (amount, and a contact only when
// the client agreed), the company's contact details, and the 授权委托书
// when the proposal names a representative.
func (r *renderer) credentials() {
	d, l := r.doc, r.l
	company := r.company
	if strings.TrimSpace(company.Intro) != "" {
		r.sub(l.Profile, "site.toml: company.intro", true)
		r.md("site.toml: company.intro", company.Intro, 0)
	}
	if strings.TrimSpace(company.Culture) != "" {
		r.sub(l.Culture, "site.toml: company.culture", true)
		r.md("site.toml: company.culture", company.Culture, 0)
	}
	if t := r.registration(); t != nil {
		d.SetField("site.toml: company")
		r.subKeep(l.Registration, "site.toml: company", true, d.TableStart(*t))
		d.SetField("site.toml: company")
		d.Table(*t)
	}
	quals := chosen(company.Qualifications, r.p.Credentials.Qualifications, func(q model.Qualification) string { return q.ID })
	var scans []model.Qualification
	if len(quals) > 0 {
		t := pdf.Table{Columns: []pdf.Column{{Header: l.QualName}, {Header: l.Issuer},
			{Header: l.CertNo}, {Header: l.ValidUntil}}, Zebra: true, After: 4}
		for _, q := range quals {
			until := ""
			if !q.ValidUntil.IsZero() {
				until = day(r.p.Language, q.ValidUntil)
			}
			name := []pdf.Run{{Text: q.Name, Bold: true}}
			if q.Scan != "" && r.in.Images[q.Scan] != nil {
				scans = append(scans, q)
				name = append(name, pdf.Run{Text: "\n" + fill(l.SeeAppendix, map[string]string{"{n}": fmt.Sprint(len(scans))}), Color: &pdf.Muted})
			}
			t.Rows = append(t.Rows, []pdf.Cell{{Runs: name}, pdf.TextCell(q.Issuer), pdf.TextCell(q.Number), pdf.TextCell(until)})
		}
		d.SetField("site.toml: company.qualifications")
		r.subKeep(l.Qualifications, "site.toml: company.qualifications", true, d.TableStart(t))
		d.SetField("site.toml: company.qualifications")
		d.Table(t)
	}
	refs := chosen(company.References, r.p.Credentials.References, func(x model.Reference) string { return x.ID })
	if len(refs) > 0 {
		amounts, contacts := false, false
		for _, x := range refs {
			amounts = amounts || x.Amount != ""
			contacts = contacts || x.ContactAgreed && x.Contact != ""
		}
		cols := []pdf.Column{{Header: l.Client}, {Header: l.Project}, {Header: l.Year, Align: pdf.Center}}
		if amounts {
			cols = append(cols, pdf.Column{Header: l.ContractAmount, Align: pdf.Right})
		}
		cols = append(cols, pdf.Column{Header: l.Summary})
		if contacts {
			cols = append(cols, pdf.Column{Header: l.RefContact})
		}
		t := pdf.Table{Columns: cols, Zebra: true, After: 4}
		for _, x := range refs {
			year := ""
			if x.Year > 0 {
				year = fmt.Sprint(x.Year)
			}
			row := []pdf.Cell{{Runs: []pdf.Run{{Text: x.Client}}, Bold: true}, pdf.TextCell(x.Project), pdf.TextCell(year)}
			if amounts {
				row = append(row, pdf.TextCell(x.Amount))
			}
			row = append(row, pdf.TextCell(x.Summary))
			if contacts {
				contact := ""
				if x.ContactAgreed {
					contact = x.Contact
				}
				row = append(row, pdf.TextCell(contact))
			}
			t.Rows = append(t.Rows, row)
		}
		d.SetField("site.toml: company.references")
		r.subKeep(l.References, "site.toml: company.references", true, d.TableStart(t))
		d.SetField("site.toml: company.references")
		d.Table(t)
	}
	var contact [][2]string
	for _, kv := range [][2]string{{l.Address, company.Address}, {l.Phone, company.Phone}, {l.Email, company.Email},
		{l.Website, company.Website}} {
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
	r.scans = scans
}

// registration is the table of the company's registration facts; nil when
// site.toml gives none.
func (r *renderer) registration() *pdf.Table {
	l, c := r.l, r.company
	code := c.CreditCode
	if code == "" {
		code = c.TaxID
	}
	address := c.RegisteredAddress
	founded := ""
	if !c.Founded.IsZero() {
		founded = day(r.p.Language, c.Founded)
	}
	rows := [][2]string{
		{l.CreditCode, code}, {l.Founded, founded}, {l.RegisteredCapital, c.RegisteredCapital},
		{l.LegalRepresentative, c.LegalRepresentative}, {l.RegisteredAddress, address},
	}
	t := pdf.Table{Columns: make([]pdf.Column, 2), Size: 9.5, After: 4}
	filled := 0
	for _, kv := range rows {
		if strings.TrimSpace(kv[1]) != "" {
			t.Rows = append(t.Rows, []pdf.Cell{labelCell(kv[0]), pdf.TextCell(kv[1])})
			filled++
		}
	}
	if filled == 0 || filled == 1 && code != "" && c.CreditCode == "" {
		return nil // nothing, or only the tax id printed with the contact details before
	}
	t.Rows = append([][]pdf.Cell{{labelCell(l.CompanyName), {Runs: []pdf.Run{{Text: c.Name}}, Bold: true}}}, t.Rows...)
	return &t
}

// authorization is the 授权委托书 on a page of its own: the legal
// representative authorises the proposal's representative for this
// project and client, with the signature and seal lines.
func (r *renderer) authorization() {
	d, l, au := r.doc, r.l, r.p.Authorization
	r.chapter(l.Authorization, true)
	d.SetField("proposal.authorization")
	who := au.Representative
	if au.Title != "" {
		who = r.q.Paren(who, au.Title)
	}
	until := ""
	if !au.ValidUntil.IsZero() {
		until = day(r.p.Language, au.ValidUntil)
	} else if !r.p.ValidUntil.IsZero() {
		until = day(r.p.Language, r.p.ValidUntil)
	}
	text := fill(l.AuthorizationText, map[string]string{
		"{legal}": r.company.LegalRepresentative, "{company}": r.company.Name, "{representative}": who,
		"{client}": r.a.Account.Name, "{project}": r.p.Title, "{from}": day(r.p.Language, r.p.Date), "{until}": until,
	})
	for _, para := range strings.Split(text, "\n") {
		r.text("proposal.authorization", para, bodyStyle, 0, 3)
	}
	var facts [][2]string
	for _, kv := range [][2]string{{l.Representative, au.Representative}, {l.RepTitle, au.Title}, {l.IDNumber, au.IDNumber}, {l.Phone, au.Phone}} {
		if kv[1] != "" {
			facts = append(facts, kv)
		}
	}
	if len(facts) > 0 {
		t := pdf.Table{Columns: make([]pdf.Column, 2), Size: 10, After: 6}
		for _, kv := range facts {
			t.Rows = append(t.Rows, []pdf.Cell{labelCell(kv[0]), pdf.TextCell(kv[1])})
		}
		d.Table(t)
	}
	d.Space(6)
	st := pdf.Style{Size: 10.5, Color: pdf.Black}
	for _, label := range []string{l.LegalSignature, l.RepSignature, l.CompanySeal, l.Date} {
		d.Need(12)
		y := d.Y() + 8
		d.Text(pdf.Margin, y, label+r.colon(), st)
		x := pdf.Margin + d.Width(label+r.colon(), st) + 2
		d.Line(x, y+1, pdf.Margin+pdf.BodyW/2+20, y+1, 0.2, pdf.Muted)
		d.SetY(d.Y() + 12)
	}
}

// appendix prints a certificate's scan on a page of its own, as large as
// the page allows, with its caption.
func (r *renderer) appendix(n int, q model.Qualification) {
	d, l := r.doc, r.l
	caption := fill(l.AppendixTitle, map[string]string{"{n}": fmt.Sprint(n)}) + r.colon() + q.Name
	r.chapter(caption, true)
	d.SetField("site.toml: company.qualifications")
	data := r.in.Images[q.Scan]
	w, h, err := pdf.ImageSize(data)
	if err != nil || w == 0 || h == 0 {
		return // reported when the inputs were gathered
	}
	maxW, maxH := pdf.BodyW, pdf.Bottom-d.Y()-2
	sw, sh := maxW, maxW*float64(h)/float64(w)
	if sh > maxH {
		sw, sh = maxH*float64(w)/float64(h), maxH
	}
	x := pdf.Margin + (pdf.BodyW-sw)/2
	_ = d.Image("scan-"+q.ID, data, x, d.Y(), sw, sh, pdf.White)
	d.Line(x, d.Y(), x+sw, d.Y(), 0.2, pdf.Rule)
	d.SetY(d.Y() + sh)
}
