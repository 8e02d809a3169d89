// The owners' console at phone and desktop size: a salon owner signs in with the link mailed to them,
// sees the day's bookings, books a walk-in, is refused a move onto a taken time and then moves it,
// marks a no-show, blocks an hour (and the widget's availability loses it), finds the client, signs
// out, and the old cookie no longer works. On the way it downloads the salon's data and erases a
// client at their request. Everything happens on a fixed Wednesday: the browser's
// clock is fixed with playwright's `page.clock` and the Worker's moved to the same instant with its
// local-only `X-Chairtime-Clock-Offset` header. Each run has a salon and an owner of its own.
// axe scans every screen; the console's own page runs under its CSP without a violation; and the
// console's whole download to its day view is measured against its budget.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { readFile } from "node:fs/promises";
import { api, eventually, launch, screenshotPath, watchProblems, zonedInstant } from "./support.mjs";
import { ConsolePage, signInLink } from "./console.page.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const DEMO = require("../../demo-salon.json");
const MAIL = () => process.env.CHAIRTIME_MAIL_API;

/** The console's budget: everything loaded up to the day view, gzip -9, in bytes. */
const BUDGET = 250_000;

const DAY = "2027-06-16"; // A Wednesday: Ana, Bruno and Chloé all work.
const NOW = zonedInstant(DEMO.timezone, DAY, "10", "30");
const EVE = zonedInstant(DEMO.timezone, "2027-06-15", "08", "00");
const offset = (ms) => String(Math.round((ms - Date.now()) / 1000));

const VIEWPORTS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
};

/** A salon of the demo's configuration and an owner of its own. */
async function freshSalon(label) {
  const id = `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const slug = `con-${id}`.slice(0, 40);
  const owner = `owner-${id}@example.com`;
  const r = await fetch(`${api()}/v1/admin/salons`, {
    method: "POST",
    headers: { authorization: `Bearer ${process.env.CHAIRTIME_PLATFORM_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ slug, owner_email: owner, config: DEMO }),
  });
  const text = await r.text();
  assert.equal(r.status, 201, text);
  return { slug, owner, key: JSON.parse(text).owner_key };
}

/** A client's booking made the evening before, through the public API. */
async function clientBooks(slug, { service, staff, time, name, email }) {
  const r = await fetch(`${api()}/v1/salons/${slug}/bookings`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "idempotency-key": `console-${slug}-${time}`,
      "x-chairtime-clock-offset": offset(EVE),
    },
    body: JSON.stringify({ service, staff, start: `${DAY}T${time}:00+02:00`, client: { name, email } }),
  });
  const text = await r.text();
  assert.equal(r.status, 201, text);
  return JSON.parse(text).booking;
}

/** The starts (`HH:MM`) the widget would offer for a men's cut with `staff` on the day. */
async function offered(slug, staff) {
  const r = await fetch(`${api()}/v1/salons/${slug}/availability?service=mens-cut&staff=${staff}&from=${DAY}&days=1`, {
    headers: { "x-chairtime-clock-offset": offset(NOW) },
  });
  return (await r.json()).days[0].slots.map((s) => s.time);
}

/** A browser context living at NOW, in British English (24-hour times). */
async function contextAt(browser, kind, extra = {}) {
  const context = await browser.newContext({ ...VIEWPORTS[kind], locale: "en-GB", ...extra });
  await context.setExtraHTTPHeaders({ "x-chairtime-clock-offset": offset(NOW) });
  return context;
}

/** A page of `context` at NOW that collects script errors and policy violations. */
async function pageAt(context) {
  const page = await context.newPage();
  const problems = await watchProblems(page);
  await page.clock.install({ time: NOW });
  return { page, problems };
}

