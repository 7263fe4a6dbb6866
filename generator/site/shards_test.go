package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// decodePostings reads a word's pages back, as search.js does.
func decodePostings(s string) (docs []int, masks []int) {
	val := func(c byte) int { return strings.IndexByte(varint64, c) }
	doc := -1
	for i := 0; i < len(s); {
		v, mul := 0, 1
		for {
			c := val(s[i])
			i++
			v += (c & 31) * mul
			mul *= 32
			if c&32 == 0 {
				break
			}
		}
		doc += v
		docs = append(docs, doc)
		masks = append(masks, val(s[i]))
		i++
	}
	return docs, masks
}

func TestSearchWords(t *testing.T) {
	var got []string
	searchWords("Step-by-step 需求树，SPIN 第3步 ＡＢＣ", func(w wordKey) { got = append(got, w.String()) })
	want := []string{"step-by-step", "step", "by", "step", "需", "求", "需求", "树", "求树", "spin", "第", "3", "步", "abc"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	got = nil
	pinyinWords([]string{"hui", "shou", "zhang"}, func(w wordKey) { got = append(got, strings.Clone(w.String())) })
	want = []string{"p:hui", "p:huishou", "i:hs", "p:huishouzhang", "i:hsz", "p:shou", "p:shouzhang", "i:sz", "p:zhang"}
	if !slices.Equal(got, want) {
		t.Errorf("pinyin: got %q\nwant %q", got, want)
	}
}

// A sharded index holds every word of every page with the fields it is
// in, each word in the shard its hash names, and every page's entry in its
// chunk.
func TestShardedIndex(t *testing.T) {
	var data searchData
	for i := range 300 {
		data.Pages = append(data.Pages, searchEntry{Title: fmt.Sprintf("页面 %d 定金", i), URL: fmt.Sprintf("p%03d/index.html", i),
			Headings: "h\t回款\n", Tags: []string{"合同"}, Summary: "摘要", Text: strings.Repeat("正文", 2000) + fmt.Sprint(" w", i%7)})
	}
	files, err := shardedIndex(data, []string{"合同"})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]string{}
	for _, f := range files {
		byName[f.Name] = string(f.Data)
	}
	shards := shardCount(300)
	if len(files) != 1+shards+(300+docsPerChunk-1)/docsPerChunk {
		t.Fatalf("%d files", len(files))
	}
	if !strings.Contains(byName["index.js"], `"shards":64`) || !strings.Contains(byName["index.js"], `"vocab":["合同"]`) {
		t.Errorf("head: %s", byName["index.js"])
	}
	entry := regexp.MustCompile(`"([^"]+)":"([^"]*)"`)
	found := map[string][2][]int{}
	for k := range shards {
		src := byName[fmt.Sprintf("t/%d.js", k)]
		if !strings.HasPrefix(src, fmt.Sprintf("window.PLAYBOOK_SEARCH_T(%d,{", k)) {
			t.Fatalf("shard %d: %.80s", k, src)
		}
		for _, m := range entry.FindAllStringSubmatch(src, -1) {
			if shardOf(m[1], shards) != k {
				t.Errorf("word %q is in shard %d, its hash says %d", m[1], k, shardOf(m[1], shards))
			}
			docs, masks := decodePostings(m[2])
			found[m[1]] = [2][]int{docs, masks}
		}
	}
	check := func(word string, n, mask int) {
		t.Helper()
		p, ok := found[word]
		if !ok || len(p[0]) != n {
			t.Errorf("%q: %d pages, want %d", word, len(p[0]), n)
			return
		}
		for i := range p[0] {
			if p[1][i] != mask || i > 0 && p[0][i] <= p[0][i-1] {
				t.Errorf("%q: page %d has fields %b, want %b", word, p[0][i], p[1][i], mask)
				return
			}
		}
	}
	check("定金", 300, inTitle)
	check("回款", 300, inHeading)
	check("合同", 300, inTag)
	check("正文", 300, inBody)
	check("w3", 43, inBody) // pages 3, 10, …
	check("299", 1, inTitle)
	if p := found["w3"][0]; p[0] != 3 || p[1] != 10 {
		t.Errorf("w3 is on pages %v", p[:2])
	}
	// Chunks hold the entries in order, text cut to chunkText on a character boundary.
	c := byName["d/2.js"]
	first, next := 2*docsPerChunk, 3*docsPerChunk
	if !strings.HasPrefix(c, "window.PLAYBOOK_SEARCH_D(2,[") || !strings.Contains(c, fmt.Sprintf(`"u":"p%03d/index.html"`, first)) ||
		!strings.Contains(c, fmt.Sprintf(`"u":"p%03d/index.html"`, next-1)) || strings.Contains(c, fmt.Sprintf(`"u":"p%03d/`, next)) {
		t.Errorf("chunk 2: %.200s", c)
	}
	if strings.Contains(c, "w1") || strings.Contains(c, "\ufffd") {
		t.Error("a chunk keeps more text than chunkText, or cuts a character")
	}
}

