// End-to-end checks in Debian's Chromium, driven by playwright-core.
//   node e2e.mjs static SITE_DIR SHOTS_DIR   the built site, from file://
//   node e2e.mjs serve URL FILE PAGE         a running `playbook serve`; FILE is the source of PAGE
//   node e2e.mjs shards SITE_DIR QUERY       a large site's sharded search: prints the time to the
//                                            first results and the files the query loaded, as JSON
// Prints what it checked; exits 1 on the first failure.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const [mode, a, b, c] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
function check(ok, what) {
  console.log((ok ? "ok   " : "FAIL ") + what);
  if (!ok) failed = true;
}
async function newPage(context) {
  const page = await context.newPage();
  page.errors = [];
  page.on("console", m => { if (m.type() === "error" || m.type() === "warning") page.errors.push(m.text()); });
  page.on("pageerror", e => page.errors.push(String(e)));
  return page;
}
try {
  if (mode === "static") await staticSite(a, b);
  else if (mode === "serve") await served(a, b, c);
  else if (mode === "shards") await shards(a, b);
  else throw new Error("usage: e2e.mjs static SITE SHOTS | serve URL FILE");
} catch (e) {
  check(false, String(e));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

async function staticSite(site, shots) {
  const url = p => "file://" + path.resolve(site, p);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  await page.goto(url("index.html"));
  check(page.errors.length === 0, "home page: no console errors " + page.errors.join("; "));
  const steps = await page.locator(".step-path .step-card").count();
  check(steps === 6, "home page shows the six steps (" + steps + ")");

  // Search: a Chinese word inside sentences, then an English word; open a result.
  await page.goto(url("search/index.html") + "?q=" + encodeURIComponent("需求"));
  await page.waitForSelector(".search-result");
  const n = await page.locator(".search-result").count();
  check(n >= 5, "search 需求 lists " + n + " results");
  await page.fill("#search-input", "定金");
  await page.waitForFunction(() => document.querySelector(".search-result a")?.href.includes("toolkit/deposit"));
  await page.locator(".search-result a").first().click();
  await page.waitForLoadState();
  check(page.url().includes("toolkit/deposit"), "clicking a result opens the page");
  check(page.errors.length === 0, "search: no console errors " + page.errors.join("; "));

  // The language switch leads to the translation, whose search is English.
  await page.goto(url("fab/field-parka.html"));
  await page.locator(".lang-switch a", { hasText: "English" }).click();
  await page.waitForLoadState();
  const lang = await page.evaluate(() => document.documentElement.lang);
  check(page.url().includes("en/fab/field-parka.html") && lang === "en", "the language switch opens the English page (" + lang + ")");
  await page.fill("#site-search", "trousers");
  await page.press("#site-search", "Enter");
  await page.waitForFunction(() => document.querySelector(".search-result a")?.href.includes("en/fab/down-trousers"));
  check(page.url().includes("en/search/"), "the English page searches the English site");

  // Dark mode: the toggle persists across pages.
  await page.goto(url("steps/needs.html"));
  const before = await page.evaluate(() => document.documentElement.dataset.theme || "system");
  await page.click(".theme-toggle");
  const after = await page.evaluate(() => document.documentElement.dataset.theme);
  check(after === "dark" || after === "light", "the toggle sets a theme (" + before + " -> " + after + ")");
  await page.goto(url("fab/down-jacket-pro.html"));
  const kept = await page.evaluate(() => document.documentElement.dataset.theme);
  check(kept === after, "the theme persists on the next page (" + kept + ")");
  await context.close();

  // A 360 px phone: the navigation opens and works.
  const phone = await browser.newContext({ viewport: { width: 360, height: 640 } });
  const p2 = await newPage(phone);
  await p2.goto(url("steps/needs.html"));
  const wide = await p2.evaluate(() => document.documentElement.scrollWidth);
  check(wide <= 360, "no horizontal overflow at 360 px (" + wide + ")");
  await p2.click(".nav-toggle");
  const open = await p2.evaluate(() => document.querySelector(".nav-toggle").getAttribute("aria-expanded"));
  check(open === "true", "the navigation opens");
  await p2.locator("#sidebar a", { hasText: "FAB" }).first().click();
  await p2.waitForLoadState();
  check(p2.url().includes("/fab/"), "a navigation link works on the phone");
  await phone.close();

  // No table is cut, on any page that has one, at a desktop, a tablet and a
  // phone width: each fits its column, or its box scrolls sideways and says so.
  const tablePages = [];
  (function walk(dir) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name.endsWith(".html") && !f.includes(path.sep + "handbook" + path.sep) && fs.readFileSync(f, "utf8").includes("<table")) tablePages.push(path.relative(site, f));
    }
  })(site);
  for (const width of [1280, 768, 360]) {
    const ctx = await browser.newContext({ viewport: { width, height: 800 } });
    const pg = await newPage(ctx);
    const cut = [];
    for (const file of tablePages) {
      await pg.goto(url(file));
      await pg.waitForLoadState("load");
      const bad = await pg.evaluate(() => {
        const out = [];
        if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push("the page scrolls sideways (" + document.documentElement.scrollWidth + ")");
        for (const t of document.querySelectorAll("main table")) {
          if (t.offsetParent === null) continue; // hidden (a coaching card not opened)
          const box = t.closest(".table-scroll, .table-wrap");
          const r = t.getBoundingClientRect(), m = document.querySelector("main").getBoundingClientRect();
          if (box) {
            const scrolls = box.scrollWidth > box.clientWidth + 2;
            if (scrolls && (!box.classList.contains("is-scrollable") || getComputedStyle(box).overflowX === "hidden")) out.push("a table is cut without a scroll hint");
          } else if (r.right > m.right + 1) out.push("a table runs out of the column");
        }
        return out;
      });
      if (bad.length) cut.push(file + ": " + bad.join(", "));
    }
    check(cut.length === 0, "no table is cut at " + width + " px on " + tablePages.length + " pages" + (cut.length ? ": " + cut.join("; ") : ""));
    await ctx.close();
  }

  // Screenshots of each page kind.
  fs.mkdirSync(shots, { recursive: true });
  const shot = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p3 = await newPage(shot);
  for (const [name, p] of Object.entries({
    home: "index.html", step: "steps/needs.html", fab: "fab/down-jacket-pro.html",
    objection: "objections/price-too-high.html", section: "objections/index.html", tag: "tags/index.html",
    search: "search/index.html?q=" + encodeURIComponent("需求"), handbook: "handbook/index.html",
  })) {
    const [file, q] = p.split("?");
    await p3.goto(url(file) + (q ? "?" + q : ""));
    await p3.screenshot({ path: path.join(shots, name + ".png") });
  }
  check(p3.errors.length === 0, "page kinds: no console errors " + p3.errors.join("; "));
  // 404.html links from the site root (base_url): it is for a web server,
  // which serves it at any path; from file:// only its text shows.
  await p3.goto(url("404.html"));
  await p3.screenshot({ path: path.join(shots, "notfound.png") });
  await shot.close();
}

