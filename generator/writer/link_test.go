package writer

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"playbook/generator/cache"
)

// TestKeptFilesAreNeverWrittenThrough: a file kept from the last build is
// put in the staging folder as a second name of the output's (where the
// file system allows), and a later build that changes it makes a new file:
// the output stays as it was until Commit, and after an Abort.
func TestKeptFilesAreNeverWrittenThrough(t *testing.T) {
	t.Run("linked", func(t *testing.T) { keptFiles(t, runtime.GOOS != "windows") })
	// Where the file system has no links (FAT), they are copied.
	t.Run("copied", func(t *testing.T) {
		defer func(l func(string, string) error) { link = l }(link)
		link = func(string, string) error { return errors.ErrUnsupported }
		keptFiles(t, false)
	})
}

func keptFiles(t *testing.T, linked bool) {
	root := t.TempDir()
	out := func(name string) string { return filepath.Join(root, "site", name) }
	read := func(name string) string {
		t.Helper()
		data, err := os.ReadFile(out(name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	start := func() *Tree {
		t.Helper()
		tr, err := New(root, Options{}, "site")
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	tr := start()
	for name, data := range map[string]string{"a.html": "A1", "sub/b.html": "B1", "c.html": "C1"} {
		if err := tr.WriteFile("site/"+name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tr.Commit(); err != nil {
		t.Fatal(err)
	}

	// The first build after a cold one: its staging folder is empty, so the
	// unchanged files come from the output.
	tr = start()
	for name, data := range map[string]string{"a.html": "A1", "sub/b.html": "B1"} {
		if !tr.Keep("site/"+name, cache.Sum([]byte(data))) {
			t.Fatalf("%s was not kept", name)
		}
	}
	if err := tr.WriteFile("site/c.html", []byte("C2")); err != nil {
		t.Fatal(err)
	}
	if err := tr.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read("a.html") + read("sub/b.html") + read("c.html"); got != "A1B1C2" {
		t.Fatalf("after the second build the site holds %q", got)
	}
	now, _ := os.Stat(out("sub/b.html"))
	before, _ := os.Stat(filepath.Join(root, ".site.prev", "sub", "b.html"))
	if same := now != nil && before != nil && os.SameFile(now, before); same != linked {
		t.Errorf("a kept file is the output's (linked): %v, want %v", same, linked)
	}

	// The next build stages into the folder that shares a.html with the
	// output: writing it there must not change the output.
	tr = start()
	if err := tr.WriteFile("site/a.html", []byte("A3")); err != nil {
		t.Fatal(err)
	}
	if got := read("a.html"); got != "A1" {
		t.Fatalf("a build wrote %q through to the output before Commit", got)
	}
	tr.Abort()
	if got := read("a.html"); got != "A1" {
		t.Fatalf("after an aborted build a.html holds %q", got)
	}

	// Edited by hand since the build that wrote it: what a build keeps is
	// still what it asked for.
	if err := os.WriteFile(out("sub/b.html"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	tr = start()
	for name, data := range map[string]string{"a.html": "A4", "sub/b.html": "B1", "c.html": "C2"} {
		if !tr.Keep("site/"+name, cache.Sum([]byte(data))) {
			if err := tr.WriteFile("site/"+name, []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tr.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read("a.html") + read("sub/b.html") + read("c.html"); got != "A4B1C2" {
		t.Fatalf("after the last build the site holds %q", got)
	}
}
