package brief

import (
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"playbook/generator/method"
	"playbook/generator/model"
	"playbook/generator/quote"
)

// Page is what the HTML views of briefs need besides the briefs: the site
// (for its steps and its pages' URLs), the UI strings and how to write money.
type Page struct {
	Site    *model.Site
	T       func(key string) string // a UI string in the site language
	Today   time.Time
	SiteURL string // where the site is served from this page ("/" in serve)
	Lang    string // the language T writes in (<html lang>); "" : the site's
}

func (pg Page) lang() string {
	if pg.Lang != "" {
		return pg.Lang
	}
	return pg.Site.Lang
}

// gapText writes a gap in words.
func (pg Page) gapText(g Gap, b *Brief) string {
	s := pg.T("gap." + g.Code)
	digits := int32(2)
	cur := ""
	if b.Account.Quote != nil {
		digits, cur = b.Account.Quote.Digits, b.Account.Quote.Currency
	}
	level := pg.T("gap.level_unknown")
	if l := g.Level; l != nil {
		level = l.Name
		if l.Who != "" {
			level += "（" + l.Who + "）"
		}
		if l.Script != "" {
			level += "：" + l.Script
		}
	}
	return strings.NewReplacer("{contact}", g.Contact, "{days}", strconv.Itoa(g.Days), "{level}", level,
		"{amount}", cur+" "+quote.Group(g.Amount.StringFixed(digits))).Replace(s)
}

// WriteList writes the accounts page: every account, most urgent first.
func (pg Page) WriteList(w io.Writer, briefs []*Brief) error {
	type row struct {
		Slug, Name, Stage, Value, Close, Next, Due, Overdue string
		Gaps                                                []string
	}
	var rows []row
	for _, b := range briefs {
		a := b.Account
		r := row{Slug: a.Slug, Name: a.Account.Name, Next: a.Progress.NextAction, Due: date(a.Progress.NextDue), Close: date(a.Progress.Close)}
		if a.Account.Stage != "" {
			r.Stage = pg.T("step." + a.Account.Stage)
		}
		if q := a.Quote; q != nil {
			r.Value = q.Currency + " " + quote.Group(b.Value.StringFixed(q.Digits))
			if !b.Overdue.IsZero() {
				r.Overdue = q.Currency + " " + quote.Group(b.Overdue.StringFixed(q.Digits))
			}
		}
		for _, g := range b.Gaps {
			r.Gaps = append(r.Gaps, pg.gapText(g, b))
		}
		rows = append(rows, r)
	}
	return listPage.Execute(w, map[string]any{"T": pg.T, "Rows": rows, "Today": date(pg.Today), "Lang": pg.lang()})
}

// WriteBrief writes one account's brief.
func (pg Page) WriteBrief(w io.Writer, b *Brief) error {
	a := b.Account
	bar := pg.bar(b)
	// the buying centre: role × relationship
	type cell struct{ Names []string }
	grid := make([][]cell, len(method.Roles))
	for i := range grid {
		grid[i] = make([]cell, len(method.Stages))
	}
	var unplaced []string
	for _, ct := range a.Contacts {
		ri, si := indexOf(method.Roles, ct.Role), method.StageIndex(ct.Relationship)
		if ri < 0 || si < 0 {
			unplaced = append(unplaced, ct.Name)
			continue
		}
		grid[ri][si].Names = append(grid[ri][si].Names, ct.Name)
	}
	var gaps []string
	for _, g := range b.Gaps {
		gaps = append(gaps, pg.gapText(g, b))
	}
	plan := pg.plan(b)
	link := func(p *model.Page) string { return pg.SiteURL + p.OutputPath() }
	meta := pg.meta(b)
	return briefPage.Execute(w, map[string]any{
		"T": pg.T, "B": b, "A": a, "Bar": bar, "Grid": grid, "Roles": method.Roles, "Stages": method.Stages,
		"Unplaced": unplaced, "Gaps": gaps, "Plan": plan, "Link": link, "Today": date(pg.Today),
		"Meta": meta, "NextDue": date(a.Progress.NextDue), "Money": pg.money(b), "Lang": pg.lang(),
	})
}

