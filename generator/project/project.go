// Package project loads a playbook project, and is the only code that reads
// it: the content folder (site.toml, pages, accounts, images and other
// files), the theme (the embedded default overlaid by the project's own
// themes/<name>/), the logo and the proposals' fonts. Load returns a
// Project: an immutable snapshot that owns every byte any output uses, each
// file with its content hash. Renderers and the development server work from
// the snapshot alone, so what they make always agrees with what was loaded.
package project

import (
	"path"

	"playbook/generator/cache"
	"time"

	"playbook/generator/account"
	"playbook/generator/diag"
	"playbook/generator/model"
	"playbook/generator/source"
	"playbook/generator/theme"
)

// Project is a loaded playbook. Nothing changes it after Load.
type Project struct {
	Site     *model.Site
	Accounts []*account.Account
	Theme    *theme.Theme
	Config   *source.File            // site.toml; nil when missing
	Static   map[string]*source.File // files published as they are, by content path
	Logo     *source.File            // the company logo; nil without one
	Font     Font                    // the proposals' regular face
	BoldFont Font                    // the bold face; File is nil when bold is synthesized
	Today    time.Time               // the date proposal validity is checked against
	// Store holds what the build before kept for this one (and takes what
	// this one makes for the next); nil when the load is not for a build.
	Store *cache.Store

	files  map[string]*source.File // every content file read, by content path
	listed *listing                // what the content folder held
}

// listing is what a walk of the content folder found, and what it
// reported: a development server's next load takes it again when no
// change can have altered it.
type listing struct {
	pages, static, accounts []string
	diags                   diag.List
	files                   map[string]bool // all three lists
}

// OfAccounts splits problems into those of account files, which stop only
// their own account's proposal, and all others.
func (p *Project) OfAccounts(l diag.List) (accounts, others diag.List) {
	for _, d := range l {
		if f := p.File(d.File); f != nil && path.Dir(f.Path) == model.AccountsDir && p.files[f.Path] == f {
			accounts = append(accounts, d)
		} else {
			others = append(others, d)
		}
	}
	return accounts, others
}

// Font is a font file and, for a TrueType collection, the face to use.
type Font struct {
	File *source.File
	Face int
}

// Account returns the account with the given slug, or nil.
func (p *Project) Account(slug string) *account.Account {
	for _, a := range p.Accounts {
		if a.Slug == slug {
			return a
		}
	}
	return nil
}

// File returns a file of the project by the name messages give it
// (content/steps/analyze.md, themes/default/layouts/page.html), or nil.
func (p *Project) File(name string) *source.File {
	for _, f := range p.files {
		if f.Name == name {
			return f
		}
	}
	if p.Theme != nil {
		for _, path := range p.Theme.Files("") {
			if f := p.Theme.File(path); f.Name == name {
				return f
			}
		}
	}
	return nil
}

// ContentFile returns a content file by its content-relative path, or nil.
func (p *Project) ContentFile(path string) *source.File { return p.files[path] }

// StaticData is the bytes of a file published as it is (a picture), by its
// content-relative path, or nil.
func (p *Project) StaticData(path string) []byte {
	if f := p.Static[path]; f != nil {
		return f.Data
	}
	return nil
}
