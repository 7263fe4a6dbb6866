package serve

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"playbook/generator"
	"playbook/generator/diag"
	"playbook/generator/site"
)

// ServeHTTP serves the in-memory site, the live-reload stream and script,
// and the proposal previews. Only built files are served: there is no path
// into the file system.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	switch {
	case p == "/_playbook/events":
		s.serveEvents(w, r)
	case p == "/_playbook/live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte(liveJS))
	case p == "/_playbook/errors":
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(s.errorsJSON()))
	case p == "/_proposals" || strings.HasPrefix(p, "/_proposals/"):
		s.serveProposals(w, r)
	default:
		s.serveFile(w, r)
	}
}

// resolve maps a URL path to a file of the site, or "".
func (s *Server) resolve(urlPath string) (string, []byte) {
	if strings.Contains(urlPath, "\x00") || strings.Contains(urlPath, "\\") {
		return "", nil
	}
	for _, seg := range strings.Split(urlPath, "/") {
		if seg == ".." {
			return "", nil
		}
	}
	name := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, cand := range []string{name, strings.TrimSuffix(name, "/") + "/index.html", name + "/index.html"} {
		cand = strings.TrimPrefix(cand, "/")
		if cand == "" {
			cand = "index.html"
		}
		if data, ok := s.files[cand]; ok {
			return cand, data
		}
	}
	return "", nil
}

// lazyFile makes the handbook or the search index of the current build on
// request: they gather every page, so rebuilds leave them out.
func (s *Server) lazyFile(name string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if data, ok := s.lazy[name]; ok {
		return data
	}
	if s.proj == nil || s.renderer == nil {
		return nil
	}
	var data []byte
	switch name {
	case "handbook/index.html":
		data, _ = s.renderer.Handbook(s.proj.Site)
	case "search/index.js":
		var b bytes.Buffer
		if site.SearchIndex(s.proj.Site, &b) == nil {
			data = b.Bytes()
		}
	}
	if data != nil {
		s.lazy[name] = data
	}
	return data
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	name, data := s.resolve(r.URL.Path)
	if name == "" {
		switch strings.TrimPrefix(r.URL.Path, "/") {
		case "handbook":
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		case "handbook/", "handbook/index.html":
			if data = s.lazyFile("handbook/index.html"); data != nil {
				name = "handbook/index.html"
			}
		case "search/index.js":
			if data = s.lazyFile("search/index.js"); data != nil {
				name = "search/index.js"
			}
		}
	}
	status := http.StatusOK
	if name == "" {
		status = http.StatusNotFound
		name = "404.html"
		s.mu.RLock()
		data = s.files[name]
		s.mu.RUnlock()
		if data == nil {
			http.NotFound(w, r)
			return
		}
	} else if strings.HasSuffix(name, "/index.html") && !strings.HasSuffix(r.URL.Path, "/") && !strings.HasSuffix(r.URL.Path, ".html") {
		// A folder without its slash: relative links need it.
		http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

var liveTag = []byte(`<script src="/_playbook/live.js"></script>`)

// inject adds the live-reload script to a page served by serve (never to
// the built files).
func inject(page []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte{}, page...), liveTag...)
	}
	out := make([]byte, 0, len(page)+len(liveTag))
	out = append(out, page[:i]...)
	out = append(out, liveTag...)
	return append(out, page[i:]...)
}

func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch, ok := s.events.subscribe()
	if !ok {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.events.unsubscribe(ch)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	s.mu.RLock()
	version := s.version
	failing := len(s.errs) > 0
	s.mu.RUnlock()
	fmt.Fprintf(w, "event: hello\ndata: %d\n\n", version)
	if failing {
		writeEvent(w, event{name: "errors", data: s.errorsJSON()})
	}
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case e, ok := <-ch:
			if !ok {
				return
			}
			writeEvent(w, e)
			flusher.Flush()
		}
	}
}

func writeEvent(w http.ResponseWriter, e event) {
	fmt.Fprintf(w, "event: %s\n", e.name)
	for _, line := range strings.Split(e.data, "\n") {
		fmt.Fprintf(w, "data: %s\n", line)
	}
	fmt.Fprint(w, "\n")
}

type errorJSON struct {
	File    string        `json:"file"`
	Line    int           `json:"line"`
	Col     int           `json:"col"`
	Message string        `json:"message"`
	Text    string        `json:"text"`
	Source  []excerptLine `json:"source,omitempty"`
}

// errorsJSON lists the current build's errors with source excerpts.
func (s *Server) errorsJSON() string {
	s.mu.RLock()
	errs := s.errs
	s.mu.RUnlock()
	out := []errorJSON{}
	for _, d := range errs {
		out = append(out, errorJSON{File: d.File, Line: d.Line, Col: d.Col, Message: d.Msg, Text: d.String(), Source: excerpt(d.File, d.Line)})
	}
	data, _ := json.Marshal(out)
	return string(data)
}

