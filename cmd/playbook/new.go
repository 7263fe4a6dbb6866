package main

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"playbook/generator"
	"playbook/generator/account"
	"playbook/generator/model"
	"playbook/generator/writer"
)

func runNew(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("new", stderr)
	cfg := generator.Config{}
	projectFlags(fs, &cfg)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || pos[0] != "account" {
		return usageError{"say what to create: new account SLUG"}
	}
	slug := pos[1]
	if !account.ValidSlug(slug) {
		return usageError{fmt.Sprintf("%q: a slug is lowercase letters, digits, - or _ (it names the file and the PDF)", slug)}
	}
	lang := "zh-CN"
	if proj, _ := generator.Load(cfg, generator.LoadOptions{}); proj.Site != nil && proj.Site.Config.Language != "" {
		lang = proj.Site.Config.Language
	}
	file := filepath.Join(cfg.ContentDir, model.AccountsDir, slug+".toml")
	if err := writer.CreateNew(file, account.Template(slug, lang, time.Now())); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: fill in every \"\" and run playbook check\n", file)
	return nil
}
