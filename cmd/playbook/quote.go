package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/rivo/uniseg"

	"playbook/generator"
	"playbook/generator/account"
	"playbook/generator/quote"
)

func runQuote(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("quote", stderr)
	cfg := generator.Config{}
	projectFlags(fs, &cfg)
	asJSON := fs.Bool("json", false, "print the computed quote as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"give one account slug (the file name in content/accounts without .toml)"}
	}
	a, err := loadAccount(cfg, pos[0], stderr)
	if err != nil {
		return err
	}
	var payments []quote.Payment
	for _, p := range a.Proposal.Quote.Payments {
		payments = append(payments, quote.Payment{Milestone: p.Milestone, Percent: p.Percent.Decimal})
	}
	report, err := a.Quote.Report(a.Slug, a.Proposal.Language, payments)
	if err != nil {
		return fmt.Errorf("%s: %w", a.File, err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(report)
	}
	printQuote(stdout, a, report)
	return nil
}

// loadAccount loads the project, fails on any error (printing warnings),
// and returns the account with a computed quote.
func loadAccount(cfg generator.Config, slug string, stderr io.Writer) (*account.Account, error) {
	proj, diags := generator.Load(cfg, generator.LoadOptions{})
	if err := diags.Err(); err != nil {
		return nil, err
	}
	printDiags(stderr, diags)
	a := proj.Account(slug)
	if a == nil {
		var slugs []string
		for _, a := range proj.Accounts {
			slugs = append(slugs, a.Slug)
		}
		return nil, fmt.Errorf("no account %q in %s/accounts (accounts: %s)", slug, cfg.ContentDir, strings.Join(slugs, ", "))
	}
	if !a.HasProposal || a.Quote == nil {
		return nil, fmt.Errorf("%s has no [proposal] with a quote", a.File)
	}
	return a, nil
}

var quoteLabels = map[string]map[string]string{
	"zh-CN": {"no": "序号", "item": "品名", "spec": "规格配置", "qty": "数量", "unit": "单位", "price": "单价", "disc": "折扣",
		"amount": "金额", "optional": "（选配）", "gift": "（赠送）", "subtotal": "小计", "discount": "优惠", "fees": "其他费用",
		"net": "不含税金额", "tax": "税额", "total": "合计（含税）", "words": "大写金额", "payments": "付款方式", "included": "（含税价）"},
	"en": {"no": "No.", "item": "Item", "spec": "Configuration", "qty": "Qty", "unit": "Unit", "price": "Unit price", "disc": "Disc.",
		"amount": "Amount", "optional": " (optional)", "gift": " (gift)", "subtotal": "Subtotal", "discount": "Discount", "fees": "Fees",
		"net": "Net", "tax": "Tax", "total": "Total", "words": "In words", "payments": "Payment", "included": " (tax included)"},
}

// printQuote writes an aligned table; widths count East Asian characters as two columns.
func printQuote(w io.Writer, a *account.Account, r *quote.Report) {
	l := quoteLabels[a.Proposal.Language]
	if l == nil {
		l = quoteLabels["en"]
	}
	fmt.Fprintf(w, "%s · %s", a.Account.Name, a.Proposal.Title)
	if a.Proposal.Number != "" {
		fmt.Fprintf(w, " · %s", a.Proposal.Number)
	}
	fmt.Fprintf(w, " · %s\n\n", r.Currency)
	rows := [][]string{{l["no"], l["item"], l["spec"], l["qty"], l["unit"], l["price"], l["disc"], l["amount"]}}
	for i, it := range r.Items {
		name := it.Name
		switch {
		case it.Optional:
			name += l["optional"]
		case it.Gift:
			name += l["gift"]
		}
		disc := ""
		if it.DiscountPercent != "0" {
			disc = it.DiscountPercent + "%"
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), name, truncate(it.Spec, 28), quote.Group(it.Quantity), it.Unit, quote.Group(it.UnitPrice), disc, quote.Group(it.Amount)})
	}
	right := []bool{true, false, false, true, false, true, true, true}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], uniseg.StringWidth(c))
		}
	}
	for n, row := range rows {
		var cells []string
		for i, c := range row {
			cells = append(cells, pad(c, widths[i], right[i]))
		}
		fmt.Fprintln(w, strings.TrimRight(strings.Join(cells, "  "), " "))
		if n == 0 {
			total := len(widths)*2 - 2
			for _, wd := range widths {
				total += wd
			}
			fmt.Fprintln(w, strings.Repeat("─", total))
		}
	}
	fmt.Fprintln(w)
	totals := [][2]string{{l["subtotal"], quote.Group(r.Subtotal)}}
	if r.DiscountPercent != "0" {
		totals = append(totals, [2]string{l["discount"] + " " + r.DiscountPercent + "%", "-" + quote.Group(r.Discount)})
	}
	for _, f := range r.FeeList {
		totals = append(totals, [2]string{f.Name, quote.Group(f.Amount)})
	}
	totals = append(totals, [2]string{l["net"], quote.Group(r.Net)}, [2]string{l["tax"] + " " + r.TaxRate + "%", quote.Group(r.Tax)}, [2]string{l["total"], quote.Group(r.Total)})
	if r.PricesIncludeTax {
		totals[len(totals)-1][0] += l["included"]
	}
	lw, aw := 0, 0
	for _, t := range totals {
		lw, aw = max(lw, uniseg.StringWidth(t[0])), max(aw, uniseg.StringWidth(t[1]))
	}
	for _, t := range totals {
		fmt.Fprintf(w, "%s  %s\n", pad(t[0], lw, false), pad(t[1], aw, true))
	}
	fmt.Fprintf(w, "%s: %s\n", l["words"], r.TotalInWords)
	if len(r.Payments) > 0 {
		fmt.Fprintf(w, "\n%s:\n", l["payments"])
		for _, p := range r.Payments {
			fmt.Fprintf(w, "  %3s%%  %s  %s\n", p.Percent, pad(quote.Group(p.Amount), aw, true), p.Milestone)
		}
	}
}

func pad(s string, width int, right bool) string {
	gap := strings.Repeat(" ", max(width-uniseg.StringWidth(s), 0))
	if right {
		return gap + s
	}
	return s + gap
}

func truncate(s string, width int) string {
	s = strings.Join(strings.Fields(s), " ")
	if uniseg.StringWidth(s) <= width {
		return s
	}
	var b strings.Builder
	g := uniseg.NewGraphemes(s)
	for g.Next() && uniseg.StringWidth(b.String()+g.Str()) < width {
		b.WriteString(g.Str())
	}
	return b.String() + "…"
}
