package site

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"playbook/generator/cache"
	"playbook/generator/diag"
	"playbook/generator/model"
	"playbook/generator/pinyin"
)

type searchEntry struct {
	Title    string   `json:"t"`
	URL      string   `json:"u"`
	Section  string   `json:"s,omitempty"`
	Headings string   `json:"h,omitempty"` // one per line: id, tab, text (just the text when it is the id)
	Tags     []string `json:"g,omitempty"`
	Summary  string   `json:"m,omitempty"`
	Pinyin   string   `json:"p,omitempty"` // the title's and each tag's syllables, spaced, "|" between them
	Text     string   `json:"x"`
}

// searchData is everything search/index.js holds.
type searchData struct {
	Synonyms [][]string        `json:"syn"`
	Pinyin   map[string]string `json:"py"` // each synonym's syllables: a pinyin query finds its group
	Pages    []searchEntry     `json:"-"`
}

// searchIndex is a script, not JSON: pages opened from file:// may load
// scripts but not fetch files.
func searchIndex(data searchData, w io.Writer) error {
	head, err := json.Marshal(data)
	if err != nil {
		return err
	}
	// {"syn":…,"py":…} gains the pages, written one by one.
	if _, err := fmt.Fprintf(w, `window.PLAYBOOK_SEARCH=%s,"pages":[`, head[:len(head)-1]); err != nil {
		return err
	}
	for i, e := range data.Pages {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if i > 0 {
			b = append([]byte{','}, b...)
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	_, err = io.WriteString(w, "]};\n")
	return err
}

var chineseDigits = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九"}

// searchSynonyms are the site's synonym groups and one group per step of
// the method: its title, 第N步, 第三步 and "step N" find each other.
func searchSynonyms(s *model.Site) [][]string {
	groups := slices.Clone(s.Config.Search.Synonyms)
	for _, p := range s.Pages {
		if st := p.Step; st != nil && st.Index < len(chineseDigits) {
			n := st.Index + 1
			groups = append(groups, []string{p.Title, fmt.Sprintf("第%d步", n), "第" + chineseDigits[st.Index] + "步", fmt.Sprintf("step %d", n)})
		}
	}
	return groups
}

// searchEntries is what search knows of each page, and of the site.
func searchEntries(s *model.Site) searchData {
	out := make([]searchEntry, len(s.Pages))
	for i, p := range s.Pages {
		e := searchEntry{Title: p.Title, URL: p.Href(""), Text: p.Text, Tags: p.Tags, Summary: p.Summary}
		if top := p.TopSection(); top != nil && top.Index != p {
			e.Section = top.Title()
		}
		var hs strings.Builder
		for _, h := range p.Headings {
			if h.ID != h.Text { // Chinese headings are their own ids
				hs.WriteString(h.ID + "\t")
			}
			hs.WriteString(h.Text + "\n")
		}
		e.Headings = hs.String()
		if p.Objection != nil {
			e.Text = p.Objection.Objection + " " + e.Text
		}
		if p.Step != nil {
			e.Text = p.Step.Start + " " + p.Step.End + " " + e.Text
			// what the page shows of the people at this step
			if c := s.Coaching; !c.Empty() {
				var b strings.Builder
				for _, r := range c.RolesAt(p.Step.ID) {
					b.WriteString(" " + r.Name + " " + r.Steps[p.Step.ID])
				}
				for _, st := range c.Styles {
					b.WriteString(" " + st.Name + " " + st.Do + " " + st.Avoid)
				}
				e.Text += b.String()
			}
		}
		var py []string
		for _, name := range append([]string{p.Title}, p.Tags...) {
			py = append(py, strings.Join(pinyin.Syllables(name), " "))
		}
		e.Pinyin = strings.Join(py, "|")
		out[i] = e
	}
	data := searchData{Synonyms: searchSynonyms(s), Pinyin: map[string]string{}, Pages: out}
	for _, g := range data.Synonyms {
		for _, w := range g {
			if syl := pinyin.Syllables(w); len(syl) > 0 && w != strings.Join(syl, " ") {
				data.Pinyin[w] = strings.Join(syl, " ")
			}
		}
	}
	return data
}

// searchKey hashes everything the search index holds.
func searchKey(data searchData) uint64 {
	h := cache.NewHasher()
	for _, g := range data.Synonyms {
		h.Strings(g...).Strings("\x00")
	}
	for _, e := range data.Pages {
		h.Strings(e.Title, e.URL, e.Section, e.Headings, e.Summary, e.Pinyin, e.Text).Strings(e.Tags...).Strings("\x00")
	}
	return h.Sum()
}

// searchIndexes registers the language's search index, made lazily: one
// script, or past shardAt pages its shards (made once per render, whichever
// is asked for first).
func (cx *context) searchIndexes(lazy *sync.WaitGroup) {
	s, dir := cx.site, cx.site.Home.URL
	building := cx.store() != nil
	// When building, the files the build before last made of the same
	// entries are kept: the entries and their hash are needed first.
	var entries searchData
	var key uint64
	entriesOnce := sync.OnceFunc(func() {
		entries = searchEntries(s)
		key = searchKey(entries)
		if len(s.Pages) > shardAt {
			key = cache.NewHasher().Uint64(key).Strings(searchVocabulary(s)...).Sum()
		}
	})
	register := func(name string, make func(w io.Writer) error) {
		var err error
		if building {
			entriesOnce()
			err = cx.lazyKept(dir+"search/"+name, cache.Key{Kind: "site.search", Hash: key}, make)
		} else {
			err = cx.out.Lazy(dir+"search/"+name, make)
		}
		if err != nil {
			cx.fail(diag.Diagnostic{File: dir + "search/" + name, Msg: err.Error()})
		}
	}
	if len(s.Pages) <= shardAt {
		lazy.Go(func() {
			register("index.js", func(w io.Writer) error {
				entriesOnce()
				return cached(w, cx.cache, cache.Key{Kind: "site.search", Hash: key}, func(w io.Writer) error { return searchIndex(entries, w) })
			})
		})
		return
	}
	if building {
		lazy.Go(func() { cx.buildShards(dir) })
		return
	}
	files := sync.OnceValues(func() (map[string][]byte, error) {
		entriesOnce()
		v, err := cx.cache.Do(cache.Key{Kind: "site.search", Hash: key}, func() (any, error) {
			list, err := shardedIndex(entries, searchVocabulary(s))
			if err != nil {
				return nil, err
			}
			m := make(map[string][]byte, len(list))
			for _, f := range list {
				m[f.Name] = f.Data
			}
			return m, nil
		})
		if err != nil {
			return nil, err
		}
		return v.(map[string][]byte), nil
	})
	names := []string{"index.js"}
	for k := range shardCount(len(s.Pages)) {
		names = append(names, "t/"+strconv.Itoa(k)+".js")
	}
	for k := 0; k*docsPerChunk < len(s.Pages); k++ {
		names = append(names, "d/"+strconv.Itoa(k)+".js")
	}
	lazy.Go(func() {
		for _, name := range names {
			register(name, func(w io.Writer) error {
				m, err := files()
				if err != nil {
					return err
				}
				_, err = w.Write(m[name])
				return err
			})
		}
	})
}

// buildShards writes a sharded index when building, from what the build
// before kept: its word shards are updated with the words of the pages
// that changed (when few did), each entry chunk is kept unless its pages
// changed, and the files that come out as they were are not rewritten.
func (cx *context) buildShards(dir string) {
	s, store := cx.site, cx.store()
	fail := func(name string, err error) {
		cx.fail(diag.Diagnostic{File: dir + "search/" + name, Msg: err.Error()})
	}
	data := searchEntries(s)
	var ranks string
	data.Pages, ranks = byURL(data.Pages)
	n, shards := len(data.Pages), shardCount(len(data.Pages))
	vocab := searchVocabulary(s)
	headKey := cache.NewHasher().Uint64(uint64(n), uint64(shards)).Strings(ranks)
	for _, g := range data.Synonyms {
		headKey.Strings(g...).Strings("\x00")
	}
	if err := cx.lazyKept(dir+"search/index.js", cache.Key{Kind: "site.search.head", Hash: headKey.Strings(vocab...).Sum()}, func(w io.Writer) error {
		f, err := headFile(data, vocab, ranks)
		if err == nil {
			_, err = w.Write(f.Data)
		}
		return err
	}); err != nil {
		fail("index.js", err)
	}
	// Each page's words are hashed once: for its chunk's key and the shards'.
	hashes := make([]uint64, n)
	for i := range data.Pages {
		hashes[i] = wordsHash(&data.Pages[i])
	}
	for k := 0; k*docsPerChunk < n; k++ {
		h := cache.NewHasher().Uint64(uint64(k))
		for i := k * docsPerChunk; i < min(n, (k+1)*docsPerChunk); i++ {
			h.Uint64(hashes[i]).Strings(data.Pages[i].URL, data.Pages[i].Section)
		}
		name := "d/" + strconv.Itoa(k) + ".js"
		if err := cx.lazyKept(dir+"search/"+name, cache.Key{Kind: "site.search.chunk", Hash: h.Sum()}, func(w io.Writer) error {
			f, err := chunkFile(k, data.Pages)
			if err == nil {
				_, err = w.Write(f.Data)
			}
			return err
		}); err != nil {
			fail(name, err)
		}
	}
	// The word shards: from the build before's, when few pages changed.
	stateKey := cache.Key{Kind: "site.search.state", Hash: cache.NewHasher().Strings(dir).Sum()}
	var set shardSet
	same := false // no page's words changed: the state is kept as it was
	if rec, ok := store.Get(stateKey); ok {
		if old, oldHashes, err := decodeShardState(rec.Data); err == nil && len(old) == shards && len(oldHashes) == n {
			var changed []int32
			for i := range hashes {
				if hashes[i] != oldHashes[i] {
					changed = append(changed, int32(i))
				}
			}
			switch {
			case len(changed) == 0:
				set, same = old, true
			case len(changed) <= n/8:
				set = old.update(data.Pages, changed)
			}
		}
	}
	if set == nil {
		set = buildShards(data.Pages, shards)
	}
	if !same {
		store.Put(stateKey, cache.Record{Data: encodeShardState(set, hashes)})
	}
	// Each shard is kept when its words are as they were.
	for k, ws := range set {
		h := cache.NewHasher().Uint64(uint64(k))
		for _, w := range ws {
			h.Strings(w.name).Bytes(w.post)
		}
		name := "t/" + strconv.Itoa(k) + ".js"
		if err := cx.lazyKept(dir+"search/"+name, cache.Key{Kind: "site.search.shard", Hash: h.Sum()}, func(w io.Writer) error {
			_, err := w.Write(shardFile(k, ws).Data)
			return err
		}); err != nil {
			fail(name, err)
		}
	}
}

// searchVocabulary are the names a sharded index gives search.js for
// cutting Chinese queries into words: tags, section and step titles.
func searchVocabulary(s *model.Site) []string {
	seen := map[string]bool{}
	var out []string
	add := func(w string) {
		if w = strings.TrimSpace(w); w != "" && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, t := range s.Tags {
		add(t.Name)
	}
	for _, p := range s.Steps {
		add(p.Title)
	}
	var walk func(sec *model.Section)
	walk = func(sec *model.Section) {
		add(sec.Title())
		for _, sub := range sec.Sections {
			walk(sub)
		}
	}
	walk(s.Root)
	return out
}
