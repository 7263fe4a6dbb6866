package writer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// CacheDir is the folder beside the output's folders where a build keeps
// what the next one can reuse: never published, and rebuilt from nothing
// when it is missing or not Playbook's.
const CacheDir = ".playbook-cache"

// A build records the sum of every file it leaves in a folder, with the
// file's size and modification time. The next build but one writes into
// that folder again (it is staged from the build before last): a file
// whose recorded sum is the sum of what it would write, and whose size and
// time are still as recorded, is kept without being made or read.

// fileSum is what a build recorded of a file it left.
type fileSum struct {
	size  int64
	mtime int64 // nanoseconds
	sum   uint64
}

const sumsMagic = "playbook sums 1\n"

func sumsFile(root, top string) string     { return filepath.Join(root, CacheDir, top+".sums") }
func prevSumsFile(root, top string) string { return filepath.Join(root, CacheDir, top+".prev.sums") }

func encodeSums(m map[string]fileSum) []byte {
	b := []byte(sumsMagic)
	for rel, fs := range m {
		b = binary.AppendUvarint(b, uint64(len(rel)))
		b = append(b, rel...)
		b = binary.AppendVarint(b, fs.size)
		b = binary.AppendVarint(b, fs.mtime)
		b = binary.LittleEndian.AppendUint64(b, fs.sum)
	}
	return b
}

var errSums = errors.New("not a sums file")

func decodeSums(b []byte) (map[string]fileSum, error) {
	rest, ok := bytes.CutPrefix(b, []byte(sumsMagic))
	if !ok {
		return nil, errSums
	}
	m := map[string]fileSum{}
	for len(rest) > 0 {
		n, k := binary.Uvarint(rest)
		if k <= 0 || uint64(len(rest)-k) < n {
			return nil, errSums
		}
		rel := string(rest[k : k+int(n)])
		rest = rest[k+int(n):]
		var fs fileSum
		var k1, k2 int
		fs.size, k1 = binary.Varint(rest)
		if k1 <= 0 {
			return nil, errSums
		}
		fs.mtime, k2 = binary.Varint(rest[k1:])
		if k2 <= 0 || len(rest) < k1+k2+8 {
			return nil, errSums
		}
		fs.sum = binary.LittleEndian.Uint64(rest[k1+k2:])
		rest = rest[k1+k2+8:]
		m[rel] = fs
	}
	return m, nil
}

// readSums reads what a build recorded of a folder; nothing when the record
// is missing or unreadable (files are then compared as they are written).
func readSums(name string) map[string]fileSum {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	m, err := decodeSums(data)
	if err != nil {
		return nil
	}
	return m
}

func statSum(info fs.FileInfo, sum uint64) fileSum {
	return fileSum{size: info.Size(), mtime: info.ModTime().UnixNano(), sum: sum}
}

// still reports whether the file at p is as recorded.
func (f fileSum) still(p string) bool {
	info, err := os.Lstat(p)
	return err == nil && info.Mode().IsRegular() && info.Size() == f.size && info.ModTime().Equal(time.Unix(0, f.mtime))
}
