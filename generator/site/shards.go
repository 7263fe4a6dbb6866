package site

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"playbook/generator/internal/par"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"playbook/generator/cache"
)

// A large playbook's search index would be megabytes that every search
// loads. Past shardAt pages it is split, as Pagefind does, into shards a
// query loads on demand, still as scripts so search works from file://:
//
//   - search/index.js: the synonyms, a small vocabulary and the shape of
//     the rest;
//   - search/t/<k>.js: for the words whose hash falls in shard k, the pages
//     that hold them (a word: a Chinese character or pair of characters, a
//     Latin word or number, a piece of a title's or tag's pinyin), each with
//     the fields it is in;
//   - search/d/<k>.js: the entries of pages k×docsPerChunk onward, whose
//     text the search ranks and quotes once the words have picked them.
//
// search.js derives the same words from a query, loads their shards, keeps
// the pages that hold every term, and loads only the best of those.
const (
	shardAt      = 1500 // pages of a language past which its index is split
	docsPerChunk = 8
	chunkText    = 1200 // bytes of a page's text kept in its chunk, for ranking and quoting
)

// Fields a word is found in: the weights search.js gives them follow.
const (
	inTitle = 1 << iota
	inHeading
	inTag
	inSummary
	inBody
	inPinyin
)

// searchFile is one file of the search index, below search/.
type searchFile struct {
	Name string
	Data []byte
}

// shardCount is the number of word shards for n pages: about 20 pages'
// words per shard, a power of two between 64 and 1024.
func shardCount(n int) int {
	s := 64
	for s < n/20 && s < 1024 {
		s *= 2
	}
	return s
}

// shardOf is the shard of a word: FNV-1a of its UTF-8 bytes (search.js
// computes the same).
func shardOf(word string, shards int) int {
	h := uint32(2166136261)
	for i := 0; i < len(word); i++ {
		h = (h ^ uint32(word[i])) * 16777619
	}
	return int(h % uint32(shards))
}

// foldText lower-cases text and turns full-width ASCII into ASCII, as
// search.js folds a query. Most text is Chinese and lower-case ASCII,
// which it returns as it is.
func foldText(s string) string {
	i := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || foldRune(r) != r {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	b = append(b, s[:i]...)
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if f := foldRune(r); f != r || r == utf8.RuneError {
			b = utf8.AppendRune(b, f) // a byte that is not UTF-8 becomes U+FFFD, as strings.Map makes it
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

func foldRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	case isCJKRune(r):
		return r
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	}
	return unicode.ToLower(r)
}

func isCJKRune(r rune) bool {
	return r >= 0x3400 && r <= 0x9fff || r >= 0xf900 && r <= 0xfaff
}

func isWordRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 0xc0 && r <= 0x24f || r == '-'
}

// wordKey is a word of the index: one or two Chinese characters packed
// into a number (cheap to hash: they are most of the words), or a string.
type wordKey struct {
	runes uint64 // a character, or pairBit | first<<21 | second
	word  string
}

const pairBit = 1 << 42

func (k wordKey) String() string {
	switch {
	case k.word != "":
		return k.word
	case k.runes&pairBit != 0:
		return string([]rune{rune(k.runes >> 21 & (1<<21 - 1)), rune(k.runes & (1<<21 - 1))})
	}
	return string(rune(k.runes))
}

// searchWords calls add with each word of text (folded): every Chinese
// character and pair of neighbouring characters, every Latin word or number
// (a hyphenated one also by its parts).
func searchWords(text string, add func(wordKey)) {
	text = foldText(text)
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case isCJKRune(r):
			j, prev := i, rune(-1)
			for j < len(text) {
				r, m := utf8.DecodeRuneInString(text[j:])
				if !isCJKRune(r) {
					break
				}
				add(wordKey{runes: uint64(r)})
				if prev >= 0 {
					add(wordKey{runes: pairBit | uint64(prev)<<21 | uint64(r)})
				}
				prev = r
				j += m
			}
			i = j
		case isWordRune(r):
			j := i
			for j < len(text) {
				r, m := utf8.DecodeRuneInString(text[j:])
				if !isWordRune(r) {
					break
				}
				j += m
			}
			word := strings.Trim(text[i:j], "-")
			if word != "" {
				add(wordKey{word: word})
				if strings.Contains(word, "-") {
					for _, part := range strings.Split(word, "-") {
						if part != "" {
							add(wordKey{word: part})
						}
					}
				}
			}
			i = j
		default:
			i += n
		}
	}
}

