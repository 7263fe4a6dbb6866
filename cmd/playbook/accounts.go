package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/rivo/uniseg"

	"playbook/generator"
	"playbook/generator/brief"
	"playbook/generator/quote"
)

// accountRow is one account in the list, as --json writes it.
type accountRow struct {
	Slug       string      `json:"slug"`
	Name       string      `json:"name"`
	Stage      string      `json:"stage"`
	Currency   string      `json:"currency,omitempty"`
	Value      string      `json:"value,omitempty"`
	Close      string      `json:"close,omitempty"`
	NextAction string      `json:"next_action,omitempty"`
	NextDue    string      `json:"next_due,omitempty"`
	Gaps       []gapOutput `json:"gaps"`
	Overdue    string      `json:"overdue,omitempty"`
}

type gapOutput struct {
	Code    string `json:"code"`
	Level   string `json:"level,omitempty"` // an overdue instalment's level in the collection guide
	Contact string `json:"contact,omitempty"`
	Amount  string `json:"amount,omitempty"`
	Days    int    `json:"days,omitempty"`
}

func runAccounts(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("accounts", stderr)
	cfg := generator.Config{}
	projectFlags(fs, &cfg)
	asJSON := fs.Bool("json", false, "print the list as JSON")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	proj, diags := generator.Load(cfg, generator.LoadOptions{})
	stop, later := generator.ForAccounts(proj, diags, nil)
	if len(stop) > 0 {
		return stop.Err()
	}
	// An account with errors is listed all the same: its errors are printed.
	printDiags(stderr, append(diags.Warnings(), later...))
	today := cfg.Today
	if today.IsZero() {
		today = time.Now()
	}
	briefs := brief.All(proj.Site, proj.Accounts, today)
	var rows []accountRow
	for _, b := range briefs {
		a := b.Account
		r := accountRow{Slug: a.Slug, Name: a.Account.Name, Stage: a.Account.Stage, NextAction: a.Progress.NextAction,
			NextDue: date(a.Progress.NextDue), Close: date(a.Progress.Close), Gaps: []gapOutput{}}
		digits := int32(2)
		if q := a.Quote; q != nil {
			r.Currency, digits = q.Currency, q.Digits
			r.Value = b.Value.StringFixed(digits)
		}
		if !b.Overdue.IsZero() {
			r.Overdue = b.Overdue.StringFixed(digits)
		}
		for _, g := range b.Gaps {
			o := gapOutput{Code: g.Code, Contact: g.Contact, Days: g.Days}
			if g.Level != nil {
				o.Level = g.Level.ID
			}
			if !g.Amount.IsZero() {
				o.Amount = g.Amount.StringFixed(digits)
			}
			r.Gaps = append(r.Gaps, o)
		}
		rows = append(rows, r)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(rows)
	}
	lang := proj.Site.Lang
	t := func(key string) string { return proj.Theme.T(lang, key) }
	head := []string{t("accounts.account"), t("accounts.stage"), t("accounts.value"), t("accounts.close"),
		t("accounts.next"), t("accounts.due"), t("accounts.gaps"), t("accounts.overdue")}
	table := [][]string{head}
	for _, r := range rows {
		stage := r.Stage
		if stage != "" {
			stage = t("step." + stage)
		}
		value, overdue := "", ""
		if r.Value != "" {
			value = r.Currency + " " + quote.Group(r.Value)
		}
		if r.Overdue != "" {
			overdue = quote.Group(r.Overdue)
		}
		gaps := ""
		if len(r.Gaps) > 0 {
			gaps = strconv.Itoa(len(r.Gaps))
		}
		table = append(table, []string{truncate(r.Name, 24), stage, value, r.Close, truncate(r.NextAction, 28), r.NextDue, gaps, overdue})
	}
	widths := make([]int, len(head))
	for _, row := range table {
		for i, cell := range row {
			widths[i] = max(widths[i], uniseg.StringWidth(cell))
		}
	}
	right := map[int]bool{2: true, 6: true, 7: true}
	for _, row := range table {
		var cells []string
		for i, cell := range row {
			cells = append(cells, pad(cell, widths[i], right[i]))
		}
		fmt.Fprintln(stdout, strings.TrimRight(strings.Join(cells, "  "), " "))
	}
	if len(rows) == 0 {
		fmt.Fprintf(stdout, "%s\n", t("accounts.none"))
	}
	return nil
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}
