// Package txtar reads and writes txtar archives (a comment, then files
// introduced by "-- name --" lines): a whole input tree and its expected
// outputs in one readable test file, as in Go's own tests.
package txtar

import (
	"bytes"
	"strings"
)

// File is one file of an archive.
type File struct {
	Name string
	Data []byte
}

// Archive is a parsed txtar file.
type Archive struct {
	Comment []byte
	Files   []File
}

// Parse reads an archive. It never fails: text before the first marker is
// the comment.
func Parse(data []byte) *Archive {
	a := &Archive{}
	var cur *File
	for len(data) > 0 {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		if name, ok := marker(line); ok {
			a.Files = append(a.Files, File{Name: name})
			cur = &a.Files[len(a.Files)-1]
		} else if cur == nil {
			a.Comment = append(a.Comment, line...)
			a.Comment = append(a.Comment, '\n')
		} else {
			cur.Data = append(cur.Data, line...)
			cur.Data = append(cur.Data, '\n')
		}
		data = rest
	}
	return a
}

func marker(line []byte) (string, bool) {
	s := string(line)
	if !strings.HasPrefix(s, "-- ") || !strings.HasSuffix(s, " --") || len(s) < 7 {
		return "", false
	}
	return strings.TrimSpace(s[3 : len(s)-3]), true
}

// Format writes an archive back out.
func Format(a *Archive) []byte {
	var b bytes.Buffer
	b.Write(a.Comment)
	for _, f := range a.Files {
		b.WriteString("-- " + f.Name + " --\n")
		b.Write(f.Data)
		if len(f.Data) > 0 && f.Data[len(f.Data)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}