// pinyinWords calls add with the pieces of a name's pinyin a query may
// spell: the syllables from any syllable to any later one, joined
// ("p:huishou"), and runs of their initials ("i:hszk"). The words it gives
// add are made in one buffer, without an allocation each: add must copy a
// word's name to keep it.
func pinyinWords(syllables []string, add func(wordKey)) {
	const most = 6
	var joined, initials []byte
	view := func(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
	for s := range syllables {
		joined, initials = append(joined[:0], "p:"...), append(initials[:0], "i:"...)
		for e := s; e < len(syllables) && e-s < most; e++ {
			joined = append(joined, syllables[e]...)
			initials = append(initials, syllables[e][0])
			add(wordKey{word: view(joined)})
			if e > s {
				add(wordKey{word: view(initials)})
			}
		}
	}
}

// varint64 is the alphabet postings are written in: six bits a character.
const varint64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// appendPostings writes a word's pages: for each, the distance from the
// page before (five bits a character, the sixth saying more follows) and
// the fields it is in (one character).
func appendPostings(b []byte, docs []int32, masks []uint8) []byte {
	prev := int32(-1)
	for i, d := range docs {
		b = appendPosting(b, uint32(d-prev), masks[i])
		prev = d
	}
	return b
}

// appendPosting writes one page of a word: its distance from the page
// before, and its fields.
func appendPosting(b []byte, delta uint32, fields uint8) []byte {
	for delta >= 32 {
		b = append(b, varint64[32|delta&31])
		delta >>= 5
	}
	return append(b, varint64[delta], varint64[fields])
}

// shardWord is a word of a shard with its pages, as appendPostings wrote
// them.
type shardWord struct {
	name string
	post []byte
}

// shardSet is the words of a sharded index, each shard's sorted by name.
type shardSet [][]shardWord

// docWords calls add with each word of entry e and the field it is in. A
// word's name may be valid only during the call: add copies it to keep it.
func docWords(e *searchEntry, add func(w wordKey, field uint8)) {
	mark := func(field uint8) func(wordKey) { return func(w wordKey) { add(w, field) } }
	searchWords(e.Title, mark(inTitle))
	for _, line := range strings.Split(e.Headings, "\n") {
		if _, text, ok := strings.Cut(line, "\t"); ok {
			line = text
		}
		searchWords(line, mark(inHeading))
	}
	for _, t := range e.Tags {
		searchWords(t, mark(inTag))
	}
	searchWords(e.Summary, mark(inSummary))
	searchWords(e.Text, mark(inBody))
	for _, name := range strings.Split(e.Pinyin, "|") {
		if name != "" {
			pinyinWords(strings.Fields(name), mark(inPinyin))
		}
	}
}

// wordsHash hashes what docWords reads of e: equal hashes, equal words.
func wordsHash(e *searchEntry) uint64 {
	return cache.NewHasher().Strings(e.Title, e.Headings, e.Summary, e.Text, e.Pinyin).Strings(e.Tags...).Sum()
}

// posting is the pages a word is on, as appendPostings writes them (made
// in that form as the pages are read: a few bytes a page, where a number
// and a mask each would take five and grow twice), and the last of them.
type posting struct {
	last int32 // -1: none yet
	b    []byte
}

// add records that page doc holds the word in field; pages come in
// ascending order, a page's fields one after another.
func (p *posting) add(doc int32, field uint8) {
	if p.last == doc {
		k := len(p.b) - 1 // the page's fields, its last character
		p.b[k] = varint64[varintValue[p.b[k]]|field]
		return
	}
	p.b = appendPosting(p.b, uint32(doc-p.last), field)
	p.last = doc
}

// join appends q, whose pages all come after p's: its first page's
// distance is counted again from p's last, the rest is as it is.
func (p *posting) join(q *posting) {
	delta, fields, next, _ := nextPosting(q.b, 0)
	doc := delta - 1
	p.b = appendPosting(p.b, uint32(doc-p.last), fields)
	p.b = append(p.b, q.b[next:]...)
	p.last = q.last
}

// pageWords are the words of some pages: Chinese characters and pairs
// (most words) by number, other words by name; a map of numbers is the
// cheaper to look up, millions of times.
type pageWords struct {
	cjk   map[uint64]*posting
	named map[string]*posting
}

// findWords finds the words of pages[from:to].
func findWords(pages []searchEntry, from, to int) pageWords {
	f := pageWords{map[uint64]*posting{}, map[string]*posting{}}
	for i := from; i < to; i++ {
		doc := int32(i)
		docWords(&pages[i], func(w wordKey, field uint8) {
			var p *posting
			if w.word == "" {
				if p = f.cjk[w.runes]; p == nil {
					p = &posting{last: -1}
					f.cjk[w.runes] = p
				}
			} else if p = f.named[w.word]; p == nil {
				p = &posting{last: -1}
				f.named[strings.Clone(w.word)] = p
			}
			p.add(doc, field)
		})
	}
	return f
}

// buildShards finds every word of every page.
func buildShards(pages []searchEntry, shards int) shardSet {
	// Pages in as many runs as there are cores, each run's words found at
	// once; the runs' postings then follow one another, as their pages do.
	runs := par.Split(len(pages), 512)
	found := make([]pageWords, len(runs))
	par.Do(len(runs), func(r int) { found[r] = findWords(pages, runs[r][0], runs[r][1]) })
	cjk, named := found[0].cjk, found[0].named
	for _, f := range found[1:] {
		for r, p := range f.cjk {
			if q := cjk[r]; q != nil {
				q.join(p)
			} else {
				cjk[r] = p
			}
		}
		for w, p := range f.named {
			if q := named[w]; q != nil {
				q.join(p)
			} else {
				named[w] = p
			}
		}
	}
	set := make(shardSet, shards)
	add := func(name string, p *posting) {
		k := shardOf(name, shards)
		set[k] = append(set[k], shardWord{name, slices.Clip(p.b)})
	}
	for r, p := range cjk {
		add(wordKey{runes: r}.String(), p)
	}
	for w, p := range named {
		add(w, p)
	}
	for _, ws := range set {
		slices.SortFunc(ws, func(a, b shardWord) int { return strings.Compare(a.name, b.name) })
	}
	return set
}

// nextPosting reads the posting at b[i:]: the distance from the page
// before and the fields; ok is false at the end.
func nextPosting(b []byte, i int) (delta int32, fields uint8, next int, ok bool) {
	shift := 0
	for i < len(b) {
		c := varintValue[b[i]]
		i++
		delta |= int32(c&31) << shift
		shift += 5
		if c&32 == 0 {
			break
		}
	}
	if i >= len(b) {
		return 0, 0, i, false
	}
	return delta, varintValue[b[i]], i + 1, true
}

var varintValue = func() (t [256]uint8) {
	for i := range varint64 {
		t[varint64[i]] = uint8(i)
	}
	return t
}()

// holds reports whether postings b hold any of the sorted docs.
func holds(b []byte, docs []int32) bool {
	doc, j := int32(-1), 0
	for i := 0; j < len(docs); {
		delta, _, next, ok := nextPosting(b, i)
		if !ok {
			return false
		}
		doc, i = doc+delta, next
		for j < len(docs) && docs[j] < doc {
			j++
		}
		if j < len(docs) && docs[j] == doc {
			return true
		}
	}
	return false
}

// fresh is a changed page that holds a word, and the fields it is in.
type fresh struct {
	doc  int32
	mask uint8
}

// mergePostings rewrites a word's postings b: the pages gone (sorted)
// leave it, the pages of adds (sorted) come in or replace their entry.
// Entries before the first change and after the last are copied as they
// are: a page's edit rewrites the few bytes around it, not the word's
// whole list, which for a common word names most pages.
func mergePostings(b []byte, gone []int32, adds []fresh) []byte {
	out := make([]byte, 0, len(b)+8*len(adds))
	last := int32(-1) // the last page written to out
	put := func(d int32, m uint8) {
		out = appendPosting(out, uint32(d-last), m)
		last = d
	}
	doc, g, a := int32(-1), 0, 0
	for i := 0; ; {
		if a == len(adds) && g == len(gone) && last == doc {
			return append(out, b[i:]...) // nothing more changes
		}
		delta, fields, next, ok := nextPosting(b, i)
		if !ok {
			break
		}
		at := i
		doc, i = doc+delta, next
		for a < len(adds) && adds[a].doc < doc {
			put(adds[a].doc, adds[a].mask)
			a++
		}
		for g < len(gone) && gone[g] < doc {
			g++
		}
		switch {
		case a < len(adds) && adds[a].doc == doc:
			put(doc, adds[a].mask)
			a++
		case g < len(gone) && gone[g] == doc:
			// left the word
		case last == doc-delta:
			out, last = append(out, b[at:i]...), doc // as it was
		default:
			put(doc, fields)
		}
	}
	for ; a < len(adds); a++ {
		put(adds[a].doc, adds[a].mask)
	}
	return out
}

// update makes the set of pages whose entries changed at the places
// changed (sorted): their old words leave, their new words come in. The
// result is the set buildShards makes of pages.
func (set shardSet) update(pages []searchEntry, changed []int32) shardSet {
	shards := len(set)
	add := make([]map[string][]fresh, shards) // per shard: word -> the changed pages that now hold it
	for _, d := range changed {
		// A word's name is copied before a map keeps it: assigning to a
		// string key that is there stores the new string in its place.
		seen := map[wordKey]int{} // -> its place in order
		var order []wordKey
		var fields []uint8
		docWords(&pages[d], func(w wordKey, field uint8) {
			i, ok := seen[w]
			if !ok {
				w.word = strings.Clone(w.word)
				i = len(order)
				seen[w] = i
				order, fields = append(order, w), append(fields, 0)
			}
			fields[i] |= field
		})
		for i, w := range order {
			name := w.String()
			k := shardOf(name, shards)
			if add[k] == nil {
				add[k] = map[string][]fresh{}
			}
			add[k][name] = append(add[k][name], fresh{d, fields[i]})
		}
	}
	out := make(shardSet, shards)
	for k, ws := range set {
		var next []shardWord
		for _, w := range ws {
			adds := add[k][w.name]
			if adds == nil && !holds(w.post, changed) {
				next = append(next, w) // as it was
				continue
			}
			post := mergePostings(w.post, changed, adds)
			delete(add[k], w.name)
			if len(post) > 0 {
				next = append(next, shardWord{w.name, post})
			}
		}
		// words no page held before
		var news []shardWord
		for name, adds := range add[k] {
			docs := make([]int32, len(adds))
			masks := make([]uint8, len(adds))
			for i, a := range adds {
				docs[i], masks[i] = a.doc, a.mask
			}
			news = append(news, shardWord{name, appendPostings(nil, docs, masks)})
		}
		if len(news) > 0 {
			next = append(next, news...)
			slices.SortFunc(next, func(a, b shardWord) int { return strings.Compare(a.name, b.name) })
		}
		out[k] = next
	}
	return out
}

// shardFile is word shard k as search.js loads it.
func shardFile(k int, ws []shardWord) searchFile {
	var b bytes.Buffer
	n := 40
	for _, w := range ws {
		n += len(w.name) + len(w.post) + 6
	}
	b.Grow(n)
	fmt.Fprintf(&b, "window.PLAYBOOK_SEARCH_T(%d,{", k)
	for i, w := range ws {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, w.name)
		b.WriteString(`:"`)
		b.Write(w.post)
		b.WriteByte('"')
	}
	b.WriteString("});\n")
	return searchFile{fmt.Sprintf("t/%d.js", k), b.Bytes()}
}

