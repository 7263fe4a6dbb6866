// Package content embeds the example playbook: the default content that
// `playbook build` runs on in this repository, and what `playbook init`
// copies into a new project.
package content

import "embed"

// FS is the example content folder.
//
//go:embed all:*
var FS embed.FS
