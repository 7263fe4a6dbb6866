package model

import (
	"fmt"
	"hash/fnv"
	"net/url"
	"sort"
	"strings"
)

// Every URL that Playbook makes from what users write (file and folder
// names, tags, links, base_url) is built here.

// RelURL is the URL of a site path (steps/需求/index.html) from a page whose
// way back to the site root is root (../../): every ASCII character that is
// not allowed in a path segment is percent-encoded, so no name can turn into
// a scheme (javascript:x), a query or a fragment. Other characters stay as
// they are: the HTML and markdown writers encode them as they always have.
func RelURL(root, sitePath string) string {
	var b strings.Builder
	b.Grow(len(root) + len(sitePath))
	b.WriteString(root)
	for i := 0; i < len(sitePath); i++ {
		c := sitePath[i]
		if c >= 0x80 || c == '/' || segmentByte(c) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	u := b.String()
	// A first segment with a colon would read as a scheme.
	if first, _, _ := strings.Cut(u, "/"); root == "" && strings.Contains(first, ":") {
		u = "./" + u
	}
	return u
}

// segmentByte reports an ASCII byte a path segment may hold as it is
// (RFC 3986 pchar, without the percent sign).
func segmentByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~!$&'()*+,;=:@", c) >= 0
}

// Href is the URL of the page from a page whose way back to the root is root.
func (p *Page) Href(root string) string { return RelURL(root, p.OutputPath()) }

// LinkSchemes are the schemes a link may leave the playbook by.
var LinkSchemes = []string{"http", "https", "mailto"}

// checkBaseURL reports a base_url that is not an http(s) URL or an absolute
// path: it is written into the sitemap and the 404 page as it is.
func checkBaseURL(s string) error {
	if strings.ContainsAny(s, "\"'<>`\\ \t\r\n") {
		return fmt.Errorf("base_url %q may not hold quotes, spaces or angle brackets", s)
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fmt.Errorf("base_url %q: %v", s, err)
	case u.Scheme == "" && u.Host == "" && strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//"):
		return nil
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host != "":
		return nil
	}
	return fmt.Errorf("base_url %q must be an http or https URL (https://example.com/playbook/) or a path starting with /", s)
}

// tagSlugs gives each tag name its folder under tags/: its slug, unless
// another name has the same one (C++, C#, c), when the later names (in
// sorted order) add a short hash of their full text.
func tagSlugs(names []string, slug func(string) string) map[string]string {
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	used := map[string]bool{}
	out := map[string]string{}
	for _, n := range sorted {
		if _, done := out[n]; done {
			continue
		}
		s := slug(n)
		if used[s] {
			h := fnv.New32a()
			h.Write([]byte(n))
			s = fmt.Sprintf("%s-%06x", s, h.Sum32()&0xffffff)
		}
		used[s] = true
		out[n] = s
	}
	return out
}
