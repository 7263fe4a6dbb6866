package generator

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sync"

	"playbook/generator/account"
	"playbook/generator/diag"
	"playbook/generator/markdown"
	"playbook/generator/pdf"
	"playbook/generator/proposal"
)

// fontCache holds the fonts' bytes once per process: every document parses
// them, but reading and checking them again would be waste.
var fontCache sync.Map // key -> *pdf.Fonts

// proposalFonts loads the proposal fonts: site.toml's [pdf] font, or the
// theme's Noto Sans SC.
func proposalFonts(proj *Project, cfg Config) (*pdf.Fonts, error) {
	c := proj.Site.Config.PDF
	site := filepath.Join(cfg.ContentDir, "site.toml")
	resolve := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(cfg.ContentDir, filepath.FromSlash(p))
	}
	key := fmt.Sprintf("%s|%d|%s|%d|%s", resolve(c.Font), c.Face, resolve(c.BoldFont), c.BoldFace, proj.Theme.Display("fonts/NotoSansSC-Regular.ttf"))
	if f, ok := fontCache.Load(key); ok {
		return f.(*pdf.Fonts), nil
	}
	var regular, bold []byte
	var err error
	if c.Font != "" {
		if regular, err = readFace(resolve(c.Font), c.Face); err != nil {
			return nil, fmt.Errorf("%s: pdf.font: %w", site, err)
		}
		if c.BoldFont != "" {
			if bold, err = readFace(resolve(c.BoldFont), c.BoldFace); err != nil {
				return nil, fmt.Errorf("%s: pdf.bold_font: %w", site, err)
			}
		}
	} else {
		if regular, err = proj.Theme.ReadFile("fonts/NotoSansSC-Regular.ttf"); err != nil {
			return nil, err
		}
		if proj.Theme.Has("fonts/NotoSansSC-Bold.ttf") {
			if bold, err = proj.Theme.ReadFile("fonts/NotoSansSC-Bold.ttf"); err != nil {
				return nil, err
			}
		}
	}
	fonts, err := pdf.NewFonts(regular, bold)
	if err != nil {
		return nil, fmt.Errorf("%s: pdf.font: %w", site, err)
	}
	fontCache.Store(key, fonts)
	return fonts, nil
}

func readFace(name string, face int) ([]byte, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return pdf.ExtractFace(data, face)
}

// RenderProposal makes one account's PDF.
func RenderProposal(proj *Project, cfg Config, a *account.Account) ([]byte, diag.List) {
	fonts, err := proposalFonts(proj, cfg)
	if err != nil {
		var d diag.List
		d.Errorf(a.File, 0, 0, "%v", err)
		return nil, d
	}
	var logo []byte
	if l := proj.Site.Config.Company.Logo; l != "" {
		logo, _ = fs.ReadFile(os.DirFS(cfg.ContentDir), path.Clean(l))
	}
	return proposal.Render(proposal.Input{
		Account:  a,
		Site:     proj.Site,
		Fonts:    fonts,
		Markdown: markdown.New(markdown.Options{}),
		Logo:     logo,
		SiteFile: path.Join(filepath.ToSlash(cfg.ContentDir), "site.toml"),
	})
}

// RenderProposals makes the PDFs of accounts on all cores; done is called
// after each (for a progress line). The result maps slugs to PDFs; the
// diagnostics list every problem.
func RenderProposals(proj *Project, cfg Config, accounts []*account.Account, done func(done, total int, slug string)) (map[string][]byte, diag.List) {
	var (
		mu    sync.Mutex
		out   = map[string][]byte{}
		diags diag.List
		wg    sync.WaitGroup
		n     int
	)
	var todo []*account.Account
	for _, a := range accounts {
		if a.HasProposal {
			todo = append(todo, a)
		}
	}
	work := make(chan *account.Account)
	for range min(runtime.GOMAXPROCS(0), max(len(accounts), 1)) {
		wg.Go(func() {
			for a := range work {
				data, d := RenderProposal(proj, cfg, a)
				mu.Lock()
				diags = append(diags, d...)
				if data != nil {
					out[a.Slug] = data
				}
				n++
				if done != nil {
					done(n, len(todo), a.Slug)
				}
				mu.Unlock()
			}
		})
	}
	for _, a := range todo {
		work <- a
	}
	close(work)
	wg.Wait()
	return out, diags.Sort()
}

// WriteFileAtomic writes data to name through a temporary file in the same
// folder, so a reader never sees half a file.
func WriteFileAtomic(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		os.Remove(f.Name())
		if werr != nil {
			return werr
		}
		return cerr
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), name)
}
