package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"playbook/generator/brief"
	"playbook/generator/diag"
	"playbook/generator/project"
)

// ServeHTTP serves the in-memory site, the live-reload stream and script,
// and the proposal previews. Only built files are served: there is no path
// into the file system.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !s.guard(w, r) {
		return
	}
	p := r.URL.Path
	b := s.current.Load() // one whole build serves the request
	switch {
	case p == "/_playbook/events":
		s.serveEvents(w, r, b)
	case p == "/_playbook/live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte(liveJS))
	case p == "/_playbook/errors":
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(s.errorsJSON(b)))
	case p == "/_proposals" || strings.HasPrefix(p, "/_proposals/"):
		s.serveProposals(w, r, b)
	case p == "/_accounts" || strings.HasPrefix(p, "/_accounts/"):
		s.serveAccounts(w, r, b)
	default:
		s.serveFile(w, r, b)
	}
}

// resolve maps a URL path to a file of the site in b, or "".
func resolve(b *build, urlPath string) string {
	if strings.Contains(urlPath, "\x00") || strings.Contains(urlPath, "\\") {
		return ""
	}
	for _, seg := range strings.Split(urlPath, "/") {
		if seg == ".." {
			return ""
		}
	}
	name := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	for _, cand := range []string{name, strings.TrimSuffix(name, "/") + "/index.html", name + "/index.html"} {
		cand = strings.TrimPrefix(cand, "/")
		if cand == "" {
			cand = "index.html"
		}
		if b.files.Has(siteDir + cand) {
			return cand
		}
	}
	return ""
}

