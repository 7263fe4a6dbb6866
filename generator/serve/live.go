package serve

// liveJS is injected into every page `playbook serve` serves. It listens to
// the server's events: "reload" (a new build is being served: reload and keep
// the scroll position), "css" (swap the stylesheets), "errors" (show the
// build's errors over the page; an empty list clears them).
const liveJS = `(function () {
  "use strict";
  if (!window.EventSource) return;
  var key = "pb-scroll:" + location.pathname;
  try {
    var saved = sessionStorage.getItem(key);
    if (saved !== null) {
      sessionStorage.removeItem(key);
      var y = parseInt(saved, 10);
      window.addEventListener("load", function () { window.scrollTo(0, y); });
    }
  } catch (e) {}
  var seen = null;
  function reload() {
    if (window.PLAYBOOK_PREVIEW) {
      var frame = document.getElementById("pb-pdf");
      frame.src = window.PLAYBOOK_PREVIEW + "?v=" + Date.now();
      var status = document.getElementById("pb-status");
      if (status) status.textContent = "updated " + new Date().toLocaleTimeString();
      hideErrors();
      return;
    }
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) {}
    location.reload();
  }
  function swapCSS() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = links[i].href.replace(/[?&]pbv=\d+/, "");
      links[i].href = url + (url.indexOf("?") < 0 ? "?" : "&") + "pbv=" + Date.now();
    }
    hideErrors();
  }
  function hideErrors() {
    var o = document.getElementById("pb-overlay");
    if (o) o.parentNode.removeChild(o);
  }
  function el(tag, css, text) {
    var e = document.createElement(tag);
    if (css) e.style.cssText = css;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function showErrors(list) {
    hideErrors();
    if (!list || !list.length) return;
    var o = el("div", "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,24,31,.92);" +
      "color:#f3f4f6;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem");
    o.id = "pb-overlay";
    o.setAttribute("role", "alertdialog");
    o.setAttribute("aria-label", "Build errors");
    var head = el("div", "display:flex;justify-content:space-between;align-items:center;margin-bottom:1rem");
    head.appendChild(el("strong", "font-size:16px;color:#ff8a8a", "Build failed: " + list.length + (list.length === 1 ? " error" : " errors") + " (still serving the last good build)"));
    var close = el("button", "font:inherit;padding:.25rem .75rem;cursor:pointer;color:#1c2430;background:#fff;border:0;border-radius:4px", "Close");
    close.addEventListener("click", hideErrors);
    head.appendChild(close);
    o.appendChild(head);
    list.forEach(function (err) {
      var box = el("div", "margin:0 0 1.25rem;padding:1rem;background:#1f2430;border-left:4px solid #ff6b6b;border-radius:4px");
      box.className = "pb-error";
      var where = err.file + (err.line ? ":" + err.line + (err.col ? ":" + err.col : "") : "");
      box.appendChild(el("div", "color:#9ecbff", where));
      box.appendChild(el("div", "margin:.25rem 0 .5rem;white-space:pre-wrap", err.message));
      if (err.source && err.source.length) {
        var pre = el("pre", "margin:0;padding:.5rem;background:#14181f;overflow:auto");
        err.source.forEach(function (l) {
          var row = el("div", l.mark ? "background:#3a2025;color:#fff" : "color:#aab4c0",
            String(l.n).padStart(5, " ") + (l.mark ? " > " : " | ") + l.text);
          pre.appendChild(row);
        });
        box.appendChild(pre);
      }
      o.appendChild(box);
    });
    document.body.appendChild(o);
  }
  var es = new EventSource("/_playbook/events");
  es.addEventListener("hello", function (e) {
    if (seen !== null && seen !== e.data) reload();
    seen = e.data;
  });
  es.addEventListener("reload", reload);
  es.addEventListener("css", swapCSS);
  es.addEventListener("errors", function (e) {
    try { showErrors(JSON.parse(e.data)); } catch (x) {}
  });
})();
`