async function shards(site, query) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  await page.goto("file://" + path.resolve(site, "search/index.html") + "?q=" + encodeURIComponent(query), { waitUntil: "commit" });
  await page.waitForSelector(".search-result", { timeout: 10000 });
  const got = await page.evaluate(() => ({
    ms: performance.now(),
    shown: (performance.getEntriesByName("pb-search-results")[0] || {}).startTime || 0,
    ready: performance.getEntriesByType("navigation")[0].domContentLoadedEventStart,
    first: document.querySelector(".search-result a").getAttribute("href"),
    files: Array.from(document.scripts).map(e => decodeURI(e.src)).filter(Boolean),
  }));
  got.errors = page.errors;
  console.log("RESULT " + JSON.stringify(got));
  await context.close();
}

async function served(base, file, pagePath) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  const src = fs.readFileSync(file, "utf8");
  await page.goto(base + pagePath);
  await page.waitForFunction(() => window.performance && document.readyState === "complete");
  await page.waitForTimeout(300); // the event stream connects
  const marker = "浏览器里的实时更新";
  let reloaded = page.waitForEvent("load", { timeout: 10000 });
  fs.writeFileSync(file, src + "\n" + marker + "\n");
  await reloaded;
  check((await page.content()).includes(marker), "an edit reloads the open page");
  await page.waitForTimeout(300);
  fs.writeFileSync(file, src.replace("+++\n", "+++\nbroken = 1\n"));
  await page.waitForSelector("#pb-overlay", { timeout: 10000 });
  const text = await page.locator("#pb-overlay").innerText();
  check(text.includes(path.basename(file) + ":2") && text.includes("broken"), "a broken file shows the overlay with file:line");
  reloaded = page.waitForEvent("load", { timeout: 10000 });
  fs.writeFileSync(file, src);
  await reloaded;
  check(await page.locator("#pb-overlay").count() === 0, "the fix clears the overlay");
  await context.close();
}
