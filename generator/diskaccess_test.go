package generator

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// diskCalls are the functions that read or write files or folders.
var diskCalls = map[string][]string{
	"os": {"ReadFile", "Open", "OpenFile", "Create", "CreateTemp", "DirFS", "ReadDir", "Stat", "Lstat", "WriteFile",
		"Mkdir", "MkdirAll", "MkdirTemp", "Remove", "RemoveAll", "Rename", "Chmod", "Chtimes", "Symlink", "Link", "Truncate"},
	"fs":       {"ReadFile", "ReadDir", "WalkDir", "Stat", "Glob", "Sub"},
	"filepath": {"Walk", "WalkDir", "Glob", "EvalSymlinks"},
	"ioutil":   {"ReadFile", "WriteFile", "ReadDir", "TempFile", "TempDir"},
}

// diskAllowed are the only places that touch the disk, and why.
var diskAllowed = map[string]string{
	"generator/project/":        "the loader: the only code that reads a project",
	"generator/writer/":         "the writer: the only code that writes output",
	"generator/generator.go":    "opens the project's folders for the loader (os.DirFS)",
	"generator/watch/":          "lists folders to watch them; reads no file",
	"generator/synth/":          "writes synthetic playbooks for benchmarks and tests",
	"generator/internal/floor/": "the floor benchmarks measure Playbook against: a minimal site builder",
	"cmd/playbook/profile.go":   "writes the CPU profile a user asks for (PLAYBOOK_CPUPROFILE)",
}

// TestOnlyLoaderAndWriterTouchTheDisk walks the source of every package:
// renderers, the model, serve and the commands call no function that reads
// or writes files; they work from the loaded project and hand their files
// to an Output.
func TestOnlyLoaderAndWriterTouchTheDisk(t *testing.T) {
	checked := 0
	for _, root := range []string{".", "../cmd", "../themes", "../content"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			rel := filepath.ToSlash(p)
			if root == "." {
				rel = "generator/" + rel
			} else {
				rel = strings.TrimPrefix(rel, "../")
			}
			for prefix := range diskAllowed {
				if strings.HasPrefix(rel, prefix) {
					return nil
				}
			}
			checked++
			f, err := parser.ParseFile(token.NewFileSet(), p, nil, 0)
			if err != nil {
				return err
			}
			imports := map[string]string{} // local name -> path
			for _, imp := range f.Imports {
				path := strings.Trim(imp.Path.Value, `"`)
				name := path[strings.LastIndex(path, "/")+1:]
				if imp.Name != nil {
					name = imp.Name.Name
				}
				imports[name] = path
			}
			ast.Inspect(f, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				x, ok := sel.X.(*ast.Ident)
				if !ok {
					return true
				}
				pkg := imports[x.Name]
				for _, fn := range diskCalls[pkg[strings.LastIndex(pkg, "/")+1:]] {
					if sel.Sel.Name == fn && (pkg == "os" || pkg == "io/fs" || pkg == "path/filepath" || pkg == "io/ioutil") {
						t.Errorf("%s: %s.%s: only the loader (generator/project) reads and the writer (generator/writer) writes", rel, x.Name, fn)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 30 {
		t.Errorf("only %d files checked", checked)
	}
}
