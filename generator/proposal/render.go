package proposal

import (
	"context"
	"fmt"
	"io"
	"path"
	"runtime"
	"slices"
	"sync"

	"playbook/generator/account"
	"playbook/generator/cache"
	"playbook/generator/diag"
	"playbook/generator/markdown"
	"playbook/generator/model"
	"playbook/generator/pdf"
	"playbook/generator/pipeline"
	"playbook/generator/project"
	"playbook/generator/source"
)

// Renderer makes the accounts' proposals, proposals/<slug>.pdf. It
// implements pipeline.Renderer.
type Renderer struct {
	// Slugs chooses accounts; none means every account with a [proposal].
	Slugs []string
	// Progress, when set, is called as each proposal is done (when
	// building to disk, where they are made at once).
	Progress func(done, total int, slug string)
}

// Name is the output's name: its files go below proposals/.
func (Renderer) Name() string { return "proposals" }

// Render adds each proposal as a lazy file, made on all cores when
// building, on request when serving.
func (r Renderer) Render(ctx context.Context, p *project.Project, c *cache.Cache, out pipeline.Output) error {
	var todo []*account.Account
	for _, a := range p.Accounts {
		// An account with errors gets no proposal; its errors are the load's.
		if a.HasProposal && len(a.Errors) == 0 && (len(r.Slugs) == 0 || slices.Contains(r.Slugs, a.Slug)) {
			todo = append(todo, a)
		}
	}
	var (
		mu    sync.Mutex
		diags diag.List
		errs  []error
		done  int
		wg    sync.WaitGroup
	)
	// Without a cache (one build) the fonts are still read once for all.
	fonts := c
	if fonts == nil {
		fonts = cache.New()
	}
	work := make(chan *account.Account)
	for range min(runtime.GOMAXPROCS(0), max(len(todo), 1)) {
		wg.Go(func() {
			for a := range work {
				name := "proposals/" + a.Slug + ".pdf"
				// When building, a proposal made of the same inputs by
				// the builds before is kept as it is.
				var fk cache.Key
				if p.Store != nil {
					fk = cache.Key{Kind: "proposal.file", Hash: cache.NewHasher().Uint64(inputsHash(p, a)).Strings(name).Sum()}
				}
				var err error
				if rec, ok := p.Store.Get(fk); !ok || !pipeline.Keep(out, name, rec.Sum) {
					err = out.Lazy(name, func(w io.Writer) error {
						data, d := makeWith(p, c, fonts, a)
						if err := d.Err(); err != nil {
							return err
						}
						p.Store.Put(fk, cache.Record{Sum: cache.Sum(data)})
						_, err := w.Write(data)
						return err
					})
				}
				mu.Lock()
				if de, ok := err.(*diag.Error); ok {
					diags = append(diags, de.List...)
				} else if err != nil {
					errs = append(errs, err)
				}
				done++
				if r.Progress != nil {
					r.Progress(done, len(todo), a.Slug)
				}
				mu.Unlock()
			}
		})
	}
	for _, a := range todo {
		if ctx.Err() != nil {
			break
		}
		work <- a
	}
	close(work)
	wg.Wait()
	if len(errs) > 0 {
		return errs[0]
	}
	return diags.Sort().Err()
}

// Make renders one account's proposal, or reuses the one c holds for the
// same inputs: the account file, the FAB sheets it offers, site.toml, the
// logo, the fonts and the theme.
func Make(p *project.Project, c *cache.Cache, a *account.Account) ([]byte, diag.List) {
	return makeWith(p, c, c, a)
}

// makeWith is Make with the fonts kept in their own cache.
func makeWith(p *project.Project, c, fonts *cache.Cache, a *account.Account) ([]byte, diag.List) {
	key := cache.Key{Kind: "proposal", Hash: inputsHash(p, a)}
	type made struct {
		data  []byte
		diags diag.List
	}
	v, err := c.Do(key, func() (any, error) {
		data, d := render(p, fonts, a)
		return made{data, d}, nil
	})
	if err != nil {
		var d diag.List
		d.Errorf(a.File, 0, 0, "%v", err)
		return nil, d
	}
	m := v.(made)
	return m.data, m.diags
}

