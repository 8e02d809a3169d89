// The widget on other people's websites: every embed mode, several widgets on one page, a hostile host
// stylesheet, keyboard-only booking, recovery from a time taken meanwhile, host-page events, and an
// accessibility scan. Host pages are served by the browser itself at http://salon.test, a different
// origin from the API, exactly like a salon's own website.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { api, eventually, launch, phonePage, screenshotPath, sql } from "./support.mjs";
import { WidgetPage } from "./widget.page.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const HOST = "http://salon.test";
let browser;
let slug;

/** A salon open every day 08:00–20:00 that allows bookings from the test host page. */
async function createSalon() {
  const hours = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [["08:00", "20:00"]]]));
  const config = {
    name: "Embed Salon", timezone: "Europe/Paris", currency: "EUR", country: "FR", locale: "en",
    policy: { slot_step_minutes: 15, min_notice_minutes: 0, max_advance_days: 30, cancel_cutoff_minutes: 0 },
    allowed_origins: [HOST],
    services: [{ key: "cut", name: "Cut", category: "Hair", duration_minutes: 30, price_cents: 3000 }],
    staff: [
      { key: "ana", name: "Ana", services: ["cut"], hours },
      { key: "bob", name: "Bob", services: ["cut"], hours },
    ],
  };
  const name = `embed-${process.pid}-${Date.now() % 100000}`;
  const response = await fetch(`${api()}/v1/admin/salons`, {
    method: "POST",
    headers: { authorization: `Bearer ${process.env.CHAIRTIME_PLATFORM_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ slug: name, config }),
  });
  assert.equal(response.status, 201, await response.text());
  return name;
}

/** Opens `body` as the host page at http://salon.test/. */
async function hostPage(body, { phone = true } = {}) {
  const page = phone ? await phonePage(browser) : await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // The host page's listeners exist before the widget can dispatch anything, as a site's own would.
  await page.addInitScript(() => {
    window.events = [];
    for (const name of ["chairtime:ready", "chairtime:booked", "chairtime:error"]) {
      document.addEventListener(name, (e) => window.events.push({ name, detail: e.detail }));
    }
  });
  await page.route(`${HOST}/**`, (route) =>
    route.fulfill({ contentType: "text/html", body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Host</title></head><body><main>${body}</main></body></html>` }),
  );
  await page.goto(`${HOST}/`);
  return { page, errors };
}

const tag = (attrs = "") => `<script src="${api()}/widget.js" data-salon="${slug}" ${attrs} async></script>`;

before(async () => {
  browser = await launch();
  slug = await createSalon();
});
after(async () => browser && browser.close());

test("inline into a target element, booked at desktop size, with the booked event on the host page", async () => {
  const { page, errors } = await hostPage(`<h1>Book</h1><div id="here"></div>${tag('data-target="#here"')}`, { phone: false });
  const widget = new WidgetPage(page, page.locator("#here [data-chairtime]"));
  await widget.testId("services").waitFor();
  await widget.chooseService("cut");
  await widget.chooseStaff("any");
  const start = await widget.chooseEarlySlot();
  await widget.fillDetails({ name: "Desk Top", email: "desk@example.com" });
  const code = await widget.book();
  const events = await page.evaluate(() => window.events);
  assert.equal(events[0].name, "chairtime:ready");
  const booked = events.find((e) => e.name === "chairtime:booked");
  assert.equal(booked.detail.code, code);
  assert.equal(booked.detail.start, start);
  assert.deepEqual(errors, []);
});

test("popup mode opens from any data-chairtime-open element and closes with Escape", async () => {
  const { page } = await hostPage(`<button data-chairtime-open>Book now</button>${tag('data-mode="popup"')}`);
  const dialog = page.locator("[data-chairtime-popup] dialog");
  assert.equal(await dialog.isVisible(), false);
  await page.getByText("Book now").click();
  await page.locator("[data-chairtime-popup]").getByTestId("services").waitFor();
  assert.equal(await dialog.isVisible(), true);
  const pageScrolls = () => page.evaluate(() => getComputedStyle(document.documentElement).overflowY !== "hidden");
  assert.equal(await pageScrolls(), false, "one scrollbar: the page behind the dialog does not scroll");
  await page.screenshot({ path: screenshotPath("phone-popup.png") });
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  // The dialog's `close` event, which gives the page its scrolling back, comes a task after it hides.
  await eventually(pageScrolls, true, "the page scrolls again once the dialog is closed");
});

test("floating mode shows a button in the corner that opens the booking dialog", async () => {
  const { page } = await hostPage(`<p>Welcome</p>${tag('data-mode="floating" data-label="Book a chair"')}`);
  const button = page.locator("[data-chairtime-floating]").getByTestId("floating");
  assert.equal((await button.textContent()).trim(), "Book a chair");
  const box = await button.boundingBox();
  assert.ok(box.x + box.width > 300 && box.y + box.height > 700, `bottom right: ${JSON.stringify(box)}`);
  await button.click();
  await page.locator("[data-chairtime-popup]").getByTestId("services").waitFor();
});

test("two widgets on one page share one WebAssembly download", async () => {
  const page = await phonePage(browser);
  const wasm = [];
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(r.url()));
  await page.route(`${HOST}/**`, (route) =>
    route.fulfill({ contentType: "text/html", body: `<!doctype html><html lang="en"><body>${tag()}<hr>${tag('data-service="cut" data-staff="any"')}</body></html>` }),
  );
  await page.goto(`${HOST}/`);
  const widgets = page.locator("[data-chairtime]");
  await new WidgetPage(page, widgets.nth(0)).testId("services").waitFor();
  await new WidgetPage(page, widgets.nth(1)).testId("slots").waitFor();
  assert.equal(await widgets.count(), 2);
  assert.equal(wasm.length, 1, wasm.join(", "));
});

test("a hostile host stylesheet does not reach inside the widget", async () => {
  const hostile = `<style>* { font: 30px/3 serif !important; color: red !important; letter-spacing: 5px !important; }
    div, button, p { display: inline !important; padding: 40px !important; } body { margin: 0 }</style>`;
  const { page } = await hostPage(`${hostile}<p>Salon</p>${tag()}`);
  const widget = new WidgetPage(page);
  await widget.testId("services").waitFor();
  const style = await widget.root.locator("[data-testid=service]").first().evaluate((el) => {
    const s = getComputedStyle(el);
    return { size: s.fontSize, family: s.fontFamily, color: s.color, display: s.display, padding: s.paddingTop, spacing: s.letterSpacing };
  });
  assert.equal(style.size, "16px");
  assert.doesNotMatch(style.family, /^serif$/);
  assert.notEqual(style.color, "rgb(255, 0, 0)");
  assert.equal(style.display, "flex");
  assert.equal(style.padding, "10px");
  assert.equal(style.spacing, "normal");
  const box = await widget.root.locator("[data-testid=service]").first().boundingBox();
  assert.ok(box.height >= 44, `touch target ${box.height}px`);
  await page.screenshot({ path: screenshotPath("phone-hostile-css.png") });
});

test("a whole booking can be made with the keyboard alone", async () => {
  const { page } = await hostPage(`<a href="#">Home</a>${tag()}`);
  const widget = new WidgetPage(page);
  await widget.testId("services").waitFor();
  const focused = () => page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el ? (el.getAttribute("data-testid") || el.className || el.tagName) : null;
  });
  await page.keyboard.press("Tab"); // the host page's link
  await page.keyboard.press("Tab"); // the first service
  assert.equal(await focused(), "service");
  await page.keyboard.press("Enter");
  await widget.testId("staff-list").waitFor();
  assert.equal(await focused(), "ct-step", "focus moves to the step heading");
  await page.keyboard.press("Tab"); // Anyone available (Back comes before the heading)
  assert.equal(await focused(), "staff");
  await page.keyboard.press("Enter");
  await widget.testId("slots").waitFor();
  assert.equal(await focused(), "ct-step");
  await page.keyboard.press("Tab"); // the selected day
  assert.equal(await focused(), "day");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await focused(), "day");
  await page.keyboard.press("Tab"); // Later (the first page starts today: nothing is earlier)
  await page.keyboard.press("Tab"); // the first free time
  assert.equal(await focused(), "slot");
  await page.keyboard.press("ArrowRight");
  const start = await page.evaluate(() => {
    let el = document.activeElement;
    while (el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el.getAttribute("data-start");
  });
  await page.keyboard.press("Enter");
  await widget.testId("details").waitFor();
  await page.keyboard.press("Tab"); // Name
  await page.keyboard.type("Kay Board");
  await page.keyboard.press("Tab");
  await page.keyboard.type("kay@example.com");
  await page.keyboard.press("Enter");
  await widget.testId("confirmation").waitFor();
  const code = (await widget.testId("booking-code").textContent()).trim();
  const rows = await sql("SELECT b.starts_at = $2::timestamptz FROM bookings b WHERE b.code = $1", [code, start]);
  assert.deepEqual(rows, [["t"]]);
});

test("an invalid submit moves focus to the first field to fix and announces how many, in en, fr, es and de", async () => {
  const counts = {
    en: ["2 fields need attention", "1 field needs attention"],
    fr: ["2 champs à vérifier", "1 champ à vérifier"],
    es: ["2 campos necesitan atención", "1 campo necesita atención"],
    de: ["Bitte prüfen Sie 2 Felder", "Bitte prüfen Sie 1 Feld"],
  };
  for (const [locale, [two, one]] of Object.entries(counts)) {
    const { page, errors } = await hostPage(tag(`data-locale="${locale}" data-service="cut" data-staff="any"`));
    const widget = new WidgetPage(page);
    await widget.testId("slot").first().waitFor();
    await widget.chooseEarlySlot();
    // Nothing typed: the name is missing, and so is any way to reach the client.
    await widget.testId("book").click();
    await eventually(() => widget.focused(), "name", `${locale}: focus on the name`);
    await eventually(() => widget.announced(), two, `${locale}: two fields announced`);
    // A name, and a phone number that cannot be one: only the phone is left.
    await widget.fillDetails({ name: "Fix Me", phone: "12" });
    await widget.testId("book").click();
    await eventually(() => widget.focused(), "phone", `${locale}: focus on the phone`);
    await eventually(() => widget.announced(), one, `${locale}: one field announced`);
    assert.equal(await widget.testId("phone").getAttribute("aria-invalid"), "true");
    assert.equal(await widget.testId("confirmation").count(), 0);
    assert.deepEqual(errors, []);
    await page.context().close();
  }
});

/** The staff key of the booking with `code` in the test salon. */
async function bookedStaff(code) {
  const rows = await sql(
    "SELECT b.staff_key FROM bookings b JOIN salons s ON s.id = b.salon_id WHERE s.slug = $1 AND b.code = $2",
    [slug, code],
  );
  assert.equal(rows.length, 1);
  return rows[0][0];
}

test("with anyone available, the confirmation names the person the client is booked with", async () => {
  const { page, errors } = await hostPage(tag());
  const widget = new WidgetPage(page);
  await widget.testId("services").waitFor();
  await widget.chooseService("cut");
  await widget.chooseStaff("any");
  await widget.chooseEarlySlot();
  // Who takes an "any" booking is decided when it is made, so the details step names no one yet.
  assert.doesNotMatch(await widget.testId("summary").textContent(), /with/);
  await widget.fillDetails({ name: "Any One", email: "any@example.com" });
  const code = await widget.book();
  const name = { ana: "Ana", bob: "Bob" }[await bookedStaff(code)];
  assert.match(await widget.testId("when").textContent(), new RegExp(`^Cut · .+ · \\d\\d:\\d\\d · with ${name}$`));
  await page.screenshot({ path: screenshotPath("phone-any-confirmed.png") });
  assert.deepEqual(errors, []);
});

test("a person chosen by name is named on the details step and on the confirmation", async () => {
  const { page, errors } = await hostPage(tag('data-locale="fr"'));
  const widget = new WidgetPage(page);
  await widget.testId("services").waitFor();
  await widget.chooseService("cut");
  await widget.chooseStaff("bob");
  await widget.chooseEarlySlot();
  assert.match(await widget.testId("summary").textContent(), / · avec Bob$/);
  await widget.fillDetails({ name: "Bob Fan", email: "bobfan@example.com" });
  const code = await widget.book();
  assert.equal(await bookedStaff(code), "bob");
  assert.match(await widget.testId("when").textContent(), / · avec Bob$/);
  assert.deepEqual(errors, []);
});

test("rows are highlighted under a mouse, but not where a tap left the pointer on a phone", async () => {
  const hovered = async (row) => {
    await row.hover();
    return row.evaluate((el) => [el.matches(":hover"), getComputedStyle(el).borderTopColor]);
  };
  // A phone's pointer rests where the finger last was: that row is :hover, and must not look chosen.
  const phone = new WidgetPage((await hostPage(tag())).page);
  await phone.testId("services").waitFor();
  const row = phone.testId("service").first();
  const line = await row.evaluate((el) => getComputedStyle(el).borderTopColor);
  assert.deepEqual(await hovered(row), [true, line]);
  await phone.page.context().close();
  const desktop = new WidgetPage((await hostPage(tag(), { phone: false })).page);
  await desktop.testId("services").waitFor();
  assert.deepEqual(await hovered(desktop.testId("service").first()), [true, "rgb(122, 62, 157)"], "the accent colour");
  await desktop.page.context().close();
});

test("a time taken meanwhile brings fresh times and says so", async () => {
  const { page } = await hostPage(tag());
  const widget = new WidgetPage(page);
  await widget.testId("services").waitFor();
  await widget.chooseService("cut");
  await widget.chooseStaff("ana");
  const start = await widget.chooseEarlySlot();
  const taken = await fetch(`${api()}/v1/salons/${slug}/bookings`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": `steal-${Date.now()}` },
    body: JSON.stringify({ service: "cut", staff: "ana", start, client: { name: "Quick", email: "q@example.com" } }),
  });
  assert.equal(taken.status, 201);
  await widget.fillDetails({ name: "Slow", email: "slow@example.com" });
  await widget.testId("book").click();
  await widget.testId("notice").waitFor();
  assert.match(await widget.testId("notice").textContent(), /just taken/);
  await widget.testId("slot").first().waitFor();
  const offered = await widget.testId("slot").evaluateAll((els) => els.map((e) => e.getAttribute("data-start")));
  assert.ok(!offered.includes(start), `${start} is no longer offered`);
});

test("an accessibility scan finds no serious or critical violation at any step", async () => {
  const { page } = await hostPage(tag());
  const widget = new WidgetPage(page);
  await widget.testId("services").waitFor();
  await page.addScriptTag({ path: AXE });
  const scan = async (step) => {
    const result = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`);
    });
    assert.deepEqual(result, [], `at ${step}`);
  };
  await scan("services");
  await widget.chooseService("cut");
  await scan("staff");
  await widget.chooseStaff("any");
  await scan("times");
  await widget.chooseEarlySlot();
  await widget.testId("book").click();
  await scan("details with errors");
});

test("a network failure while booking offers a retry that books once, with the same key", async () => {
  const { page, errors } = await hostPage(tag());
  const widget = new WidgetPage(page);
  await widget.testId("services").waitFor();
  await widget.chooseService("cut");
  await widget.chooseStaff("bob");
  const start = await widget.chooseEarlySlot();
  await widget.fillDetails({ name: "Net Drop", email: "drop@example.com" });
  // The first attempt reaches the API and is booked, but its answer is lost on the way back.
  const keys = [];
  await page.route(`${api()}/v1/salons/${slug}/bookings`, async (route) => {
    const request = route.request();
    if (request.method() !== "POST") return route.continue();
    keys.push(request.headers()["idempotency-key"]);
    if (keys.length === 1) {
      const answer = await route.fetch();
      assert.equal(answer.status(), 201);
      return route.abort("internetdisconnected");
    }
    return route.continue();
  });
  await widget.testId("book").click();
  await widget.testId("retry").waitFor();
  assert.match(await widget.testId("notice").textContent(), /could not reach/i);
  await widget.testId("retry").click();
  await widget.testId("confirmation").waitFor();
  const code = (await widget.testId("booking-code").textContent()).trim();
  assert.equal(keys.length, 2);
  assert.match(keys[0], /^[0-9a-f]{32}$/);
  assert.equal(keys[1], keys[0], "the retry reuses the idempotency key");
  const rows = await sql(
    `SELECT b.code FROM bookings b JOIN salons s ON s.id = b.salon_id
      WHERE s.slug = $1 AND b.client_email = 'drop@example.com' AND b.starts_at = $2::timestamptz`,
    [slug, start],
  );
  assert.deepEqual(rows, [[code]], "one booking, the one shown");
  assert.deepEqual(errors, []);
});

// The host page reserves the widget's starting height, as the README advises; from then on nothing the
// widget loads may move the page, and its box never gets shorter than that.
test("at 320 px the widget fits, has no scrollbar of its own, keeps 44 px targets and does not shift the page", async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  // Layout shifts not caused by the user's own input, as Core Web Vitals counts them.
  await page.addInitScript(() => {
    window.shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.shifts.push(e.value);
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.route(`${HOST}/**`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Host</title></head>
        <body><h1>Salon</h1><div id="book" style="min-height: 400px"></div>${tag('data-target="#book"')}<footer data-testid="below">${"<p>Open Monday to Saturday, 9 to 7. Walk-ins welcome when a chair is free.</p>".repeat(12)}</footer></body></html>`,
    }),
  );
  // Fast 3G, as in the speed budget: loading takes long enough for shifts to count.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await page.goto(`${HOST}/`);
  const widget = new WidgetPage(page);
  const check = async (step) => {
    const layout = await page.evaluate(() => {
      const root = document.querySelector("[data-chairtime]").shadowRoot;
      const visible = (el) => el.getClientRects().length > 0;
      const small = [...root.querySelectorAll("button, input, a, [role=option]")].filter(visible).flatMap((el) => {
        const b = el.getBoundingClientRect();
        return b.height < 44 || b.width < 44 ? [`${el.getAttribute("data-testid") || el.className}: ${b.width}×${b.height}`] : [];
      });
      // Only the strip of days may scroll, sideways; nothing scrolls vertically inside the widget.
      const scrollers = [...root.querySelectorAll("*")].filter((el) => {
        const s = getComputedStyle(el);
        return /auto|scroll/.test(s.overflowY) && el.scrollHeight > el.clientHeight;
      }).map((el) => el.className);
      const height = root.firstElementChild.getBoundingClientRect().height;
      return { pageWidth: document.documentElement.scrollWidth, small, scrollers, height };
    });
    assert.ok(layout.height >= 400, `${step}: the widget's box collapsed to ${layout.height} px`);
    assert.ok(layout.pageWidth <= 320, `${step}: the page scrolls sideways (${layout.pageWidth} px)`);
    assert.deepEqual(layout.small, [], `${step}: targets under 44 px`);
    assert.deepEqual(layout.scrollers, [], `${step}: a scrollbar inside the widget`);
  };
  await widget.testId("services").waitFor();
  await check("services");
  await widget.chooseService("cut");
  await check("staff");
  await widget.chooseStaff("any");
  await check("times");
  await widget.chooseEarlySlot();
  await widget.testId("book").click();
  await check("details with errors");
  await widget.fillDetails({ name: "Narrow Screen", email: "narrow@example.com" });
  await widget.book();
  await check("confirmation");
  await page.screenshot({ path: screenshotPath("phone-320-confirmed.png"), fullPage: true });
  const shift = await page.evaluate(() => window.shifts.reduce((sum, v) => sum + v, 0));
  assert.ok(shift < 0.1, `cumulative layout shift ${shift.toFixed(3)} (0.1 is Core Web Vitals' "good")`);
  await context.close();
});