// writeJSONString writes s as encoding/json does.
func writeJSONString(b *bytes.Buffer, s string) {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' && c != 0xe2 // 0xe2: U+2028, U+2029 begin so
	}
	if plain && utf8.ValidString(s) {
		b.WriteByte('"')
		b.WriteString(s)
		b.WriteByte('"')
		return
	}
	q, _ := json.Marshal(s)
	b.Write(q)
}

// chunkFile is entry chunk k as search.js loads it.
func chunkFile(k int, pages []searchEntry) (searchFile, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "window.PLAYBOOK_SEARCH_D(%d,[", k)
	for i := k * docsPerChunk; i < min(len(pages), (k+1)*docsPerChunk); i++ {
		e := pages[i]
		if len(e.Text) > chunkText {
			cut := chunkText
			for cut > 0 && !utf8.RuneStart(e.Text[cut]) {
				cut--
			}
			e.Text = e.Text[:cut]
		}
		entry, err := json.Marshal(e)
		if err != nil {
			return searchFile{}, err
		}
		if i > k*docsPerChunk {
			b.WriteByte(',')
		}
		b.Write(entry)
	}
	b.WriteString("]);\n")
	return searchFile{fmt.Sprintf("d/%d.js", k), b.Bytes()}, nil
}

// byURL numbers a sharded index's pages in the order of their URLs, not in
// reading order: a title edit that moves a page among its section's then
// changes the words and entries of that page alone, not the numbers of the
// pages it passed in every shard. It returns the pages so ordered and, for
// search.js to break ties with, each one's place in reading order written
// as postings are.
func byURL(pages []searchEntry) ([]searchEntry, string) {
	order := make([]int, len(pages))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(pages[a].URL, pages[b].URL) })
	out := make([]searchEntry, len(pages))
	var ranks []byte
	for i, k := range order {
		out[i] = pages[k]
		for v := uint32(k); ; v >>= 5 {
			if v < 32 {
				ranks = append(ranks, varint64[v])
				break
			}
			ranks = append(ranks, varint64[32|v&31])
		}
	}
	return out, string(ranks)
}

