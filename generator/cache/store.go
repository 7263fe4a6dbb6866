package cache

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"sync"
	"sync/atomic"
)

// Store is what one build keeps on disk for the next: for each key, the
// sum of what it made (an output file's bytes) and, for some kinds, the
// made thing itself, encoded. A key names exactly the inputs of what it was
// made from, so a record is true whichever build made it.
//
// A build reads the previous build's store, takes what it can (Get), adds
// what it makes (Put), and writes the records it used or made: the rest
// is dropped, so the store holds about one build's worth.
type Store struct {
	ready   atomic.Bool   // set once the records are in (Later)
	wait    chan struct{} // closed then
	version string
	old     map[Key]Record
	mu      sync.Mutex
	next    map[Key]Record
	hits    int
	kept    map[string]int // hits by kind
	changed bool           // a record was made that the previous build did not have
}

// Record is what a build kept of one thing it made.
type Record struct {
	Sum  uint64 // of the output file's bytes; 0 when none
	Data []byte // the thing itself, encoded; nil when only its file is kept
	// Encode, when Data is nil, encodes the thing when the store is
	// written: what is kept alive anyway is not held twice meanwhile.
	Encode func() []byte
}

// NewStore starts a store with no records: a build without a cache, or
// whose cache could not be read. version is what the records depend on
// besides their keys (Playbook's build): a store made by another version
// is not taken.
func NewStore(version string) *Store {
	return &Store{version: version, old: map[Key]Record{}, next: map[Key]Record{}}
}

// Later returns a store that read makes in the background (reading the
// previous build's file takes tens of milliseconds at 10,000 pages, while
// the build has other things to read first); its methods wait for it.
func Later(read func() *Store) *Store {
	s := &Store{wait: make(chan struct{})}
	go func() {
		r := read()
		s.version, s.old, s.next = r.version, r.old, r.next
		s.ready.Store(true)
		close(s.wait)
	}()
	return s
}

// await waits until a store made by Later has its records.
func (s *Store) await() {
	if s.wait != nil && !s.ready.Load() {
		<-s.wait
	}
}

// Get returns the record of the previous build for k, and carries it into
// the next.
func (s *Store) Get(k Key) (Record, bool) {
	if s == nil {
		return Record{}, false
	}
	s.await()
	r, ok := s.old[k]
	if ok {
		s.mu.Lock()
		s.next[k] = r
		s.hits++
		if s.kept == nil {
			s.kept = map[string]int{}
		}
		s.kept[k.Kind]++
		s.mu.Unlock()
	}
	return r, ok
}

// Tally counts one thing of kind kept in part (Kept reports it with the
// records taken whole): a page whose sidebar alone was made anew.
func (s *Store) Tally(kind string) {
	if s == nil {
		return
	}
	s.await()
	s.mu.Lock()
	if s.kept == nil {
		s.kept = map[string]int{}
	}
	s.kept[kind]++
	s.mu.Unlock()
}

// Put records what this build made for k.
func (s *Store) Put(k Key, r Record) {
	if s == nil {
		return
	}
	s.await()
	s.mu.Lock()
	if old, ok := s.old[k]; !ok || old.Sum != r.Sum || r.Encode != nil || !bytes.Equal(old.Data, r.Data) {
		s.changed = true
	}
	s.next[k] = r
	s.mu.Unlock()
}

// Changed reports whether the next build's store differs from the
// previous one's: a record was made, or one was not used.
func (s *Store) Changed() bool {
	s.await()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed || len(s.next) != len(s.old)
}

// Hits counts the records taken from the previous build.
func (s *Store) Hits() int {
	if s == nil {
		return 0
	}
	s.await()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits
}

// The store's file: a header line naming the format and the version, then
// the records: kind, key, sum, data (lengths as varints), and last the hash
// of all that, so a damaged file is known.
const (
	storeMagic  = "playbook cache 3\n"
	storeFamily = "playbook cache " // any format's first words
)

// Encode is the store's file: the records of this build.
func (s *Store) Encode() []byte {
	var b bytes.Buffer
	s.WriteTo(&b)
	return b.Bytes()
}

// WriteTo writes the store's file (see Encode) to w, a piece at a time:
// at 10,000 pages it is tens of megabytes, and the records that encode
// themselves (Record.Encode) are encoded only here.
func (s *Store) WriteTo(w io.Writer) (int64, error) {
	s.await()
	s.mu.Lock()
	defer s.mu.Unlock()
	cw := &checksummed{w: w}
	var b []byte
	b = append(b, storeMagic...)
	b = binary.AppendUvarint(b, uint64(len(s.version)))
	b = append(b, s.version...)
	var data []byte
	for k, r := range s.next {
		data = r.Data
		if data == nil && r.Encode != nil {
			data = r.Encode()
		}
		b = binary.AppendUvarint(b, uint64(len(k.Kind)))
		b = append(b, k.Kind...)
		b = binary.LittleEndian.AppendUint64(b, k.Hash)
		b = binary.LittleEndian.AppendUint64(b, r.Sum)
		b = binary.AppendUvarint(b, uint64(len(data)))
		if len(b)+len(data) > checksumChunk {
			cw.Write(b)
			cw.Write(data)
			b = b[:0]
		} else {
			b = append(b, data...)
		}
	}
	cw.Write(b)
	return cw.close()
}

