package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"playbook/generator"
	"playbook/generator/account"
	"playbook/generator/model"
)

func runNew(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("new", stderr)
	content := fs.String("content", "content", "the content `folder`")
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
	if proj, _, err := generator.Load(generator.Config{ContentDir: *content}); err == nil && proj.Site.Config.Language != "" {
		lang = proj.Site.Config.Language
	}
	file := filepath.Join(*content, model.AccountsDir, slug+".toml")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if os.IsExist(err) {
			return fmt.Errorf("%s already exists", file)
		}
		return err
	}
	if _, err := f.Write(account.Template(slug, lang, time.Now())); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: fill in every \"\" and run playbook check\n", file)
	return nil
}
