package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"playbook/generator"
)

func runBuild(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", stderr)
	cfg := generator.Config{}
	projectFlags(fs, &cfg)
	fs.StringVar(&cfg.OutDir, "out", "output", "the output `folder`; the site goes to OUT/site")
	noProposals := fs.Bool("no-proposals", false, "do not write the accounts' proposals (OUT/proposals/*.pdf)")
	fs.BoolVar(&cfg.Force, "force", false, "replace output folders that hold files Playbook did not write")
	fs.BoolVar(&cfg.NoCache, "no-cache", false, "build everything anew, reusing nothing the last builds kept (OUT/.playbook-cache)")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	start := time.Now()
	if *noProposals {
		cfg.Skip = []string{"proposals"}
	}
	cfg.Progress, cfg.Version = progressLine(stdout), versionString()
	res, err := generator.Build(cfg)
	if res == nil {
		return err
	}
	printDiags(stderr, res.Warnings)
	if os.Getenv("PLAYBOOK_DEBUG_CACHE") != "" {
		fmt.Fprintf(stderr, "cache: %d reused %v, made anew %v\n", res.Reused, res.Kept, res.Made)
	}
	if res.CacheNote != "" {
		fmt.Fprintf(stderr, "note: %s\n", res.CacheNote)
	}
	index := filepath.Join(res.SiteDir, "index.html")
	fmt.Fprintf(stdout, "built %d pages (%d files, %s) and %d %s in %s: %s\n", res.Pages, res.Files, size(res.Bytes),
		len(res.Proposals), plural(len(res.Proposals), "proposal", "proposals"), time.Since(start).Round(time.Millisecond), index)
	if len(res.Handbooks) > 0 {
		fmt.Fprintf(stdout, "printed handbook: %s\n", strings.Join(res.Handbooks, ", "))
	}
	// Accounts with errors got no proposal: their errors, and exit status 1.
	return err
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	cfg := generator.Config{}
	projectFlags(fs, &cfg)
	stale := fs.Bool("stale", false, "list the pages past their review date (reviewed + review_every), with their owners")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	proj, diags, err := generator.Check(cfg)
	if err != nil {
		return err
	}
	if *stale {
		list := proj.Site.Stale(proj.Today)
		for _, st := range list {
			p := st.Page
			due := "never reviewed"
			if !st.Due.IsZero() {
				due = "reviewed " + p.Reviewed.Format("2006-01-02") + ", due " + st.Due.Format("2006-01-02")
			}
			owner := p.Owner
			if owner == "" {
				owner = "(no owner)"
			}
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", p.File, p.Title, owner, due)
		}
		fmt.Fprintf(stdout, "%d %s past the review date\n", len(list), plural(len(list), "page", "pages"))
		return nil
	}
	printDiags(stderr, diags)
	fmt.Fprintf(stdout, "ok: %d pages, %d %s, %d %s\n", len(proj.Site.AllPages()), len(proj.Accounts),
		plural(len(proj.Accounts), "account", "accounts"), len(diags), plural(len(diags), "warning", "warnings"))
	return nil
}

func todayFlag(cfg *generator.Config) func(string) error {
	return func(s string) error {
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return fmt.Errorf("%q is not a date like 2026-12-01", s)
		}
		cfg.Today = t
		return nil
	}
}

// projectFlags are the flags that say which project to load and how; every
// command that loads a project takes them.
func projectFlags(fs *flag.FlagSet, cfg *generator.Config) {
	fs.StringVar(&cfg.ContentDir, "content", "content", "the content `folder`")
	fs.StringVar(&cfg.ThemesDir, "themes", "", "the project's themes `folder` (default: themes/ beside the content folder)")
	fs.BoolVar(&cfg.Drafts, "drafts", false, "include pages marked draft = true")
	fs.Func("today", "check proposal validity against `DATE` (YYYY-MM-DD) instead of today", todayFlag(cfg))
}

// parseNoArgs parses flags for a command that takes no arguments.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", pos[0])}
	}
	return nil
}
