package project

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
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

// Version names the build of Playbook that runs, so that a cache made by
// any other build (another release, or a change to the code) is never
// taken: its version string, and what Go recorded of the build (the module
// version, or the commit of a clean checkout); for a build from changed
// sources, the hash of the program file itself.
func Version(v string) string { return v + "+" + program() }

// Build is what Go recorded of Playbook's build: the module version of a
// release ("" for a build from sources), and the commit of the sources and
// whether they had changes.
func Build() (version, commit string, modified bool) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "", "", true
	}
	if v := info.Main.Version; v != "(devel)" && !strings.Contains(v, "+dirty") {
		version = v
	}
	modified = true
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	return version, commit, modified
}

var program = sync.OnceValue(func() string {
	switch v, commit, modified := Build(); {
	case v != "":
		return runtime.Version() + "+" + v
	case commit != "" && !modified:
		return runtime.Version() + "+" + commit
	}
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	f, err := os.Open(exe)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	// In pieces: the program file is tens of megabytes.
	h := cache.NewHasher()
	buf := make([]byte, 1<<20)
	for {
		n, err := io.ReadFull(f, buf)
		h.Uint64(cache.Sum(buf[:n]))
		if err != nil {
			break
		}
	}
	return hex16(h.Sum())
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
