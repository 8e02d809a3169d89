// The client's booking page on a phone: book on the demo page, follow the manage link, move the
// booking to another day, then cancel it, with the API and the database checking each step; and an
// accessibility scan of the page in each of its states.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { api, eventually, launch, phonePage, screenshotPath } from "./support.mjs";
import { ManagePage, WidgetPage } from "./widget.page.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
// The demo salon as `cargo xtask` seeds it.
const DEMO = require("../../demo-salon.json");

/**
 * Books a women's cut with anyone on the demo page, on the fourth day shown (past the salon's 24-hour
 * cutoff), and returns the manage link the confirmation shows and the booked start.
 */
async function bookOnTheDemoPage(page) {
  const widget = new WidgetPage(page);
  await widget.open(`${api()}/`);
  await widget.chooseService("womens-cut");
  await widget.chooseStaff("any");
  const dates = await widget.root
    .locator('[data-testid="day"]:not(.ct-day-empty)')
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-date")));
  await widget.day(dates[3]).click();
  const start = await widget.chooseEarlySlot();
  await widget.fillDetails({ name: "Léa Moreau", email: "lea@example.com" });
  await widget.book();
  const link = await widget.testId("manage").getAttribute("href");
  return { link, start };
}

/** The starts the API offers with `staff` on `date` for a women's cut. */
async function offered(staff, date) {
  const r = await fetch(`${api()}/v1/salons/demo/availability?service=womens-cut&staff=${staff}&from=${date}&days=1`);
  const body = await r.json();
  return body.days.flatMap((d) => d.slots.map((s) => s.start));
}

async function managed(token) {
  return (await fetch(`${api()}/v1/bookings/${token}`)).json();
}

