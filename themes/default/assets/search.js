/*
 * Playbook — client-side search for search/index.html.
 *
 * Data: window.PLAYBOOK_SEARCH = { pages: [ { t, u, s, h, x }, … ] } from index.js.
 * No network, no modules: works from file:// and offline.
 *
 * Matching: the query is split on whitespace; every term must occur (case-
 * insensitive substring, so Chinese words are found inside sentences) in the
 * title, the headings or the body text of a page.
 * Ranking per term: title hit 100 (200 when the title equals the whole query),
 * heading hit 20, body occurrences 1 each (at most 10); ties: shorter title.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 50;
  var SNIPPET_RADIUS = 40;   /* characters shown either side of the first body hit */
  var BODY_CAP = 10;         /* body occurrences counted per term */
  var DEBOUNCE_MS = 80;

  /* ------------------------------------------------------------ indexing */

  /*
   * No lower-cased copies of the page text are made: with 10,000 pages
   * (~20 MB) that alone would allocate ~40 MB and stall the page for a
   * second. Instead every query term gets a matcher: terms without letter
   * case (Chinese, digits, punctuation) use plain indexOf on the original
   * text; terms with letter case use a case-insensitive RegExp.
   */

  var docs = null;           /* prepared pages, built lazily once */

  function str(v) {
    return v == null ? "" : String(v);
  }

  function prepare(data) {
    var pages = data && data.pages;
    var out = [];
    if (!pages || typeof pages.length !== "number") return out;
    for (var i = 0; i < pages.length; i++) {
      var p = pages[i];
      if (!p) continue;
      var t = str(p.t);
      out.push({
        i: out.length,
        t: t, u: str(p.u), s: str(p.s), h: str(p.h), x: str(p.x),
        tlTrim: t.toLowerCase().replace(/\s+/g, " ").trim()
      });
    }
    return out;
  }

  function getDocs() {
    if (!docs) docs = prepare(window.PLAYBOOK_SEARCH);
    return docs;
  }

  /* -------------------------------------------------------------- query */

  function normalizeQuery(q) {
    return str(q).replace(/[\s\u3000]+/g, " ").trim();
  }

  /* lower-cased unique terms */
  function termsOf(q) {
    var parts = normalizeQuery(q).toLowerCase().split(" ");
    var seen = {};
    var out = [];
    for (var i = 0; i < parts.length; i++) {
      var t = parts[i];
      if (t && !seen.hasOwnProperty(t)) { seen[t] = true; out.push(t); }
    }
    return out;
  }

  function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&");
  }

  /* case-insensitive substring matcher for one (lower-cased) term */
  function Matcher(term) {
    this.term = term;
    this.len = term.length;
    this.caseless = term.toUpperCase() === term && term.toLowerCase() === term;
    if (!this.caseless) {
      var src = escapeRegExp(term);
      this.re = new RegExp(src, "i");
      this.reG = new RegExp(src, "gi");
    }
  }

  Matcher.prototype.first = function (text, from) {
    if (this.caseless) return text.indexOf(this.term, from || 0);
    if (!from) {
      var m = this.re.exec(text);
      return m ? m.index : -1;
    }
    this.reG.lastIndex = from;
    var g = this.reG.exec(text);
    return g ? g.index : -1;
  };

  Matcher.prototype.has = function (text) {
    return this.caseless ? text.indexOf(this.term) !== -1 : this.re.test(text);
  };

  /* occurrences of the term in text starting at `pos` (a known hit), at most cap */
  Matcher.prototype.count = function (text, pos, cap) {
    if (pos === -1) return 0;
    var n = 1;
    if (this.caseless) {
      while (n < cap && (pos = text.indexOf(this.term, pos + this.len)) !== -1) n++;
    } else {
      var re = this.reG;              /* test() avoids allocating match arrays */
      re.lastIndex = pos + this.len;
      while (n < cap && re.test(text)) n++;
    }
    return n;
  };

  function matchersOf(terms) {
    var out = [];
    for (var i = 0; i < terms.length; i++) out.push(new Matcher(terms[i]));
    return out;
  }

  /* cache of the last query: when the new terms refine the old ones,
     only the previous matches need to be scanned (fast while typing) */
  var last = { terms: null, matched: null, source: null };

  function refines(newTerms, oldTerms) {
    if (!oldTerms) return false;
    for (var i = 0; i < oldTerms.length; i++) {
      var ok = false;
      for (var j = 0; j < newTerms.length; j++) {
        if (newTerms[j].indexOf(oldTerms[i]) !== -1) { ok = true; break; }
      }
      if (!ok) return false;
    }
    return true;
  }

  /* returns { total, results: [ {doc, score} ], terms, matchers } best first */
  function search(query, pages) {
    pages = pages || getDocs();
    var terms = termsOf(query);
    var matchers = matchersOf(terms);
    if (!terms.length) return { total: 0, results: [], terms: terms, matchers: matchers };
    var whole = normalizeQuery(query).toLowerCase();

    var candidates = pages;
    if (last.source === pages && refines(terms, last.terms)) candidates = last.matched;

    var matched = [];
    var scored = [];
    var nt = matchers.length;

    for (var i = 0; i < candidates.length; i++) {
      var d = candidates[i];
      var score = 0;
      var ok = true;
      for (var k = 0; k < nt; k++) {
        var m = matchers[k];
        var inTitle = m.has(d.t);
        var inHead = d.h ? m.has(d.h) : false;
        var bodyPos = m.first(d.x, 0);
        if (!inTitle && !inHead && bodyPos === -1) { ok = false; break; }
        if (inTitle) score += 100;
        if (inHead) score += 20;
        if (bodyPos !== -1) score += m.count(d.x, bodyPos, BODY_CAP);
      }
      if (!ok) continue;
      if (d.tlTrim === whole) score += 200;
      matched.push(d);
      scored.push({ doc: d, score: score });
    }

    last.terms = terms;
    last.matched = matched;
    last.source = pages;

    scored.sort(function (a, b) {
      return (b.score - a.score) ||
        (a.doc.t.length - b.doc.t.length) ||
        (a.doc.i - b.doc.i);
    });

    return { total: scored.length, results: scored.slice(0, MAX_RESULTS), terms: terms, matchers: matchers };
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

  function renderItem(d, terms, rootPrefix) {
    var li = document.createElement("li");
    li.className = "search-result";
    var a = document.createElement("a");
    a.setAttribute("href", rootPrefix + d.u);

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
        setStatus(tplEmpty);
        return;
      }

      var res = search(q);
      if (!res.total) {
        setStatus(fill(tplNone, { q: q, n: 0 }));
        return;
      }
      setStatus(fill(tplCount, { n: res.total, q: q }));

      var frag = document.createDocumentFragment();
      for (var i = 0; i < res.results.length; i++) {
        frag.appendChild(renderItem(res.results[i].doc, res.matchers, rootPrefix));
      }
      list.appendChild(frag);
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
        execute(false);
        var first = list.querySelector("a");
        if (first) select(first);
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
    if (!initial) {
      try { input.focus({ preventScroll: true }); } catch (e) { input.focus(); }
    }
  }

  /* exposed for tests and for other scripts; not part of the page contract */
  window.PlaybookSearch = {
    prepare: prepare,
    search: search,
    termsOf: termsOf,
    segments: segments,
    snippet: snippet,
    readQuery: readQuery,
    reset: function () { docs = null; last = { terms: null, matched: null, source: null }; }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
