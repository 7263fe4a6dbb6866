package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
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
	docsPerChunk = 4
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
	h := fnv.New32a()
	h.Write([]byte(word))
	return int(h.Sum32() % uint32(shards))
}

// foldText lower-cases text and turns full-width ASCII into ASCII, as
// search.js folds a query.
func foldText(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		return unicode.ToLower(r)
	}, s)
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
// ("p:huishou"), and runs of their initials ("i:hszk").
func pinyinWords(syllables []string, add func(wordKey)) {
	const most = 6
	for s := range syllables {
		joined, initials := "", ""
		for e := s; e < len(syllables) && e-s < most; e++ {
			joined += syllables[e]
			initials += syllables[e][:1]
			add(wordKey{word: "p:" + joined})
			if e > s {
				add(wordKey{word: "i:" + initials})
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
		v := uint32(d - prev)
		prev = d
		for v >= 32 {
			b = append(b, varint64[32|v&31])
			v >>= 5
		}
		b = append(b, varint64[v], varint64[masks[i]])
	}
	return b
}

// shardedIndex writes a language's index as shards.
func shardedIndex(data searchData, vocabulary []string) ([]searchFile, error) {
	n := len(data.Pages)
	shards := shardCount(n)
	type posting struct {
		docs  []int32
		masks []uint8
	}
	words := map[wordKey]*posting{}
	for i, e := range data.Pages {
		doc := int32(i)
		mark := func(field uint8) func(wordKey) {
			return func(w wordKey) {
				p := words[w]
				if p == nil {
					p = &posting{}
					words[w] = p
				}
				if k := len(p.docs) - 1; k >= 0 && p.docs[k] == doc {
					p.masks[k] |= field
					return
				}
				p.docs = append(p.docs, doc)
				p.masks = append(p.masks, field)
			}
		}
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
	type named struct {
		name string
		p    *posting
	}
	byShard := make([][]named, shards)
	for w, p := range words {
		name := w.String()
		k := shardOf(name, shards)
		byShard[k] = append(byShard[k], named{name, p})
	}
	var files []searchFile
	for k, ws := range byShard {
		slices.SortFunc(ws, func(a, b named) int { return strings.Compare(a.name, b.name) })
		var b bytes.Buffer
		fmt.Fprintf(&b, "window.PLAYBOOK_SEARCH_T(%d,{", k)
		for i, w := range ws {
			if i > 0 {
				b.WriteByte(',')
			}
			name, _ := json.Marshal(w.name)
			b.Write(name)
			b.WriteString(`:"`)
			b.Write(appendPostings(nil, w.p.docs, w.p.masks))
			b.WriteByte('"')
		}
		b.WriteString("});\n")
		files = append(files, searchFile{fmt.Sprintf("t/%d.js", k), b.Bytes()})
	}
	for k := 0; k*docsPerChunk < n; k++ {
		var b bytes.Buffer
		fmt.Fprintf(&b, "window.PLAYBOOK_SEARCH_D(%d,[", k)
		for i := k * docsPerChunk; i < min(n, (k+1)*docsPerChunk); i++ {
			e := data.Pages[i]
			if len(e.Text) > chunkText {
				cut := chunkText
				for cut > 0 && !utf8.RuneStart(e.Text[cut]) {
					cut--
				}
				e.Text = e.Text[:cut]
			}
			entry, err := json.Marshal(e)
			if err != nil {
				return nil, err
			}
			if i > k*docsPerChunk {
				b.WriteByte(',')
			}
			b.Write(entry)
		}
		b.WriteString("]);\n")
		files = append(files, searchFile{fmt.Sprintf("d/%d.js", k), b.Bytes()})
	}
	head, err := json.Marshal(struct {
		searchData
		Vocabulary []string `json:"vocab"`
		Shards     int      `json:"shards"`
		Chunk      int      `json:"chunk"`
		N          int      `json:"n"`
	}{data, vocabulary, shards, docsPerChunk, n})
	if err != nil {
		return nil, err
	}
	files = append(files, searchFile{"index.js", append(append([]byte("window.PLAYBOOK_SEARCH="), head...), ";\n"...)})
	return files, nil
}
