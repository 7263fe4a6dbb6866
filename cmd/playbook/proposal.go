package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"playbook/generator"
	"playbook/generator/account"
)

func runProposal(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("proposal", stderr)
	cfg := generator.Config{}
	fs.StringVar(&cfg.ContentDir, "content", "content", "the content `folder`")
	fs.StringVar(&cfg.OutDir, "out", "output", "the output `folder`; PDFs go to OUT/proposals")
	file := fs.String("o", "", "write the PDF to `FILE` (one account only)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *file != "" && len(pos) != 1 {
		return usageError{"-o FILE takes exactly one account"}
	}
	start := time.Now()
	proj, diags, err := generator.Load(cfg)
	if err != nil {
		return err
	}
	if err := diags.Err(); err != nil {
		return err
	}
	printDiags(stderr, diags)
	var accounts []*account.Account
	if len(pos) == 0 {
		accounts = proj.Accounts
	}
	for _, slug := range pos {
		a := proj.Account(slug)
		if a == nil {
			return fmt.Errorf("no account %q in %s/accounts", slug, cfg.ContentDir)
		}
		if !a.HasProposal {
			return fmt.Errorf("%s has no [proposal]", a.File)
		}
		accounts = append(accounts, a)
	}
	pdfs, pd := generator.RenderProposals(proj, cfg, accounts, progressLine(stdout))
	if err := pd.Err(); err != nil {
		return err
	}
	for _, a := range accounts {
		data, ok := pdfs[a.Slug]
		if !ok {
			continue
		}
		name := filepath.Join(cfg.OutDir, "proposals", a.Slug+".pdf")
		if *file != "" {
			name = *file
		}
		if err := generator.WriteFileAtomic(name, data); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s (%s)\n", name, size(int64(len(data))))
	}
	fmt.Fprintf(stdout, "%d %s in %s\n", len(pdfs), plural(len(pdfs), "proposal", "proposals"), time.Since(start).Round(time.Millisecond))
	return nil
}

// progressLine reports progress on one rewritten line when stdout is a
// terminal, and stays silent otherwise.
func progressLine(stdout io.Writer) func(done, total int, slug string) {
	f, ok := stdout.(*os.File)
	if !ok {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return func(done, total int, slug string) {
		if total < 2 {
			return
		}
		fmt.Fprintf(f, "\r\033[K[%d/%d] %s", done, total, slug)
		if done == total {
			fmt.Fprint(f, "\r\033[K")
		}
	}
}
