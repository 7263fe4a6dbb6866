package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"playbook/generator"
	"playbook/generator/diag"
	"playbook/generator/pipeline"
	"playbook/generator/writer"
)

func runProposal(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("proposal", stderr)
	cfg := generator.Config{Only: []string{"proposals"}}
	projectFlags(fs, &cfg)
	file, force := pdfFlags(fs, &cfg, "proposals")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := checkPDFOutput(cfg, *file, pos); err != nil {
		return err
	}
	start := time.Now()
	proj, diags := generator.Load(cfg, generator.LoadOptions{})
	stop, later := generator.ForAccounts(proj, diags, pos)
	if len(stop) > 0 {
		return stop.Err()
	}
	printDiags(stderr, diags.Warnings())
	for _, slug := range pos {
		a := proj.Account(slug)
		if a == nil {
			return fmt.Errorf("no account %q in %s/accounts", slug, cfg.ContentDir)
		}
		if !a.HasProposal {
			return fmt.Errorf("%s has no [proposal]", a.File)
		}
	}
	cfg.Slugs, cfg.Progress = pos, progressLine(stdout)
	files := pipeline.NewFiles()
	if err := pipeline.Run(context.Background(), proj, nil, generator.Renderers(cfg), files); err != nil {
		return err
	}
	// Make every PDF before writing any: with accounts named, one failure
	// writes nothing.
	names := files.Names()
	pdfs := make([][]byte, len(names))
	var diagsAll diag.List
	for i, name := range names {
		data, _, err := files.Get(name)
		var de *diag.Error
		switch {
		case errors.As(err, &de):
			diagsAll = append(diagsAll, de.List...)
		case err != nil:
			return err
		}
		pdfs[i] = data
	}
	// A proposal that cannot be made stops only itself (with no account
	// named: each account's errors are reported after the others are written).
	if len(pos) > 0 {
		if err := diagsAll.Sort().Err(); err != nil {
			return err
		}
	}
	later = append(later, diagsAll...)
	written := 0
	for i, name := range names {
		if pdfs[i] == nil {
			continue // its errors are reported below
		}
		written++
		dest := filepath.Join(cfg.OutDir, filepath.FromSlash(name))
		if *file != "" {
			dest = *file
		}
		if err := writer.WritePDF(dest, pdfs[i], *force); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s (%s)\n", dest, size(int64(len(pdfs[i]))))
	}
	fmt.Fprintf(stdout, "%d %s in %s\n", written, plural(written, "proposal", "proposals"), time.Since(start).Round(time.Millisecond))
	return later.Sort().Err()
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

// pdfFlags adds the flags of a command that writes account PDFs into
// OUT/dir: --out, -o FILE and --force.
func pdfFlags(fs *flag.FlagSet, cfg *generator.Config, dir string) (file *string, force *bool) {
	fs.StringVar(&cfg.OutDir, "out", "output", "the output `folder`; PDFs go to OUT/"+dir)
	file = fs.String("o", "", "write the PDF to `FILE` (one account only)")
	force = fs.Bool("force", false, "replace a file that is not a PDF Playbook made")
	return file, force
}

// checkPDFOutput refuses -o FILE with other than one account, and an
// output inside the content or themes folders.
func checkPDFOutput(cfg generator.Config, file string, slugs []string) error {
	if file != "" && len(slugs) != 1 {
		return usageError{"-o FILE takes exactly one account"}
	}
	if file != "" {
		return generator.ApartFile(file, cfg)
	}
	return generator.Apart(cfg.OutDir, cfg)
}
