// Package cache keeps what Playbook's renderers made, between the builds of
// one process (playbook serve), keyed by a hash of exactly what each thing was
// made from. The hashes come from the loaded project's content hashes, never
// from the disk, so a key can never disagree with what was rendered: the same
// key means the same inputs, and so the same output.
package cache

import (
	"encoding/binary"
	"math/bits"
	"sync"
	"unsafe"
)

// Key names one cached thing: what kind it is and the hash of its inputs.
type Key struct {
	Kind string
	Hash uint64
}

// Cache is safe for concurrent use. A nil *Cache caches nothing.
type Cache struct {
	mu      sync.Mutex
	gen     uint64
	entries map[Key]*entry
	made    map[string]int // values made, by kind
}

type entry struct {
	once sync.Once
	val  any
	err  error
	used uint64 // the generation that last used it
}

// New makes an empty cache.
func New() *Cache { return &Cache{entries: map[Key]*entry{}, made: map[string]int{}} }

// Get returns the value made for k by an earlier Do or Put.
func (c *Cache) Get(k Key) (any, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	e, ok := c.entries[k]
	if ok {
		e.used = c.gen
	}
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	e.once.Do(func() {}) // wait for a Do under way
	if e.err != nil {
		return nil, false
	}
	return e.val, true
}

// Put stores v for k.
func (c *Cache) Put(k Key, v any) {
	if c == nil {
		return
	}
	e := &entry{val: v}
	e.once.Do(func() {})
	c.mu.Lock()
	e.used = c.gen
	c.entries[k] = e
	c.made[k.Kind]++
	c.mu.Unlock()
}

// Do returns the value for k, making it with make the first time. Callers
// that ask for the same key at once share one call. Errors are kept too: the
// same inputs fail the same way.
func (c *Cache) Do(k Key, make func() (any, error)) (any, error) {
	if c == nil {
		return make()
	}
	c.mu.Lock()
	e, ok := c.entries[k]
	if !ok {
		e = &entry{}
		c.entries[k] = e
	}
	e.used = c.gen
	c.mu.Unlock()
	e.once.Do(func() {
		e.val, e.err = make()
		c.mu.Lock()
		c.made[k.Kind]++
		c.mu.Unlock()
	})
	return e.val, e.err
}

// Made counts the values of a kind made so far (not found in the cache).
func (c *Cache) Made(kind string) int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.made[kind]
}

// Sweep ends a build: what neither this build nor the one before used is
// dropped, so the cache holds about two builds' worth.
func (c *Cache) Sweep() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		if e.used+1 < c.gen {
			delete(c.entries, k)
		}
	}
	c.gen++
}

// Len is the number of entries.
func (c *Cache) Len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// Hasher builds a key's hash from the parts of what a thing is made from.
// Each part is length-prefixed, so ("ab","c") and ("a","bc") differ. The
// hash is the same in every process: wyhash's steps (see hash.go) applied
// to the parts as they come, 96 bytes at a time, so no part is copied
// twice and nothing grows.
type Hasher struct {
	seed, see1, see2 uint64 // wyhash's three lanes
	buf              [96]byte
	n                int    // bytes in buf
	total            uint64 // bytes written
}

// NewHasher starts a hash.
func NewHasher() *Hasher {
	seed := 1 ^ wymix(1^wyp0, wyp1)
	return &Hasher{seed: seed, see1: seed, see2: seed}
}

// blocks mixes the 48-byte blocks of p in.
func (h *Hasher) blocks(p []byte) {
	for off := 0; off+48 <= len(p); off += 48 {
		h.seed = wymix(r8(p, off)^wyp1, r8(p, off+8)^h.seed)
		h.see1 = wymix(r8(p, off+16)^wyp2, r8(p, off+24)^h.see1)
		h.see2 = wymix(r8(p, off+32)^wyp3, r8(p, off+40)^h.see2)
	}
}

// write adds bytes.
func (h *Hasher) write(p []byte) {
	h.total += uint64(len(p))
	for len(p) > 0 {
		k := copy(h.buf[h.n:], p)
		h.n += k
		p = p[k:]
		if h.n == len(h.buf) {
			h.blocks(h.buf[:])
			h.n = 0
		}
	}
}

// longPart is the length past which a part is hashed on its own and only
// its hash added: long parts go through wyhash's faster wide loop.
const longPart = 256

// Strings adds strings.
func (h *Hasher) Strings(parts ...string) *Hasher {
	for _, s := range parts {
		b := unsafe.Slice(unsafe.StringData(s), len(s))
		if len(s) > longPart {
			h.Uint64(uint64(len(s)), wyhash(b, 0))
			continue
		}
		h.Uint64(uint64(len(s)))
		h.write(b)
	}
	return h
}

// Bytes adds a byte slice.
func (h *Hasher) Bytes(b []byte) *Hasher {
	if len(b) > longPart {
		return h.Uint64(uint64(len(b)), wyhash(b, 0))
	}
	h.Uint64(uint64(len(b)))
	h.write(b)
	return h
}

// Uint64 adds numbers (hashes of other things, counts, flags).
func (h *Hasher) Uint64(ns ...uint64) *Hasher {
	for _, n := range ns {
		if h.n+8 <= len(h.buf) {
			binary.LittleEndian.PutUint64(h.buf[h.n:], n)
			h.n += 8
			h.total += 8
			if h.n == len(h.buf) {
				h.blocks(h.buf[:])
				h.n = 0
			}
			continue
		}
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], n)
		h.write(b[:])
	}
	return h
}

// Bool adds a flag.
func (h *Hasher) Bool(b bool) *Hasher {
	if b {
		return h.Uint64(1)
	}
	return h.Uint64(0)
}

// Sum is the hash.
func (h *Hasher) Sum() uint64 {
	seed := h.seed ^ h.see1 ^ h.see2
	rest := h.buf[:h.n]
	for len(rest) > 16 {
		seed = wymix(r8(rest, 0)^wyp1, r8(rest, 8)^seed)
		rest = rest[16:]
	}
	var tail [16]byte
	copy(tail[:], rest)
	a, b := r8(tail[:], 0)^wyp1, r8(tail[:], 8)^seed
	b, a = bits.Mul64(a, b)
	return wymix(a^wyp0^h.total, b^wyp1)
}

// Sum hashes data.
func Sum(data []byte) uint64 { return wyhash(data, 0) }
