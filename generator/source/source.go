// Package source holds files as Playbook's loader read them: the bytes, a
// hash of the bytes, and the name messages give the file. Everything after
// the loader works from these, never from the disk.
package source

import "playbook/generator/cache"

// File is one file of a project.
type File struct {
	Path string // slash path below its root: steps/analyze.md, layouts/page.html
	Name string // how messages name it: content/steps/analyze.md
	Data []byte
	Hash uint64 // of Data; equal hashes mean equal bytes (within one process)
}

// New makes a File and hashes its data.
func New(path, name string, data []byte) *File {
	return &File{Path: path, Name: name, Data: data, Hash: cache.Sum(data)}
}

// HashOf is the hash of f, or 0 for no file.
func HashOf(f *File) uint64 {
	if f == nil {
		return 0
	}
	return f.Hash
}
