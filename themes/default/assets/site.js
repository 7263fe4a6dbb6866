/*
 * Playbook — default theme behaviour.
 * Plain script (no modules, no network); safe on every page kind and from file://.
 * Every feature checks for its elements and fails quietly.
 */
(function () {
  "use strict";

  var doc = document;
  var root = doc.documentElement;
  var body = doc.body;
  var isZh = /^zh/i.test(root.lang || "");

  /* ---------------------------------------------------------------- utils */

  var store = {
    get: function (key) {
      try { return window.localStorage.getItem(key); } catch (e) { return null; }
    },
    set: function (key, value) {
      try { window.localStorage.setItem(key, value); return true; } catch (e) { return false; }
    },
    remove: function (key) {
      try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
    }
  };

  function media(query) {
    try { return window.matchMedia ? window.matchMedia(query) : null; } catch (e) { return null; }
  }

  function onMediaChange(mql, fn) {
    if (!mql) return;
    if (mql.addEventListener) mql.addEventListener("change", fn);
    else if (mql.addListener) mql.addListener(fn);
  }

  function each(list, fn) {
    for (var i = 0; i < list.length; i++) fn(list[i], i);
  }

  function closest(el, selector) {
    while (el && el.nodeType === 1) {
      if (matches(el, selector)) return el;
      el = el.parentNode;
    }
    return null;
  }

  function matches(el, selector) {
    var fn = el.matches || el.msMatchesSelector || el.webkitMatchesSelector;
    return fn ? fn.call(el, selector) : false;
  }

  function isTypingTarget(el) {
    if (!el || el.nodeType !== 1) return false;
    if (el.isContentEditable) return true;
    var tag = el.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") return true;
    if (tag === "INPUT") {
      var type = (el.type || "text").toLowerCase();
      return !/^(checkbox|radio|button|submit|reset|image|file|range|color)$/.test(type);
    }
    return false;
  }

  function run(name, fn) {
    try { fn(); } catch (e) {
      /* never break the page; leave a trace for developers only */
      if (window.console && console.debug) console.debug("playbook: " + name + " failed", e);
    }
  }

  /* --------------------------------------------------------- theme toggle */

  function initTheme() {
    var darkQuery = media("(prefers-color-scheme: dark)");

    function effective() {
      var t = root.getAttribute("data-theme");
      if (t === "dark" || t === "light") return t;
      return darkQuery && darkQuery.matches ? "dark" : "light";
    }

    var buttons = doc.querySelectorAll(".theme-toggle");

    function sync() {
      var dark = effective() === "dark";
      each(buttons, function (b) { b.setAttribute("aria-pressed", dark ? "true" : "false"); });
    }

    /* honour a stored choice even if the inline head script did not run */
    var stored = store.get("pb-theme");
    if ((stored === "dark" || stored === "light") && !root.getAttribute("data-theme")) {
      root.setAttribute("data-theme", stored);
    }

    sync();
    onMediaChange(darkQuery, sync);

    each(buttons, function (b) {
      b.addEventListener("click", function () {
        var next = effective() === "dark" ? "light" : "dark";
        root.setAttribute("data-theme", next);
        store.set("pb-theme", next);
        sync();
      });
    });

    /* another tab changed the theme */
    window.addEventListener("storage", function (e) {
      if (e.key !== "pb-theme") return;
      if (e.newValue === "dark" || e.newValue === "light") root.setAttribute("data-theme", e.newValue);
      else root.removeAttribute("data-theme");
      sync();
    });
  }

  /* ------------------------------------------------ off-canvas navigation */

  function initNav() {
    var toggle = doc.querySelector(".nav-toggle");
    var sidebar = doc.getElementById("sidebar") || doc.querySelector(".sidebar");
    if (!toggle || !sidebar) return;

    var narrow = media("(max-width: 56.24rem)");

    function isOpen() { return body.classList.contains("nav-open"); }

    function open() {
      body.classList.add("nav-open");
      toggle.setAttribute("aria-expanded", "true");
      var target = sidebar.querySelector('a[aria-current="page"]') || sidebar.querySelector("a, button");
      if (target) {
        /* wait for visibility to flip so the element is focusable */
        window.setTimeout(function () {
          try { target.focus({ preventScroll: false }); } catch (e) { target.focus(); }
        }, 30);
      }
    }

    function close(returnFocus) {
      if (!isOpen()) return;
      body.classList.remove("nav-open");
      toggle.setAttribute("aria-expanded", "false");
      if (returnFocus) toggle.focus();
    }

    toggle.setAttribute("aria-expanded", "false");

    toggle.addEventListener("click", function () {
      if (isOpen()) close(false); else open();
    });

    doc.addEventListener("keydown", function (e) {
      if ((e.key === "Escape" || e.key === "Esc") && isOpen()) {
        e.preventDefault();
        close(true);
      }
    });

    /* following a link closes the drawer */
    sidebar.addEventListener("click", function (e) {
      if (closest(e.target, "a")) close(false);
    });

    /* a click on the backdrop (outside drawer and button) closes it */
    doc.addEventListener("click", function (e) {
      if (!isOpen()) return;
      if (sidebar.contains(e.target) || toggle.contains(e.target)) return;
      close(false);
    });

    /* keyboard focus leaving the drawer closes it */
    sidebar.addEventListener("focusout", function (e) {
      var to = e.relatedTarget;
      if (!isOpen() || !to) return;
      if (!sidebar.contains(to) && !toggle.contains(to)) close(false);
    });

    /* growing past the breakpoint resets the drawer */
    onMediaChange(narrow, function () {
      if (narrow && !narrow.matches) close(false);
    });
  }

  /* collapsible sections in the navigation tree */
  function initNavSections() {
    var sections = doc.querySelectorAll(".nav-tree .nav-section");
    each(sections, function (li) {
      var list = null;
      var title = null;
      each(li.children, function (c) {
        if (!list && c.tagName === "UL") list = c;
        if (!title && c.classList && c.classList.contains("nav-section-title")) title = c;
      });
      if (!list || !list.children.length) return;

      if (!list.id) list.id = "nav-sub-" + Math.random().toString(36).slice(2, 9);

      var name = title ? (title.textContent || "").replace(/\s+/g, " ").trim() : "";
      var btn = doc.createElement("button");
      btn.type = "button";
      btn.className = "nav-expander";
      btn.setAttribute("aria-controls", list.id);
      btn.setAttribute("aria-label", isZh ? "子页面：" + name : "Pages in " + name);
      var expanded = li.classList.contains("is-open");
      btn.setAttribute("aria-expanded", expanded ? "true" : "false");

      if (title && title.nextSibling) li.insertBefore(btn, title.nextSibling);
      else li.insertBefore(btn, list);

      btn.addEventListener("click", function () {
        var nowOpen = !li.classList.contains("is-open");
        li.classList.toggle("is-open", nowOpen);
        btn.setAttribute("aria-expanded", nowOpen ? "true" : "false");
      });
    });
  }

  /* --------------------------------------------------- keyboard shortcuts */

  function initShortcuts() {
    doc.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (isTypingTarget(e.target)) return;
      var input = doc.getElementById("search-input") || doc.getElementById("site-search");
      if (!input) return;
      e.preventDefault();
      if (body.classList.contains("nav-open")) {
        body.classList.remove("nav-open");
        var t = doc.querySelector(".nav-toggle");
        if (t) t.setAttribute("aria-expanded", "false");
      }
      input.focus();
      try { input.select(); } catch (err) { /* ignore */ }
    });
  }

  /* ------------------------------------------------------ TOC scroll-spy */

  function initScrollSpy() {
    var toc = doc.querySelector(".toc");
    if (!toc) return;

    var links = toc.querySelectorAll('a[href^="#"]');
    var items = [];
    each(links, function (a) {
      var id = a.getAttribute("href").slice(1);
      if (!id) return;
      try { id = decodeURIComponent(id); } catch (e) { /* keep raw */ }
      var target = doc.getElementById(id);
      if (target) items.push({ link: a, target: target });
    });
    if (!items.length) return;

    var current = null;
    var header = doc.querySelector(".site-header");

    function setActive(item) {
      if (item === current) return;
      if (current) {
        current.link.classList.remove("active");
        current.link.removeAttribute("aria-current");
      }
      current = item;
      if (!item) return;
      item.link.classList.add("active");
      item.link.setAttribute("aria-current", "true");

      /* keep the active entry visible inside a scrolling TOC (never scroll the page) */
      if (toc.scrollHeight > toc.clientHeight + 1) {
        var lt = item.link.offsetTop;
        var lh = item.link.offsetHeight;
        if (lt < toc.scrollTop + 40) toc.scrollTop = Math.max(0, lt - 40);
        else if (lt + lh > toc.scrollTop + toc.clientHeight - 40) toc.scrollTop = lt + lh - toc.clientHeight + 40;
      }
    }

    function update() {
      var offset = (header ? header.getBoundingClientRect().height : 56) + 24;
      var line = Math.max(offset, window.innerHeight * 0.3);
      var active = null;
      for (var i = 0; i < items.length; i++) {
        if (items[i].target.getBoundingClientRect().top <= line) active = items[i];
        else break;
      }
      /* at the very bottom, the last section wins even if its heading is low */
      var scroller = doc.scrollingElement || root;
      if (scroller.scrollTop > 0 && window.innerHeight + scroller.scrollTop >= scroller.scrollHeight - 2) {
        active = items[items.length - 1];
      }
      setActive(active);
    }

    var queued = false;
    function schedule() {
      if (queued) return;
      queued = true;
      var raf = window.requestAnimationFrame || function (f) { return window.setTimeout(f, 16); };
      raf(function () { queued = false; update(); });
    }

    if ("IntersectionObserver" in window) {
      try {
        var io = new IntersectionObserver(schedule, { rootMargin: "0px 0px -60% 0px", threshold: [0, 1] });
        each(items, function (it) { io.observe(it.target); });
      } catch (e) { /* fall back to scroll events only */ }
    }
    /* scroll events cover the end of the page and browsers without IO */
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule, { passive: true });
    window.addEventListener("hashchange", schedule);
    update();
  }

  /* ---------------------------------------------- persistent step checklist */

  /* Checklists can be ticked everywhere: a step's checklist and every
     markdown task list (- [ ]). Ticks are kept in this browser, per page;
     a button clears them. */
  function initChecklist() {
    var boxes = doc.querySelectorAll('.step-checklist input[type="checkbox"], .prose li > input[type="checkbox"]');
    if (!boxes.length) return;
    var prefix = "pb-check:" + window.location.pathname;
    var zh = (doc.documentElement.lang || "").indexOf("zh") === 0;

    each(boxes, function (box, i) {
      var key = prefix + i;
      box.disabled = false;
      box.classList.add("tickable");
      var saved = store.get(key);
      if (saved === "1") box.checked = true;
      else if (saved === "0") box.checked = false;

      box.addEventListener("change", function () {
        if (box.checked === box.defaultChecked) store.remove(key);
        else store.set(key, box.checked ? "1" : "0");
      });
    });

    var reset = doc.createElement("button");
    reset.type = "button";
    reset.className = "checklist-reset";
    reset.textContent = zh ? "清空本页勾选" : "Clear the ticks on this page";
    reset.addEventListener("click", function () {
      each(boxes, function (box, i) {
        box.checked = box.defaultChecked;
        store.remove(prefix + i);
      });
    });
    var last = boxes[boxes.length - 1];
    var list = closest(last, "ul, ol");
    if (list && list.parentNode) list.parentNode.insertBefore(reset, list.nextSibling);
  }


  /* --------------------------------------------- FAB table: phone labels */

  /* copy each column header into its cells (td[data-label]) so that the
     stylesheet can stack rows as cards on narrow screens */
  /* FAB tables, and markdown tables with a header row and at most five
     columns, can become cards on phones: each cell gets its column's name */
  function initFabTables() {
    var tables = doc.querySelectorAll("table.fab-table, .prose .table-scroll > table");
    each(tables, function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length || (!table.classList.contains("fab-table") && heads.length > 5)) return;
      var labels = [];
      each(heads, function (th) { labels.push((th.textContent || "").replace(/\s+/g, " ").trim()); });
      each(table.querySelectorAll("tbody tr"), function (tr) {
        var col = 0;
        each(tr.children, function (cell) {
          if (labels[col] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", labels[col]);
          col += cell.colSpan > 1 ? cell.colSpan : 1;
        });
      });
      table.classList.add("is-labelled");
    });
  }

  /* ----------------------------------------- scripts reps read aloud */

  /* A [!SAY] callout gets a button that copies its words. */
  function initSayCopy() {
    var zh = (doc.documentElement.lang || "").indexOf("zh") === 0;
    each(doc.querySelectorAll(".callout-say"), function (box) {
      var btn = doc.createElement("button");
      btn.type = "button";
      btn.className = "say-copy";
      btn.textContent = zh ? "复制话术" : "Copy";
      btn.addEventListener("click", function () {
        var parts = [];
        each(box.children, function (el) {
          if (!el.classList.contains("callout-title") && el !== btn) parts.push((el.innerText || el.textContent || "").trim());
        });
        var text = parts.join("\n");
        var done = function () {
          btn.textContent = zh ? "已复制" : "Copied";
          window.setTimeout(function () { btn.textContent = zh ? "复制话术" : "Copy"; }, 1500);
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
        } else {
          fallbackCopy(text);
          done();
        }
      });
      box.appendChild(btn);
    });
  }

  function fallbackCopy(text) {
    var ta = doc.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    body.appendChild(ta);
    ta.select();
    try { doc.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    body.removeChild(ta);
  }

  /* ------------------------------------------- tables wider than the page */

  /* A table that scrolls sideways says so above it. */
  function initScrollHints() {
    var zh = (doc.documentElement.lang || "").indexOf("zh") === 0;
    var boxes = doc.querySelectorAll(".prose .table-scroll, .table-wrap, .prose .diagram");
    function update() {
      each(boxes, function (box) {
        var wide = box.scrollWidth > box.clientWidth + 2;
        var hint = box.previousElementSibling;
        var has = hint && hint.classList && hint.classList.contains("scroll-hint");
        box.classList.toggle("is-scrollable", wide);
        if (wide && !has) {
          hint = doc.createElement("span");
          hint.className = "scroll-hint";
          hint.textContent = box.classList.contains("diagram") ?
            (zh ? "左右滑动查看全图" : "Scroll sideways to see the whole diagram") :
            (zh ? "左右滑动查看全表" : "Scroll sideways to see the whole table");
          box.parentNode.insertBefore(hint, box);
        } else if (!wide && has) {
          hint.parentNode.removeChild(hint);
        }
      });
    }
    update();
    window.addEventListener("load", update); /* after fonts and images have their size */
    var t = 0;
    window.addEventListener("resize", function () { window.clearTimeout(t); t = window.setTimeout(update, 150); });
  }

  /* ------------------------------------ search hits: ?hl=words, #heading */

  /* A page opened from search marks the words that matched (hl) in its
     content; without a heading to jump to, it scrolls to the first mark. */
  function initHighlight() {
    var m = /[?&]hl=([^&#]*)/.exec(window.location.search);
    if (!m) return;
    var words;
    try { words = decodeURIComponent(m[1].replace(/\+/g, " ")).split(" "); } catch (e) { return; }
    var res = [];
    each(words, function (w) {
      w = w.trim();
      if (!w) return;
      /* spaces may come between Chinese and Latin letters or digits, as search allows */
      var src = "";
      for (var i = 0; i < w.length; i++) {
        var c = w.charAt(i);
        var cjk = /[\u3400-\u9fff]/.test(c);
        if (i > 0 && cjk !== /[\u3400-\u9fff]/.test(w.charAt(i - 1))) src += "\\s*";
        src += c.replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&");
      }
      res.push(src);
    });
    if (!res.length) return;
    var re = new RegExp(res.join("|"), "gi");
    var root = doc.querySelector("main") || body;
    var walker = doc.createTreeWalker(root, 4 /* text */, null);
    var texts = [];
    while (walker.nextNode()) {
      var n = walker.currentNode;
      if (n.nodeValue && n.nodeValue.trim() && !closest(n.parentNode, "script, style, mark, .toc, nav")) texts.push(n);
    }
    var first = null;
    each(texts, function (n) {
      var v = n.nodeValue;
      re.lastIndex = 0;
      if (!re.test(v)) return;
      re.lastIndex = 0;
      var frag = doc.createDocumentFragment();
      var at = 0, hit;
      while ((hit = re.exec(v)) !== null) {
        if (!hit[0]) { re.lastIndex++; continue; }
        if (hit.index > at) frag.appendChild(doc.createTextNode(v.slice(at, hit.index)));
        var mk = doc.createElement("mark");
        mk.className = "search-hit";
        mk.textContent = hit[0];
        frag.appendChild(mk);
        if (!first) first = mk;
        at = hit.index + hit[0].length;
      }
      if (at < v.length) frag.appendChild(doc.createTextNode(v.slice(at)));
      n.parentNode.replaceChild(frag, n);
    });
    if (first && !window.location.hash) {
      try { first.scrollIntoView({ block: "center" }); } catch (e) { first.scrollIntoView(); }
    }
  }

  /* ------------------------------------------------------------------ go */

  function init() {
    run("theme", initTheme);
    run("nav sections", initNavSections);
    run("nav", initNav);
    run("shortcuts", initShortcuts);
    run("scroll-spy", initScrollSpy);
    run("checklist", initChecklist);
    run("fab tables", initFabTables);
    run("highlight", initHighlight);
    run("scroll hints", initScrollHints);
    run("say copy", initSayCopy);
  }

  if (!body) {
    doc.addEventListener("DOMContentLoaded", function () { body = doc.body; init(); });
  } else if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