// A sharded index numbers pages by URL and gives search.js each one's
// place in reading order: a title edit that moves a page changes the
// shards of its own words and nothing else.
func TestShardsNumberPagesByURL(t *testing.T) {
	var pages []searchEntry
	for i := range 200 {
		pages = append(pages, searchEntry{Title: fmt.Sprintf("标题 %d", i), URL: fmt.Sprintf("s/%03d.html", 199-i), Text: fmt.Sprintf("正文 w%d 定金", i%9)})
	}
	files := func(pages []searchEntry) map[string]string {
		list, err := shardedIndex(searchData{Pages: pages}, nil)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, f := range list {
			m[f.Name] = string(f.Data)
		}
		return m
	}
	before := files(pages)
	o := regexp.MustCompile(`"o":"([^"]*)"`).FindStringSubmatch(before["index.js"])
	if o == nil {
		t.Fatalf("index.js has no reading order: %.300s", before["index.js"])
	}
	var ranks []int
	for i := 0; i < len(o[1]); {
		v, shift := 0, 0
		for {
			c := strings.IndexByte(varint64, o[1][i])
			i++
			v |= (c & 31) << shift
			shift += 5
			if c&32 == 0 {
				break
			}
		}
		ranks = append(ranks, v)
	}
	if len(ranks) != 200 || ranks[0] != 199 || ranks[199] != 0 {
		t.Fatalf("reading order of pages numbered by URL: %v", ranks)
	}
	if !strings.Contains(before["d/0.js"], `"u":"s/000.html"`) {
		t.Errorf("chunk 0 does not begin with the first URL: %.200s", before["d/0.js"])
	}
	// Page 150 is renamed and moves to the front, as a title edit may do.
	moved := pages[150]
	moved.Title = "改名 " + moved.Title
	after := files(append([]searchEntry{moved}, slices.Delete(slices.Clone(pages), 150, 151)...))
	want := map[string]bool{"index.js": true}
	searchWords(pages[150].Title, func(w wordKey) { want[fmt.Sprintf("t/%d.js", shardOf(w.String(), 64))] = true })
	searchWords(moved.Title, func(w wordKey) { want[fmt.Sprintf("t/%d.js", shardOf(w.String(), 64))] = true })
	want[fmt.Sprintf("d/%d.js", (199-150)/docsPerChunk)] = true
	for name, data := range after {
		if data != before[name] && !want[name] {
			t.Errorf("%s changed, though none of its words or entries did", name)
		}
	}
}

