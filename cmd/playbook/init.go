package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	example "playbook/content"
	"playbook/generator/model"
)

func runInit(args []string, stdout, stderr io.Writer) error {
	fset := newFlags("init", stderr)
	pos, err := parse(fset, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"give one folder for the new project"}
	}
	dir := pos[0]
	content := filepath.Join(dir, "content")
	if entries, err := os.ReadDir(content); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s already exists and is not empty; choose another folder", content)
	}
	n := 0
	err = fs.WalkDir(example.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && (model.IgnoredName(d.Name()) || strings.HasSuffix(p, ".go")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		target := filepath.Join(content, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(example.FS, p)
		if err != nil {
			return err
		}
		n++
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("/output/\n"), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s with %d files from the example playbook\nnext: cd %s && playbook build\n", content, n, dir)
	return nil
}