// stepCell is a step on the six-step bar.
type stepCell struct {
	Title           string
	Current, Passed bool
}

// bar is the six steps, named in the brief's language, with the account's
// marked.
func (pg Page) bar(b *Brief) []stepCell {
	var out []stepCell
	for i, id := range method.Steps {
		out = append(out, stepCell{Title: pg.T("step." + id), Current: i == b.StepIndex, Passed: i < b.StepIndex})
	}
	return out
}

// instalmentRow is an instalment of the quote with its dates.
type instalmentRow struct {
	Milestone, Percent, Amount, Due, Paid string
	Overdue                               bool
}

// plan is the quote's payment plan with what [progress] says of each.
func (pg Page) plan(b *Brief) []instalmentRow {
	a := b.Account
	q := a.Quote
	if q == nil {
		return nil
	}
	var out []instalmentRow
	for i, in := range q.Instalments {
		row := instalmentRow{Milestone: in.Milestone, Percent: in.Percent.String(), Amount: quote.Group(in.Amount.StringFixed(q.Digits))}
		for _, pm := range a.Progress.Payments {
			if pm.Payment == i+1 {
				row.Due, row.Paid = date(pm.Due), date(pm.Paid)
				row.Overdue = pm.Paid.IsZero() && !pm.Due.IsZero() && day(pm.Due).Before(day(pg.Today))
			}
		}
		out = append(out, row)
	}
	return out
}

// money is the quote in one line: total, what is paid, what is still to
// come and how much of it is overdue.
func (pg Page) money(b *Brief) string {
	q := b.Account.Quote
	if q == nil {
		return ""
	}
	f := func(d decimal.Decimal) string { return q.Currency + " " + quote.Group(d.StringFixed(q.Digits)) }
	parts := []string{pg.T("brief.total") + " " + f(b.Value), pg.T("brief.paid") + " " + f(b.Paid), pg.T("brief.outstanding") + " " + f(b.Value.Sub(b.Paid))}
	if !b.Overdue.IsZero() {
		parts = append(parts, pg.T("accounts.overdue")+" "+f(b.Overdue))
	}
	return strings.Join(parts, " · ")
}

// meta is the line under the account's name: value, signing, owner.
func (pg Page) meta(b *Brief) []string {
	a := b.Account
	var out []string
	if v := value(b); v != "" {
		out = append(out, pg.T("accounts.value")+" "+v)
	}
	if c := date(a.Progress.Close); c != "" {
		out = append(out, pg.T("accounts.close")+" "+c)
	}
	if a.Account.Owner != "" {
		out = append(out, a.Account.Owner)
	}
	return out
}

