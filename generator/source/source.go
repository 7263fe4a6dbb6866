// Package source holds files as Playbook's loader read them: the bytes, a
// hash of the bytes, and the name messages give the file. Everything after
// the loader works from these, never from the disk.
package source

import (
	"sync"

	"playbook/generator/cache"
)

// File is one file of a project.
type File struct {
	Path string // slash path below its root: steps/analyze.md, layouts/page.html
	Name string // how messages name it: content/steps/analyze.md
	// Data is the file's bytes; nil for a lazy file (Lazy) until Bytes is
	// called: read a file that may be lazy, such as a font, with Bytes.
	Data []byte
	Hash uint64 // of Data; equal hashes mean equal bytes (within one process)

	once sync.Once
	read func() []byte
}

// New makes a File and hashes its data.
func New(path, name string, data []byte) *File {
	return &File{Path: path, Name: name, Data: data, Hash: cache.Sum(data)}
}

// Lazy makes a File whose bytes are read only when Bytes is first called,
// and whose hash names the bytes without reading them (equal hashes must
// still mean equal bytes): for the fonts built into the program, megabytes
// that only a PDF reads.
func Lazy(path, name string, hash uint64, read func() []byte) *File {
	return &File{Path: path, Name: name, Hash: hash, read: read}
}

// Bytes returns the file's bytes, reading a lazy file's the first time.
func (f *File) Bytes() []byte {
	if f.read != nil {
		f.once.Do(func() { f.Data = f.read() })
	}
	return f.Data
}

// HashOf is the hash of f, or 0 for no file.
func HashOf(f *File) uint64 {
	if f == nil {
		return 0
	}
	return f.Hash
}