test("a client moves a booking to another day and then cancels it from the manage page on a phone", async () => {
  const browser = await launch();
  try {
    const page = await phonePage(browser);
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    const { link, start } = await bookOnTheDemoPage(page);
    assert.match(link, /\/b\/[^/]+$/, "the manage link is the booking page");
    const token = new URL(link).pathname.slice(3);

    const manage = new ManagePage(page);
    await manage.open(link);
    assert.equal(await manage.text("salon"), "Maison Fifi");
    assert.equal(await manage.text("time"), start.slice(11, 16));
    assert.equal(await manage.text("status"), "Confirmed");
    assert.equal(await manage.text("contact-address"), DEMO.contact.address, "the address, before any cutoff");
    assert.ok((await manage.testId("calendar").getAttribute("href")).endsWith(`/v1/bookings/${token}/calendar.ics`));
    await page.evaluate(() => {
      window.seen = [];
      for (const name of ["chairtime:rescheduled", "chairtime:cancelled"]) {
        document.addEventListener(name, (e) => window.seen.push([name, e.detail.code, e.detail.start]));
      }
    });
    await page.screenshot({ path: screenshotPath("phone-manage.png") });

    const before = await managed(token);
    const staff = before.booking.staff;
    await manage.startMove();
    assert.equal(await manage.testId("same-staff").getAttribute("aria-pressed"), "true");
    assert.match(await manage.text("current"), new RegExp(start.slice(11, 16)));
    await page.screenshot({ path: screenshotPath("phone-manage-move.png") });
    const newStart = await manage.chooseTimeAfter(start.slice(0, 10));
    await eventually(() => manage.text("heading").then((t) => t.startsWith("Move your booking")), true, "the question");
    await manage.confirmMove();
    assert.match(await manage.text("notice"), /moved/);
    assert.equal(await manage.text("time"), newStart.slice(11, 16));
    await eventually(() => manage.text("announce").then((t) => t.includes("moved")), true, "announced");

    const after = await managed(token);
    assert.equal(after.booking.start, newStart);
    assert.equal(after.booking.code, before.booking.code);
    assert.ok((await offered(staff, start.slice(0, 10))).includes(start), "the old time is free again");
    assert.ok(!(await offered(staff, newStart.slice(0, 10))).includes(newStart), "the new time is taken");

    await manage.testId("cancel").click();
    await eventually(() => manage.text("heading"), "Cancel this booking?", "the confirmation step");
    await page.screenshot({ path: screenshotPath("phone-manage-cancel.png") });
    await manage.testId("confirm-cancel").click();
    await manage.testId("closed").waitFor();
    assert.equal(await manage.text("status"), "Cancelled");
    assert.equal((await managed(token)).booking.status, "cancelled");
    assert.equal(await manage.testId("contact-phone").getAttribute("href"), "tel:+33142685300");
    await page.screenshot({ path: screenshotPath("phone-manage-cancelled.png") });

    const seen = await page.evaluate(() => window.seen);
    assert.deepEqual(seen.map((e) => e[0]), ["chairtime:rescheduled", "chairtime:cancelled"]);
    assert.equal(seen[0][2], newStart);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("moving onto a time someone took meanwhile shows the API's message and fresh times", async () => {
  const browser = await launch();
  try {
    const page = await phonePage(browser);
    const { link, start } = await bookOnTheDemoPage(page);
    const token = new URL(link).pathname.slice(3);
    const manage = new ManagePage(page);
    await manage.open(link);
    const staff = (await managed(token)).booking.staff;
    await manage.startMove();
    const wanted = await manage.chooseTimeAfter(start.slice(0, 10));

    // Another client takes that time with the same person while this one reads the question.
    const taken = await fetch(`${api()}/v1/salons/demo/bookings`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": `e2e-taken-${Date.now()}-${Math.random()}` },
      body: JSON.stringify({ service: "womens-cut", staff, start: wanted, client: { name: "Other Client", email: "other@example.com" } }),
    });
    assert.equal(taken.status, 201, await taken.text());

    await manage.testId("confirm-move").click();
    await manage.testId("notice").waitFor();
    assert.match(await manage.text("notice"), /can no longer be booked/);
    await manage.testId("slots").waitFor();
    const shown = await manage.root.locator('[data-testid="slot"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-start")));
    assert.ok(!shown.includes(wanted), "the taken time is no longer offered");
    assert.equal((await managed(token)).booking.start, start, "the booking stayed where it was");
  } finally {
    await browser.close();
  }
});

test("an accessibility scan of the manage page finds no serious or critical violation", async () => {
  const browser = await launch();
  try {
    const booking = await phonePage(browser);
    const { link } = await bookOnTheDemoPage(booking);
    // axe is injected as an inline script, which the page's policy forbids; this context lets it in.
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, bypassCSP: true,
    });
    const page = await context.newPage();
    const manage = new ManagePage(page);
    await manage.open(link);
    await page.addScriptTag({ path: AXE });
    const scan = async (state) => {
      const result = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ["violations"] });
        return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`);
      });
      assert.deepEqual(result, [], `at ${state}`);
    };
    await scan("the booking");
    await manage.startMove();
    await manage.testId("slots").waitFor();
    await scan("the picker");
    await manage.testId("back").click();
    await manage.cancel();
    await scan("the cancelled booking");
  } finally {
    await browser.close();
  }
});

test("on a desktop, a booking can be moved and cancelled from the manage page with the keyboard alone", async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const { link, start } = await bookOnTheDemoPage(page);
    const token = new URL(link).pathname.slice(3);
    const manage = new ManagePage(page);
    await manage.open(link);
    const focused = () => page.evaluate(() => {
      let el = document.activeElement;
      while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
      return el ? el.getAttribute("data-testid") : null;
    });
    /** Presses Tab until the element with `id` has focus (a bounded number of times). */
    const tabTo = async (id) => {
      for (let i = 0; i < 40; i++) {
        if ((await focused()) === id) return;
        await page.keyboard.press("Tab");
      }
      assert.fail(`Tab never reached ${id}; focus is on ${await focused()}`);
    };

    await tabTo("move");
    await page.keyboard.press("Enter");
    await manage.testId("days").waitFor();
    const focusedAttribute = (name) => page.evaluate((name) => {
      let el = document.activeElement;
      while (el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
      return el.getAttribute(name);
    }, name);
    // A day after the booked one, so the new time is still outside the salon's cutoff.
    await tabTo("day");
    for (let i = 0; i < 14 && (await focusedAttribute("data-date")) <= start.slice(0, 10); i++) {
      await page.keyboard.press("ArrowRight");
    }
    assert.ok((await focusedAttribute("data-date")) > start.slice(0, 10), "a later day has focus");
    await page.keyboard.press("Enter");
    await tabTo("slot");
    const wanted = await focusedAttribute("data-start");
    assert.notEqual(wanted, start);
    await page.keyboard.press("Enter");
    await manage.testId("confirm-move").waitFor();
    await tabTo("confirm-move");
    await page.keyboard.press("Enter");
    await manage.testId("notice").waitFor();
    assert.equal((await managed(token)).booking.start, wanted, "moved to the time chosen with the keyboard");

    await tabTo("cancel");
    await page.keyboard.press("Enter");
    await manage.testId("confirm-cancel").waitFor();
    await tabTo("confirm-cancel");
    await page.keyboard.press("Enter");
    await manage.testId("closed").waitFor();
    assert.equal((await managed(token)).booking.status, "cancelled");
    await page.screenshot({ path: screenshotPath("desktop-manage-cancelled.png") });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
