//go:build !linux

package project

import "io/fs"

func (r *Root) readFast(name string) ([]byte, bool) { return nil, false }

func (r *Root) readDirFast(name string) ([]fs.DirEntry, bool) { return nil, false }