// The store's checksum: CRC-32C of its bytes, which the processor computes
// (SSE4.2, ARMv8) several times faster than a 64-bit hash of the same 45 MB
// at 10,000 pages; it is there to find a damaged file, not a forged one.
// The file is written checksumChunk bytes at a time.
const checksumChunk = 1 << 20

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

type checksummed struct {
	w   io.Writer
	buf []byte
	crc uint32
	n   int64
	err error
}

func (c *checksummed) Write(p []byte) {
	c.crc = crc32.Update(c.crc, castagnoli, p)
	for len(p) > 0 {
		if len(c.buf) == 0 && len(p) >= checksumChunk {
			c.write(p[:checksumChunk]) // no copy of a whole chunk
			p = p[checksumChunk:]
			continue
		}
		k := min(len(p), checksumChunk-len(c.buf))
		c.buf = append(c.buf, p[:k]...)
		p = p[k:]
		if len(c.buf) == checksumChunk {
			c.write(c.buf)
			c.buf = c.buf[:0]
		}
	}
}

func (c *checksummed) write(p []byte) {
	if c.err == nil {
		var n int
		n, c.err = c.w.Write(p)
		c.n += int64(n)
	}
}

func (c *checksummed) close() (int64, error) {
	if len(c.buf) > 0 {
		c.write(c.buf)
	}
	c.write(binary.LittleEndian.AppendUint64(nil, uint64(c.crc)))
	return c.n, c.err
}

// checksum is what checksummed writes after body.
func checksum(body []byte) uint64 { return uint64(crc32.Checksum(body, castagnoli)) }

// ErrForeign is a cache file that is not Playbook's, or is damaged.
var ErrForeign = errors.New("not a Playbook build cache, or a damaged one")

// ErrVersion is a cache made by another version of Playbook.
var ErrVersion = errors.New("made by another version of Playbook")

// ReadStore takes the records of a store's file. The records' data point
// into data, which must not change afterwards. On any error the store is
// empty (and the error says why).
func ReadStore(data []byte, version string) (*Store, error) {
	s := NewStore(version)
	if !bytes.HasPrefix(data, []byte(storeMagic)) {
		if bytes.HasPrefix(data, []byte(storeFamily)) {
			return s, fmt.Errorf("%w (another format of the cache)", ErrVersion)
		}
		return s, ErrForeign
	}
	// Whose it is first: a cache another Playbook wrote may not be read
	// the way this one reads.
	if v, k := binary.Uvarint(data[len(storeMagic):]); k > 0 && v <= uint64(len(data)) {
		if rest := data[len(storeMagic)+k:]; uint64(len(rest)) >= v && string(rest[:v]) != version {
			return s, fmt.Errorf("%w (%.40q, this is %.40q)", ErrVersion, rest[:v], version)
		}
	}
	if len(data) < len(storeMagic)+8 {
		return s, ErrForeign
	}
	body := data[:len(data)-8]
	if checksum(body) != binary.LittleEndian.Uint64(data[len(body):]) {
		return s, ErrForeign
	}
	old, err := parseRecords(body[len(storeMagic):], version)
	if err != nil {
		return s, err
	}
	s.old = old
	return s, nil
}

// parseRecords reads the version and records of a store's file.
func parseRecords(rest []byte, version string) (map[Key]Record, error) {
	field := func() ([]byte, error) {
		n, k := binary.Uvarint(rest)
		if k <= 0 || uint64(len(rest)-k) < n {
			return nil, ErrForeign
		}
		f := rest[k : k+int(n) : k+int(n)]
		rest = rest[k+int(n):]
		return f, nil
	}
	v, err := field()
	if err != nil {
		return nil, err
	}
	if string(v) != version {
		return nil, fmt.Errorf("%w (%.40q, this is %.40q)", ErrVersion, v, version)
	}
	old := map[Key]Record{}
	for len(rest) > 0 {
		kind, err := field()
		if err != nil || len(rest) < 16 {
			return nil, ErrForeign
		}
		k := Key{Kind: string(kind), Hash: binary.LittleEndian.Uint64(rest)}
		sum := binary.LittleEndian.Uint64(rest[8:])
		rest = rest[16:]
		d, err := field()
		if err != nil {
			return nil, err
		}
		if len(d) == 0 {
			d = nil
		}
		old[k] = Record{Sum: sum, Data: d}
	}
	return old, nil
}

// Kept counts, by kind, the records taken from the previous build.
func (s *Store) Kept() map[string]int {
	return s.count(func(m map[string]int) { maps.Copy(m, s.kept) })
}

// Made counts, by kind, the records this build made that the previous
// build did not have: what it could not reuse.
func (s *Store) Made() map[string]int {
	return s.count(func(m map[string]int) {
		for k, r := range s.next {
			if old, ok := s.old[k]; !ok || old.Sum != r.Sum {
				m[k.Kind]++
			}
		}
	})
}

// count returns the counts fill makes under the store's lock (none for a
// nil store).
func (s *Store) count(fill func(m map[string]int)) map[string]int {
	m := map[string]int{}
	if s == nil {
		return m
	}
	s.await()
	s.mu.Lock()
	defer s.mu.Unlock()
	fill(m)
	return m
}
