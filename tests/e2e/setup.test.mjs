// A new owner on their own, at phone size: signs up with the link mail-local receives, creates a
// salon (the address suggested from its name and checked while typed, the zone guessed from the
// browser), is shown what is missing, adds a service and a staff member with hours and a break,
// lists their website, copies the inline tag from the embed page into a blank page served from that
// other origin, and a client books through it; the owner's calendar shows the booking and the set-up
// says the salon is ready. Then: each editor refuses what the API refuses with the API's own words
// and saves nothing; two tabs that loaded the same settings get `config_conflict` and the second
// keeps what it typed; the team and API keys screens by role; axe on every set-up screen.
// Nothing here depends on the date or hour it runs: the new salon works every day and the client
// books the widget's first free time, whatever it is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { api, eventually, launch, screenshotPath, watchProblems } from "./support.mjs";
import { ConsolePage, signInLink } from "./console.page.mjs";
import { WidgetPage } from "./widget.page.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const MAIL = () => process.env.CHAIRTIME_MAIL_API;
const HOST = "http://salon.test";

const PHONE = {
  viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  locale: "en-GB", timezoneId: "Europe/London",
};

const unique = (label) => `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A page that collects script errors and policy violations. */
async function watched(context) {
  const page = await context.newPage();
  return { page, problems: await watchProblems(page) };
}

async function cookieHeader(context) {
  return (await context.cookies(api())).map((c) => `${c.name}=${c.value}`).join("; ");
}

/** The salon's configuration, read as its owner. */
async function config(context, slug) {
  const r = await fetch(`${api()}/v1/admin/salons/${slug}/config`, { headers: { cookie: await cookieHeader(context) } });
  assert.equal(r.status, 200);
  return r.json();
}

/** Signs up `email` through the sign-up page and the mailed link; lands on the new salon form. */
async function signUp(page, email) {
  const since = Date.now() - 1000;
  await page.goto(`${api()}/console/sign-up`);
  await page.getByRole("heading", { name: "Start taking bookings" }).waitFor();
  await new ConsolePage(page).askForLink(email);
  await page.goto(await signInLink(MAIL(), email, since));
  await page.getByRole("heading", { name: "Your salon" }).waitFor();
}

/** Creates the salon named `name` on the new salon form; returns its slug. */
async function createSalon(page, name) {
  await page.getByLabel("Salon name").fill(name);
  await page.getByTestId("slug-free").waitFor();
  const slug = await page.getByLabel("Address").inputValue();
  await page.getByTestId("create-salon").click();
  await page.getByRole("heading", { name: "Set-up", level: 1 }).waitFor();
  return slug;
}

async function save(page) {
  await page.getByTestId("save").click();
  await eventually(() => page.getByTestId("save-state").textContent(), "All changes saved", "saved");
}

/** Opens a settings section through the tabs. */
async function section(page, name) {
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name, exact: true }).click();
  await page.getByRole("heading", { name, level: 1 }).waitFor();
  await page.getByTestId("save-state").waitFor();
}

test("a new owner signs up, sets up and takes a first booking from their own site", async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext(PHONE);
    const { page, problems } = await watched(context);
    const email = `${unique("new")}@example.com`;
    await signUp(page, email);
    assert.equal(await page.getByLabel("Time zone").inputValue(), "Europe/London", "zone from the browser");
    assert.equal(await page.getByLabel("Country").inputValue(), "GB");
    assert.equal(await page.getByLabel("Currency").inputValue(), "GBP");
    await page.screenshot({ path: screenshotPath("setup-1-new-salon.png") });
    const name = `Studio ${unique("s")}`;
    const slug = await createSalon(page, name);
    assert.match(slug, /^studio-s-/);
    assert.equal(await page.getByTestId("step-service").getAttribute("data-done"), "false");
    assert.equal(await page.getByTestId("step-staff").getAttribute("data-done"), "false");
    await page.getByTestId("not-ready").waitFor();
    await page.screenshot({ path: screenshotPath("setup-2-first-run.png") });

    // A service.
    await page.getByRole("link", { name: "Add a service" }).click();
    await page.getByRole("heading", { name: "Services", level: 1 }).waitFor();
    await page.getByTestId("add-service").click();
    const service = page.getByTestId("service").first();
    await service.getByLabel("Name").fill("Cut & blow-dry");
    await service.getByLabel("Duration, in minutes").fill("45");
    await service.getByLabel("Price, GBP").fill("35");
    await save(page);
    await page.screenshot({ path: screenshotPath("setup-3-services.png") });

    // A staff member with hours every day and a break, copied from Monday.
    await section(page, "Staff and hours");
    await page.getByTestId("add-staff").click();
    const staff = page.getByTestId("staff").first();
    await staff.getByLabel("Name").fill("Ana");
    assert.equal(await staff.getByTestId("performs-cut-blow-dry").isChecked(), true, "does the salon's services");
    for (const day of ["sat", "sun"]) await staff.getByTestId(`day-${day}`).getByTestId("works").check();
    const monday = staff.getByTestId("day-mon");
    await monday.getByLabel("Monday Until").fill("18:00");
    await monday.getByTestId("add-break").click();
    await monday.getByTestId("copy-day").click();
    await save(page);
    const saved = await config(context, slug);
    const expected = [["09:00", "13:00"], ["14:00", "18:00"]];
    for (const day of ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]) {
      assert.deepEqual(saved.staff[0].hours[day], expected, day);
    }
    assert.deepEqual(saved.staff[0].services, ["cut-blow-dry"]);
    assert.deepEqual(saved.services[0], {
      key: "cut-blow-dry", name: "Cut & blow-dry", category: "", description: "", duration_minutes: 45,
      buffer_before_minutes: 0, buffer_after_minutes: 0, price_cents: 3500,
    });
    await staff.getByTestId("day-mon").scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath("setup-4-staff.png") });
    // Open until midnight: a time input cannot hold 24:00, so an end at 00:00 is the end of the day.
    const saturdayUntil = staff.getByTestId("day-sat").getByLabel("Saturday 2 Until");
    await saturdayUntil.fill("00:00");
    await save(page);
    assert.deepEqual((await config(context, slug)).staff[0].hours.sat, [["09:00", "13:00"], ["14:00", "24:00"]]);
    assert.equal(await saturdayUntil.inputValue(), "00:00");
    await saturdayUntil.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath("setup-4-midnight.png") });

    // The website that will take bookings.
    await section(page, "Websites");
    await page.getByTestId("add-site").click();
    await page.getByRole("textbox", { name: "Website 1" }).fill(HOST);
    await save(page);

    // The embed page: the inline tag, and the real widget previewed with the chosen accent.
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Set-up" }).click();
    await page.getByTestId("ready").waitFor();
    await page.getByRole("link", { name: "Put booking on your website" }).click();
    await page.getByRole("heading", { name: "Booking on your website" }).waitFor();
    await page.getByLabel("Accent colour").fill("#0a7d5a");
    const preview = new WidgetPage(page, page.getByTestId("preview").locator("[data-chairtime]"));
    await preview.testId("services").waitFor();
    assert.equal(
      await page.getByTestId("preview").locator("[data-chairtime]").evaluate((e) => e.style.getPropertyValue("--chairtime-accent")),
      "#0a7d5a",
    );
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: api() });
    await page.getByTestId("copy-tag").click();
    await eventually(() => page.getByTestId("copied").textContent(), "Copied. Paste it into your website.", "copied");
    const tag = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(tag, (await page.getByTestId("tag").textContent()).trim(), "the copy is the tag shown");
    assert.equal(tag, `<script src="${api()}/widget.js" data-salon="${slug}" data-accent="#0a7d5a" async></script>`);
    await page.getByTestId("tag").scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath("setup-5-embed.png") });

    // A client books on the salon's own site, a blank page with only the tag.
    const client = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const site = await client.newPage();
    await site.route(`${HOST}/**`, (route) =>
      route.fulfill({ contentType: "text/html", body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>My salon</title></head><body>${tag}</body></html>` }),
    );
    await site.goto(`${HOST}/`);
    const widget = new WidgetPage(site);
    await widget.testId("services").waitFor();
    await widget.root.locator(`[data-testid="service"][data-key="cut-blow-dry"]`).click();
    await widget.root.locator('[data-testid="slots"], [data-testid="staff-list"]').first().waitFor();
    if (await widget.testId("staff-list").isVisible()) await widget.chooseStaff("any");
    const start = await widget.chooseEarlySlot();
    await widget.fillDetails({ name: "Zoë First", email: `${unique("zoe")}@example.com` });
    const code = await widget.book();
    await site.screenshot({ path: screenshotPath("setup-6-first-booking.png") });

    // The owner's calendar has it, on its day.
    const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date(start));
    await page.goto(`${api()}/console/${slug}/day/${date}`);
    await new ConsolePage(page).booking("Zoë First").waitFor();
    await new ConsolePage(page).booking("Zoë First").click();
    await page.getByRole("dialog").getByText(code).waitFor();
    await page.screenshot({ path: screenshotPath("setup-7-calendar.png") });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test("each editor says what the API says, saves nothing wrong, and two tabs do not undo each other", async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext(PHONE);
    const { page, problems } = await watched(context);
    await signUp(page, `${unique("edit")}@example.com`);
    const slug = await createSalon(page, `Edits ${unique("e")}`);
    const before = await config(context, slug);
    const cookie = await cookieHeader(context);

    /** The API's message for `path` when given `document`. */
    const apiSays = async (document, path) => {
      const r = await fetch(`${api()}/v1/admin/salons/${slug}/config`, {
        method: "PUT", headers: { cookie, origin: api(), "content-type": "application/json" }, body: JSON.stringify(document),
      });
      assert.equal(r.status, 422);
      return (await r.json()).error.fields[path].message;
    };
    const shown = (path) => page.locator(`.ct-field-error[data-path="${path}"]`).textContent();

    // Details: a currency that is not one.
    await page.goto(`${api()}/console/${slug}/settings/details`);
    await page.getByTestId("save-state").waitFor();
    await page.getByLabel("Currency").fill("EURO");
    await page.getByTestId("save").click();
    await page.getByRole("alert").filter({ hasText: "needs fixing" }).waitFor();
    assert.equal(await shown("currency"), await apiSays({ ...before, currency: "EURO" }, "currency"));
    await page.getByLabel("Currency").fill("EUR");
    await page.getByLabel("Country").fill("FR");

    // Services: a 2-minute service; a price that is not a number.
    await section(page, "Services");
    await page.getByTestId("add-service").click();
    const svc = page.getByTestId("service").first();
    await svc.getByLabel("Name").fill("Fringe");
    await svc.getByLabel("Duration, in minutes").fill("2");
    await svc.getByLabel("Duration, in minutes").blur();
    const tooShort = { ...before, services: [{ key: "fringe", name: "Fringe", duration_minutes: 2 }] };
    assert.equal(await shown("services[0].duration_minutes"), await apiSays(tooShort, "services[0].duration_minutes"));
    await svc.getByLabel(/^Price/).fill("ten");
    await svc.getByLabel(/^Price/).blur();
    assert.equal(await shown("services[0].price_cents"), "Enter a number.");
    await page.getByTestId("save").click();
    await page.getByRole("alert").filter({ hasText: "fields need fixing" }).waitFor();
    assert.deepEqual(await config(context, slug), before, "nothing was saved");
    await page.screenshot({ path: screenshotPath("setup-8-validation.png"), fullPage: true });
    await svc.getByLabel("Duration, in minutes").fill("15");
    await svc.getByLabel(/^Price/).fill("12.50");
    await save(page);

    // Staff: hours that end before they start; a reserved key is never made from a name.
    await section(page, "Staff and hours");
    await page.getByTestId("add-staff").click();
    const member = page.getByTestId("staff").first();
    await member.getByLabel("Name").fill("Any");
    const tuesday = member.getByTestId("day-tue");
    await tuesday.getByLabel("Tuesday From").fill("18:00");
    await tuesday.getByLabel("Tuesday From").blur();
    const now = await config(context, slug);
    const backwards = { ...now, staff: [{ key: "staff", name: "Any", services: ["fringe"], hours: { tue: [["18:00", "17:00"]] } }] };
    assert.equal(await shown("staff[0].hours.tue[0]"), await apiSays(backwards, "staff[0].hours.tue[0]"));
    await tuesday.getByLabel("Tuesday From").fill("09:00");
    await save(page);
    assert.equal((await config(context, slug)).staff[0].key, "staff");

    // Policy, notifications and websites: out of range, not an address, not an origin.
    await section(page, "Booking rules");
    await page.getByLabel("Bookable ahead, in days").fill("0");
    await page.getByLabel("Bookable ahead, in days").blur();
    const current = await config(context, slug);
    assert.equal(await shown("policy.max_advance_days"),
      await apiSays({ ...current, policy: { ...current.policy, max_advance_days: 0 } }, "policy.max_advance_days"));
    await page.getByLabel("Bookable ahead, in days").fill("90");
    await save(page);
    await section(page, "Notifications");
    await page.getByLabel("Who hears about every booking").fill("front-desk@example.com\nnot an address");
    await page.getByLabel("Who hears about every booking").blur();
    const latest = await config(context, slug);
    const badEmail = { ...latest, notifications: { ...latest.notifications, owner_emails: ["front-desk@example.com", "not an address"] } };
    assert.equal(await shown("notifications.owner_emails"), await apiSays(badEmail, "notifications.owner_emails[1]"));
    await page.getByLabel("Who hears about every booking").fill("front-desk@example.com");
    await page.getByTestId("lead-60").check();
    await save(page);
    assert.deepEqual((await config(context, slug)).notifications.owner_emails, ["front-desk@example.com"]);
    await section(page, "Websites");
    await page.getByTestId("add-site").click();
    await page.getByRole("textbox", { name: "Website 1" }).fill("salon.example/book");
    await page.getByRole("textbox", { name: "Website 1" }).blur();
    const origins = await config(context, slug);
    assert.equal(await shown("allowed_origins[0]"),
      await apiSays({ ...origins, allowed_origins: ["salon.example/book"] }, "allowed_origins[0]"));
    await page.getByRole("button", { name: "Remove Website 1" }).click();
    await save(page);

    // Two tabs: the first renames the salon; the second, on the rules it loaded before, is told and
    // keeps what it typed after loading the latest.
    const second = await context.newPage();
    await second.goto(`${api()}/console/${slug}/settings/policy`);
    await second.getByTestId("save-state").waitFor();
    await page.goto(`${api()}/console/${slug}/settings/details`);
    await page.getByTestId("save-state").waitFor();
    await page.getByLabel("Salon name").fill("Renamed in the first tab");
    const nameField = await page.getByLabel("Salon name").elementHandle();
    await save(page);
    // The header follows the new name at once, and the screen stays the one being edited.
    await page.locator("header .ct-brand", { hasText: "Renamed in the first tab" }).waitFor();
    assert.ok(await nameField.evaluate((field) => field.isConnected), "the details screen was not built again");
    await page.screenshot({ path: screenshotPath("setup-8-renamed.png") });
    await second.getByLabel("Minimum notice, in minutes").fill("120");
    await second.getByTestId("save").click();
    await second.getByTestId("conflict").waitFor();
    await second.screenshot({ path: screenshotPath("setup-9-conflict.png"), fullPage: true });
    await second.getByTestId("reload-keep").click();
    await second.getByTestId("conflict").waitFor({ state: "detached" });
    assert.equal(await second.getByLabel("Minimum notice, in minutes").inputValue(), "120", "what was typed stays");
    await save(second);
    const both = await config(context, slug);
    assert.equal(both.name, "Renamed in the first tab");
    assert.equal(both.policy.min_notice_minutes, 120);
    assert.equal(both.policy.max_advance_days, 90);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test("the team and API keys screens, by role, and axe on every set-up screen", async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext(PHONE);
    const { page, problems } = await watched(context);
    const owner = `${unique("own")}@example.com`;
    await signUp(page, owner);
    await page.screenshot({ path: screenshotPath("setup-0-sign-up.png") });
    const slug = await createSalon(page, `Team ${unique("t")}`);

    // Keys: made, shown once, working, then revoked.
    await page.goto(`${api()}/console/${slug}/keys`);
    await page.getByLabel("Name of the key").fill("Till");
    await page.getByRole("button", { name: "Create a key" }).click();
    const secret = (await page.getByTestId("secret").textContent()).trim();
    const withKey = () => fetch(`${api()}/v1/admin/salons/${slug}/config`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal((await withKey()).status, 200);
    await page.getByRole("button", { name: "Revoke Till" }).click();
    await page.getByText("Revoked").waitFor();
    assert.equal((await withKey()).status, 403, "a revoked key opens nothing");
    await page.reload();
    await page.getByTestId("key").waitFor();
    assert.equal(await page.getByTestId("key").count(), 1, "a signed-up salon starts with no key");
    assert.equal(await page.getByTestId("secret").count(), 0, "the secret is never shown again");

    // Team: the last owner stays; a staff member invited, who signs in and cannot open set-up.
    const cookie = await cookieHeader(context);
    const withAna = {
      ...(await config(context, slug)),
      services: [{ key: "cut", name: "Cut", duration_minutes: 30 }],
      staff: [{ key: "ana", name: "Ana", services: ["cut"], hours: { mon: [["09:00", "17:00"]] } }],
    };
    const put = await fetch(`${api()}/v1/admin/salons/${slug}/config`, {
      method: "PUT", headers: { cookie, origin: api(), "content-type": "application/json" }, body: JSON.stringify(withAna),
    });
    assert.equal(put.status, 200, await put.text());
    await page.goto(`${api()}/console/${slug}/team`);
    await page.getByTestId("member").waitFor();
    await page.getByRole("button", { name: `Remove ${owner}` }).click();
    await page.getByRole("alert").filter({ hasText: "at least one owner" }).waitFor();
    const colleague = `${unique("staff")}@example.com`;
    const since = Date.now() - 1000;
    await page.getByLabel("Email", { exact: true }).fill(colleague);
    await page.getByLabel("Who they are in the calendar").selectOption("ana");
    await page.getByTestId("send-invite").click();
    const row = page.getByTestId("member").filter({ hasText: colleague });
    await row.waitFor();
    assert.match(await row.textContent(), /Ana/, "linked to Ana's calendar");
    const other = await browser.newContext(PHONE);
    const staffPage = await other.newPage();
    await staffPage.goto(await signInLink(MAIL(), colleague, since));
    await staffPage.waitForURL(/\/day\//);
    await staffPage.goto(`${api()}/console/${slug}/setup`);
    await staffPage.getByRole("heading", { name: /access/ }).waitFor();
    assert.equal(await staffPage.getByRole("link", { name: "Set-up" }).count(), 0, "no set-up link for staff");
    await page.getByRole("combobox", { name: `Role of ${colleague}` }).selectOption("owner");
    await eventually(async () => {
      const r = await fetch(`${api()}/v1/admin/salons/${slug}/members`, { headers: { cookie: await cookieHeader(context) } });
      return (await r.json()).members.find((m) => m.email === colleague).role;
    }, "owner", "made an owner");
    await page.getByRole("button", { name: `Remove ${colleague}` }).click();
    await eventually(() => row.count(), 0, "removed");
    await page.screenshot({ path: screenshotPath("setup-10-team.png"), fullPage: true });

    // axe: the policy forbids injected scripts, so a context that bypasses it scans.
    const scanning = await browser.newContext({ ...PHONE, bypassCSP: true });
    await scanning.addCookies(await context.cookies(api()));
    const p = await scanning.newPage();
    const pages = [
      ["sign-up", "/console/sign-up", () => p.getByLabel("Email address").waitFor()],
      ["new salon", "/console/new", () => p.getByLabel("Salon name").waitFor()],
      ["set-up", `/console/${slug}/setup`, () => p.getByTestId("step-service").waitFor()],
      ...["details", "services", "staff", "policy", "notifications", "sites"].map((s) => [s, `/console/${slug}/settings/${s}`, () => p.getByTestId("save-state").waitFor()]),
      ["embed", `/console/${slug}/embed`, () => p.getByTestId("tag").waitFor()],
      ["team", `/console/${slug}/team`, () => p.getByTestId("member").first().waitFor()],
      ["keys", `/console/${slug}/keys`, () => p.getByTestId("key").waitFor()],
    ];
    for (const [where, path, ready] of pages) {
      await p.goto(`${api()}${path}`);
      await ready();
      if (where === "services") await p.getByTestId("add-service").click();
      if (where === "staff") await p.getByTestId("add-staff").click();
      await p.addScriptTag({ path: AXE });
      const found = await p.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ["violations"] });
        return r.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`);
      });
      assert.deepEqual(found, [], `axe at ${where}`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
