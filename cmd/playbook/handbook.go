package main

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"playbook/generator"
	"playbook/generator/cache"
	"playbook/generator/handbook"
	"playbook/generator/proposal"
	"playbook/generator/writer"
)

func runHandbook(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("handbook", stderr)
	cfg := generator.Config{}
	projectFlags(fs, &cfg)
	fs.StringVar(&cfg.OutDir, "out", "output", "the output `folder`")
	file := fs.String("o", "", "write the PDF to `FILE` (default OUT/handbook.pdf, or OUT/handbook-LANG.pdf for another language)")
	lang := fs.String("lang", "", "the language to print (`zh-CN` or en; default: the site language)")
	force := fs.Bool("force", false, "replace a file that is not a PDF Playbook made")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if err := checkPDFOutput(cfg, *file, []string{"handbook"}); err != nil {
		return err
	}
	start := time.Now()
	proj, diags := generator.Load(cfg, generator.LoadOptions{})
	if stop := diags.Errors(); len(stop) > 0 {
		if _, other := proj.OfAccounts(stop); len(other) > 0 { // an account's errors do not stop the handbook
			return other.Err()
		}
	}
	printDiags(stderr, diags.Warnings())
	site := proj.Site
	if *lang != "" {
		if site = proj.Site.Language(*lang); site == nil {
			return usageError{fmt.Sprintf("the playbook has no pages in %q", *lang)}
		}
	}
	fonts, err := proposal.Fonts(proj, cache.New())
	if err != nil {
		return err
	}
	var logo []byte
	if proj.Logo != nil {
		logo = proj.Logo.Data
	}
	date := cfg.Today
	if date.IsZero() {
		date = time.Now()
	}
	l := site.Lang
	data, err := handbook.PDF(handbook.Input{Site: site, Fonts: fonts, Logo: logo, Date: date,
		T:    func(k string) string { return proj.Theme.T(l, k) },
		File: func(name string) []byte { return proj.StaticData(name) }})
	if err != nil {
		return err
	}
	dest := filepath.Join(cfg.OutDir, "handbook.pdf")
	if site != proj.Site {
		dest = filepath.Join(cfg.OutDir, "handbook-"+site.Lang+".pdf")
	}
	if *file != "" {
		dest = *file
	}
	if err := writer.WritePDF(dest, data, *force); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%s) in %s\n", dest, size(int64(len(data))), time.Since(start).Round(time.Millisecond))
	return nil
}
