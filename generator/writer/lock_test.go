package writer

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestOneBuildAtATime: while a build writes into a folder, a second one is
// refused before it touches anything; once the first commits, aborts or is
// refused, the next may start.
func TestOneBuildAtATime(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("builds into one folder are not kept apart on " + runtime.GOOS)
	}
	root := filepath.Join(t.TempDir(), "out")
	first, err := New(root, Options{}, "site")
	if err != nil {
		t.Fatal(err)
	}
	if err := first.WriteFile("site/a.html", []byte("first")); err != nil {
		t.Fatal(err)
	}
	if _, err := New(root, Options{}, "site"); err == nil || !strings.Contains(err.Error(), "being written by another Playbook build") {
		t.Fatalf("a second build while the first writes: %v", err)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(root, "site", "a.html")); string(data) != "first" {
		t.Fatalf("the first build's page holds %q: the refused build touched it", data)
	}
	second, err := New(root, Options{}, "site")
	if err != nil {
		t.Fatalf("a build after the first committed: %v", err)
	}
	second.Abort()
	// A build refused for files that are not Playbook's lets the next one in.
	os.WriteFile(filepath.Join(root, "site", "mine.txt"), []byte("mine"), 0o644)
	for range 2 {
		if _, err := New(root, Options{}, "site"); err == nil || !strings.Contains(err.Error(), "mine.txt") {
			t.Fatalf("a folder holding a file of the user's: %v", err)
		}
	}
}