// serveProposals lists the accounts with their check status, previews a
// proposal, and serves its current PDF.
func (s *Server) serveProposals(w http.ResponseWriter, r *http.Request) {
	rest := strings.Trim(strings.TrimPrefix(r.URL.Path, "/_proposals"), "/")
	s.mu.RLock()
	proj, errs := s.proj, s.errs
	s.mu.RUnlock()
	if proj == nil {
		http.Error(w, "the project has not built yet", http.StatusServiceUnavailable)
		return
	}
	switch {
	case rest == "":
		s.proposalIndex(w, proj, errs)
	case strings.HasSuffix(rest, ".pdf"):
		slug := strings.TrimSuffix(rest, ".pdf")
		a := proj.Account(slug)
		if a == nil || !a.HasProposal {
			http.NotFound(w, r)
			return
		}
		data, perrs := s.proposal(proj, slug)
		if len(perrs) > 0 {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusUnprocessableEntity)
			fmt.Fprintln(w, (&diag.Error{List: perrs}).Error())
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(data)
	default:
		if a := proj.Account(rest); a == nil || !a.HasProposal {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = previewPage.Execute(w, map[string]any{"Slug": rest})
	}
}

// proposal renders the PDF of an account, or reuses it when nothing it is
// made from changed: the account file, the FAB sheets it offers, site.toml
// and the theme's font.
func (s *Server) proposal(proj *generator.Project, slug string) ([]byte, diag.List) {
	key := s.proposalKey(proj, slug)
	s.mu.RLock()
	e, ok := s.pdfs[slug]
	s.mu.RUnlock()
	if ok && e.key == key {
		return e.data, e.errs
	}
	data, errs := generator.RenderProposal(proj, s.cfg.Build, proj.Account(slug))
	s.mu.Lock()
	s.pdfs[slug] = pdfEntry{key: key, data: data, errs: errs.Errors()}
	s.renders++
	s.mu.Unlock()
	return data, errs.Errors()
}

// proposalKey hashes the files a proposal is made from.
func (s *Server) proposalKey(proj *generator.Project, slug string) string {
	a := proj.Account(slug)
	h := sha256.New()
	files := []string{a.File, filepath.ToSlash(filepath.Join(s.cfg.Build.ContentDir, "site.toml"))}
	for _, o := range a.Proposal.Offerings {
		if pg := proj.Site.FAB[o.FAB]; pg != nil {
			files = append(files, pg.File)
		}
	}
	if c := proj.Site.Config.PDF; c.Font != "" {
		files = append(files, filepath.Join(s.cfg.Build.ContentDir, c.Font), filepath.Join(s.cfg.Build.ContentDir, c.BoldFont))
	}
	for _, f := range files {
		data, _ := os.ReadFile(filepath.FromSlash(f))
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(data))
		h.Write(data)
	}
	fmt.Fprint(h, proj.Theme.Display("fonts/NotoSansSC-Regular.ttf"))
	return fmt.Sprintf("%x", h.Sum(nil))
}

func (s *Server) proposalIndex(w http.ResponseWriter, proj *generator.Project, errs diag.List) {
	type row struct {
		Slug, Name, Title, Status string
		OK, HasProposal           bool
	}
	var rows []row
	for _, a := range proj.Accounts {
		status, ok := "ok", true
		for _, d := range errs {
			if d.File == a.File {
				status, ok = d.String(), false
				break
			}
		}
		rows = append(rows, row{Slug: a.Slug, Name: a.Account.Name, Title: a.Proposal.Title, Status: status, OK: ok, HasProposal: a.HasProposal})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = indexPage.Execute(w, rows)
}

var indexPage = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Proposals · Playbook</title>
<style>body{font:15px/1.6 system-ui,"Noto Sans CJK SC",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1c2430}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.5rem;border-bottom:1px solid #d8dee4}
.bad{color:#b3191f}.ok{color:#17692f}</style></head><body>
<h1>Proposals</h1><p>Previews of the accounts' proposals, regenerated after every change. Nothing here is written into the site.</p>
<table><thead><tr><th>Account</th><th>Proposal</th><th>Check</th></tr></thead><tbody>
{{range .}}<tr><td>{{.Name}}<br><code>{{.Slug}}</code></td>
<td>{{if .HasProposal}}<a href="{{.Slug}}/">{{.Title}}</a> · <a href="{{.Slug}}.pdf">PDF</a>{{else}}(no [proposal]){{end}}</td>
<td class="{{if .OK}}ok{{else}}bad{{end}}">{{.Status}}</td></tr>
{{else}}<tr><td colspan="3">No accounts in content/accounts/.</td></tr>{{end}}
</tbody></table>
<script src="/_playbook/live.js"></script></body></html>
`))

var previewPage = template.Must(template.New("preview").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.Slug}} · Proposal preview</title>
<style>html,body{margin:0;height:100%}body{display:flex;flex-direction:column;font:14px system-ui,sans-serif}
header{padding:.5rem 1rem;border-bottom:1px solid #d8dee4}iframe{flex:1;border:0;width:100%}</style></head><body>
<header><a href="../">Proposals</a> · {{.Slug}}.pdf · <span id="pb-status">up to date</span></header>
<iframe id="pb-pdf" title="{{.Slug}}.pdf" src="../{{.Slug}}.pdf"></iframe>
<script>window.PLAYBOOK_PREVIEW = "../{{.Slug}}.pdf";</script>
<script src="/_playbook/live.js"></script></body></html>
`))