// Updating the words of the pages that changed gives the same shards as
// finding every word again.
func TestShardUpdate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 14))
	vocab := []string{"定金", "回款", "客户", "分析", "需求", "羽绒", "spin", "deposit", "FAB", "2026", "决策-人", "价值", "<tag>", "a&b", "—"}
	text := func() string {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(vocab[rng.IntN(len(vocab))])
			if rng.IntN(3) == 0 {
				b.WriteByte(' ')
			}
		}
		return b.String()
	}
	syllables := []string{"ding", "jin", "hui", "kuan", "ke", "hu", "xu", "qiu"}
	pinyin := func() string { // names' pinyin: syllables, names apart
		var b strings.Builder
		for range rng.IntN(3) {
			for k := range 1 + rng.IntN(8) {
				if k > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(syllables[rng.IntN(len(syllables))])
			}
			b.WriteByte('|')
		}
		return b.String()
	}
	pages := make([]searchEntry, 400)
	for i := range pages {
		pages[i] = searchEntry{Title: text(), Text: text(), Summary: text(), Headings: "h\t" + text() + "\n", Tags: []string{text()}, Pinyin: pinyin()}
	}
	shards := 64
	set := buildShards(pages, shards)
	for round := range 30 {
		var changed []int32
		for range 1 + rng.IntN(12) {
			d := int32(rng.IntN(len(pages)))
			if !slices.Contains(changed, d) {
				changed = append(changed, d)
			}
			switch rng.IntN(4) {
			case 0:
				pages[d].Text = text()
			case 1:
				pages[d].Title, pages[d].Pinyin = text(), pinyin()
			case 2:
				pages[d] = searchEntry{} // a page with no words
			default:
				pages[d].Text += " 全新词" + fmt.Sprint(round) // words no page held
			}
		}
		slices.Sort(changed)
		set = set.update(pages, changed)
		want := buildShards(pages, shards)
		for k := range want {
			a, b := shardFile(k, want[k]), shardFile(k, set[k])
			if !bytes.Equal(a.Data, b.Data) {
				t.Fatalf("round %d, shard %d:\nwant %s\ngot  %s", round, k, a.Data, b.Data)
			}
		}
	}
}

// writeJSONString writes what encoding/json writes.
func TestWriteJSONString(t *testing.T) {
	for _, s := range []string{"定金", "a&b", "<x>", `"q"`, `back\slash`, "line\u2028sep", "—", "\x01", string([]byte{0xff, 'a'})} {
		var b bytes.Buffer
		writeJSONString(&b, s)
		want, _ := json.Marshal(s)
		if b.String() != string(want) {
			t.Errorf("%q: %s, want %s", s, b.String(), want)
		}
	}
}

func TestShardStateRoundTrip(t *testing.T) {
	pages := []searchEntry{{Title: "定金", Text: "回款 deposit"}, {Title: "客户", Text: "分析"}}
	set := buildShards(pages, 64)
	hashes := []uint64{wordsHash(&pages[0]), wordsHash(&pages[1])}
	got, gotHashes, err := decodeShardState(encodeShardState(set, hashes))
	if err != nil || !slices.Equal(gotHashes, hashes) || len(got) != len(set) {
		t.Fatalf("%v %v", err, gotHashes)
	}
	for k := range set {
		if !bytes.Equal(shardFile(k, set[k]).Data, shardFile(k, got[k]).Data) {
			t.Errorf("shard %d differs", k)
		}
	}
	data := encodeShardState(set, hashes)
	for n := range len(data) {
		if _, _, err := decodeShardState(data[:n]); err == nil {
			t.Errorf("cut at %d of %d: taken", n, len(data))
		}
	}
}

func FuzzDecodeShardState(f *testing.F) {
	pages := []searchEntry{{Title: "定金", Text: "回款"}}
	f.Add(encodeShardState(buildShards(pages, 64), []uint64{1}))
	f.Fuzz(func(t *testing.T, data []byte) {
		set, hashes, err := decodeShardState(data)
		if err == nil {
			for k, ws := range set {
				shardFile(k, ws)
			}
			_ = hashes
		}
	})
}

// BenchmarkBuildShards: the words of 2,000 pages of about 2 KB of mixed
// Chinese and English (a cold build of a sharded index does this for every
// page).
func BenchmarkBuildShards(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"客户", "需求", "定金", "回款", "价值", "承诺", "信任", "分析", "build", "cache", "template", "deposit", "2026", "的", "和", "在"}
	pages := make([]searchEntry, 2000)
	for i := range pages {
		var t strings.Builder
		for t.Len() < 2000 {
			t.WriteString(words[rng.IntN(len(words))])
			if rng.IntN(3) == 0 {
				t.WriteByte(' ')
			}
		}
		pages[i] = searchEntry{Title: fmt.Sprintf("页面 %d 客户需求", i), Headings: "回款\n定金\n", Tags: []string{"合同", "需求"}, Summary: "摘要", Text: t.String()}
	}
	for b.Loop() {
		buildShards(pages, shardCount(len(pages)))
	}
}

