package model

import (
	"path"
	"strings"
)

// AccountsDir is the content folder that holds account data. Nothing in it is
// ever published.
const AccountsDir = "accounts"

// reserved are top-level URLs the site itself uses.
var reserved = []string{"search", "tags", "handbook", "coaching", "assets", "index.html", "404.html", "sitemap.xml"}

// IgnoredName reports whether a file or folder name is an editor's swap,
// backup or temporary file, or hidden: such files are never content.
func IgnoredName(name string) bool {
	if name == "" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") {
		return true
	}
	switch path.Ext(name) {
	case ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig", ".crdownload", ".part":
		return true
	}
	switch {
	case name == "4913": // vim probes a folder with this file before writing
		return true
	case strings.Contains(name, "___jb_"): // JetBrains' safe write
		return true
	case len(name) == 9 && strings.HasPrefix(name, "sed") && !strings.Contains(name, "."): // sed -i
		return true
	}
	return false
}
