// Runs axe-core in Debian's Chromium over pages of a built site, in the light
// and the dark colour scheme, and prints the serious and critical
// violations as JSON. Exit status 1 when there are any.
// Usage: node a11y.mjs SITE_DIR PAGE...   (pages relative to SITE_DIR)
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const [site, ...pages] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const found = [];
try {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    for (const p of pages) {
      const [file, query] = p.split("?");
      const url = "file://" + path.resolve(site, file) + (query ? "?" + query : "");
      await page.goto(url, { waitUntil: "load" });
      await page.waitForTimeout(150); // scripts (search) settle
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { resultTypes: ["violations"] });
        return r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 5).map(n => ({ target: n.target.join(" "), summary: n.failureSummary })),
        }));
      });
      for (const v of result) found.push({ page: p, scheme, ...v });
    }
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(found, null, 2));
process.exit(found.length ? 1 : 0);
