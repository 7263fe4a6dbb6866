// Command playbook builds a key-account sales playbook: a static training
// site from markdown, and client proposals (PDF) from account data; `serve`
// rebuilds both live while trainers and reps edit.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"playbook/generator/diag"
	"playbook/generator/project"
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); otherwise
// the module version or VCS revision is used.
var version = ""

type command struct {
	name    string
	args    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

var commands []command

// projectArgs are the flags of every command that loads a project
// (projectFlags).
const projectArgs = "[--content DIR] [--themes DIR] [--drafts] [--today DATE]"

func init() {
	commands = []command{
		{"build", projectArgs + " [--out DIR] [--no-proposals] [--force] [--no-cache]", "build the training site (OUT/site) and the proposals (OUT/proposals)", runBuild},
		{"check", projectArgs, "check pages and accounts; report every problem", runCheck},
		{"serve", projectArgs + " [--addr 127.0.0.1:1313] [--open]", "serve the site with live reload while you edit", runServe},
		{"proposal", projectArgs + " [--out DIR] [-o FILE] [--force] [SLUG...]", "render account proposals as PDF (all accounts when no SLUG)", runProposal},
		{"quote", projectArgs + " [--json] SLUG", "compute an account's quote; print it as a table or JSON", runQuote},
		{"handbook", projectArgs + " [--out DIR] [-o FILE] [--lang LANG] [--force]", "print the playbook as a PDF training handbook (OUT/handbook.pdf)", runHandbook},
		{"brief", projectArgs + " [--out DIR] [-o FILE] [--force] SLUG...", "print accounts' internal briefs as PDF into OUT/briefs: step, gaps, people, objections, payments", runBrief},
		{"accounts", projectArgs + " [--json]", "list every account, most urgent first: stage, value, next action, gaps, overdue money", runAccounts},
		{"new", "account SLUG " + projectArgs, "write a commented account file to fill in", runNew},
		{"init", "DIR", "create a new playbook project from the bundled example", runInit},
		{"version", "", "print the version", runVersion},
		{"help", "[COMMAND]", "show help for a command", runHelp},
	}
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	if f := os.Getenv("PLAYBOOK_CPUPROFILE"); f != "" {
		os.Exit(profiled(f, func() int { return run(os.Args[1:], os.Stdout, os.Stderr) }))
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "-help" {
		usage(stdout)
		return 0
	}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		err := c.run(args[1:], stdout, stderr)
		var ue usageError
		var de *diag.Error
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "playbook %s: %s\nusage: playbook %s %s\n", c.name, ue.msg, c.name, c.args)
			return 2
		case errors.As(err, &de):
			printDiags(stderr, de.List)
			errs := len(de.List.Errors())
			fmt.Fprintf(stderr, "playbook %s: %d %s\n", c.name, errs, plural(errs, "error", "errors"))
			return 1
		default:
			fmt.Fprintf(stderr, "playbook %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "playbook: unknown command %q\n\n", name)
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Playbook turns a key-account sales playbook into a training site and client proposals.")
	fmt.Fprintln(w, "\nUsage: playbook COMMAND [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'playbook help COMMAND' for a command's flags.")
}

func printDiags(w io.Writer, l diag.List) {
	for _, d := range l.Sort() {
		fmt.Fprintln(w, d.String())
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// newFlags makes a command's flag set; flags may come before or after
// positional arguments.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("playbook "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	for _, c := range commands {
		if c.name == name {
			fs.Usage = func() {
				fmt.Fprintf(stderr, "usage: playbook %s %s\n\n%s\n", c.name, c.args, c.summary)
				if hasFlags(fs) {
					fmt.Fprintln(stderr, "\nFlags:")
					fs.PrintDefaults()
				}
			}
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parse parses flags anywhere among args and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{strings.TrimPrefix(err.Error(), "flag provided but not defined: ")}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func runVersion(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", stderr)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "playbook", versionString())
	return nil
}

func versionString() string {
	if version != "" {
		return version
	}
	v, rev, modified := project.Build()
	if v != "" {
		return v
	}
	if rev == "" {
		return "(devel)"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified {
		rev += "-dirty"
	}
	return "(devel) " + rev
}

func runHelp(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stdout)
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] && c.name != "help" {
			return c.run([]string{"-h"}, stdout, stdout)
		}
	}
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}
