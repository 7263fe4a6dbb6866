package writer

import (
	"os"
	"path/filepath"
	"testing"

	"playbook/generator/cache"
)

// TestPatch: a file is made from the last build's by replacing a part of
// it, only when the last build's file is still what its sum says.
func TestPatch(t *testing.T) {
	root := t.TempDir()
	build := func(do func(*Tree)) {
		t.Helper()
		tr, err := New(root, Options{}, "site")
		if err != nil {
			t.Fatal(err)
		}
		do(tr)
		if err := tr.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	page := []byte("<nav>old sidebar</nav><main>body</main>")
	build(func(tr *Tree) {
		for _, n := range []string{"site/a/index.html", "site/b/index.html"} {
			if err := tr.WriteFile(n, page); err != nil {
				t.Fatal(err)
			}
		}
	})
	// Someone edits b by hand after the build: it must not be patched.
	if err := os.WriteFile(filepath.Join(root, "site", "b", "index.html"), []byte("<nav>old sidebar</nav><main>mine</main>"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := cache.Sum(page)
	build(func(tr *Tree) {
		got, ok := tr.Patch("site/a/index.html", sum, 5, len("old sidebar"), []byte("new, longer sidebar"))
		want := []byte("<nav>new, longer sidebar</nav><main>body</main>")
		if !ok || got != cache.Sum(want) {
			t.Errorf("Patch of a = %x, %v; want %x, true", got, ok, cache.Sum(want))
		}
		if _, ok := tr.Patch("site/b/index.html", sum, 5, 3, []byte("x")); ok {
			t.Error("patched a file changed since the build that wrote it")
		}
		for _, c := range []struct{ at, cut int }{{-1, 1}, {5, len(page)}, {len(page) + 1, 0}} {
			if _, ok := tr.Patch("site/a/index.html", sum, c.at, c.cut, nil); ok {
				t.Errorf("Patch at %d cutting %d of a %d-byte file succeeded", c.at, c.cut, len(page))
			}
		}
		if _, ok := tr.Patch("site/c/index.html", sum, 0, 0, nil); ok {
			t.Error("patched a file no build wrote")
		}
		tr.WriteFile("site/b/index.html", []byte("made anew"))
	})
	if got, _ := os.ReadFile(filepath.Join(root, "site", "a", "index.html")); string(got) != "<nav>new, longer sidebar</nav><main>body</main>" {
		t.Errorf("a = %q", got)
	}
}