// inputsHash hashes everything a proposal is made from.
func inputsHash(p *project.Project, a *account.Account) uint64 {
	h := cache.NewHasher().Strings(a.Slug, a.File).Uint64(source.HashOf(a.Source), source.HashOf(p.Config),
		source.HashOf(p.Logo), source.HashOf(p.Font.File), uint64(p.Font.Face), source.HashOf(p.BoldFont.File),
		uint64(p.BoldFont.Face), p.Theme.Hash())
	for _, o := range a.Proposal.Offerings {
		if pg := p.Site.FABSheet(o.FAB, a.Proposal.Language); pg != nil {
			h.Strings(o.FAB, pg.File).Uint64(pg.Hash())
		}
	}
	for _, name := range images(p, a) {
		h.Strings(name).Uint64(source.HashOf(p.Static[name]))
	}
	return h.Sum()
}

// images are the content paths of the pictures a proposal prints: the
// chosen qualifications' scans and the FAB sheets' product images.
func images(p *project.Project, a *account.Account) []string {
	var out []string
	company := p.Site.Config.Company
	for _, q := range chosen(company.Qualifications, a.Proposal.Credentials.Qualifications, func(q model.Qualification) string { return q.ID }) {
		if q.Scan != "" {
			out = append(out, path.Clean(q.Scan))
		}
	}
	for _, o := range a.Proposal.Offerings {
		if pg := p.Site.FABSheet(o.FAB, a.Proposal.Language); pg != nil && pg.Image != "" {
			out = append(out, pg.Image)
		}
	}
	return out
}

func render(p *project.Project, c *cache.Cache, a *account.Account) ([]byte, diag.List) {
	fonts, err := loadFonts(p, c)
	if err != nil {
		var d diag.List
		d.Errorf(a.File, 0, 0, "%v", err)
		return nil, d
	}
	var logo []byte
	if p.Logo != nil {
		logo = p.Logo.Data
	}
	siteFile := "site.toml"
	if p.Config != nil {
		siteFile = p.Config.Name
	}
	return Render(Input{
		Account:  a,
		Site:     p.Site,
		Fonts:    fonts,
		Markdown: markdown.New(markdown.Options{}),
		Logo:     logo,
		Images:   imageData(p, a),
		SiteFile: siteFile,
		Labels:   func(key string) string { return p.Theme.T(a.Proposal.Language, key) },
	})
}

func imageData(p *project.Project, a *account.Account) map[string][]byte {
	out := map[string][]byte{}
	for _, name := range images(p, a) {
		if f := p.Static[name]; f != nil {
			out[name] = f.Data
		}
	}
	return out
}

// Fonts are the project's PDF fonts (for other PDFs made like proposals).
func Fonts(p *project.Project, c *cache.Cache) (*pdf.Fonts, error) { return loadFonts(p, c) }

// loadFonts checks the project's fonts and reads their coverage, once per
// set of font files.
func loadFonts(p *project.Project, c *cache.Cache) (*pdf.Fonts, error) {
	regular, bold := p.Font, p.BoldFont
	if regular.File == nil {
		return nil, fmt.Errorf("no font for proposals: the theme has no %s and site.toml names none in [pdf]", "fonts/NotoSansSC-Regular.ttf")
	}
	key := cache.Key{Kind: "pdf.fonts", Hash: cache.NewHasher().Uint64(regular.File.Hash, uint64(regular.Face),
		source.HashOf(bold.File), uint64(bold.Face)).Sum()}
	v, err := c.Do(key, func() (any, error) {
		site := "site.toml"
		if p.Config != nil {
			site = p.Config.Name
		}
		reg, err := pdf.ExtractFace(regular.File.Bytes(), regular.Face)
		if err != nil {
			return nil, fmt.Errorf("%s: pdf.font: %w", site, err)
		}
		var b []byte
		if bold.File != nil {
			if b, err = pdf.ExtractFace(bold.File.Bytes(), bold.Face); err != nil {
				return nil, fmt.Errorf("%s: pdf.bold_font: %w", site, err)
			}
		}
		fonts, err := pdf.NewFonts(reg, b)
		if err != nil {
			return nil, fmt.Errorf("%s: pdf.font: %w", site, err)
		}
		return fonts, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*pdf.Fonts), nil
}
