package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	example "playbook/content"
	"playbook/generator/model"
	"playbook/generator/writer"
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
	n, err := writer.CopyNew(example.FS, content, func(p string, d fs.DirEntry) bool {
		return !model.IgnoredName(d.Name()) && !strings.HasSuffix(p, ".go")
	})
	if err != nil {
		return err
	}
	// An existing .gitignore is the user's: leave it.
	if err := writer.CreateNew(filepath.Join(dir, ".gitignore"), []byte("/output/\n")); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	fmt.Fprintf(stdout, "created %s with %d files from the example playbook\nnext: cd %s && playbook build\n", content, n, dir)
	return nil
}
