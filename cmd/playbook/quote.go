package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/rivo/uniseg"

	"playbook/generator"
	"playbook/generator/account"
	"playbook/generator/project"
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
	proj, a, err := loadAccount(cfg, pos[0], stderr)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(a.Quote.Report(a.Slug))
	}
	lang := a.Proposal.Language
	printQuote(stdout, a, a.Quote.In(func(key string) string { return proj.Theme.T(lang, key) }))
	return nil
}

// loadAccount loads the project, fails on any error (printing warnings),
// and returns the account with a computed quote.
func loadAccount(cfg generator.Config, slug string, stderr io.Writer) (*project.Project, *account.Account, error) {
	proj, diags := generator.Load(cfg, generator.LoadOptions{})
	if stop, _ := generator.ForAccounts(proj, diags, []string{slug}); len(stop) > 0 {
		return nil, nil, stop.Err()
	}
	printDiags(stderr, diags.Warnings())
	a := proj.Account(slug)
	if a == nil {
		var slugs []string
		for _, a := range proj.Accounts {
			slugs = append(slugs, a.Slug)
		}
		return nil, nil, fmt.Errorf("no account %q in %s/accounts (accounts: %s)", slug, cfg.ContentDir, strings.Join(slugs, ", "))
	}
	if !a.HasProposal || a.Quote == nil {
		return nil, nil, fmt.Errorf("%s has no [proposal] with a quote", a.File)
	}
	return proj, a, nil
}

// printQuote writes an aligned table; widths count East Asian characters as two columns.
func printQuote(w io.Writer, a *account.Account, q *quote.Sheet) {
	fmt.Fprintf(w, "%s · %s", a.Account.Name, a.Proposal.Title)
	if a.Proposal.Number != "" {
		fmt.Fprintf(w, " · %s", a.Proposal.Number)
	}
	fmt.Fprintf(w, " · %s\n\n", q.Currency)
	rows := [][]string{{q.L("quote.no"), q.L("quote.item"), q.L("quote.spec"), q.L("quote.qty"), q.L("quote.unit"),
		q.L("quote.unit_price"), q.L("quote.discount_column"), q.L("quote.amount")}}
	for i, it := range q.Lines {
		disc := ""
		if it.DiscountPercent.IsPositive() {
			disc = it.DiscountPercent.String() + "%"
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), it.Name + q.Marker(it), truncate(it.Spec, 28), quote.Group(it.Quantity.String()),
			it.Unit, q.Number(it.UnitPrice), disc, q.Number(it.Amount)})
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
	var totals [][2]string
	for _, t := range q.Totals() {
		totals = append(totals, [2]string{t.Label, q.Number(t.Amount)})
	}
	lw, aw := 0, 0
	for _, t := range totals {
		lw, aw = max(lw, uniseg.StringWidth(t[0])), max(aw, uniseg.StringWidth(t[1]))
	}
	for _, t := range totals {
		fmt.Fprintf(w, "%s  %s\n", pad(t[0], lw, false), pad(t[1], aw, true))
	}
	fmt.Fprintf(w, "%s%s%s\n", q.L("quote.in_words"), q.Colon(), q.Words)
	if len(q.Instalments) > 0 {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(q.L("quote.payments")+q.Colon()))
		for _, p := range q.Instalments {
			fmt.Fprintf(w, "  %3s%%  %s  %s\n", p.Percent, pad(q.Number(p.Amount), aw, true), p.Milestone)
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