// headFile is search/index.js of a sharded index; ranks is byURL's.
func headFile(data searchData, vocabulary []string, ranks string) (searchFile, error) {
	n := len(data.Pages)
	head, err := json.Marshal(struct {
		searchData
		Vocabulary []string `json:"vocab"`
		Shards     int      `json:"shards"`
		Chunk      int      `json:"chunk"`
		N          int      `json:"n"`
		Ranks      string   `json:"o"`
	}{data, vocabulary, shardCount(n), docsPerChunk, n, ranks})
	if err != nil {
		return searchFile{}, err
	}
	return searchFile{"index.js", append(append([]byte("window.PLAYBOOK_SEARCH="), head...), ";\n"...)}, nil
}

// shardedIndex writes a language's index as shards.
func shardedIndex(data searchData, vocabulary []string) ([]searchFile, error) {
	var ranks string
	data.Pages, ranks = byURL(data.Pages)
	n := len(data.Pages)
	var files []searchFile
	for k, ws := range buildShards(data.Pages, shardCount(n)) {
		files = append(files, shardFile(k, ws))
	}
	for k := 0; k*docsPerChunk < n; k++ {
		f, err := chunkFile(k, data.Pages)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	head, err := headFile(data, vocabulary, ranks)
	if err != nil {
		return nil, err
	}
	return append(files, head), nil
}

// encodeShardState is what a build keeps of its word shards for the next:
// each page's wordsHash, then each shard's words and postings.
func encodeShardState(set shardSet, hashes []uint64) []byte {
	n := 16 + 8*len(hashes)
	for _, ws := range set {
		for _, w := range ws {
			n += len(w.name) + len(w.post) + 4
		}
	}
	b := make([]byte, 0, n)
	b = binary.AppendUvarint(b, uint64(len(hashes)))
	for _, h := range hashes {
		b = binary.LittleEndian.AppendUint64(b, h)
	}
	b = binary.AppendUvarint(b, uint64(len(set)))
	for _, ws := range set {
		b = binary.AppendUvarint(b, uint64(len(ws)))
		for _, w := range ws {
			b = binary.AppendUvarint(b, uint64(len(w.name)))
			b = append(b, w.name...)
			b = binary.AppendUvarint(b, uint64(len(w.post)))
			b = append(b, w.post...)
		}
	}
	return b
}

var errShardState = errors.New("damaged search state")

// decodeShardState reads encodeShardState's bytes. The words' names and
// postings point into b, which must not change.
func decodeShardState(b []byte) (shardSet, []uint64, error) {
	bad := false
	uv := func(most int) int { // a number no larger than most
		v, k := binary.Uvarint(b)
		if bad || k <= 0 || v > uint64(most) {
			bad = true
			return 0
		}
		b = b[k:]
		return int(v)
	}
	field := func() []byte {
		n := uv(len(b))
		if bad || n > len(b) {
			bad = true
			return nil
		}
		f := b[:n:n]
		b = b[n:]
		return f
	}
	n := uv(len(b) / 8)
	if bad || n > len(b)/8 {
		return nil, nil, errShardState
	}
	hashes := make([]uint64, n)
	for i := range hashes {
		hashes[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	b = b[8*n:]
	set := make(shardSet, uv(len(b)))
	for k := range set {
		ws := make([]shardWord, uv(len(b)/2))
		for i := range ws {
			name, post := field(), field()
			ws[i] = shardWord{unsafe.String(unsafe.SliceData(name), len(name)), post}
		}
		set[k] = ws
	}
	if bad || len(b) != 0 {
		return nil, nil, errShardState
	}
	return set, hashes, nil
}