func value(b *Brief) string {
	if q := b.Account.Quote; q != nil {
		return q.Currency + " " + quote.Group(b.Value.StringFixed(q.Digits))
	}
	return ""
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

const pageStyle = `<style>
body{font:15px/1.6 system-ui,"Noto Sans CJK SC","Noto Sans SC",sans-serif;max-width:64rem;margin:1.5rem auto;padding:0 1rem;color:#1c2430}
h1{margin:.2rem 0 0}h2{margin:2rem 0 .6rem;font-size:1.2rem;border-bottom:1px solid #d8dee4;padding-bottom:.3rem}
.internal{display:inline-block;background:#b3191f;color:#fff;font-weight:700;font-size:.8rem;padding:.1rem .5rem;border-radius:4px}
table{border-collapse:collapse;width:100%}td,th{text-align:left;vertical-align:top;padding:.45rem .5rem;border-bottom:1px solid #d8dee4}
th{background:#f6f8fa;font-weight:600}.num{text-align:right;white-space:nowrap}
.bar{display:flex;gap:4px;list-style:none;padding:0;margin:1rem 0}.bar li{flex:1;text-align:center;font-size:.85rem;padding:.4rem .2rem;border-top:4px solid #d8dee4;color:#5a6472}
.bar li.passed{border-color:#7fa7b8}.bar li.current{border-color:#0b5c7a;color:#0b5c7a;font-weight:700}
.gaps li{color:#7d4e00}td .gaps{margin:0;padding-left:1.1rem}table+table{margin-top:1.2rem}.nw{white-space:nowrap}.bad{color:#b3191f;font-weight:600}.done{color:#17692f}
.markers{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.markers div{border:1px solid #d8dee4;border-radius:8px;padding:.5rem .8rem}
.checklist{list-style:none;padding:0}.checklist li{padding:.2rem 0}
.muted{color:#5a6472;font-size:.9rem}a{color:#0b5c7a}
@media print{.noprint{display:none}}
</style>`

var funcs = template.FuncMap{"join": strings.Join, "plain": func(b []byte) string { return plainMarkdown(string(b)) }}

var listPage = template.Must(template.New("list").Funcs(funcs).Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>{{call .T "brief.accounts"}} · Playbook</title>` + pageStyle + `</head><body>
<p><span class="internal">{{call .T "brief.internal"}}</span></p>
<h1>{{call .T "brief.accounts"}}</h1>
<p class="muted">{{call .T "brief.accounts_intro"}} {{.Today}}</p>
<table><thead><tr><th>{{call .T "accounts.account"}}</th><th class="nw">{{call .T "accounts.stage"}}</th><th class="num">{{call .T "accounts.value"}}</th><th class="nw">{{call .T "accounts.close"}}</th><th>{{call .T "accounts.next"}}</th><th>{{call .T "accounts.due"}}</th><th>{{call .T "accounts.gaps"}}</th><th class="num">{{call .T "accounts.overdue"}}</th></tr></thead><tbody>
{{range .Rows}}<tr><td><a href="{{.Slug}}/">{{.Name}}</a></td><td class="nw">{{.Stage}}</td><td class="num">{{.Value}}</td><td class="nw">{{.Close}}</td><td>{{.Next}}</td><td class="nw">{{.Due}}</td><td>{{with .Gaps}}<ul class="gaps">{{range .}}<li>{{.}}</li>{{end}}</ul>{{end}}</td><td class="num bad">{{.Overdue}}</td></tr>
{{else}}<tr><td colspan="8">{{call .T "accounts.none"}}</td></tr>{{end}}
</tbody></table>
<script src="/_playbook/live.js"></script></body></html>
`))

var briefPage = template.Must(template.New("brief").Funcs(funcs).Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>{{.A.Account.Name}} · {{call .T "brief.title"}}</title>` + pageStyle + `</head><body>
<p class="noprint"><a href="../">{{call .T "brief.accounts"}}</a></p>
<p><span class="internal">{{call .T "brief.internal"}}</span> <span class="muted">{{.Today}}</span></p>
<h1>{{.A.Account.Name}}</h1>
{{with .Meta}}<p class="muted">{{join . " · "}}</p>{{end}}
{{with .A.Progress.NextAction}}<p><strong>{{call $.T "accounts.next"}}:</strong> {{.}}{{with $.NextDue}} ({{call $.T "accounts.due"}} {{.}}){{end}}</p>{{end}}

<h2>{{call .T "brief.where"}}</h2>
<ol class="bar">{{range .Bar}}<li class="{{if .Current}}current{{else if .Passed}}passed{{end}}">{{.Title}}</li>{{end}}</ol>
{{with .B.Step}}<div class="markers"><div><strong>{{call $.T "step_start"}}</strong><br>{{.Step.Start}}</div><div><strong>{{call $.T "step_end"}}</strong><br>{{.Step.End}}</div></div>
<p><a href="{{call $.Link .}}">{{.Title}}</a></p>
{{with .Step.Activities}}<h3>{{call $.T "activities"}}</h3>
<ol>{{range .}}<li>{{plain .Source}}</li>{{end}}</ol>{{end}}
<h3>{{call $.T "checklist"}}</h3>
<ul class="checklist">{{range $.B.Checklist}}<li class="{{if .Done}}done{{end}}">{{if .Done}}☑{{else}}☐{{end}} {{plain .Text.Source}}</li>{{end}}</ul>
{{else}}<p class="muted">{{call .T "brief.no_step"}}</p>{{end}}

<h2>{{call .T "brief.gaps"}}</h2>
{{with .Gaps}}<ul class="gaps">{{range .}}<li>{{.}}</li>{{end}}</ul>{{else}}<p class="done">{{call .T "brief.no_gaps"}}</p>{{end}}

<h2>{{call .T "brief.people"}}</h2>
<table><thead><tr><th>{{call .T "coach_role"}}</th>{{range .Stages}}<th>{{call $.T (print "brief.stage." .)}}</th>{{end}}</tr></thead><tbody>
{{range $i, $r := .Roles}}<tr><th>{{call $.T (print "brief.role." $r)}}</th>{{range index $.Grid $i}}<td>{{join .Names "、"}}</td>{{end}}</tr>
{{end}}</tbody></table>
{{with .Unplaced}}<p class="muted">{{call $.T "brief.unplaced"}} {{join . "、"}}</p>{{end}}
<table><thead><tr><th>{{call .T "brief.contact"}}</th><th>{{call .T "coach_task"}}</th><th>{{call .T "coach_do"}}</th><th>{{call .T "coach_avoid"}}</th></tr></thead><tbody>
{{range .B.People}}<tr><td><strong>{{.Contact.Name}}</strong>{{with .Contact.Title}}<br>{{.}}{{end}}<br><span class="muted">{{with .Role}}{{.Name}}{{end}}{{with .Stage}} · {{.Name}}{{end}}{{with .Style}} · {{.Name}}{{end}}</span></td>
<td>{{.Task}}</td><td>{{with .Style}}{{.Do}}{{end}}</td><td>{{with .Style}}{{.Avoid}}{{end}}</td></tr>
{{end}}</tbody></table>

{{with .B.Objections}}<h2>{{call $.T "brief.objections"}}</h2>
<ul>{{range .}}<li><a href="{{call $.Link .}}">{{.Objection.Objection}}</a></li>{{end}}</ul>{{end}}

{{if or .A.Competitors .A.SWOT.Strengths .A.SWOT.Weaknesses .A.SWOT.Opportunities .A.SWOT.Threats}}<h2>{{call .T "brief.competition"}}</h2>
{{with .A.Competitors}}<table><thead><tr><th>{{call $.T "brief.competitor"}}</th><th>{{call $.T "brief.strengths"}}</th><th>{{call $.T "brief.weaknesses"}}</th></tr></thead><tbody>
{{range .}}<tr><td>{{.Name}}</td><td>{{.Strengths}}</td><td>{{.Weaknesses}}</td></tr>{{end}}</tbody></table>{{end}}
{{with .A.SWOT}}<table><tbody>
<tr><th>S</th><td>{{join .Strengths "；"}}</td><th>W</th><td>{{join .Weaknesses "；"}}</td></tr>
<tr><th>O</th><td>{{join .Opportunities "；"}}</td><th>T</th><td>{{join .Threats "；"}}</td></tr>
</tbody></table>{{end}}{{end}}

{{with .Plan}}<h2>{{call $.T "brief.payments"}}</h2>
<p><strong>{{$.Money}}</strong></p>
<table><thead><tr><th>{{call $.T "brief.milestone"}}</th><th class="num">%</th><th class="num">{{call $.T "accounts.value"}}</th><th>{{call $.T "accounts.due"}}</th><th>{{call $.T "brief.paid"}}</th></tr></thead><tbody>
{{range .}}<tr><td>{{.Milestone}}</td><td class="num">{{.Percent}}</td><td class="num">{{.Amount}}</td><td class="{{if .Overdue}}bad{{end}}">{{.Due}}</td><td>{{.Paid}}</td></tr>{{end}}
</tbody></table>{{end}}
<script src="/_playbook/live.js"></script></body></html>
`))
