// A client books from a phone: the demo page, the widget in its shadow root, the real API and database.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, launch, phonePage, screenshotPath, sql } from "./support.mjs";
import { WidgetPage } from "./widget.page.mjs";

test("a client books a slot on a phone and exactly that booking is in Postgres", async () => {
  const browser = await launch();
  try {
    const page = await phonePage(browser);
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const widget = new WidgetPage(page);
    await widget.open(`${api()}/`);
    await page.screenshot({ path: screenshotPath("phone-1-services.png") });

    await widget.chooseService("womens-cut");
    await page.screenshot({ path: screenshotPath("phone-2-staff.png") });
    await widget.chooseStaff("any");
    await page.screenshot({ path: screenshotPath("phone-3-times.png") });
    const start = await widget.chooseEarlySlot();
    assert.match(start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:00[+-]\d\d:\d\d$/);

    await widget.testId("book").click();
    assert.notEqual((await widget.testId("name-error").textContent()).trim(), "", "an empty form shows errors");
    await widget.fillDetails({ name: "Camille Martin", phone: "06 12 34 56 78" });
    await page.screenshot({ path: screenshotPath("phone-4-details.png") });
    const code = await widget.book();
    await page.screenshot({ path: screenshotPath("phone-5-confirmed.png") });
    assert.match(code, /^[2-9A-Z]{6}$/);

    const rows = await sql(
      `SELECT b.status, b.service_key, b.client_name, b.client_phone, b.starts_at = $2::timestamptz
         FROM bookings b JOIN salons s ON s.id = b.salon_id WHERE s.slug = 'demo' AND b.code = $1`,
      [code, start],
    );
    assert.deepEqual(rows, [["confirmed", "womens-cut", "Camille Martin", "+33612345678", "t"]]);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("the demo page declares its icon, so the browser asks for no /favicon.ico and nothing it loads fails", async () => {
  const browser = await launch();
  try {
    const page = await phonePage(browser);
    const failed = [];
    page.on("response", (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
    await new WidgetPage(page).open(`${api()}/`);
    const icon = await page.locator('link[rel~="icon"]').getAttribute("href");
    assert.ok(icon, "a <link rel=icon>");
    // An icon the browser cannot decode would send it back to /favicon.ico.
    const width = await page.evaluate(async (href) => {
      const img = new Image();
      img.src = new URL(href, location.href).href;
      await img.decode();
      return img.naturalWidth;
    }, icon);
    assert.ok(width > 0, "the icon is an image");
    assert.deepEqual(failed, []);
  } finally {
    await browser.close();
  }
});
