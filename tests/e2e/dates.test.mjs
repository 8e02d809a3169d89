// A client books through the demo page on the calendar's awkward days: the first days of a month (where
// "earlier days" crosses into the month before), the ends of months, 31 December, 29 February, and the
// days around both daylight-saving changes of the demo salon's zone. The browser's clock is fixed with
// playwright's `page.clock`, and the Worker's is moved to the same instant with its local-only
// `X-Chairtime-Clock-Offset` header, so the whole stack lives on that day.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { api, launch, phonePage, screenshotPath, sql, zoneOffsetMinutes, zonedInstant } from "./support.mjs";
import { WidgetPage } from "./widget.page.mjs";

const demo = JSON.parse(readFileSync(new URL("../../demo-salon.json", import.meta.url)));
const zone = demo.timezone;

const offsetMinutes = (ms) => zoneOffsetMinutes(zone, ms);
const localInstant = (date, hh, mm) => zonedInstant(zone, date, hh, mm);

const day = (ms) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date, n) => day(Date.parse(`${date}T12:00:00Z`) + n * 86_400_000);

/** The days on which `zone`'s offset changes in `year`, found by asking the zone, not by a table. */
function dstChanges(year) {
  const changes = [];
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) {
    const before = offsetMinutes(Date.parse(`${d}T00:00:00Z`));
    const after = offsetMinutes(Date.parse(`${addDays(d, 1)}T00:00:00Z`));
    if (before !== after) changes.push(d);
  }
  return changes;
}

/** A phone page whose browser, and the Worker it talks to, both live at `now`; script errors are collected. */
async function phonePageAt(browser, now) {
  const page = await phonePage(browser);
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.clock.install({ time: now });
  await page.context().setExtraHTTPHeaders({
    "x-chairtime-clock-offset": String(Math.round((now - Date.now()) / 1000)),
  });
  return { page, errors };
}

const changes = dstChanges(2027);
assert.equal(changes.length, 2, `${zone} changes its clocks twice in 2027`);
const dates = [
  "2027-01-01", "2027-01-02", "2027-01-13", "2027-01-14",
  "2027-01-28", "2027-01-29", "2027-01-30", "2027-01-31",
  "2027-02-28", "2027-04-30", "2027-12-31", "2028-02-29",
  ...changes.flatMap((d) => [addDays(d, -1), d, addDays(d, 1)]),
];

test("a client books through the demo page on every awkward day of the calendar", async () => {
  const browser = await launch();
  try {
    for (const date of dates) {
      // 08:10 in the salon: before opening, so the day's own times are still free to book.
      const now = localInstant(date, "08", "10");
      const { page, errors } = await phonePageAt(browser, now);
      const widget = new WidgetPage(page);
      await widget.open(`${api()}/`);
      await widget.chooseService("womens-cut");
      await widget.chooseStaff("any");

      const days = widget.testId("day");
      assert.equal(await days.first().getAttribute("data-date"), date, `${date}: the first day shown is today`);
      assert.equal(await widget.testId("earlier").count(), 0, `${date}: no earlier page than today`);
      await widget.testId("later").click();
      await widget.day(addDays(date, 14)).waitFor();
      assert.equal(await days.first().getAttribute("data-date"), addDays(date, 14), `${date}: the next page`);
      // Back from the 15th to the 28th lands on today: the step that threw on the 1st to the 13th.
      await widget.testId("earlier").click();
      await widget.day(date).waitFor();
      assert.equal(await days.first().getAttribute("data-date"), date, `${date}: back to the first page`);
      await widget.testId("slot").first().waitFor();

      const start = await widget.chooseEarlySlot();
      await widget.fillDetails({ name: `Client of ${date}`, email: "dates@example.com" });
      const code = await widget.book();
      if (date === dates[0]) await page.screenshot({ path: screenshotPath("phone-dates-confirmed.png") });
      const rows = await sql(
        `SELECT b.status, b.starts_at = $2::timestamptz, b.starts_at >= $3::timestamptz
           FROM bookings b JOIN salons s ON s.id = b.salon_id WHERE s.slug = 'demo' AND b.code = $1`,
        [code, start, new Date(now).toISOString()],
      );
      assert.deepEqual(rows, [["confirmed", "t", "t"]], `${date}: booked ${start}`);
      assert.deepEqual(errors, [], `${date}: no script errors`);
      await page.context().close();
    }
  } finally {
    await browser.close();
  }
});

test("a widget opened on a staff member's times books on the first of a month", async () => {
  const browser = await launch();
  try {
    const { page, errors } = await phonePageAt(browser, localInstant("2027-03-01", "08", "10"));
    // A page of the API's own origin whose tag preselects the service and the staff member.
    await page.route(`${api()}/preselect.html`, (route) => route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><meta name="viewport" content="width=device-width"><body>
             <script src="/widget.js" data-salon="demo" data-service="womens-cut" data-staff="ana" async></script>`,
    }));
    await page.goto(`${api()}/preselect.html`);
    const widget = new WidgetPage(page);
    await widget.testId("slots").waitFor();
    assert.equal(await widget.testId("day").first().getAttribute("data-date"), "2027-03-01");
    await widget.chooseEarlySlot();
    await widget.fillDetails({ name: "Preselected", email: "dates@example.com" });
    assert.match(await widget.book(), /^[2-9A-Z]{6}$/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("an answer the widget cannot use shows that step's error and a retry, never an endless skeleton", async () => {
  const browser = await launch();
  try {
    const page = await phonePage(browser);
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // The salon's profile cannot be reached until the retry, then the first page of times names a
    // day that does not exist.
    let offline = true;
    await page.route(`${api()}/v1/salons/demo`, (route) =>
      offline ? route.abort("internetdisconnected") : route.continue());
    let broken = true;
    await page.route(`${api()}/v1/salons/demo/availability?*`, async (route) => {
      if (!broken) return route.continue();
      broken = false;
      const answer = await route.fetch();
      const body = await answer.json();
      body.days[0].date = "2027-02-30";
      return route.fulfill({ response: answer, json: body });
    });
    await page.goto(`${api()}/`);
    const widget = new WidgetPage(page);
    await widget.testId("load-error").waitFor();
    offline = false;
    await widget.testId("retry").click();
    await widget.testId("services").waitFor();
    await widget.chooseService("womens-cut");
    await widget.root.locator(`[data-testid="staff"][data-key="any"]`).click();
    await widget.testId("retry").waitFor();
    assert.equal(await widget.testId("loading").count(), 0, "no skeleton left behind");
    await widget.testId("retry").click();
    await widget.testId("slot").first().waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
