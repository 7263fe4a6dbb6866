package model

import (
	"encoding/binary"
	"errors"
	"unsafe"

	"playbook/generator/cache"
	"playbook/generator/diag"
	"playbook/generator/markdown"
)

// A build keeps what it found in each page's markdown (headings, text,
// links, problems) in the build cache, keyed like the in-process cache, so
// the next build parses only the pages that changed. A page that must be
// rendered again is parsed when it is (see Markdown.Prepared).

// docsKey names what parsing p's markdown finds: it depends on the file,
// its place and language, and the raw-HTML setting.
func (l *loader) docsKey(p *Page) cache.Key {
	return cache.Key{Kind: "model.docs.1", Hash: cache.NewHasher().Uint64(p.hash).Strings(p.Source, p.File, p.Lang).
		Bool(l.site.Config.RawHTML).Uint64(uint64(l.site.Config.MaxPageMB)).Sum()}
}

// storedDocs returns what the build before found in p, or parses p and
// keeps what it finds for the next build.
func (l *loader) storedDocs(p *Page) *docs {
	key := l.docsKey(p)
	if rec, ok := l.opts.Store.Get(key); ok {
		if d, err := decodeDocs(rec.Data); err == nil {
			d.prepared = make([]map[string]any, len(p.Markdowns()))
			return d
		}
	}
	d := l.parseDocs(p)
	l.opts.Store.Put(key, cache.Record{Encode: func() []byte { return encodeDocs(d) }})
	return d
}

type docsEncoder struct{ b []byte }

func (e *docsEncoder) int(n int)    { e.b = binary.AppendVarint(e.b, int64(n)) }
func (e *docsEncoder) str(s string) { e.int(len(s)); e.b = append(e.b, s...) }
func (e *docsEncoder) bool(b bool) {
	if b {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

func encodeDocs(d *docs) []byte {
	e := &docsEncoder{b: make([]byte, 0, len(d.text)+256)}
	e.str(d.text)
	e.int(len(d.headings))
	for _, h := range d.headings {
		e.int(h.Level)
		e.str(h.ID)
		e.str(h.Text)
	}
	e.int(len(d.links))
	for _, ln := range d.links {
		e.str(ln.Dest)
		e.str(ln.Path)
		e.str(ln.Fragment)
		e.bool(ln.Image)
		e.int(ln.Link.Line)
		e.int(ln.Link.Col)
		e.int(ln.line)
		e.int(ln.col)
	}
	e.int(len(d.diags))
	for _, g := range d.diags {
		e.str(g.File)
		e.int(g.Line)
		e.int(g.Col)
		e.str(g.Msg)
		e.bool(g.Warning)
	}
	return e.b
}

var errDocs = errors.New("damaged docs record")

type docsDecoder struct {
	b   []byte
	err error
}

func (d *docsDecoder) int() int {
	n, k := binary.Varint(d.b)
	if k <= 0 {
		d.err, d.b = errDocs, nil
		return 0
	}
	d.b = d.b[k:]
	return int(n)
}

func (d *docsDecoder) str() string {
	n := d.int()
	if n < 0 || n > len(d.b) {
		d.err, d.b = errDocs, nil
		return ""
	}
	if n == 0 {
		return ""
	}
	// A view of the record, not a copy: the store's data never changes
	// (see cache.ReadStore), and a playbook's texts are megabytes.
	s := unsafe.String(&d.b[0], n)
	d.b = d.b[n:]
	return s
}

func (d *docsDecoder) bool() bool {
	if len(d.b) == 0 {
		d.err = errDocs
		return false
	}
	v := d.b[0] == 1
	d.b = d.b[1:]
	return v
}

// count reads a length of a list whose items take at least min bytes each.
func (d *docsDecoder) count(min int) int {
	n := d.int()
	if n < 0 || n > len(d.b)/min {
		d.err, d.b = errDocs, nil
		return 0
	}
	return n
}

func decodeDocs(b []byte) (*docs, error) {
	dec := &docsDecoder{b: b}
	out := &docs{text: dec.str()}
	for range dec.count(3) {
		out.headings = append(out.headings, markdown.Heading{Level: dec.int(), ID: dec.str(), Text: dec.str()})
	}
	for range dec.count(9) {
		t := &markdown.Target{Dest: dec.str(), Path: dec.str(), Fragment: dec.str(), Image: dec.bool()}
		ln := fileLink{Link: markdown.Link{Target: t, Line: dec.int(), Col: dec.int()}}
		ln.line, ln.col = dec.int(), dec.int()
		out.links = append(out.links, ln)
		out.targets = append(out.targets, t)
	}
	for range dec.count(5) {
		out.diags = append(out.diags, diag.Diagnostic{File: dec.str(), Line: dec.int(), Col: dec.int(), Msg: dec.str(), Warning: dec.bool()})
	}
	if dec.err != nil || len(dec.b) != 0 {
		return nil, errDocs
	}
	return out, nil
}
