// Our own pages under their Content-Security-Policy: the demo page, a salon's hosted page, the
// client's booking page and the owners' console (both its builds) load and work without a single
// policy violation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, launch, phonePage } from "./support.mjs";
import { WidgetPage } from "./widget.page.mjs";

/** Opens `url` and collects every CSP violation and console error until the page settles. */
async function violations(page, url, ready) {
  const seen = [];
  page.on("console", (m) => m.type() === "error" && seen.push(m.text()));
  page.on("pageerror", (e) => seen.push(e.message));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const response = await page.goto(url);
  assert.ok(response.headers()["content-security-policy"], `${url} sends a policy`);
  await ready();
  await page.waitForTimeout(200);
  return seen;
}

test("the demo, hosted, booking and console pages run without a policy violation", async () => {
  const browser = await launch();
  try {
    const page = await phonePage(browser);
    const widget = new WidgetPage(page);
    assert.deepEqual(await violations(page, `${api()}/`, () => widget.testId("services").waitFor()), []);

    const hosted = await phonePage(browser);
    const inline = new WidgetPage(hosted);
    assert.deepEqual(
      await violations(hosted, `${api()}/s/demo`, () => inline.testId("services").waitFor()),
      [],
    );

    // A booking made through the API, then its page.
    const profile = await (await fetch(`${api()}/v1/salons/demo/availability?service=mens-cut&staff=any&days=14`)).json();
    const slot = profile.days.flatMap((d) => d.slots)[20];
    const made = await (await fetch(`${api()}/v1/salons/demo/bookings`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": `csp-${Date.now()}` },
      body: JSON.stringify({ service: "mens-cut", staff: "any", start: slot.start, client: { name: "Cee Espé", email: "csp@example.com" } }),
    })).json();
    const manage = await phonePage(browser);
    assert.deepEqual(
      await violations(manage, made.manage_url, () => manage.locator("#chairtime-manage").getByTestId("booking").waitFor()),
      [],
    );

    // The console's sign-in page and its set-up build's sign-up page; their signed-in screens are
    // checked by console.test.mjs and setup.test.mjs (the embed page's preview included).
    const owner = await phonePage(browser);
    assert.deepEqual(
      await violations(owner, `${api()}/console/sign-in`, () => owner.getByRole("heading", { name: "Sign in to Chairtime" }).waitFor()),
      [],
    );
    assert.deepEqual(
      await violations(owner, `${api()}/console/sign-up`, () => owner.getByRole("heading", { name: "Start taking bookings" }).waitFor()),
      [],
    );
  } finally {
    await browser.close();
  }
});
