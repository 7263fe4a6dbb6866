package brief

import (
	"fmt"
	"strings"

	"playbook/generator/method"
	"playbook/generator/pdf"
)

var (
	red   = pdf.RGB{R: 0xb3, G: 0x19, B: 0x1f}
	amber = pdf.RGB{R: 0x7d, G: 0x4e, B: 0x00}
	green = pdf.RGB{R: 0x17, G: 0x69, B: 0x2f}
)

// PDF prints b as an A4 document marked internal on every page: the same
// parts, from the same brief, as the page serve shows.
func (pg Page) PDF(fonts *pdf.Fonts, b *Brief) ([]byte, error) {
	a := b.Account
	internal := pg.T("brief.internal")
	d := pdf.New(fonts, pdf.Meta{Title: a.Account.Name + " · " + pg.T("brief.title"), Author: a.Account.Owner,
		Subject: internal, Creator: "Playbook", Lang: pg.lang(), Date: pg.Today})
	d.Brand = pdf.ParseHex(pg.Site.Config.Company.BrandColor, d.Brand)
	d.AddPage()
	body := pdf.Style{Size: 10, Color: pdf.Black}
	muted := pdf.Style{Size: 9, Color: pdf.Muted}
	para := func(s string, st pdf.Style, after float64) {
		d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: s}}, Style: st, After: after})
	}
	heading := func(s string) {
		d.Need(34) // a heading keeps the start of its part
		d.Space(3)
		para(s, pdf.Style{Size: 13, Bold: true, Color: d.Brand}, 1)
		d.Line(pdf.Margin, d.Y(), pdf.Margin+pdf.BodyW, d.Y(), 0.3, pdf.Rule)
		d.Space(2.5)
	}

	d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: a.Account.Name}}, Style: pdf.Style{Size: 18, Bold: true, Color: pdf.Black}, After: 2, Balance: true})
	meta := append(pg.meta(b), date(pg.Today))
	para(strings.Join(meta, " · "), muted, 2)
	if a.Progress.NextAction != "" {
		next := pg.T("accounts.next") + ": " + a.Progress.NextAction
		if due := date(a.Progress.NextDue); due != "" {
			next += " (" + pg.T("accounts.due") + " " + due + ")"
		}
		d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: next, Bold: true}}, Style: body, After: 2})
	}

	// Where the account stands: the six steps, this one's markers and checklist.
	heading(pg.T("brief.where"))
	d.Need(14)
	w := pdf.BodyW / float64(len(method.Steps))
	y := d.Y()
	for i, step := range pg.bar(b) {
		c, st := pdf.Rule, pdf.Style{Size: 8.5, Color: pdf.Muted}
		switch {
		case step.Current:
			c, st = d.Brand, pdf.Style{Size: 8.5, Bold: true, Color: d.Brand}
		case step.Passed:
			c = pdf.RGB{R: 0x7f, G: 0xa7, B: 0xb8}
		}
		x := pdf.Margin + float64(i)*w
		d.Rect(x+0.5, y, w-1, 1.5, c)
		title := d.Fit(step.Title, st, w-2)
		d.Text(x+(w-d.Width(title, st))/2, y+6, title, st)
	}
	d.SetY(y + 10)
	if s := b.Step; s != nil {
		d.Table(pdf.Table{Columns: []pdf.Column{{Header: pg.T("step_start")}, {Header: pg.T("step_end")}},
			Rows: [][]pdf.Cell{{pdf.TextCell(s.Step.Start), pdf.TextCell(s.Step.End)}}, After: 3, Together: true})
		if len(s.Step.Activities) > 0 {
			para(pg.T("activities"), pdf.Style{Size: 10.5, Bold: true, Color: pdf.Black}, 1)
			for i, m := range s.Step.Activities {
				d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: fmt.Sprintf("%d. %s", i+1, plainMarkdown(string(m.Source)))}}, Style: body, After: 0.5, Indent: 2})
			}
			d.Space(2)
		}
		para(pg.T("checklist"), pdf.Style{Size: 10.5, Bold: true, Color: pdf.Black}, 1)
		for _, it := range b.Checklist {
			mark, c := "□ ", pdf.Black
			if it.Done {
				mark, c = "■ ", green
			}
			para(mark+plainMarkdown(string(it.Text.Source)), pdf.Style{Size: 10, Color: c}, 0.5)
		}
	} else {
		para(pg.T("brief.no_step"), muted, 1)
	}

	heading(pg.T("brief.gaps"))
	if len(b.Gaps) == 0 {
		para(pg.T("brief.no_gaps"), pdf.Style{Size: 10, Color: green}, 1)
	}
	for _, g := range b.Gaps {
		c := amber
		if g.Code == GapOverdue {
			c = red
		}
		d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: "• " + pg.gapText(g, b)}}, Style: pdf.Style{Size: 10, Color: c}, After: 0.8, Indent: 2})
	}

	heading(pg.T("brief.people"))
	cols := []pdf.Column{{Header: pg.T("coach_role")}}
	for _, s := range method.Stages {
		cols = append(cols, pdf.Column{Header: pg.T("brief.stage." + s)})
	}
	var rows [][]pdf.Cell
	for _, r := range method.Roles {
		row := []pdf.Cell{{Runs: []pdf.Run{{Text: pg.T("brief.role." + r)}}, Bold: true}}
		for _, s := range method.Stages {
			var names []string
			for _, ct := range a.Contacts {
				if ct.Role == r && ct.Relationship == s {
					names = append(names, ct.Name)
				}
			}
			row = append(row, pdf.TextCell(strings.Join(names, "、")))
		}
		rows = append(rows, row)
	}
	d.Table(pdf.Table{Columns: cols, Rows: rows, After: 4, Together: true})
	rows = nil
	for _, p := range b.People {
		who := []pdf.Run{{Text: p.Contact.Name, Bold: true}}
		var tags []string
		for _, s := range []string{p.Contact.Title, nameOfRole(p), nameOfStage(p), nameOfStyle(p)} {
			if s != "" {
				tags = append(tags, s)
			}
		}
		if len(tags) > 0 {
			who = append(who, pdf.Run{Text: "\n" + strings.Join(tags, " · "), Color: &pdf.Muted})
		}
		do, avoid := "", ""
		if p.Style != nil {
			do, avoid = p.Style.Do, p.Style.Avoid
		}
		rows = append(rows, []pdf.Cell{{Runs: who}, pdf.TextCell(p.Task), pdf.TextCell(do), pdf.TextCell(avoid)})
	}
	if len(rows) > 0 {
		d.Table(pdf.Table{Columns: []pdf.Column{{Header: pg.T("brief.contact")}, {Header: pg.T("coach_task")}, {Header: pg.T("coach_do")}, {Header: pg.T("coach_avoid")}},
			Rows: rows, After: 2, Zebra: true})
	}

	if len(b.Objections) > 0 {
		heading(pg.T("brief.objections"))
		for _, o := range b.Objections {
			d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: "• " + o.Objection.Objection}}, Style: body, After: 0.8, Indent: 2})
		}
	}

	if len(a.Competitors) > 0 || len(a.SWOT.Strengths)+len(a.SWOT.Weaknesses)+len(a.SWOT.Opportunities)+len(a.SWOT.Threats) > 0 {
		heading(pg.T("brief.competition"))
		rows = nil
		for _, c := range a.Competitors {
			rows = append(rows, []pdf.Cell{{Runs: []pdf.Run{{Text: c.Name}}, Bold: true}, pdf.TextCell(c.Strengths), pdf.TextCell(c.Weaknesses)})
		}
		if len(rows) > 0 {
			d.Table(pdf.Table{Columns: []pdf.Column{{Header: pg.T("brief.competitor")}, {Header: pg.T("brief.strengths")}, {Header: pg.T("brief.weaknesses")}}, Rows: rows, After: 3})
		}
		sw := a.SWOT
		d.Table(pdf.Table{Columns: []pdf.Column{{Header: "S"}, {Header: "W"}},
			Rows: [][]pdf.Cell{{pdf.TextCell(strings.Join(sw.Strengths, "\n")), pdf.TextCell(strings.Join(sw.Weaknesses, "\n"))}}, After: 1})
		d.Table(pdf.Table{Columns: []pdf.Column{{Header: "O"}, {Header: "T"}},
			Rows: [][]pdf.Cell{{pdf.TextCell(strings.Join(sw.Opportunities, "\n")), pdf.TextCell(strings.Join(sw.Threats, "\n"))}}, After: 2})
	}

	if plan := pg.plan(b); len(plan) > 0 {
		heading(pg.T("brief.payments"))
		d.Paragraph(pdf.Para{Runs: []pdf.Run{{Text: pg.money(b), Bold: true}}, Style: body, After: 2})
		rows = nil
		for _, in := range plan {
			dueCell := pdf.TextCell(in.Due)
			if in.Overdue {
				dueCell.Color, dueCell.Bold = &red, true
			}
			rows = append(rows, []pdf.Cell{pdf.TextCell(in.Milestone), pdf.TextCell(in.Percent + "%"),
				pdf.TextCell(in.Amount), dueCell, pdf.TextCell(in.Paid)})
		}
		d.Table(pdf.Table{Columns: []pdf.Column{{Header: pg.T("brief.milestone")}, {Header: "%", Align: pdf.Right},
			{Header: pg.T("accounts.value") + " (" + a.Quote.Currency + ")", Align: pdf.Right}, {Header: pg.T("accounts.due")}, {Header: pg.T("brief.paid")}},
			Rows: rows, After: 2, Together: true})
	}

	// every page: the account, and that it is internal; page N of M
	n := d.Pages()
	st := pdf.Style{Size: 8.5, Color: pdf.Muted}
	mark := pdf.Style{Size: 9, Bold: true, Color: red}
	head := d.Fit(a.Account.Name+" · "+pg.T("brief.title"), st, pdf.BodyW-d.Width(internal, mark)-8)
	for i := 1; i <= n; i++ {
		d.SetPage(i)
		d.Text(pdf.Margin, 12, head, st)
		d.Text(pdf.Margin+pdf.BodyW-d.Width(internal, mark), 12, internal, mark)
		d.Line(pdf.Margin, 14.5, pdf.Margin+pdf.BodyW, 14.5, 0.2, pdf.Rule)
		foot := fmt.Sprintf("%d / %d", i, n)
		d.Text(pdf.Margin, 288, internal, mark)
		d.Text(pdf.Margin+pdf.BodyW-d.Width(foot, st), 288, foot, st)
	}
	d.SetPage(n)
	if len(d.Problems()) > 0 {
		pr := d.Problems()[0]
		return nil, fmt.Errorf("%q (U+%04X) cannot be printed in the brief's font", string(pr.Rune), pr.Rune)
	}
	return d.Bytes()
}

func nameOfRole(p Person) string {
	if p.Role != nil {
		return p.Role.Name
	}
	return ""
}

func nameOfStage(p Person) string {
	if p.Stage != nil {
		return p.Stage.Name
	}
	return ""
}

func nameOfStyle(p Person) string {
	if p.Style != nil {
		return p.Style.Name
	}
	return ""
}

// plainMarkdown drops the emphasis marks of a one-line markdown text.
func plainMarkdown(s string) string {
	return strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
}
