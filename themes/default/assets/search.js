/*
 * Playbook — client-side search for search/index.html.
 *
 * Data: window.PLAYBOOK_SEARCH = { syn: [[word, …], …], py: {word: "pin yin"},
 *   pages: [ { t title, u url, s section, h headings ("id\ttext" or "text" per
 *   line), g tags, m summary, p pinyin of title and tags ("hui kuan|…"), x body } ] }
 * from index.js. No network, no modules: works from file:// and offline.
 *
 * A query is cut into terms: Latin words and numbers as written, Chinese runs
 * into words by the site's own vocabulary (titles, headings, tags, synonyms),
 * what is left into two-character pieces; stop words (怎么办, 如何, the, how …)
 * are dropped, and so is a term that no page has while others remain. Each term
 * stands for itself and its synonyms; a Latin term also for the words its
 * pinyin spells (huikuan → 回款, jg → 价格) and, from five letters on, for
 * words one typo away. Every term must match a page. Ranking: title 100 (the
 * whole title 200), heading 30, tag 30, pinyin of title or tag 40, summary 15,
 * body occurrences 1 each (at most 10); +15 when the terms stand close
 * together in the body; a little less for long pages.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 50;
  var SNIPPET_RADIUS = 40;   /* characters shown either side of the first body hit */
  var BODY_CAP = 10;         /* body occurrences counted per term */
  var DEBOUNCE_MS = 80;

  var STOP_CJK = ["怎么办", "怎么样", "怎么", "如何", "什么", "为什么", "哪些", "哪个", "是否", "可以", "能否",
    "能不能", "要不要", "应该", "需要", "时候", "的时候", "客户说", "我们", "你们", "他们", "这个", "那个", "一个",
    "吗", "呢", "吧", "啊", "的", "了", "和", "与", "及", "或", "在", "是", "有", "我", "你", "他", "她", "它", "说",
    "要", "会", "就", "都", "也", "还", "对", "把", "被", "给", "让", "该", "这", "那", "里", "中", "时", "做"];
  var STOP_LATIN = ["the", "a", "an", "to", "of", "in", "on", "for", "with", "what", "how", "do", "does", "i", "is",
    "are", "my", "we", "you", "and", "or", "when", "can", "should", "it", "be", "at", "by", "about", "say", "says"];

  /* ------------------------------------------------------------ indexing */

  var docs = null;           /* prepared pages and vocabulary, built lazily once */

  function str(v) {
    return v == null ? "" : String(v);
  }

  function isCJK(c) {
    return /[\u3400-\u9fff\uf900-\ufaff]/.test(c);
  }

  function fold(s) {
    s = str(s);
    if (s.normalize) s = s.normalize("NFKC");
    return s.toLowerCase();
  }

  function addNgrams(set, text) {
    var runs = str(text).match(/[\u3400-\u9fff\uf900-\ufaff]+/g) || [];
    for (var i = 0; i < runs.length; i++) {
      var r = runs[i];
      for (var n = 2; n <= 6; n++) {
        for (var j = 0; j + n <= r.length; j++) set[r.substr(j, n)] = true;
      }
    }
  }

  /* one page of the index, ready to score */
  function makeDoc(p, i, rank) {
    var t = str(p.t);
    var heads = [];
    var hl = str(p.h).split("\n");
    for (var k = 0; k < hl.length; k++) {
      if (!hl[k]) continue;
      var tab = hl[k].indexOf("\t");
      heads.push(tab === -1 ? { id: hl[k], text: hl[k] } : { id: hl[k].slice(0, tab), text: hl[k].slice(tab + 1) });
    }
    var tags = p.g && p.g.join ? p.g.join(" · ") : str(p.g);
    var pys = str(p.p).split("|");
    var pinyin = [];
    for (k = 0; k < pys.length; k++) {
      if (!pys[k]) continue;
      var syl = pys[k].split(" ");
      var initials = "";
      for (var q = 0; q < syl.length; q++) initials += syl[q].charAt(0);
      pinyin.push({ syl: syl, initials: initials });
    }
    return {
      i: i, r: rank === undefined ? i : rank,
      t: t, u: str(p.u), s: str(p.s), heads: heads, h: heads.map(function (x) { return x.text; }).join("\n"),
      g: tags, m: str(p.m), x: str(p.x), pinyin: pinyin,
      tlTrim: fold(t).replace(/\s+/g, " ").trim()
    };
  }

  function prepare(data) {
    var pages = data && data.pages;
    var out = { pages: [], syn: {}, py: [], words: {}, latin: null, sharded: null };
    if (data && data.shards > 0) {
      /* a large site: pages come in shards, loaded for each query */
      out.sharded = { shards: data.shards, chunk: data.chunk || 1, n: data.n || 0, rank: ranks(str(data.o)) };
      var vocab = data.vocab || [];
      for (var v = 0; v < vocab.length; v++) addNgrams(out.words, vocab[v]);
    } else if (!pages || typeof pages.length !== "number") {
      return out;
    }
    for (var i = 0; pages && i < pages.length; i++) {
      var p = pages[i];
      if (!p) continue;
      var d = makeDoc(p, out.pages.length);
      out.pages.push(d);
      addNgrams(out.words, d.t);
      addNgrams(out.words, d.h);
      addNgrams(out.words, d.g);
    }
    var groups = (data && data.syn) || [];
    var k, q;
    for (i = 0; i < groups.length; i++) {
      var g = groups[i] || [];
      for (k = 0; k < g.length; k++) {
        var w = fold(g[k]).trim();
        if (!w) continue;
        out.words[w] = true;
        var alts = out.syn[w] || (out.syn[w] = []);
        for (q = 0; q < g.length; q++) {
          var a = fold(g[q]).trim();
          if (a && alts.indexOf(a) === -1) alts.push(a);
        }
      }
    }
    var py = (data && data.py) || {};
    for (var word in py) {
      if (!Object.prototype.hasOwnProperty.call(py, word)) continue;
      var sy = str(py[word]).split(" ");
      var ini = "";
      for (q = 0; q < sy.length; q++) ini += sy[q].charAt(0);
      out.py.push({ word: fold(word), joined: sy.join(""), initials: ini });
    }
    return out;
  }

  function getDocs() {
    if (!docs) docs = prepare(window.PLAYBOOK_SEARCH);
    return docs;
  }

  /* the Latin words of the whole index, for typo tolerance (built on first need) */
  function latinWords(db) {
    if (db.latin) return db.latin;
    var seen = {};
    for (var i = 0; i < db.pages.length; i++) {
      var d = db.pages[i];
      var ws = fold(d.t + " " + d.h + " " + d.g + " " + d.m + " " + d.x).match(/[a-z][a-z0-9-]{3,}/g) || [];
      for (var k = 0; k < ws.length; k++) seen[ws[k]] = true;
    }
    db.latin = Object.keys(seen);
    return db.latin;
  }

  /* one edit apart: a letter replaced, added, removed, or two swapped */
  function oneTypo(a, b) {
    if (a === b) return false;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a.charAt(i) === b.charAt(i)) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function swapped(a, b) {
    if (a.length !== b.length || a === b) return false;
    for (var i = 0; i + 1 < a.length; i++) {
      if (a.charAt(i) !== b.charAt(i)) {
        return a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2);
      }
    }
    return false;
  }

  /* -------------------------------------------------------------- query */

  function normalizeQuery(q) {
    return str(q).replace(/[\s\u3000]+/g, " ").trim();
  }

  /* Chinese runs cut by the site's vocabulary, longest first; what no word
     covers becomes two-character pieces */
  function segment(run, db, out) {
    var rest = "";
    function flushRest() {
      if (rest.length > 3) {
        for (var j = 0; j + 2 <= rest.length; j++) out.push(rest.substr(j, 2));
      } else {
        /* a short unknown piece: its characters, each on its own (先发 finds 先把…发) */
        for (var k = 0; k < rest.length; k++) {
          if (STOP_CJK.indexOf(rest.charAt(k)) === -1) out.push(rest.charAt(k));
        }
      }
      rest = "";
    }
    var i = 0;
    while (i < run.length) {
      var found = "";
      for (var n = Math.min(6, run.length - i); n >= 2; n--) {
        var w = run.substr(i, n);
        if (db.words[w] || STOP_CJK.indexOf(w) !== -1) { found = w; break; }
      }
      if (found) {
        flushRest();
        out.push(found);
        i += found.length;
      } else {
        rest += run.charAt(i);
        i++;
      }
    }
    flushRest();
  }

  /* lower-cased unique terms of a query */
  function termsOf(q, db) {
    db = db || getDocs();
    var raw = [];
    /* 第 3 步 is 第3步; a phrase of several words that is a synonym (step 3,
       decision maker) stays one term */
    q = fold(normalizeQuery(q)).replace(/([\u3400-\u9fff])\s+(?=[0-9a-z])/g, "$1").replace(/([0-9a-z])\s+(?=[\u3400-\u9fff])/g, "$1");
    q = q.replace(/第([0-9一二三四五六七八九十]+)步/g, " 第$1步 ");   /* a step number stands on its own */
    for (var phrase in db.syn) {
      if (phrase.indexOf(" ") === -1 || !Object.prototype.hasOwnProperty.call(db.syn, phrase)) continue;
      var at = (" " + q + " ").indexOf(" " + phrase + " ");
      if (at !== -1) {
        raw.push(phrase);
        q = (q.slice(0, at) + " " + q.slice(at + phrase.length)).trim();
      }
    }
    var chunks = q.split(/[\s,.;:!?，。、；：！？“”‘’"'()（）【】《》\[\]{}<>\/\\|·…—~～+=*&^%$#@]+/);
    for (var c = 0; c < chunks.length; c++) {
      var chunk = chunks[c];
      if (!chunk) continue;
      if (db.syn[chunk] || db.words[chunk]) { raw.push(chunk); continue; }
      var parts = chunk.match(/[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9\u00c0-\u024f-]+/g) || [];
      for (var k = 0; k < parts.length; k++) {
        if (isCJK(parts[k].charAt(0))) segment(parts[k], db, raw);
        else raw.push(parts[k]);
      }
    }
    var seen = {};
    var out = [];
    for (var i = 0; i < raw.length; i++) {
      var t = raw[i];
      if (!t || seen[t]) continue;
      seen[t] = true;
      if (STOP_CJK.indexOf(t) !== -1 || STOP_LATIN.indexOf(t) !== -1) continue;
      out.push(t);
    }
    if (!out.length && raw.length) out.push(raw[0]);   /* a query made only of stop words */
    return out;
  }

  function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&");
  }

  /* case-insensitive matcher for one (lower-cased) word; spaces may come
     between Chinese and Latin letters or digits (第3步 finds 第 3 步) */
  function Matcher(term) {
    this.term = term;
    this.len = term.length;
    var src = "";
    for (var i = 0; i < term.length; i++) {
      var ch = term.charAt(i);
      if (i > 0 && isCJK(ch) !== isCJK(term.charAt(i - 1))) src += "\\s*";
      src += ch === " " ? "\\s+" : escapeRegExp(ch);
    }
    this.plain = src === escapeRegExp(term) && term.toUpperCase() === term && term.toLowerCase() === term;
    this.re = new RegExp(src, "i");
    this.reG = new RegExp(src, "gi");
  }

  Matcher.prototype.first = function (text, from) {
    if (this.plain) return text.indexOf(this.term, from || 0);
    this.reG.lastIndex = from || 0;
    var g = this.reG.exec(text);
    return g ? g.index : -1;
  };

  Matcher.prototype.has = function (text) {
    return this.plain ? text.indexOf(this.term) !== -1 : this.re.test(text);
  };

  /* the length of the hit at pos (spaces may stretch it) */
  Matcher.prototype.span = function (text, pos) {
    if (this.plain) return this.len;
    this.reG.lastIndex = pos;
    var g = this.reG.exec(text);
    return g && g.index === pos ? g[0].length : this.len;
  };

  /* occurrences of the term in text starting at `pos` (a known hit), at most cap */
  Matcher.prototype.count = function (text, pos, cap) {
    if (pos === -1) return 0;
    var n = 1;
    while (n < cap && (pos = this.first(text, pos + this.len)) !== -1) n++;
    return n;
  };

  /* a term with everything it stands for */
  function Term(word, db) {
    this.word = word;
    var alts = [word];
    var syn = db.syn[word] || [];
    for (var i = 0; i < syn.length; i++) if (alts.indexOf(syn[i]) === -1) alts.push(syn[i]);
    this.latin = /^[a-z][a-z0-9-]*$/.test(word);
    if (this.latin) {
      /* pinyin of synonyms: huikuan → 回款 (and its group) */
      for (i = 0; i < db.py.length; i++) {
        var e = db.py[i];
        if (e.joined === word || (word.length >= 2 && e.initials === word)) {
          var more = [e.word].concat(db.syn[e.word] || []);
          for (var k = 0; k < more.length; k++) if (alts.indexOf(more[k]) === -1) alts.push(more[k]);
        }
      }
    }
    this.matchers = [];
    for (i = 0; i < alts.length; i++) this.matchers.push(new Matcher(alts[i]));
    this.typos = null;
  }

  /* words one typo away that the index has, for Latin words of five letters or more */
  Term.prototype.addTypos = function (db) {
    if (this.typos || !this.latin || this.word.length < 4) return;
    this.typos = [];
    var words = latinWords(db);
    for (var i = 0; i < words.length && this.typos.length < 5; i++) {
      /* four letters: only two swapped (SPNI → spin); five or more: any one typo */
      if (this.word.length === 4 ? swapped(this.word, words[i]) : oneTypo(this.word, words[i])) {
        this.typos.push(words[i]);
        this.matchers.push(new Matcher(words[i]));
      }
    }
  };

  /* 2 when the title's pinyin spells the term (from a syllable's start, or
     as initials), 1 when a tag's does, else 0 */
  function pinyinHas(pinyin, word) {
    for (var i = 0; i < pinyin.length; i++) {
      if (pinyinOne(pinyin[i], word)) return i === 0 ? 2 : 1;
    }
    return 0;
  }

  /* does one name's pinyin spell word from a syllable's start (huikuan,
     jiage), or its initials (hk: no vowel, so no English word is taken)? */
  function pinyinOne(p, word) {
    if (word.length < 2) return false;
    var syl = p.syl;
    if (!/[aeiouv]/.test(word) && p.initials.indexOf(word) !== -1) return true;
    for (var s = 0; s < syl.length; s++) {
      var joined = "";
      for (var k = s; k < syl.length && joined.length < word.length; k++) joined += syl[k];
      if (joined.indexOf(word) === 0) return true;
    }
    return false;
  }


  /* how well term matches page d: 0 when it does not */
  function termScore(term, d, res) {
    var score = 0, bodyPos = -1, inTitle = false;
    for (var k = 0; k < term.matchers.length; k++) {
      var m = term.matchers[k];
      var here = 0;
      if (m.has(d.t)) { here += 100; inTitle = true; }
      if (d.h && m.has(d.h)) {
        here += 30;
        if (!res.head) {
          for (var j = 0; j < d.heads.length; j++) {
            if (m.has(d.heads[j].text)) { res.head = d.heads[j].id; break; }
          }
        }
      }
      if (d.g && m.has(d.g)) here += 30;
      if (d.m && m.has(d.m)) here += 15;
      var pos = m.first(d.x, 0);
      if (pos !== -1) {
        here += m.count(d.x, pos, BODY_CAP);
        if (bodyPos === -1 || pos < bodyPos) bodyPos = pos;
      }
      if (here > 0) res.words.push(m.term);
      if (here > score) score = here;
    }
    if (term.latin && !inTitle) {
      var py = pinyinHas(d.pinyin, term.word);
      if (py) score = Math.max(score, py === 2 ? 60 : 30) + (score > 0 ? 10 : 0);
    }
    res.pos.push(bodyPos);
    return score;
  }

  /* the pages of docs that every term matches, scored */
  function scoreDocs(ts, docs, whole) {
    var scored = [];
    for (var i = 0; i < docs.length; i++) {
      var d = docs[i];
      var res = { head: "", words: [], pos: [] };
      var score = 0, ok = true;
      for (var k = 0; k < ts.length; k++) {
        var s = termScore(ts[k], d, res);
        if (!s) { ok = false; break; }
        score += s;
      }
      if (!ok) continue;
      if (d.tlTrim === whole) score += 200;
      /* terms close together in the body */
      if (ts.length > 1) {
        var lo = Infinity, hi = -1;
        for (k = 0; k < res.pos.length; k++) {
          if (res.pos[k] === -1) { lo = Infinity; break; }
          lo = Math.min(lo, res.pos[k]); hi = Math.max(hi, res.pos[k]);
        }
        if (lo !== Infinity && hi - lo < 40) score += 15;
      }
      score -= Math.log(1 + d.x.length / 2000) * 2;
      scored.push({ doc: d, score: score, head: res.head, words: res.words });
    }
    return scored;
  }

  function byScore(a, b) {
    return (b.score - a.score) ||
      (a.doc.t.length - b.doc.t.length) ||
      (a.doc.r - b.doc.r);
  }

  /* a sharded index numbers pages by URL, so that a page keeps its number
     when a title edit moves it; o gives each its place in reading order,
     which breaks ties (six-bit characters, as postings are written) */
  function ranks(s) {
    var out = [], i = 0;
    while (i < s.length) {
      var v = 0, mul = 1, c;
      do { c = B64V[s.charAt(i++)]; v += (c & 31) * mul; mul *= 32; } while (c & 32 && i < s.length);
      out.push(v);
    }
    return out;
  }

  /* returns { total, results: [ {doc, score, head, words} ], terms, matchers } best first */
  function search(query, db) {
    db = db || getDocs();
    var pages = db.pages;
    var words = termsOf(query, db);
    var terms = [];
    for (var i = 0; i < words.length; i++) terms.push(new Term(words[i], db));
    if (!terms.length) return { total: 0, results: [], terms: words, matchers: [] };
    var whole = fold(normalizeQuery(query));

    var run = function (ts) { return scoreDocs(ts, pages, whole); };

    /* a term no page has is noise once others remain; a Latin one may be a typo */
    for (i = 0; i < terms.length; i++) {
      if (!run([terms[i]]).length) terms[i].addTypos(db);
    }
    var useful = [];
    for (i = 0; i < terms.length; i++) {
      if (terms.length === 1 || run([terms[i]]).length) useful.push(terms[i]);
    }
    if (!useful.length) useful = terms;
    var scored = run(useful);

    scored.sort(byScore);

    var matchers = [];
    for (i = 0; i < useful.length; i++) matchers = matchers.concat(useful[i].matchers);
    return { total: scored.length, results: scored.slice(0, MAX_RESULTS), terms: words, matchers: matchers };
  }

  /* ------------------------------------------- a large site's shards */

  /* A large site's index comes in shards (see generator/site/shards.go):
     words → the pages that hold them, and the pages' entries in chunks. A
     query loads the shards of its words, keeps the pages that hold every
     term, and loads the entries of the best of them to rank and quote. */
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var B64V = {};
  for (var b64i = 0; b64i < B64.length; b64i++) B64V[B64.charAt(b64i)] = b64i;
  var FIELD_SCORE = [[1, 100], [2, 30], [4, 30], [8, 15], [16, 1], [32, 60]];
  var CANDIDATES = 30;       /* pages whose entries are loaded for a query */

  var shardData = { t: {}, d: {} };
  var shardWait = { t: {}, d: {} };
  function arrive(kind, k, data) {
    shardData[kind][k] = data;
    var cbs = shardWait[kind][k] || [];
    delete shardWait[kind][k];
    for (var i = 0; i < cbs.length; i++) cbs[i]();
  }
  if (typeof window !== "undefined") {
    window.PLAYBOOK_SEARCH_T = function (k, data) { arrive("t", k, data || {}); };
    window.PLAYBOOK_SEARCH_D = function (k, data) { arrive("d", k, data || []); };
  }

  /* where index.js was loaded from: the shards are beside it */
  function shardBase() {
    if (typeof document === "undefined") return "";
    var scripts = document.getElementsByTagName("script");
    for (var i = 0; i < scripts.length; i++) {
      var src = scripts[i].getAttribute("src") || "";
      if (/(^|\/)index\.js$/.test(src)) return src.slice(0, src.length - "index.js".length);
    }
    return "";
  }

  /* loads one shard file as a script (works from file://); a missing one counts as empty */
  function scriptLoader(kind, k) {
    var el = document.createElement("script");
    el.src = shardBase() + kind + "/" + k + ".js";
    el.onerror = function () { arrive(kind, k, kind === "t" ? {} : []); };
    document.head.appendChild(el);
  }
  var loader = scriptLoader;

  /* calls done once every shard of kind in ids has arrived */
  function need(kind, ids, done) {
    var pending = 1, start = []; /* 1: until every shard is asked for (a loader may answer at once) */
    function one() {
      if (--pending === 0) done();
    }
    for (var i = 0; i < ids.length; i++) {
      var k = ids[i];
      if (shardData[kind][k] !== undefined) continue;
      pending++;
      if (!shardWait[kind][k]) { shardWait[kind][k] = []; start.push(k); }
      shardWait[kind][k].push(one);
    }
    for (i = 0; i < start.length; i++) loader(kind, start[i]);
    one();
  }

  /* FNV-1a of the word's UTF-8 bytes, as the index was built */
  function shardOf(word, shards) {
    var bytes = unescape(encodeURIComponent(word));
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % shards;
  }

  /* the index words a query word stands for: Chinese pairs (or the one
     character), Latin words and numbers */
  function wordTokens(w) {
    var out = [];
    var runs = w.match(/[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9\u00c0-\u024f-]+/g) || [];
    for (var i = 0; i < runs.length; i++) {
      var r = runs[i];
      if (isCJK(r.charAt(0))) {
        if (r.length === 1) out.push(r);
        for (var j = 0; j + 2 <= r.length; j++) out.push(r.substr(j, 2));
      } else {
        r = r.replace(/^-+|-+$/g, "");
        if (r) out.push(r);
      }
    }
    return out;
  }

  /* pages → fields for each token */
  function postings(token) {
    var s = shardData.t[token.shard][token.word];
    var out = {};
    if (!s) return out;
    var doc = -1, i = 0;
    while (i < s.length) {
      var v = 0, mul = 1, c;
      do { c = B64V[s.charAt(i++)]; v += (c & 31) * mul; mul *= 32; } while (c & 32 && i < s.length);
      doc += v;
      out[doc] = B64V[s.charAt(i++)];
    }
    return out;
  }

  function maskScore(mask) {
    var score = 0;
    for (var i = 0; i < FIELD_SCORE.length; i++) if (mask & FIELD_SCORE[i][0]) score += FIELD_SCORE[i][1];
    return score;
  }

  /* like search, for a sharded index: calls done with the same result */
  function searchSharded(query, db, done) {
    var sh = db.sharded;
    var words = termsOf(query, db);
    var terms = [];
    for (var i = 0; i < words.length; i++) terms.push(new Term(words[i], db));
    if (!terms.length) { done({ total: 0, results: [], terms: words, matchers: [] }); return; }
    /* each term: alternatives (its words, synonyms, pinyin), each a set of index words */
    var alts = [], ids = {};
    function tokenOf(w) {
      var t = { word: w, shard: shardOf(w, sh.shards) };
      ids[t.shard] = true;
      return t;
    }
    for (i = 0; i < terms.length; i++) {
      var list = [];
      for (var k = 0; k < terms[i].matchers.length; k++) {
        var toks = wordTokens(terms[i].matchers[k].term);
        if (toks.length) list.push(toks.map(tokenOf));
      }
      if (terms[i].latin) {
        list.push([tokenOf("p:" + terms[i].word)]);
        if (!/[aeiouv]/.test(terms[i].word)) list.push([tokenOf("i:" + terms[i].word)]);
      }
      alts.push(list);
    }
    need("t", Object.keys(ids), function () {
      /* pages → fields, for each term */
      var hits = [];
      for (var i = 0; i < alts.length; i++) {
        var term = {};
        for (var a = 0; a < alts[i].length; a++) {
          var toks = alts[i][a], got = null;
          for (var k = 0; k < toks.length && (got === null || Object.keys(got).length); k++) {
            var p = postings(toks[k]);
            if (got === null) { got = p; continue; }
            var both = {};
            for (var d in got) if (p[d] !== undefined) both[d] = (got[d] & p[d]) || 16;
            got = both;
          }
          for (d in got || {}) term[d] = (term[d] || 0) | got[d];
        }
        hits.push(term);
      }
      /* a term no page has is noise once others remain */
      var useful = [], usefulTerms = [];
      for (i = 0; i < hits.length; i++) {
        if (hits.length === 1 || Object.keys(hits[i]).length) { useful.push(hits[i]); usefulTerms.push(terms[i]); }
      }
      if (!useful.length) { useful = hits; usefulTerms = terms; }
      var cands = [];
      for (d in useful[0]) {
        var score = 0, ok = true;
        for (i = 0; i < useful.length && ok; i++) {
          if (useful[i][d] === undefined) ok = false;
          else score += maskScore(useful[i][d]);
        }
        if (ok) cands.push({ doc: +d, pre: score });
      }
      var rank = function (d) { var r = sh.rank[d]; return r === undefined ? d : r; };
      cands.sort(function (x, y) { return (y.pre - x.pre) || (rank(x.doc) - rank(y.doc)); });
      var top = cands.slice(0, CANDIDATES), chunks = {};
      for (i = 0; i < top.length; i++) chunks[Math.floor(top[i].doc / sh.chunk)] = true;
      need("d", Object.keys(chunks), function () {
        var docs = [], pre = {};
        for (var i = 0; i < top.length; i++) {
          var chunk = shardData.d[Math.floor(top[i].doc / sh.chunk)] || [];
          var e = chunk[top[i].doc % sh.chunk];
          if (!e) continue;
          docs.push(makeDoc(e, top[i].doc, rank(top[i].doc)));
          pre[top[i].doc] = top[i].pre;
        }
        var whole = fold(normalizeQuery(query));
        var scored = scoreDocs(usefulTerms, docs, whole), seen = {};
        for (i = 0; i < scored.length; i++) seen[scored[i].doc.i] = true;
        /* a page the words found whose kept text is too short to show the
           match still counts, below the ones shown in full */
        for (i = 0; i < docs.length; i++) {
          if (!seen[docs[i].i]) scored.push({ doc: docs[i], score: pre[docs[i].i] / 100 - 1000, head: "", words: [] });
        }
        scored.sort(byScore);
        var matchers = [];
        for (i = 0; i < usefulTerms.length; i++) matchers = matchers.concat(usefulTerms[i].matchers);
        done({ total: cands.length, results: scored.slice(0, MAX_RESULTS), terms: words, matchers: matchers });
      });
    });
  }

  /* search for either kind of index: done gets the result, at once for a
     whole index, once its shards have arrived for a sharded one */
  function searchAsync(query, done, db) {
    db = db || getDocs();
    if (db.sharded) searchSharded(query, db, done);
    else done(search(query, db));
  }

  /* --------------------------------------------------------- highlighting */

  function toMatchers(list) {
    if (!list || !list.length) return [];
    return list[0] instanceof Matcher ? list : matchersOf(list);
  }

  /* [start, end) ranges of all term hits in `text`, merged */
  function hitRanges(text, matchers) {
    var ranges = [];
    for (var k = 0; k < matchers.length; k++) {
      var m = matchers[k];
      if (!m.len) continue;
      var pos = m.first(text, 0);
      var guard = 0;
      while (pos !== -1 && guard++ < 1000) {
        ranges.push([pos, pos + m.len]);
        pos = m.first(text, pos + m.len);
      }
    }
    if (!ranges.length) return ranges;
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [ranges[0]];
    for (var i = 1; i < ranges.length; i++) {
      var top = merged[merged.length - 1];
      if (ranges[i][0] <= top[1]) { if (ranges[i][1] > top[1]) top[1] = ranges[i][1]; }
      else merged.push(ranges[i]);
    }
    return merged;
  }

  /* split text into [{text, hit}] segments; terms: strings or matchers */
  function segments(text, terms) {
    var ranges = hitRanges(text, toMatchers(terms));
    if (!ranges.length) return [{ text: text, hit: false }];
    var out = [];
    var at = 0;
    for (var i = 0; i < ranges.length; i++) {
      if (ranges[i][0] > at) out.push({ text: text.slice(at, ranges[i][0]), hit: false });
      out.push({ text: text.slice(ranges[i][0], ranges[i][1]), hit: true });
      at = ranges[i][1];
    }
    if (at < text.length) out.push({ text: text.slice(at), hit: false });
    return out;
  }

  function isLowSurrogate(c) { return c >= 0xdc00 && c <= 0xdfff; }

  /* a window of text around the first body hit, with ellipses */
  function snippet(d, terms) {
    var matchers = toMatchers(terms);
    var src = d.x;
    var first = -1, len = 0;
    for (var k = 0; k < matchers.length; k++) {
      var p = matchers[k].first(src, 0);
      if (p !== -1 && (first === -1 || p < first)) { first = p; len = matchers[k].len; }
    }

    if (first === -1) {
      /* no body hit: show the matching heading, else the start of the text */
      if (d.h) {
        var lines = d.h.split("\n");
        for (var j = 0; j < lines.length; j++) {
          for (var m = 0; m < matchers.length; m++) {
            if (matchers[m].has(lines[j])) return lines[j].trim();
          }
        }
      }
      var limit = SNIPPET_RADIUS * 2;
      if (src.length <= limit) return src;
      var cut = limit;
      if (isLowSurrogate(src.charCodeAt(cut))) cut++;
      return src.slice(0, cut).replace(/\s+\S{0,15}$/, "") + "…";
    }

    var start = Math.max(0, first - SNIPPET_RADIUS);
    var end = Math.min(src.length, first + len + SNIPPET_RADIUS);
    /* do not cut a surrogate pair in half */
    if (start > 0 && isLowSurrogate(src.charCodeAt(start))) start--;
    if (end < src.length && isLowSurrogate(src.charCodeAt(end))) end++;
    /* in Latin text, start at a word boundary when one is near */
    if (start > 0) {
      var sp = src.lastIndexOf(" ", first);
      if (sp >= start && sp < first && first - sp < SNIPPET_RADIUS) start = sp + 1;
    }
    var text = src.slice(start, end).trim();
    return (start > 0 ? "…" : "") + text + (end < src.length ? "…" : "");
  }

  /* --------------------------------------------------------------- DOM */

  function appendMarked(parent, text, terms) {
    var segs = segments(text, terms);
    for (var i = 0; i < segs.length; i++) {
      if (segs[i].hit) {
        var m = document.createElement("mark");
        m.textContent = segs[i].text;
        parent.appendChild(m);
      } else {
        parent.appendChild(document.createTextNode(segs[i].text));
      }
    }
  }

  function span(cls) {
    var el = document.createElement("span");
    el.className = cls;
    return el;
  }

  /* the page's URL, opened at the matched heading with the matched words
     highlighted there (site.js reads hl) */
  function hitURL(r, rootPrefix) {
    var url = rootPrefix + r.doc.u;
    if (r.words && r.words.length) url += "?hl=" + encodeURIComponent(r.words.join(" "));
    if (r.head) url += "#" + encodeURIComponent(r.head);
    return url;
  }

  function renderItem(r, terms, rootPrefix) {
    var d = r.doc;
    var li = document.createElement("li");
    li.className = "search-result";
    var a = document.createElement("a");
    a.setAttribute("href", hitURL(r, rootPrefix));

    var title = span("result-title");
    appendMarked(title, d.t || d.u, terms);
    a.appendChild(title);

    if (d.s) {
      var sec = span("result-section");
      sec.textContent = d.s;
      a.appendChild(sec);
    }

    var snip = snippet(d, terms);
    if (snip) {
      var sn = span("result-snippet");
      appendMarked(sn, snip, terms);
      a.appendChild(sn);
    }

    li.appendChild(a);
    return li;
  }

  function fill(template, values) {
    return str(template).replace(/\{(\w+)\}/g, function (all, key) {
      return values.hasOwnProperty(key) ? String(values[key]) : all;
    });
  }

  function readQuery(search) {
    var s = str(search).replace(/^\?/, "");
    if (!s) return "";
    var parts = s.split("&");
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      var key = eq === -1 ? parts[i] : parts[i].slice(0, eq);
      if (key !== "q") continue;
      var raw = (eq === -1 ? "" : parts[i].slice(eq + 1)).replace(/\+/g, " ");
      try { return decodeURIComponent(raw); } catch (e) { return raw; }
    }
    return "";
  }

  function writeQuery(q) {
    try {
      if (!window.history || !window.history.replaceState) return;
      var loc = window.location;
      var url = loc.pathname + (q ? "?q=" + encodeURIComponent(q).replace(/%20/g, "+") : "") + loc.hash;
      window.history.replaceState(window.history.state, "", url);
    } catch (e) { /* file:// may refuse; the search still works */ }
  }

  /* --------------------------------------------------------------- page */

  function init() {
    var page = document.querySelector(".search-page");
    var input = document.getElementById("search-input");
    var list = document.getElementById("search-results");
    if (!page || !input || !list) return;

    var status = page.querySelector(".search-status");
    var form = page.querySelector(".search-big") || input.form;
    var headerInput = document.getElementById("site-search");
    var headerForm = headerInput ? headerInput.form : null;
    var rootPrefix = page.getAttribute("data-root");
    if (rootPrefix == null) rootPrefix = "../";
    var tplCount = page.getAttribute("data-count") || "{n}";
    var tplNone = page.getAttribute("data-none") || "";
    var tplEmpty = page.getAttribute("data-empty") || "";

    var lastQuery = null;
    var asking = 0;            /* the latest query: slower answers to earlier ones are dropped */
    var answered = 0;          /* the latest query answered */
    var afterResults = null;   /* Enter before the results came: select the first when they do */
    var timer = 0;
    var composing = false;

    function setStatus(text) {
      if (status && status.textContent !== text) status.textContent = text;
    }

    function execute(force) {
      window.clearTimeout(timer);
      timer = 0;
      var q = normalizeQuery(input.value);
      if (!force && q === lastQuery) return;
      lastQuery = q;
      writeQuery(q);

      while (list.firstChild) list.removeChild(list.firstChild);

      if (!q) {
        answered = ++asking;
        setStatus(tplEmpty);
        return;
      }

      var asked = ++asking;
      searchAsync(q, function (res) {
        if (asked !== asking) return; /* a later query is on its way */
        answered = asked;
        while (list.firstChild) list.removeChild(list.firstChild);
        if (!res.total) {
          setStatus(fill(tplNone, { q: q, n: 0 }));
          return;
        }
        setStatus(fill(tplCount, { n: res.total, q: q }));

        var frag = document.createDocumentFragment();
        for (var i = 0; i < res.results.length; i++) {
          frag.appendChild(renderItem(res.results[i], res.matchers, rootPrefix));
        }
        list.appendChild(frag);
        /* when results first show, for anyone timing search (the tests do) */
        if (window.performance && performance.mark) performance.mark("pb-search-results");
        if (afterResults) { var f = afterResults; afterResults = null; f(); }
      });
    }

    function schedule() {
      if (composing) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(execute, DEBOUNCE_MS);
    }

    /* ---- input events (IME-aware: Chinese input fires while composing) ---- */
    input.addEventListener("input", function (e) {
      if (e && e.isComposing) return;
      schedule();
    });
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; schedule(); });
    input.addEventListener("search", function () { execute(false); }); /* the (x) clear button */

    if (form) {
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var pick = function () {
          var first = list.querySelector("a");
          if (first) select(first);
        };
        execute(false);
        if (answered === asking) pick();
        else afterResults = pick;
      });
    }

    /* the header search box drives this page too */
    if (headerInput && headerInput !== input) {
      headerInput.addEventListener("input", function (e) {
        if (e && e.isComposing) return;
        input.value = headerInput.value;
        schedule();
      });
      headerInput.addEventListener("compositionend", function () {
        input.value = headerInput.value;
        schedule();
      });
      if (headerForm) {
        headerForm.addEventListener("submit", function (e) {
          e.preventDefault();
          input.value = headerInput.value;
          execute(false);
          input.focus();
        });
      }
    }

    /* ---- keyboard navigation ---- */
    function links() { return list.querySelectorAll(".search-result > a"); }

    function select(a) {
      var all = links();
      for (var i = 0; i < all.length; i++) {
        if (all[i] !== a) all[i].classList.remove("selected");
      }
      a.classList.add("selected");
      a.focus();
    }

    function indexOfLink(a) {
      var all = links();
      for (var i = 0; i < all.length; i++) if (all[i] === a) return i;
      return -1;
    }

    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "Down") {
        if (timer) execute(false);
        var all = links();
        if (all.length) { e.preventDefault(); select(all[0]); }
      } else if ((e.key === "Escape" || e.key === "Esc") && input.value) {
        /* first Escape clears the query (native behaviour for type=search) */
        window.setTimeout(function () { execute(false); }, 0);
      }
    });

    list.addEventListener("keydown", function (e) {
      var a = e.target && e.target.closest ? e.target.closest(".search-result > a") : null;
      if (!a) return;
      var all = links();
      var i = indexOfLink(a);
      if (e.key === "ArrowDown" || e.key === "Down") {
        e.preventDefault();
        if (i < all.length - 1) select(all[i + 1]);
      } else if (e.key === "ArrowUp" || e.key === "Up") {
        e.preventDefault();
        if (i > 0) select(all[i - 1]);
        else { a.classList.remove("selected"); input.focus(); }
      } else if (e.key === "Escape" || e.key === "Esc") {
        e.preventDefault();
        a.classList.remove("selected");
        input.focus();
      } else if (e.key === "Home" && all.length) {
        e.preventDefault(); select(all[0]);
      } else if (e.key === "End" && all.length) {
        e.preventDefault(); select(all[all.length - 1]);
      }
    });

    list.addEventListener("focusout", function (e) {
      var to = e.relatedTarget;
      if (to && list.contains(to)) return;
      var sel = list.querySelectorAll(".selected");
      for (var i = 0; i < sel.length; i++) sel[i].classList.remove("selected");
    });

    /* ---- start ---- */
    if (!window.PLAYBOOK_SEARCH && status) {
      setStatus(tplEmpty);
    }
    var initial = readQuery(window.location.search);
    if (initial) input.value = initial;
    execute(true);
    /* the box has the focus, so the arrow keys reach the results at once */
    try { input.focus({ preventScroll: true }); } catch (e) { input.focus(); }
  }

  /* exposed for tests and for other scripts; not part of the page contract */
  var api = {
    prepare: prepare,
    search: search,
    searchAsync: searchAsync,
    setLoader: function (f) { loader = f || scriptLoader; },
    termsOf: termsOf,
    segments: segments,
    snippet: snippet,
    readQuery: readQuery,
    hitURL: hitURL,
    oneTypo: oneTypo,
    reset: function () { docs = null; shardData = { t: {}, d: {} }; shardWait = { t: {}, d: {} }; }
  };
  if (typeof window !== "undefined") window.PlaybookSearch = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;   /* node tests */

  if (typeof document === "undefined") return;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
