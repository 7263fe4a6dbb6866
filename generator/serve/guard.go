package serve

import (
	"net"
	"net/http"
	"strings"
)

// The development server is private to this machine. A page of another
// site must not read it, neither by DNS rebinding (a name of the attacker's
// that resolves to 127.0.0.1: the Host header gives it away), nor by
// including its files as scripts or images (Sec-Fetch-Site, Origin and
// Cross-Origin-Resource-Policy), nor by framing it.

// allowedHost reports whether a request's Host names this server: an IP
// address or localhost, with the port it listens on. A DNS name could be
// rebound to this machine by anyone.
func (s *Server) allowedHost(host string) bool {
	h, port, err := net.SplitHostPort(host)
	if err != nil {
		h, port = host, ""
	}
	if s.port != "" && port != s.port {
		return false
	}
	h = strings.TrimSuffix(strings.Trim(h, "[]"), ".")
	return strings.EqualFold(h, "localhost") || net.ParseIP(h) != nil
}

// crossSite reports whether a request comes from a page of another origin.
func crossSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return true
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		return o != "http://"+r.Host
	}
	return false
}

// guard refuses requests for another host and cross-site requests for what
// a page could read (the search index, events, errors, proposals), and sets
// the headers that keep every response to pages of this server.
func (s *Server) guard(w http.ResponseWriter, r *http.Request) bool {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Referrer-Policy", "no-referrer")
	if !s.allowedHost(r.Host) {
		http.Error(w, "playbook serve answers only requests for 127.0.0.1, localhost or [::1] (with its port)", http.StatusMisdirectedRequest)
		return false
	}
	if crossSite(r) && r.Header.Get("Sec-Fetch-Mode") != "navigate" {
		http.Error(w, "cross-site requests are refused", http.StatusForbidden)
		return false
	}
	return true
}
