// Package themes embeds the default theme, so an installed playbook binary
// needs no files beside it.
package themes

import "embed"

// FS holds default/: layouts, partials, assets, language files.
//
//go:embed all:default
var FS embed.FS
