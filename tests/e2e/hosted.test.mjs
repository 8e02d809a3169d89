// A salon's hosted booking page (`/s/{slug}`) on a phone: the salon's name and contact, the inline
// widget, nothing loaded but the widget's own files and API calls, a booking made through it, and an
// accessibility scan.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { api, launch, phonePage, screenshotPath, sql } from "./support.mjs";
import { WidgetPage } from "./widget.page.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
// The demo salon as `cargo xtask` seeds it.
const DEMO = require("../../demo-salon.json");

test("a client books through the inline widget of the demo salon's hosted page on a phone", async () => {
  const browser = await launch();
  try {
    const page = await phonePage(browser);
    const errors = [];
    const requests = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("request", (r) => requests.push(r.url()));
    const widget = new WidgetPage(page);
    await widget.open(`${api()}/s/demo`);

    assert.equal(await page.title(), "Maison Fifi");
    assert.equal(await page.locator("h1").textContent(), "Maison Fifi");
    assert.equal(await page.locator('meta[property="og:title"]').getAttribute("content"), "Maison Fifi");
    assert.equal(await page.locator('meta[property="og:url"]').getAttribute("content"), `${api()}/s/demo`);
    assert.equal(await page.locator('a[href^="tel:"]').getAttribute("href"), "tel:+33142685300");
    assert.equal(await page.locator('a[href^="mailto:"]').getAttribute("href"), "mailto:hello@maison-fifi.example");
    const address = await page.locator("address").textContent();
    for (const line of DEMO.contact.address.split("\n")) assert.ok(address.includes(line), address);
    await page.screenshot({ path: screenshotPath("phone-hosted.png") });

    // Fast on a phone: the page itself, then only what the widget loads, all from this origin.
    const origin = new URL(api()).origin;
    for (const url of requests) {
      const { origin: from, pathname } = new URL(url);
      assert.equal(from, origin, url);
      assert.ok(
        ["/s/demo", "/widget.js"].includes(pathname) ||
          /^\/w\/chairtime(_bg)?\.[0-9a-f]{12}\.(js|wasm)$/.test(pathname) ||
          pathname.startsWith("/v1/salons/demo"),
        `an unexpected request: ${url}`,
      );
    }

    await widget.chooseService("mens-cut");
    await widget.chooseStaff("any");
    const start = await widget.chooseEarlySlot();
    await widget.fillDetails({ name: "Hugo Petit", email: "hugo.hosted@example.com" });
    const code = await widget.book();
    const rows = await sql(
      `SELECT b.status, b.service_key, b.starts_at = $2::timestamptz
         FROM bookings b JOIN salons s ON s.id = b.salon_id WHERE s.slug = 'demo' AND b.code = $1`,
      [code, start],
    );
    assert.deepEqual(rows, [["confirmed", "mens-cut", "t"]]);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("an accessibility scan of the hosted page finds no serious or critical violation", async () => {
  const browser = await launch();
  try {
    // axe is injected as an inline script, which the page's policy forbids; this context lets it in.
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, bypassCSP: true,
    });
    const page = await context.newPage();
    const widget = new WidgetPage(page);
    await widget.open(`${api()}/s/demo`);
    await page.addScriptTag({ path: AXE });
    const scan = async (state) => {
      const result = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ["violations"] });
        return r.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`);
      });
      assert.deepEqual(result, [], `at ${state}`);
    };
    await scan("the services");
    await widget.chooseService("mens-cut");
    await widget.chooseStaff("any");
    await scan("the times");
  } finally {
    await browser.close();
  }
});

test("an unknown salon's hosted page is a 404 page", async () => {
  const browser = await launch();
  try {
    const page = await phonePage(browser);
    const response = await page.goto(`${api()}/s/no-such-salon`);
    assert.equal(response.status(), 404);
    assert.equal(await page.locator("h1").textContent(), "No salon here");
  } finally {
    await browser.close();
  }
});