// mergePostings rewrites a word's list as decoding it, merging and
// writing it again would.
func TestMergePostings(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 2000 {
		n := rng.IntN(40)
		var docs []int32
		var masks []uint8
		d := int32(-1)
		for range n {
			d += 1 + int32(rng.IntN([]int{2, 40, 5000}[rng.IntN(3)]))
			docs, masks = append(docs, d), append(masks, uint8(1+rng.IntN(15)))
		}
		pick := func() int32 {
			if len(docs) > 0 && rng.IntN(2) == 0 {
				return docs[rng.IntN(len(docs))]
			}
			return int32(rng.IntN(int(d) + 100))
		}
		var gone []int32
		for range rng.IntN(4) {
			if x := pick(); !slices.Contains(gone, x) {
				gone = append(gone, x)
			}
		}
		slices.Sort(gone)
		var adds []fresh
		for _, g := range gone {
			if rng.IntN(2) == 0 {
				adds = append(adds, fresh{g, uint8(1 + rng.IntN(15))})
			}
		}
		// the pages after the change: the old ones but those gone, and the adds
		var wd []int32
		var wm []uint8
		for i, x := range docs {
			if !slices.Contains(gone, x) {
				wd, wm = append(wd, x), append(wm, masks[i])
			}
		}
		for _, a := range adds {
			at, _ := slices.BinarySearch(wd, a.doc)
			wd, wm = slices.Insert(wd, at, a.doc), slices.Insert(wm, at, a.mask)
		}
		want := appendPostings(nil, wd, wm)
		if got := mergePostings(appendPostings(nil, docs, masks), gone, adds); !bytes.Equal(got, want) {
			t.Fatalf("round %d: docs %v gone %v adds %v:\ngot  %s\nwant %s", round, docs, gone, adds, got, want)
		}
	}
}

// foldText folds as the rune-by-rune mapping it replaces (and search.js)
// does, for any input.
func FuzzFoldText(f *testing.F) {
	for _, s := range []string{"", "abc", "ABC 需求", "Ｆｕｌｌ　ｗｉｄｔｈ", "ÉCOLE Straße İ", "\xff需", "定金ＡＢＣ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Map(func(r rune) rune {
			if r >= 0xFF01 && r <= 0xFF5E {
				r -= 0xFEE0
			}
			return unicode.ToLower(r)
		}, s)
		if got := foldText(s); got != want {
			t.Errorf("foldText(%q) = %q, want %q", s, got, want)
		}
	})
}

// The postings buildShards makes, run by run on all cores, are those of
// the pages read one by one.
func TestBuildShardsAsOneByOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	vocab := []string{"定金", "回款", "客户", "需求", "spin", "deposit", "FAB", "2026", "决策-人", "价值"}
	pages := make([]searchEntry, 1500) // more than one run of pages
	for i := range pages {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(vocab[rng.IntN(len(vocab))] + " ")
		}
		pages[i] = searchEntry{Title: vocab[rng.IntN(len(vocab))], Text: b.String(), Tags: []string{vocab[rng.IntN(len(vocab))]}, Pinyin: "ding jin"}
	}
	type entry struct {
		doc   int32
		masks uint8
	}
	want := map[string][]entry{}
	for i := range pages {
		docWords(&pages[i], func(w wordKey, field uint8) {
			name := strings.Clone(w.String())
			es := want[name]
			if len(es) > 0 && es[len(es)-1].doc == int32(i) {
				es[len(es)-1].masks |= field
				return
			}
			want[name] = append(es, entry{int32(i), field})
		})
	}
	set := buildShards(pages, 64)
	got := 0
	for k, ws := range set {
		for _, w := range ws {
			got++
			var docs []int32
			var masks []uint8
			for _, e := range want[w.name] {
				docs, masks = append(docs, e.doc), append(masks, e.masks)
			}
			if shardOf(w.name, 64) != k {
				t.Errorf("%q in shard %d, want %d", w.name, k, shardOf(w.name, 64))
			}
			if p := appendPostings(nil, docs, masks); !bytes.Equal(w.post, p) {
				t.Errorf("%q: postings %s, want %s", w.name, w.post, p)
			}
		}
	}
	if got != len(want) {
		t.Errorf("%d words, want %d", got, len(want))
	}
}
