package project

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
)

// Root reads what os.Root's file system reads, and fails where it fails,
// with the same error: links inside and out, folders, missing files, paths
// that are not valid, files larger than a read buffer, empty files.
func TestRootReadsAsOSRoot(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	big := bytes.Repeat([]byte("需求分析 big page\n"), 20000) // past the 64 KB buffer
	write("site.toml", []byte("title = \"t\"\n"))
	write("steps/needs.md", []byte("+++\ntitle = \"需求\"\n+++\n"))
	write("a/b/c/deep.md", []byte("deep"))
	write("big.md", big)
	write("empty.md", nil)
	long := strings.Repeat("长", 80) + ".md" // 243 bytes: near the limit of a name
	for _, name := range []string{"名字 with space.md", "-dash.md", "new\nline.md", `back\slash.md`, "a/" + long} {
		write(name, []byte(name))
	}
	os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o644)
	os.Symlink("needs.md", filepath.Join(dir, "steps", "alias.md"))
	os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "out.md"))
	os.Symlink("../../../..", filepath.Join(dir, "a", "b", "up"))

	r, err := OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	want, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer want.Close()
	names := []string{"site.toml", "steps/needs.md", "a/b/c/deep.md", "big.md", "empty.md",
		"steps/alias.md", "out.md", "a/b/up/etc/passwd", "steps", ".", "missing.md", "steps/missing.md",
		"../x", "/etc/passwd", "steps//needs.md", "steps/./needs.md", "a/b/c/../c/deep.md", "",
		"名字 with space.md", "-dash.md", "new\nline.md", `back\slash.md`, "a/" + long, "a/" + long + "x"}
	for _, name := range names {
		got, gerr := r.ReadFile(name)
		exp, eerr := fs.ReadFile(want.FS(), name)
		if !bytes.Equal(got, exp) || (gerr == nil) != (eerr == nil) || (gerr != nil && gerr.Error() != eerr.Error()) {
			t.Errorf("%q: got %d bytes, %v; os.Root: %d bytes, %v", name, len(got), gerr, len(exp), eerr)
		}
	}
	if data, _ := r.ReadFile("out.md"); bytes.Contains(data, []byte("secret")) {
		t.Error("a link out of the folder was followed")
	}
	if _, ok := r.readFast("a/b/c/deep.md"); !ok && runtime.GOOS == "linux" {
		t.Error("a file was not read the fast way")
	}
	// Folders list as os.Root lists them, links and all.
	for _, name := range []string{".", "steps", "a", "a/b", "a/b/c", "a/b/up", "missing", "big.md", "../x", ""} {
		got, gerr := r.ReadDir(name)
		exp, eerr := fs.ReadDir(want.FS(), name)
		if (gerr == nil) != (eerr == nil) || (gerr != nil && gerr.Error() != eerr.Error()) || len(got) != len(exp) {
			t.Errorf("ReadDir %q: %d entries, %v; os.Root: %d, %v", name, len(got), gerr, len(exp), eerr)
			continue
		}
		for i, g := range got {
			e := exp[i]
			gi, gerr := g.Info()
			ei, eerr := e.Info()
			if g.Name() != e.Name() || g.Type() != e.Type() || g.IsDir() != e.IsDir() || (gerr == nil) != (eerr == nil) ||
				(gerr == nil && (gi.Mode() != ei.Mode() || gi.Size() != ei.Size() || gi.Name() != ei.Name())) {
				t.Errorf("ReadDir %q entry %d: %q %v %v; os.Root: %q %v %v", name, i, g.Name(), g.Type(), gi, e.Name(), e.Type(), ei)
			}
		}
	}
	if _, ok := r.readDirFast("steps"); !ok && runtime.GOOS == "linux" {
		t.Error("a folder was not listed the fast way")
	}
	// The rest of fs.FS, as os.Root's.
	if err := fstest.TestFS(r, "site.toml", "steps/needs.md", "a/b/c/deep.md"); err != nil && !strings.Contains(err.Error(), "out.md") {
		t.Error(err)
	}
	if _, err := fs.Lstat(r, "steps/alias.md"); err != nil {
		t.Errorf("Lstat of a link: %v", err)
	}
	if l, err := fs.ReadLink(r, "steps/alias.md"); err != nil || l != "needs.md" {
		t.Errorf("ReadLink: %q %v", l, err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.ReadFile("site.toml"); err == nil {
		t.Error("read after Close")
	}
}

// Reading the files of more folders than it keeps open reads them all.
func TestRootManyFolders(t *testing.T) {
	dir := t.TempDir()
	for i := range maxOpenDirs + 20 {
		p := filepath.Join(dir, "d"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+filepath.Base(t.Name())+itoa(i))
		os.MkdirAll(p, 0o755)
		os.WriteFile(filepath.Join(p, "p.md"), []byte(itoa(i)), 0o644)
	}
	r, err := OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n := 0
	err = fs.WalkDir(r, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := r.ReadFile(p)
		if err != nil || !strings.HasSuffix(filepath.Dir(p), string(data)) {
			t.Errorf("%s: %q %v", p, data, err)
		}
		n++
		return nil
	})
	if err != nil || n != maxOpenDirs+20 {
		t.Errorf("read %d files, %v", n, err)
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
