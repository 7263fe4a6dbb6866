package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestUsage(t *testing.T) {
	if code, _, stderr := runCmd(t); code != 2 || !strings.Contains(stderr, "Commands:") {
		t.Errorf("no args: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "frobnicate"); code != 2 || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "build", "--nope"); code != 2 || !strings.Contains(stderr, "usage: playbook build") {
		t.Errorf("bad flag: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "build", "extra"); code != 2 || !strings.Contains(stderr, `unexpected argument "extra"`) {
		t.Errorf("extra argument: exit %d, %s", code, stderr)
	}
	if code, stdout, _ := runCmd(t, "help"); code != 0 || !strings.Contains(stdout, "build") {
		t.Errorf("help: exit %d, %s", code, stdout)
	}
	if code, _, stderr := runCmd(t, "help", "build"); code != 0 || !strings.Contains(stderr+"", "") {
		t.Errorf("help build: exit %d", code)
	}
	if code, stdout, _ := runCmd(t, "version"); code != 0 || !strings.HasPrefix(stdout, "playbook ") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
}

// TestInitThenBuild: a new project from the embedded example builds at once,
// and check finds it clean.
func TestInitThenBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new project")
	code, stdout, stderr := runCmd(t, "init", dir)
	if code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "content.go")); err == nil {
		t.Error("init copied Go source into the project")
	}
	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "output")
	if code, _, stderr := runCmd(t, "check", "--content", content); code != 0 || strings.Contains(stderr, "warning") {
		t.Fatalf("check: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr = runCmd(t, "build", "--content", content, "--out", out)
	if code != 0 || !strings.Contains(stdout, "built ") {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "site", "steps", "analyze", "index.html")); err != nil {
		t.Error(err)
	}
	// A second init into the same folder refuses to overwrite.
	if code, _, stderr := runCmd(t, "init", dir); code != 1 || !strings.Contains(stderr, "not empty") {
		t.Errorf("second init: exit %d, %s", code, stderr)
	}
}

// TestBuildErrorsExit1: content errors print file:line:col, sorted, and exit 1.
func TestBuildErrorsExit1(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	os.MkdirAll(filepath.Join(content, "s"), 0o755)
	os.WriteFile(filepath.Join(content, "site.toml"), []byte("title = \"x\"\n"), 0o644)
	os.WriteFile(filepath.Join(content, "s", "b.md"), []byte("+++\ntitle = \"b\"\ncolour = 1\n+++\n"), 0o644)
	os.WriteFile(filepath.Join(content, "s", "a.md"), []byte("+++\ntitle = \"a\"\n+++\n[x](gone.md)\n"), 0o644)
	code, _, stderr := runCmd(t, "build", "--content", content, "--out", filepath.Join(dir, "out"))
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	want := []string{
		filepath.ToSlash(content) + `/s/a.md:4:1: link to missing page "gone.md"`,
		filepath.ToSlash(content) + `/s/b.md:3:1: unknown key "colour"`,
		"playbook build: 2 errors",
	}
	if len(lines) != len(want) {
		t.Fatalf("stderr:\n%s", stderr)
	}
	for i := range want {
		if !strings.HasPrefix(lines[i], want[i]) {
			t.Errorf("line %d = %q, want prefix %q", i+1, lines[i], want[i])
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "site")); err == nil {
		t.Error("a failed build wrote a site")
	}
	if code, _, _ := runCmd(t, "check", "--content", content); code != 1 {
		t.Errorf("check exit %d, want 1", code)
	}
}