/** Session cookie header of a context, for the API from here. */
async function cookieHeader(context) {
  const cookies = await context.cookies(api());
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

/** The session's requests from here live at NOW too: a session slides from the time it was used. */
const asOwner = (cookie) => ({ headers: { cookie, "x-chairtime-clock-offset": offset(NOW) } });

async function listed(slug, cookie) {
  const r = await fetch(`${api()}/v1/admin/salons/${slug}/bookings?from=${DAY}&to=${DAY}`, asOwner(cookie));
  assert.equal(r.status, 200);
  return (await r.json()).bookings;
}

async function scan(page, where) {
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`);
  });
  assert.deepEqual(result, [], `axe at ${where}`);
}

for (const kind of ["phone", "desktop"]) {
  test(`an owner runs the day from the console on a ${kind}`, async () => {
    const { slug, owner } = await freshSalon(kind);
    await clientBooks(slug, { service: "womens-cut", staff: "ana", time: "09:00", name: "Léa Moreau", email: `lea-${slug}@example.com` });
    await clientBooks(slug, { service: "mens-cut", staff: "bruno", time: "14:00", name: "Marc Petit", email: `marc-${slug}@example.com` });
    const browser = await launch();
    try {
      const context = await contextAt(browser, kind);
      const { page, problems } = await pageAt(context);
      const ui = new ConsolePage(page);
      try {

      // Signing in: /console sends a stranger to the sign-in page; the mailed link signs in.
      await page.goto(`${api()}/console`);
      await page.getByRole("heading", { name: "Sign in to Chairtime" }).waitFor();
      assert.equal(new URL(page.url()).pathname, "/console/sign-in");
      const asked = Date.now();
      await ui.askForLink(owner);
      const link = await signInLink(MAIL(), owner, asked - 1000);
      await page.goto(link);
      await page.waitForURL(`**/console/${slug}/day/${DAY}`);
      assert.equal(new URL(page.url()).hash, "", "the token is gone from the address");
      await eventually(async () => (await ui.heading().textContent()).startsWith("Today"), true, "today's heading");

      // Today's bookings.
      assert.equal(await page.getByTestId("day-summary").textContent(), "2 bookings.");
      await ui.showStaff("Ana");
      await ui.booking("Léa Moreau").waitFor();
      await ui.showStaff("Bruno");
      await ui.booking("Marc Petit").waitFor();
      await page.screenshot({ path: screenshotPath(`${kind}-console-day.png`) });

      // A walk-in with Chloé at 15:00, named only.
      await ui.tapEmptyTime("Chloé", "15:00");
      const form = ui.dialog();
      assert.equal(await form.getByLabel("Time", { exact: true }).inputValue(), "15:00");
      await form.getByRole("button", { name: "Book" }).click();
      await eventually(() => form.getByLabel("Client's name").getAttribute("aria-invalid"), "true", "a name is required");
      await form.getByLabel("Client's name").fill("Wanda Walk-in");
      await form.getByLabel("Phone", { exact: true }).fill("06 12 34 56 78");
      await form.getByRole("button", { name: "Book" }).click();
      await form.waitFor({ state: "detached" });
      await ui.booking("Wanda Walk-in").waitFor();
      assert.equal(await page.getByTestId("day-summary").textContent(), "3 bookings.");

      // Moving it onto Léa's time with Ana is refused in words; 16:30 with Chloé is taken.
      await ui.booking("Wanda Walk-in").click();
      await ui.dialog().getByRole("button", { name: "Move" }).click();
      await ui.dialog().getByLabel("Staff", { exact: true }).selectOption({ label: "Ana" });
      await ui.dialog().getByLabel("Time", { exact: true }).fill("09:00");
      await ui.dialog().getByLabel("Outside the usual notice or booking window").check();
      await ui.dialog().getByRole("button", { name: "Move booking" }).click();
      await eventually(async () => /overlaps another booking/.test(await ui.problem().textContent()), true, "the refusal");
      await ui.dialog().getByLabel("Staff", { exact: true }).selectOption({ label: "Chloé" });
      await ui.dialog().getByLabel("Time", { exact: true }).fill("16:30");
      await ui.dialog().getByRole("button", { name: "Move booking" }).click();
      await eventually(async () => (await ui.dialog().getByTestId("booking-time").textContent()).includes("16:30"), true, "the new time");
      await ui.closeDialog();
      const cookie = await cookieHeader(context);
      const walkIn = (await listed(slug, cookie)).find((b) => b.client.name === "Wanda Walk-in");
      assert.equal(walkIn.start, `${DAY}T16:30:00+02:00`);
      assert.equal(walkIn.client.phone, "+33612345678");
      assert.equal(walkIn.moves, 1);

      // Léa did not come.
      await ui.showStaff("Ana");
      await ui.booking("Léa Moreau").click();
      await ui.dialog().getByRole("button", { name: "No-show" }).click();
      await eventually(() => ui.dialog().getByTestId("booking-status").textContent(), "No-show", "the outcome");
      await ui.closeDialog();
      const lea = (await listed(slug, cookie)).find((b) => b.client.name === "Léa Moreau");
      assert.equal(lea.outcome, "no_show");

      // Bruno's 16:00 to 17:00 leaves his availability.
      assert.ok((await offered(slug, "bruno")).includes("16:00"), "16:00 is free before the block");
      await page.getByRole("button", { name: "Block time" }).click();
      await ui.dialog().getByLabel("Staff", { exact: true }).selectOption({ label: "Bruno" });
      await ui.dialog().getByLabel("From", { exact: true }).fill("16:00");
      await ui.dialog().getByLabel("To", { exact: true }).fill("17:00");
      await ui.dialog().getByLabel("Note (only the salon sees it)").fill("Training");
      await ui.dialog().getByRole("button", { name: "Block this time" }).click();
      await ui.dialog().waitFor({ state: "detached" });
      await ui.showStaff("Bruno");
      await page.getByRole("button", { name: /Blocked: Training/ }).waitFor();
      const times = await offered(slug, "bruno");
      assert.deepEqual(times.filter((t) => t >= "16:00" && t < "17:00"), [], "nothing offered in the blocked hour");
      assert.ok(times.includes("17:00"), "17:00 is offered again");
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.mouse.move(0, 0); // No empty time under a resting pointer.
      await page.screenshot({ path: screenshotPath(`${kind}-console-day.png`) });

      // Back and forward work through the history; the week shows the day's bookings.
      await ui.nav("Week");
      await eventually(async () => (await ui.heading().textContent()).startsWith("Week"), true, "the week");
      await ui.booking("Marc Petit").waitFor();
      await page.screenshot({ path: screenshotPath(`${kind}-console-week.png`) });
      await page.goBack();
      await page.waitForURL(`**/console/${slug}/day/${DAY}`);
      await page.getByRole("link", { name: "Next day" }).click();
      await page.waitForURL(`**/day/2027-06-17`);
      await page.reload();
      await eventually(async () => (await ui.heading().textContent()).includes("17 June"), true, "a reload keeps the day");

      // The client's page counts the no-show; the salon's note about her is kept.
      await ui.nav("Clients");
      await page.getByLabel("Search by name, email or phone").fill("Léa");
      await page.getByRole("link", { name: "Léa Moreau" }).click();
      await eventually(() => ui.heading().textContent(), "Léa Moreau", "the client's page");
      assert.equal(await page.getByTestId("no-shows").textContent(), "1");
      await page.getByLabel("Private note").fill("Prefers mornings");
      await page.getByRole("button", { name: "Save note" }).click();
      await page.getByText("Note saved.", { exact: true }).first().waitFor();
      await page.screenshot({ path: screenshotPath(`${kind}-console-client.png`) });
      await page.reload();
      await eventually(() => page.getByLabel("Private note").inputValue(), "Prefers mornings", "the note is kept");

      // The salon's data downloads from the clients screen; a client erased at their request is
      // gone by name and the calendar keeps the time.
      await ui.nav("Clients");
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-json").click()]);
      const exported = JSON.parse(await readFile(await download.path(), "utf8"));
      const names = exported.clients.map((c) => c.name);
      for (const name of ["Léa Moreau", "Marc Petit", "Wanda Walk-in"]) assert.ok(names.includes(name), `${name} in ${names}`);
      const booked = (await listed(slug, cookie)).length;
      await page.getByLabel("Search by name, email or phone").fill("Marc");
      await page.getByRole("link", { name: "Marc Petit" }).click();
      await eventually(() => ui.heading().textContent(), "Marc Petit", "Marc's page");
      await page.getByTestId("erase").click();
      await page.getByTestId("erase-confirm").click();
      await page.getByTestId("clients-screen").waitFor();
      const search = await fetch(`${api()}/v1/admin/salons/${slug}/clients?q=Marc`, asOwner(cookie));
      assert.deepEqual((await search.json()).clients, [], "erased");
      assert.equal((await listed(slug, cookie)).length, booked, "the times stay");

      // Signing out ends the session: the old cookie opens nothing.
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("heading", { name: "Sign in to Chairtime" }).waitFor();
      const me = await fetch(`${api()}/v1/me`, asOwner(cookie));
      assert.equal(me.status, 401);
      const list = await fetch(`${api()}/v1/admin/salons/${slug}/bookings`, asOwner(cookie));
      assert.ok([401, 403].includes(list.status), `the old cookie is refused (${list.status})`);
      // A used link cannot sign in again.
      await page.goto(link);
      await page.getByTestId("link-refused").waitFor();
      assert.deepEqual(problems, [], "no script error and no policy violation");
      } catch (e) {
        await page.screenshot({ path: screenshotPath(`${kind}-console-failure.png`) });
        throw e;
      }
    } finally {
      await browser.close();
    }
  });
}

test("the console's day view loads within its budget and every screen passes axe", async () => {
  const { slug, owner } = await freshSalon("axe");
  await clientBooks(slug, { service: "womens-cut", staff: "ana", time: "09:00", name: "Léa Moreau", email: `lea-${slug}@example.com` });
  const browser = await launch();
  try {
    // Sign in once, then open the day in a fresh context holding only the session cookie, so the
    // measure counts every file from the network.
    const first = await contextAt(browser, "desktop");
    const { page: signIn } = await pageAt(first);
    await signIn.goto(`${api()}/console/sign-in`);
    const asked = Date.now();
    await new ConsolePage(signIn).askForLink(owner);
    await signIn.goto(await signInLink(MAIL(), owner, asked - 1000));
    await signIn.waitForURL(`**/day/${DAY}`);
    const cookies = await first.cookies(api());

    const measured = await contextAt(browser, "phone");
    await measured.addCookies(cookies);
    const { page } = await pageAt(measured);
    const files = new Map();
    page.on("response", async (r) => {
      const body = await r.body().catch(() => Buffer.alloc(0));
      files.set(r.url(), gzipSync(body, { level: 9 }).length);
    });
    await page.goto(`${api()}/console/${slug}/day/${DAY}`);
    await new ConsolePage(page).booking("Léa Moreau").waitFor();
    await page.waitForLoadState("networkidle");
    const total = [...files.values()].reduce((a, b) => a + b, 0);
    const listing = [...files].map(([url, size]) => `${size}\t${new URL(url).pathname}`).join("\n");
    console.log(`console day view, gzip -9 of every file loaded: ${total} bytes\n${listing}`);
    assert.ok(total <= BUDGET, `${total} bytes is over the budget of ${BUDGET}\n${listing}`);

    // axe is injected as a script, which the page's policy forbids; this context lets it in.
    const scanning = await contextAt(browser, "desktop", { bypassCSP: true });
    await scanning.addCookies(cookies);
    const { page: p } = await pageAt(scanning);
    const ui = new ConsolePage(p);
    const at = async (url, ready, where) => {
      await p.goto(url);
      await ready();
      await p.addScriptTag({ path: AXE });
      await scan(p, where);
    };
    await at(`${api()}/console/sign-in`, () => p.getByLabel("Email address").waitFor(), "sign-in");
    await at(`${api()}/console/${slug}/day/${DAY}`, () => ui.booking("Léa Moreau").waitFor(), "the day");
    await ui.booking("Léa Moreau").click();
    await scan(p, "a booking's details");
    await ui.dialog().getByRole("button", { name: "Move" }).click();
    await scan(p, "moving a booking");
    await ui.closeDialog();
    await p.getByRole("button", { name: "New booking" }).first().click();
    await scan(p, "a new booking");
    await ui.closeDialog();
    await p.getByRole("button", { name: "Block time" }).click();
    await scan(p, "blocking time");
    await ui.closeDialog();
    await at(`${api()}/console/${slug}/week/${DAY}`, () => ui.booking("Léa Moreau").waitFor(), "the week");
    await at(`${api()}/console/${slug}/clients`, () => p.getByRole("link", { name: "Léa Moreau" }).waitFor(), "the clients");
    await p.getByRole("link", { name: "Léa Moreau" }).click();
    await p.getByLabel("Private note").waitFor();
    await scan(p, "a client");

    // Keyboard alone: Tab reaches the empty times of the first column, arrows move, Enter books.
    await p.goto(`${api()}/console/${slug}/day/${DAY}`);
    await ui.booking("Léa Moreau").waitFor();
    const slot = p.getByRole("button", { name: "New booking at 09:00, Ana", exact: true });
    await slot.focus();
    await p.keyboard.press("ArrowDown");
    await p.keyboard.press("ArrowDown");
    const focused = await p.evaluate(() => document.activeElement.getAttribute("aria-label"));
    assert.equal(focused, "New booking at 10:00, Ana");
    await p.keyboard.press("Enter");
    await ui.dialog().waitFor();
    assert.equal(await ui.dialog().getByLabel("Time", { exact: true }).inputValue(), "10:00");
    await p.keyboard.press("Escape");
    await ui.dialog().waitFor({ state: "detached" });
    await eventually(() => p.evaluate(() => document.activeElement.getAttribute("aria-label")), "New booking at 10:00, Ana", "focus returns to the time");
  } finally {
    await browser.close();
  }
});

test("a staff member sees their own column only, on a desktop too", async () => {
  const { slug, key } = await freshSalon("staff");
  await clientBooks(slug, { service: "womens-cut", staff: "ana", time: "09:00", name: "Léa Moreau", email: `lea-${slug}@example.com` });
  await clientBooks(slug, { service: "mens-cut", staff: "bruno", time: "14:00", name: "Marc Petit", email: `marc-${slug}@example.com` });
  const bruno = `bruno-${slug}@example.com`;
  const asked = Date.now();
  const invited = await fetch(`${api()}/v1/admin/salons/${slug}/members`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-chairtime-clock-offset": offset(NOW) },
    body: JSON.stringify({ email: bruno, role: "staff", staff: "bruno" }),
  });
  assert.equal(invited.status, 201, await invited.text());
  const browser = await launch();
  try {
    const { page, problems } = await pageAt(await contextAt(browser, "desktop"));
    const ui = new ConsolePage(page);
    await page.goto(await signInLink(MAIL(), bruno, asked - 1000));
    await page.waitForURL(`**/console/${slug}/day/${DAY}`);
    await ui.booking("Marc Petit").waitFor();
    assert.deepEqual(await page.getByTestId("column").getByRole("heading").allTextContents(), ["Bruno"]);
    assert.equal(await ui.booking("Léa Moreau").count(), 0, "another's booking is not shown");
    assert.equal(await page.getByTestId("day-summary").textContent(), "1 booking.");
    await page.getByRole("button", { name: "New booking" }).first().click();
    const staff = ui.dialog().getByLabel("Staff", { exact: true });
    assert.deepEqual(await staff.locator("option").allTextContents(), ["Bruno"], "a staff member books for themselves");
    await ui.closeDialog();
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