// siteDir is where the site's files are among a build's outputs.
const siteDir = "site/"

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, b *build) {
	name := resolve(b, r.URL.Path)
	status := http.StatusOK
	if name == "" && b.proj == nil {
		// Nothing has built yet: a page that shows the errors over it and
		// reloads once they are fixed.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusServiceUnavailable)
		_ = brokenPage.Execute(w, b.errs)
		return
	}
	if name == "" {
		status = http.StatusNotFound
		name = "404.html"
		if !b.files.Has(siteDir + name) {
			http.NotFound(w, r)
			return
		}
	} else if strings.HasSuffix(name, "/index.html") && !strings.HasSuffix(r.URL.Path, "/") && !strings.HasSuffix(r.URL.Path, ".html") {
		// A folder without its slash: relative links need it. The target
		// is the folder's own path, so "//x" cannot send a browser off-host.
		http.Redirect(w, r, "/"+strings.TrimSuffix(name, "index.html"), http.StatusMovedPermanently)
		return
	}
	data, _, err := b.files.Get(siteDir + name)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
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

func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request, b *build) {
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
	fmt.Fprintf(w, "event: hello\ndata: %d\n\n", b.version)
	if len(b.errs) > 0 {
		writeEvent(w, event{name: "errors", data: s.errorsJSON(b)})
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

// errorsJSON lists a build's errors with source excerpts.
func (s *Server) errorsJSON(b *build) string {
	out := []errorJSON{}
	for _, d := range b.errs {
		out = append(out, errorJSON{File: d.File, Line: d.Line, Col: d.Col, Message: d.Msg, Text: d.String(), Source: excerpt(b.attempt, d.File, d.Line)})
	}
	data, _ := json.Marshal(out)
	return string(data)
}

// serveProposals lists the accounts with their check status, previews a
// proposal, and serves its PDF: made from the same build as everything else
// the request sees.
func (s *Server) serveProposals(w http.ResponseWriter, r *http.Request, b *build) {
	rest := strings.Trim(strings.TrimPrefix(r.URL.Path, "/_proposals"), "/")
	proj := b.proj
	if proj == nil {
		if rest == "" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_ = indexPage.Execute(w, map[string]any{"Rows": nil, "Errors": b.errs})
			return
		}
		http.NotFound(w, r)
		return
	}
	switch {
	case rest == "":
		s.proposalIndex(w, proj, b.errs)
	case strings.HasSuffix(rest, ".pdf"):
		data, ok, err := b.files.Get("proposals/" + rest)
		if a := proj.Account(strings.TrimSuffix(rest, ".pdf")); !ok && a != nil && len(a.Errors) > 0 {
			err, ok = &diag.Error{List: a.Errors}, true // no proposal until its account is fixed
		}
		if !ok || strings.Contains(rest, "/") {
			http.NotFound(w, r)
			return
		}
		if err != nil {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusUnprocessableEntity)
			fmt.Fprintln(w, err.Error())
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

// serveAccounts shows the accounts joined to the playbook: the list, most
// urgent first, and each account's brief. Internal: served, never written.
func (s *Server) serveAccounts(w http.ResponseWriter, r *http.Request, b *build) {
	proj := b.proj
	rest := strings.Trim(strings.TrimPrefix(r.URL.Path, "/_accounts"), "/")
	if proj == nil || strings.Contains(rest, "/") {
		http.NotFound(w, r)
		return
	}
	if r.URL.Path == "/_accounts" {
		http.Redirect(w, r, "/_accounts/", http.StatusMovedPermanently)
		return
	}
	today := s.cfg.Build.Today
	if today.IsZero() {
		today = time.Now()
	}
	lang := proj.Site.Lang
	pg := brief.Page{Site: proj.Site, T: func(k string) string { return proj.Theme.T(lang, k) }, Today: today, SiteURL: "/"}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if rest == "" {
		_ = pg.WriteList(w, brief.All(proj.Site, proj.Accounts, today))
		return
	}
	a := proj.Account(rest)
	if a == nil {
		http.NotFound(w, r)
		return
	}
	site, alang := brief.In(proj.Site, a)
	pg.Site, pg.Lang, pg.T = site, alang, func(k string) string { return proj.Theme.T(alang, k) }
	_ = pg.WriteBrief(w, brief.Make(site, a, today))
}

func (s *Server) proposalIndex(w http.ResponseWriter, proj *project.Project, errs diag.List) {
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
	_ = indexPage.Execute(w, map[string]any{"Rows": rows, "Errors": errs})
}

var indexPage = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Proposals · Playbook</title>
<style>body{font:15px/1.6 system-ui,"Noto Sans CJK SC",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1c2430}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.5rem;border-bottom:1px solid #d8dee4}
.bad{color:#b3191f}.ok{color:#17692f}</style></head><body>
<h1>Proposals</h1><p>Previews of the accounts' proposals, regenerated after every change. Nothing here is written into the site.</p>
{{with .Errors}}<h2>The playbook does not build</h2><ul class="bad">{{range .}}<li><code>{{.String}}</code></li>{{end}}</ul>{{end}}
<table><thead><tr><th>Account</th><th>Proposal</th><th>Check</th></tr></thead><tbody>
{{range .Rows}}<tr><td>{{.Name}}<br><code>{{.Slug}}</code></td>
<td>{{if .HasProposal}}<a href="{{.Slug}}/">{{.Title}}</a> · <a href="{{.Slug}}.pdf">PDF</a>{{else}}(no [proposal]){{end}}</td>
<td class="{{if .OK}}ok{{else}}bad{{end}}">{{.Status}}</td></tr>
{{else}}<tr><td colspan="3">No accounts in content/accounts/.</td></tr>{{end}}
</tbody></table>
<script src="/_playbook/live.js"></script></body></html>
`))

var brokenPage = template.Must(template.New("broken").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed · Playbook</title>
<style>body{font:15px/1.6 system-ui,"Noto Sans CJK SC",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1c2430}code{white-space:pre-wrap}</style></head><body>
<h1>The playbook does not build yet</h1>
<p>Fix the errors below (they are shown over this page too); it reloads as soon as the playbook builds.</p>
<ul>{{range .}}<li><code>{{.String}}</code></li>{{end}}</ul>
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
