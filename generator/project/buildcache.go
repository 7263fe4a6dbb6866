package project

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"playbook/generator/cache"
)

// StoreFile is the file of the build cache that holds the store.
const StoreFile = "store"

// ReadCache reads the store the build before left in the cache folder dir.
// The store is empty when there is none, when it is not Playbook's or is
// damaged, or when another Playbook made it; note then says why, for the
// user ("" when there was simply none).
func ReadCache(dir, version string) (s *cache.Store, note string) {
	if info, err := os.Lstat(dir); err == nil && !info.IsDir() {
		return cache.NewStore(version), dir + " is not a folder: the build cache is not kept, and everything is built"
	}
	name := filepath.Join(dir, StoreFile)
	info, err := os.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return cache.NewStore(version), ""
	case err != nil:
		return cache.NewStore(version), name + ": " + err.Error() + ": building everything"
	case !info.Mode().IsRegular():
		return cache.NewStore(version), name + ": not a file: building everything"
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return cache.NewStore(version), name + ": " + err.Error() + ": building everything"
	}
	s, err = cache.ReadStore(data, version)
	if err != nil {
		return s, name + ": " + err.Error() + ": building everything"
	}
	return s, ""
}

// Version names the build of Playbook that runs: its version string and
// the hash of its program file, so that a cache made by any other build
// (a release, or a change to the code) is never taken.
func Version(v string) string { return v + "+" + program() }

var program = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		return "unknown"
	}
	return hex16(cache.Sum(data))
})

func hex16(n uint64) string {
	const digits = "0123456789abcdef"
	b := make([]byte, 16)
	for i := 15; i >= 0; i-- {
		b[i] = digits[n&15]
		n >>= 4
	}
	return string(b)
}
