package main

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"playbook/generator"
	"playbook/generator/brief"
	"playbook/generator/cache"
	"playbook/generator/proposal"
	"playbook/generator/writer"
)

func runBrief(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("brief", stderr)
	cfg := generator.Config{}
	projectFlags(fs, &cfg)
	file, force := pdfFlags(fs, &cfg, "briefs")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageError{"give the account slugs (file names in content/accounts without .toml)"}
	}
	if err := checkPDFOutput(cfg, *file, pos); err != nil {
		return err
	}
	proj, diags := generator.Load(cfg, generator.LoadOptions{})
	if stop, _ := generator.ForAccounts(proj, diags, pos); len(stop) > 0 {
		return stop.Err()
	}
	printDiags(stderr, diags.Warnings())
	fonts, err := proposal.Fonts(proj, cache.New())
	if err != nil {
		return err
	}
	today := cfg.Today
	if today.IsZero() {
		today = time.Now()
	}
	pdfs := make([][]byte, len(pos))
	for i, slug := range pos {
		a := proj.Account(slug)
		if a == nil {
			return fmt.Errorf("no account %q in %s/accounts", slug, cfg.ContentDir)
		}
		site, lang := brief.In(proj.Site, a)
		pg := brief.Page{Site: site, Lang: lang, T: func(k string) string { return proj.Theme.T(lang, k) }, Today: today}
		// every brief made before any is written: one failure writes nothing
		if pdfs[i], err = pg.PDF(fonts, brief.Make(site, a, today)); err != nil {
			return fmt.Errorf("%s: %w", a.File, err)
		}
	}
	for i, slug := range pos {
		dest := filepath.Join(cfg.OutDir, "briefs", slug+".pdf")
		if *file != "" {
			dest = *file
		}
		if err := writer.WritePDF(dest, pdfs[i], *force); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s (%s)\n", dest, size(int64(len(pdfs[i]))))
	}
	return nil
}
